// Byte-for-byte against werift-rtp 0.8.9, which the notes (sipjs-in-node.md §7)
// found byte-identical to libsrtp2 for AES_CM_128_HMAC_SHA1_80. werift has no
// _32 suite; ours must equal werift's _80 packet with the tag cut to 4 bytes.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { RtpHeader, SrtcpSession, SrtpSession } from 'werift-rtp';
import { createSrtpContext } from './srtp-context';
import type { SrtpResult } from './srtp-types';

const local = { masterKey: Buffer.from('00112233445566778899aabbccddeeff', 'hex'), masterSalt: Buffer.from('0102030405060708090a0b0c0d0e', 'hex') };
const remote = { masterKey: Buffer.from('ffeeddccbbaa99887766554433221100', 'hex'), masterSalt: Buffer.from('0e0d0c0b0a090807060504030201', 'hex') };
const weriftKeys = { localMasterKey: local.masterKey, localMasterSalt: local.masterSalt, remoteMasterKey: remote.masterKey, remoteMasterSalt: remote.masterSalt };
/** werift playing the peer: it sends with `remote` and receives with `local`. */
const peerKeys = { localMasterKey: remote.masterKey, localMasterSalt: remote.masterSalt, remoteMasterKey: local.masterKey, remoteMasterSalt: local.masterSalt };

function data<T>(r: SrtpResult<T, string>): T {
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

function header(n: number, seq: number): RtpHeader {
  return new RtpHeader({
    payloadType: 0,
    marker: n === 0,
    sequenceNumber: seq,
    timestamp: (n * 160) >>> 0,
    ssrc: 0x1234abcd,
    ...(n % 10 === 3 ? { csrcLength: 2, csrc: [0x01020304, 0x05060708] } : {}),
    ...(n % 10 === 7 ? { extension: true, extensionProfile: 0xbede, extensions: [{ id: 1, payload: Buffer.from([0x30]) }] } : {}),
  });
}

test('AES_CM_128_HMAC_SHA1_80 SRTP is byte-identical to werift over 400 packets across a SEQ wrap', () => {
  const werift = new SrtpSession({ keys: weriftKeys, profile: 1 });
  const weriftPeer = new SrtpSession({ keys: peerKeys, profile: 1 });
  const ours80 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local, remote });
  const ours32 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_32', local, remote });
  let withExtension = 0;
  let withCsrcs = 0;
  for (let n = 0; n < 400; n++) {
    const seq = (65400 + n) & 0xffff; // wraps at n = 136
    const h = header(n, seq);
    const payload = Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 7 + n) & 0xff));
    const plain = Buffer.concat([h.serialize(h.serializeSize), payload]);
    if ((plain[0] ?? 0) & 0x10) withExtension++;
    if ((plain[0] ?? 0) & 0x0f) withCsrcs++;

    const theirs = werift.encrypt(payload, h);
    const ours = data(ours80.protectRtp(plain));
    assert.equal(ours.toString('hex'), theirs.toString('hex'), `packet ${n} (SEQ ${seq})`);
    assert.equal(data(ours32.protectRtp(plain)).toString('hex'), theirs.subarray(0, theirs.length - 6).toString('hex'), `_32 packet ${n}`);

    // Receiving: what werift (as the peer) sends, we recover, and the other way round.
    const fromPeer = weriftPeer.encrypt(payload, h);
    assert.deepEqual(data(ours80.unprotectRtp(fromPeer)), plain, `from werift, packet ${n}`);
    assert.deepEqual(weriftPeer.decrypt(ours), plain, `werift reading ours, packet ${n}`);
  }
  assert.ok(withExtension > 0 && withCsrcs > 0);
  assert.deepEqual(ours80.stats.rtp.rejected, { auth: 0, replay: 0, malformed: 0 });
});

test('SRTCP is byte-identical to werift, and each side reads the other', () => {
  const werift = new SrtcpSession({ keys: weriftKeys, profile: 1 });
  const weriftPeer = new SrtcpSession({ keys: peerKeys, profile: 1 });
  const ours80 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local, remote });
  const ours32 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_32', local, remote });
  for (let n = 0; n < 50; n++) {
    const rtcp = Buffer.alloc(8 + 24 + 4 * (n % 4));
    rtcp[0] = 0x81;
    rtcp[1] = 201;
    rtcp.writeUInt16BE(rtcp.length / 4 - 1, 2);
    rtcp.writeUInt32BE(0x1234abcd, 4);
    for (let i = 8; i < rtcp.length; i++) rtcp[i] = (i * 13 + n) & 0xff;

    const theirs = werift.encrypt(rtcp);
    const ours = data(ours80.protectRtcp(rtcp));
    assert.equal(ours.toString('hex'), theirs.toString('hex'), `packet ${n}`);
    assert.equal(data(ours32.protectRtcp(rtcp)).toString('hex'), theirs.toString('hex'), `_32 packet ${n}`);
    assert.deepEqual(data(ours80.unprotectRtcp(weriftPeer.encrypt(rtcp))), rtcp);
    assert.deepEqual(weriftPeer.decrypt(ours), rtcp);
  }
});
