import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { deriveSessionKeys } from './key-derivation';
import { type SrtpContext, createSrtpContext } from './srtp-context';
import type { SrtpMasterKey, SrtpResult, SrtpSuite } from './srtp-types';

const keyA: SrtpMasterKey = { masterKey: Buffer.alloc(16, 0x11), masterSalt: Buffer.alloc(14, 0x22) };
const keyB: SrtpMasterKey = { masterKey: Buffer.alloc(16, 0x33), masterSalt: Buffer.alloc(14, 0x44) };

/** Alice sends with A, Bob with B: each context unprotects with the other's key. */
function pair(suite: SrtpSuite = 'AES_CM_128_HMAC_SHA1_80'): { alice: SrtpContext; bob: SrtpContext } {
  return {
    alice: createSrtpContext({ suite, local: keyA, remote: keyB }),
    bob: createSrtpContext({ suite, local: keyB, remote: keyA }),
  };
}

interface RtpInit {
  readonly seq: number;
  readonly ssrc?: number;
  readonly payload?: Buffer;
  readonly csrcs?: readonly number[];
  readonly extensionWords?: number;
  readonly padding?: number;
}

function rtp(init: RtpInit): Buffer {
  const csrcs = init.csrcs ?? [];
  const ext = init.extensionWords;
  const payload = init.payload ?? Buffer.from(Array.from({ length: 160 }, (_, i) => (i * 31 + init.seq) & 0xff));
  const pad = init.padding ?? 0;
  const headerLength = 12 + 4 * csrcs.length + (ext === undefined ? 0 : 4 + 4 * ext);
  const out = Buffer.alloc(headerLength + payload.length + pad);
  out[0] = 0x80 | (pad > 0 ? 0x20 : 0) | (ext === undefined ? 0 : 0x10) | csrcs.length;
  out[1] = 0;
  out.writeUInt16BE(init.seq & 0xffff, 2);
  out.writeUInt32BE((init.seq * 160) >>> 0, 4);
  out.writeUInt32BE(init.ssrc ?? 0xcafe0001, 8);
  csrcs.forEach((c, i) => out.writeUInt32BE(c, 12 + 4 * i));
  if (ext !== undefined) {
    const at = 12 + 4 * csrcs.length;
    out.writeUInt16BE(0xbede, at);
    out.writeUInt16BE(ext, at + 2);
    for (let i = 0; i < 4 * ext; i++) out[at + 4 + i] = 0xe0 + i;
  }
  payload.copy(out, headerLength);
  if (pad > 0) out[out.length - 1] = pad;
  return out;
}

/** An RTCP receiver report from `ssrc` with `n` bytes of body. */
function rtcp(ssrc = 0xcafe0001, n = 24): Buffer {
  const out = Buffer.alloc(8 + n);
  out[0] = 0x81;
  out[1] = 201;
  out.writeUInt16BE((8 + n) / 4 - 1, 2);
  out.writeUInt32BE(ssrc, 4);
  for (let i = 0; i < n; i++) out[8 + i] = i;
  return out;
}

function data<T>(r: SrtpResult<T, string>): T {
  if (!r.ok) assert.fail(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

function code(r: SrtpResult<unknown, string>): string {
  return r.ok ? 'ok' : r.error.code;
}

for (const [suite, tag] of [
  ['AES_CM_128_HMAC_SHA1_80', 10],
  ['AES_CM_128_HMAC_SHA1_32', 4],
] as const) {
  test(`${suite}: round trip, ${tag}-byte tag, header authenticated but not encrypted`, () => {
    const { alice, bob } = pair(suite);
    for (const init of [{ seq: 1 }, { seq: 2, csrcs: [1, 2, 3] }, { seq: 3, extensionWords: 2 }, { seq: 4, padding: 4 }, { seq: 5, payload: Buffer.alloc(0) }]) {
      const plain = rtp(init);
      const srtp = data(alice.protectRtp(plain));
      assert.equal(srtp.length, plain.length + tag);
      const headerLength = plain.length - (init.payload?.length ?? 160) - (init.padding ?? 0);
      assert.deepEqual(srtp.subarray(0, headerLength), plain.subarray(0, headerLength));
      if (headerLength < plain.length) assert.notDeepEqual(srtp.subarray(headerLength, plain.length), plain.subarray(headerLength));
      assert.deepEqual(data(bob.unprotectRtp(srtp)), plain);
    }
    // The sender's key is not the receiver's: Alice cannot read her own packets.
    assert.equal(code(alice.unprotectRtp(data(alice.protectRtp(rtp({ seq: 9 }))))), 'auth');
    assert.deepEqual(bob.stats.rtp, { sent: 0, unsendable: 0, received: 5, rejected: { auth: 0, replay: 0, malformed: 0 } });
    assert.equal(alice.stats.rtp.sent, 6);
  });

  test(`${suite}: SRTCP round trip with the E flag, indices from 1, and an 80-bit tag`, () => {
    const { alice, bob } = pair(suite);
    for (let i = 1; i <= 3; i++) {
      const plain = rtcp();
      const srtcp = data(alice.protectRtcp(plain));
      assert.equal(srtcp.length, plain.length + 4 + 10);
      assert.deepEqual(srtcp.subarray(0, 8), plain.subarray(0, 8));
      assert.notDeepEqual(srtcp.subarray(8, plain.length), plain.subarray(8));
      assert.equal(srtcp.readUInt32BE(plain.length), (0x80000000 | i) >>> 0);
      assert.deepEqual(data(bob.unprotectRtcp(srtcp)), plain);
    }
    assert.equal(bob.stats.rtcp.received, 3);
  });
}

test('the _32 tag is the first 4 bytes of the _80 tag, over the same ciphertext', () => {
  const c80 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyA, remote: keyB });
  const c32 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_32', local: keyA, remote: keyB });
  for (const seq of [65534, 65535, 0, 1]) {
    const p80 = data(c80.protectRtp(rtp({ seq })));
    const p32 = data(c32.protectRtp(rtp({ seq })));
    assert.deepEqual(p32, p80.subarray(0, p80.length - 6));
  }
  // SRTCP is identical for both suites (80-bit tag).
  assert.deepEqual(data(c32.protectRtcp(rtcp())), data(c80.protectRtcp(rtcp())));
});

test('a tampered header, payload or tag fails authentication and changes no state', () => {
  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
    const { alice, bob } = pair(suite);
    assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq: 100 })))).ok);
    const good = data(alice.protectRtp(rtp({ seq: 101 })));
    for (const at of [1, 3, 11, 12, 50, good.length - 5, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      const r = bob.unprotectRtp(bad);
      assert.equal(code(r), 'auth', `byte ${at}`);
    }
    assert.equal(bob.stats.rtp.rejected.auth, 7);
    // The window did not record 101: the genuine packet still passes.
    assert.deepEqual(data(bob.unprotectRtp(good)), rtp({ seq: 101 }));

    // A forgery whose SEQ would move the ROC (40000 ahead) does not move it either.
    const forged = Buffer.from(data(alice.protectRtp(rtp({ seq: 40000 & 0xffff }))));
    forged[20] = (forged[20] ?? 0) ^ 0xff;
    assert.equal(code(bob.unprotectRtp(forged)), 'auth');
    assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq: 102 })))).ok);
  }
});

test('a replayed packet is refused as replay, after authentication', () => {
  const { alice, bob } = pair();
  const first = data(alice.protectRtp(rtp({ seq: 7 })));
  assert.ok(bob.unprotectRtp(first).ok);
  const again = bob.unprotectRtp(first);
  assert.equal(code(again), 'replay');
  assert.match(again.ok ? '' : again.error.message, /already received/);
  // A replayed packet with a bad tag counts as auth, not replay.
  const bad = Buffer.from(first);
  bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 1;
  assert.equal(code(bob.unprotectRtp(bad)), 'auth');
  assert.deepEqual(bob.stats.rtp.rejected, { auth: 1, replay: 1, malformed: 0 });
});

test('reordered packets inside the window are accepted once; packets older than the window are refused', () => {
  const { alice, bob } = pair();
  const packets = Array.from({ length: 200 }, (_, i) => data(alice.protectRtp(rtp({ seq: 1000 + i }))));
  const at = (i: number): Buffer => packets[i] ?? assert.fail(`no packet ${i}`);
  // 0..97 with each pair swapped, 50 lost.
  for (let i = 0; i < 98; i += 2) {
    assert.deepEqual(data(bob.unprotectRtp(at(i + 1))), rtp({ seq: 1000 + i + 1 }));
    if (i !== 50) assert.deepEqual(data(bob.unprotectRtp(at(i))), rtp({ seq: 1000 + i }));
  }
  assert.ok(bob.unprotectRtp(at(160)).ok); // a jump ahead: highest index is now 1160
  assert.ok(bob.unprotectRtp(at(99)).ok); // 61 behind: late but inside the window
  assert.ok(bob.unprotectRtp(at(98)).ok); // 62 behind
  assert.ok(bob.unprotectRtp(at(97)).ok === false); // 63 behind, already received
  const old = bob.unprotectRtp(at(50)); // 110 behind, never received
  assert.equal(code(old), 'replay');
  assert.match(old.ok ? '' : old.error.message, /older than the 64-packet replay window/);
  for (let i = 161; i < 200; i++) assert.ok(bob.unprotectRtp(at(i)).ok);
  assert.deepEqual(bob.stats.rtp.rejected, { auth: 0, replay: 2, malformed: 0 });
});

test('the ROC follows the sequence wrap on both sides, with reordering around the wrap', () => {
  const { alice, bob } = pair();
  const seqs = Array.from({ length: 120 }, (_, i) => (65476 + i) & 0xffff); // 65476..65535, 0..59
  const sent = seqs.map((seq) => ({ seq, srtp: data(alice.protectRtp(rtp({ seq }))) }));
  // Delivery order: shuffled in blocks of 8 around the wrap, so post-wrap packets arrive
  // before pre-wrap ones and the other way round.
  const order: number[] = [];
  for (let block = 0; block < sent.length; block += 8) order.push(...[5, 2, 7, 0, 3, 6, 1, 4].map((k) => block + k));
  for (const i of order) {
    const entry = sent[i] ?? assert.fail(`no packet ${i}`);
    assert.deepEqual(data(bob.unprotectRtp(entry.srtp)), rtp({ seq: entry.seq }), `SEQ ${entry.seq}`);
  }
  // Replays on both sides of the wrap are still caught (they are within 64 of the highest).
  assert.equal(code(bob.unprotectRtp(sent[110]?.srtp ?? Buffer.alloc(0))), 'replay');
  assert.equal(code(bob.unprotectRtp(sent[59]?.srtp ?? Buffer.alloc(0))), 'replay'); // SEQ 65535, ROC 0
  // The packets after the wrap really carry ROC 1: a fresh receiver (ROC 0) cannot authenticate them.
  const fresh = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyB, remote: keyA });
  assert.equal(code(fresh.unprotectRtp(sent[61]?.srtp ?? Buffer.alloc(0))), 'auth');
  assert.ok(fresh.unprotectRtp(sent[58]?.srtp ?? Buffer.alloc(0)).ok);
});

test('the ROC survives many wraps with packet loss', () => {
  const { alice, bob } = pair('AES_CM_128_HMAC_SHA1_32');
  // SEQ advances by 1009 per packet (gaps well under 2^15), so 700 packets wrap eleven times;
  // every 5th packet is lost on the way.
  let accepted = 0;
  let last: Buffer = Buffer.alloc(0);
  for (let n = 0; n < 700; n++) {
    last = data(alice.protectRtp(rtp({ seq: (60000 + n * 1009) & 0xffff, payload: Buffer.alloc(4, n & 0xff) })));
    if (n % 5 !== 4 && bob.unprotectRtp(last).ok) accepted++;
  }
  assert.equal(accepted, 560);
  assert.equal(bob.stats.rtp.rejected.auth, 0);
  // The last packet was sent with ROC 11: a receiver still at ROC 0 cannot authenticate it.
  assert.equal(Math.floor((60000 + 699 * 1009) / 65536), 11);
  const fresh = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_32', local: keyB, remote: keyA });
  assert.equal(code(fresh.unprotectRtp(last)), 'auth');
});

test('each SSRC has its own ROC and replay state', () => {
  const { alice, bob } = pair();
  const a = data(alice.protectRtp(rtp({ seq: 500, ssrc: 1 })));
  const b = data(alice.protectRtp(rtp({ seq: 500, ssrc: 2 }))); // same SEQ, new SSRC
  assert.notDeepEqual(a.subarray(12), b.subarray(12)); // different keystream
  assert.ok(bob.unprotectRtp(a).ok);
  assert.ok(bob.unprotectRtp(b).ok);
  assert.equal(code(bob.unprotectRtp(b)), 'replay');
  // SSRC 3 starts near the wrap while SSRC 1 stays at ROC 0.
  for (const seq of [65534, 65535, 0, 1]) assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq, ssrc: 3 })))).ok);
  assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq: 501, ssrc: 1 })))).ok);
  assert.deepEqual(bob.stats.streams, { sending: 0, receiving: 3 });
  assert.deepEqual(alice.stats.streams, { sending: 3, receiving: 0 });
});

test('stream state is bounded: the least recently used SSRC is forgotten', () => {
  const alice = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyA, remote: keyB, maxStreams: 2 });
  const bob = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyB, remote: keyA, maxStreams: 2 });
  const one = data(alice.protectRtp(rtp({ seq: 10, ssrc: 1 })));
  assert.ok(bob.unprotectRtp(one).ok);
  assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq: 10, ssrc: 2 })))).ok);
  assert.ok(bob.unprotectRtp(data(alice.protectRtp(rtp({ seq: 10, ssrc: 3 })))).ok);
  assert.equal(bob.stats.streams.receiving, 2);
  assert.ok(bob.unprotectRtp(one).ok); // SSRC 1 was forgotten, so its packet is new again
});

test('SRTCP: replay, reordering, tampering and unencrypted (E = 0) packets', () => {
  const { alice, bob } = pair('AES_CM_128_HMAC_SHA1_32');
  const packets = Array.from({ length: 5 }, () => data(alice.protectRtcp(rtcp())));
  const at = (i: number): Buffer => packets[i] ?? assert.fail(`no packet ${i}`);
  assert.ok(bob.unprotectRtcp(at(1)).ok);
  assert.ok(bob.unprotectRtcp(at(0)).ok); // reordered
  assert.equal(code(bob.unprotectRtcp(at(1))), 'replay');
  const bad = Buffer.from(at(2));
  bad[12] = (bad[12] ?? 0) ^ 4;
  assert.equal(code(bob.unprotectRtcp(bad)), 'auth');
  assert.ok(bob.unprotectRtcp(at(2)).ok);
  // Flipping the E flag or the index breaks the tag.
  const flag = Buffer.from(at(3));
  flag[flag.length - 14] = (flag[flag.length - 14] ?? 0) ^ 0x80;
  assert.equal(code(bob.unprotectRtcp(flag)), 'auth');

  // An authentic packet sent in the clear (E = 0, index 9) is accepted as is.
  const plain = rtcp();
  const clear = Buffer.concat([plain, Buffer.from([0, 0, 0, 9])]);
  const key = deriveSessionKeys(keyA).rtcp.authenticationKey;
  const tagged = Buffer.concat([clear, createHmac('sha1', key).update(clear).digest().subarray(0, 10)]);
  assert.deepEqual(data(bob.unprotectRtcp(tagged)), plain);
  assert.equal(code(bob.unprotectRtcp(tagged)), 'replay');
  assert.deepEqual(bob.stats.rtcp, { sent: 0, unsendable: 0, received: 4, rejected: { auth: 2, replay: 2, malformed: 0 } });
});

test('malformed packets are refused by name and counted', () => {
  const { alice, bob } = pair();
  const cases: Array<[string, Buffer]> = [
    ['empty', Buffer.alloc(0)],
    ['shorter than header + tag', Buffer.alloc(21, 0x80)],
    ['version 1', Buffer.concat([Buffer.from([0x40]), Buffer.alloc(40)])],
    ['15 CSRCs in 40 bytes', Buffer.concat([Buffer.from([0x8f]), Buffer.alloc(39)])],
    ['extension of 65535 words', Buffer.concat([Buffer.from([0x90]), Buffer.alloc(11), Buffer.from([0xbe, 0xde, 0xff, 0xff]), Buffer.alloc(30)])],
    ['extension header cut by the tag', Buffer.concat([Buffer.from([0x90]), Buffer.alloc(11), Buffer.from([0xbe, 0xde]), Buffer.alloc(10)])],
  ];
  for (const [name, packet] of cases) {
    const r = bob.unprotectRtp(packet);
    assert.equal(code(r), 'malformed', name);
  }
  assert.equal(bob.stats.rtp.rejected.malformed, cases.length);
  assert.equal(code(bob.unprotectRtcp(Buffer.alloc(21, 0x80))), 'malformed');
  assert.equal(code(bob.unprotectRtcp(Buffer.concat([Buffer.from([0x40]), Buffer.alloc(30)]))), 'malformed');

  assert.equal(code(alice.protectRtp(Buffer.alloc(11, 0x80))), 'malformed');
  assert.equal(code(alice.protectRtp(Buffer.concat([Buffer.from([0x00]), Buffer.alloc(20)]))), 'malformed');
  assert.equal(code(alice.protectRtcp(Buffer.alloc(7, 0x80))), 'malformed');
  assert.equal(alice.stats.rtp.unsendable, 2);
  assert.equal(alice.stats.rtcp.unsendable, 1);
  assert.equal(alice.stats.rtp.sent, 0);
});

test('random and mutated input never throws and a mutated packet is never accepted', () => {
  const { alice, bob } = pair();
  // A small deterministic PRNG (xorshift32), so a failure can be replayed.
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const randomBuffer = (length: number): Buffer => Buffer.from(Array.from({ length }, () => next() & 0xff));
  for (let i = 0; i < 20000; i++) {
    const b = randomBuffer(next() % 200);
    if (i % 2 === 0 && b.length > 0) b[0] = 0x80 | ((b[0] ?? 0) & 0x3f); // half of them pass the version check
    for (const r of [bob.unprotectRtp(b), bob.unprotectRtcp(b), alice.protectRtp(b), alice.protectRtcp(b)]) {
      assert.equal(typeof r.ok, 'boolean');
    }
    assert.equal(bob.unprotectRtp(b).ok, false);
    assert.equal(bob.unprotectRtcp(b).ok, false);
  }
  for (let i = 0; i < 3000; i++) {
    const srtp = data(alice.protectRtp(rtp({ seq: 20000 + i, csrcs: i % 3 === 0 ? [7] : [], ...(i % 5 === 0 ? { extensionWords: 1 } : {}) })));
    const mutated = Buffer.from(srtp);
    const flips = 1 + (next() % 3);
    for (let f = 0; f < flips; f++) {
      const at = next() % mutated.length;
      mutated[at] = (mutated[at] ?? 0) ^ (1 + (next() % 255));
    }
    const cut = i % 7 === 0 ? mutated.subarray(0, next() % mutated.length) : mutated;
    if (cut.equals(srtp)) continue; // two flips that cancelled out
    assert.equal(bob.unprotectRtp(cut).ok, false, `mutation ${i}`);
    if (i % 2 === 0) assert.ok(bob.unprotectRtp(srtp).ok); // the genuine one still passes
  }
});

test('options are checked when the context is created', () => {
  assert.throws(() => createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: { masterKey: Buffer.alloc(15), masterSalt: Buffer.alloc(14) }, remote: keyB }), RangeError);
  assert.throws(() => createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyA, remote: { masterKey: Buffer.alloc(16), masterSalt: Buffer.alloc(12) } }), RangeError);
  assert.throws(() => createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: keyA, remote: keyB, replayWindow: 32 }), RangeError);
  assert.throws(() => createSrtpContext({ suite: 'AES_CM_256' as SrtpSuite, local: keyA, remote: keyB }), RangeError);
  // Uint8Array keys and packets work as well as Buffers.
  const u8 = createSrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', local: { masterKey: new Uint8Array(keyA.masterKey), masterSalt: new Uint8Array(keyA.masterSalt) }, remote: keyB });
  const { bob } = pair();
  const packet = rtp({ seq: 1 });
  assert.deepEqual(data(bob.unprotectRtp(new Uint8Array(data(u8.protectRtp(new Uint8Array(packet)))))), packet);
});
