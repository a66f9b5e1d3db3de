import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRtp, serializeRtp, type RtpParseFailure } from './rtp-packet';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// V=2 P=0 X=0 CC=0 | M=0 PT=0 | seq 0x1234 | ts 0xdeadbeef | ssrc 0x01020304 | payload 010203
const MINIMAL = '80 00 1234 deadbeef 01020304 010203';
// V=2 P=1 X=1 CC=2 | M=1 PT=111 | seq 0xffff | ts 0 | ssrc 0xcafebabe | CSRC 11111111 22222222
// | ext profile 0xbede, 1 word: 10ff0000 | payload aabb | padding 000000 04
const FULL = 'b2 ef ffff 00000000 cafebabe 11111111 22222222 bede 0001 10ff0000 aabb 00000004';

test('a minimal packet parses field by field and serializes to the same bytes', () => {
  const r = parseRtp(hex(MINIMAL));
  assert.ok(r.ok);
  const p = r.packet;
  assert.equal(p.marker, false);
  assert.equal(p.payloadType, 0);
  assert.equal(p.sequenceNumber, 0x1234);
  assert.equal(p.timestamp, 0xdeadbeef);
  assert.equal(p.ssrc, 0x01020304);
  assert.deepEqual(p.csrcs, []);
  assert.equal(p.extension, undefined);
  assert.equal(p.paddingLength, 0);
  assert.equal(toHex(p.payload), '010203');
  const out = serializeRtp(p);
  assert.ok(out.ok);
  assert.equal(toHex(out.bytes), toHex(hex(MINIMAL)));
});

test('marker, CSRCs, extension and padding parse and round-trip byte for byte', () => {
  const r = parseRtp(hex(FULL));
  assert.ok(r.ok);
  const p = r.packet;
  assert.equal(p.marker, true);
  assert.equal(p.payloadType, 111);
  assert.equal(p.sequenceNumber, 0xffff);
  assert.equal(p.ssrc, 0xcafebabe);
  assert.deepEqual(p.csrcs, [0x11111111, 0x22222222]);
  assert.equal(p.extension?.profile, 0xbede);
  assert.equal(toHex(p.extension?.data ?? new Uint8Array()), '10ff0000');
  assert.equal(toHex(p.payload), 'aabb');
  assert.equal(p.paddingLength, 4);
  const out = serializeRtp(p);
  assert.ok(out.ok);
  assert.equal(toHex(out.bytes), toHex(hex(FULL)));
});

test('a packet inside a larger pooled Buffer parses from its own offset', () => {
  const backing = Buffer.concat([Buffer.from('ffffff', 'hex'), Buffer.from(hex(MINIMAL)), Buffer.from('eeee', 'hex')]);
  const r = parseRtp(backing.subarray(3, 3 + hex(MINIMAL).length));
  assert.ok(r.ok);
  assert.equal(r.packet.ssrc, 0x01020304);
  assert.equal(toHex(r.packet.payload), '010203');
});

test('an empty payload and an empty extension are valid', () => {
  const r = parseRtp(hex('90 08 0001 00000001 00000002 bede 0000'));
  assert.ok(r.ok);
  assert.equal(r.packet.extension?.data.length, 0);
  assert.equal(r.packet.payload.length, 0);
});

const malformed: [string, string, RtpParseFailure][] = [
  ['11 octets', '80 00 1234 deadbeef 010203', 'too-short'],
  ['empty', '', 'too-short'],
  ['version 1', '40 00 1234 deadbeef 01020304', 'bad-version'],
  ['version 0 (STUN-like)', '00 01 0000 2112a442 00000000', 'bad-version'],
  ['CC=3 with one CSRC present', '83 00 1234 deadbeef 01020304 11111111', 'csrc-overflow'],
  ['X=1 with no room for the extension header', '90 00 1234 deadbeef 01020304 bede', 'extension-overflow'],
  ['extension length beyond the packet', '90 00 1234 deadbeef 01020304 bede 0002 00000000', 'extension-overflow'],
  ['padding count 0', 'a0 00 1234 deadbeef 01020304 0102 00', 'bad-padding'],
  ['padding count beyond the payload', 'a0 00 1234 deadbeef 01020304 0102 05', 'bad-padding'],
  ['padding bit with nothing after the header (count read from the SSRC)', 'a0 00 1234 deadbeef 01020304', 'bad-padding'],
];

for (const [name, bytes, reason] of malformed) {
  test(`malformed: ${name} → ${reason}`, () => {
    const r = parseRtp(hex(bytes));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, reason);
      assert.ok(r.detail.length > 0);
    }
  });
}

test('serialize refuses fields outside their wire range', () => {
  const base = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array() };
  const bad = [
    { ...base, payloadType: 128 },
    { ...base, sequenceNumber: 65536 },
    { ...base, timestamp: -1 },
    { ...base, ssrc: 2 ** 32 },
    { ...base, sequenceNumber: 1.5 },
    { ...base, csrcs: new Array<number>(16).fill(1) },
    { ...base, extension: { profile: 0xbede, data: new Uint8Array(3) } },
    { ...base, paddingLength: 256 },
  ];
  for (const init of bad) {
    const r = serializeRtp(init);
    assert.equal(r.ok, false, JSON.stringify({ ...init, payload: undefined }));
    if (!r.ok) assert.equal(r.reason, 'invalid-field');
  }
});

test('serialize writes padding with the count in the last octet', () => {
  const r = serializeRtp({ payloadType: 8, sequenceNumber: 7, timestamp: 160, ssrc: 1, payload: Uint8Array.of(9), paddingLength: 3, marker: true });
  assert.ok(r.ok);
  assert.equal(toHex(r.bytes), 'a0880007000000a000000001' + '09' + '000003');
  const back = parseRtp(r.bytes);
  assert.ok(back.ok);
  assert.equal(back.packet.paddingLength, 3);
  assert.equal(toHex(back.packet.payload), '09');
});
