import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ReportBlock, type RtcpPacket, SdesType, type SenderInfo } from './rtcp-packets';
import { parseRtcp, type RtcpParseFailure } from './rtcp-parse';
import { buildRtcpCompound, serializeRtcp } from './rtcp-serialize';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const BLOCK: ReportBlock = {
  ssrc: 0x55667788,
  fractionLost: 0x40,
  cumulativeLost: -2,
  extendedHighestSeq: 0x00010005,
  jitter: 0x20,
  lastSr: 0xccdd0102,
  delaySinceLastSr: 0x00018000,
};
const BLOCK_HEX = '55667788 40 fffffe 00010005 00000020 ccdd0102 00018000';

// V=2 P=0 RC=1 | PT=200 | length 12 (52 octets / 4 − 1)
const SR_HEX = `81 c8 000c 11223344 aabbccdd 01020304 00001000 00000010 00000a00 ${BLOCK_HEX}`;
const SENDER: SenderInfo = { ntp: { seconds: 0xaabbccdd, fraction: 0x01020304 }, rtpTimestamp: 0x1000, packetCount: 0x10, octetCount: 0xa00 };
const SR: RtcpPacket = { type: 'sr', ssrc: 0x11223344, sender: SENDER, reports: [BLOCK] };
// RR with one block: 8 + 24 = 32 octets → length 7.
const RR_HEX = `81 c9 0007 11223344 ${BLOCK_HEX}`;
// SDES, one chunk: ssrc, CNAME(1) len 3 "abc", null, 2 octets of pad → 16 octets → length 3.
const SDES_HEX = '81 ca 0003 11223344 01 03 616263 00 0000';
// BYE, one source, reason "bye" (len 3) → 12 octets → length 2.
const BYE_HEX = '81 cb 0002 11223344 03 627965';

test('SR byte layout matches a hand-built buffer, and parses back', () => {
  const out = serializeRtcp([SR]);
  assert.ok(out.ok);
  assert.equal(toHex(out.bytes), toHex(hex(SR_HEX)));
  const back = parseRtcp(hex(SR_HEX));
  assert.ok(back.ok);
  assert.deepEqual(back.packets, [SR]);
});

test('RR, SDES and BYE byte layouts match hand-built buffers', () => {
  const rr = serializeRtcp([{ type: 'rr', ssrc: 0x11223344, reports: [BLOCK] }]);
  assert.ok(rr.ok);
  assert.equal(toHex(rr.bytes), toHex(hex(RR_HEX)));
  const sdes = serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 0x11223344, items: [{ type: SdesType.CNAME, text: 'abc' }] }] }]);
  assert.ok(sdes.ok);
  assert.equal(toHex(sdes.bytes), toHex(hex(SDES_HEX)));
  const bye = serializeRtcp([{ type: 'bye', ssrcs: [0x11223344], reason: 'bye' }]);
  assert.ok(bye.ok);
  assert.equal(toHex(bye.bytes), toHex(hex(BYE_HEX)));
  const empty = serializeRtcp([{ type: 'rr', ssrc: 0x11223344, reports: [] }]);
  assert.ok(empty.ok);
  assert.equal(toHex(empty.bytes), '80c9000111223344');
});

test('an SDES item list that ends exactly on a word boundary still gets a null word', () => {
  // ssrc(4) + CNAME len 2 "ab" (4) = 8 → a whole extra word for the null: 12 octets.
  const out = serializeRtcp([{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: SdesType.CNAME, text: 'ab' }] }] }]);
  assert.ok(out.ok);
  assert.equal(toHex(out.bytes), toHex(hex('81 ca 0003 00000001 01 02 6162 00000000')));
  const back = parseRtcp(out.bytes, { allowReducedSize: true });
  assert.ok(back.ok);
  assert.deepEqual(back.packets, [{ type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'ab' }] }] }]);
});

test('a compound SR + SDES + BYE parses from the hand-built buffer', () => {
  const buf = hex(SR_HEX + SDES_HEX + BYE_HEX);
  const r = parseRtcp(buf);
  assert.ok(r.ok);
  assert.deepEqual(r.packets, [
    SR,
    { type: 'sdes', chunks: [{ ssrc: 0x11223344, items: [{ type: 1, text: 'abc' }] }] },
    { type: 'bye', ssrcs: [0x11223344], reason: 'bye' },
  ]);
});

test('buildRtcpCompound: SR when we sent, RR otherwise, CNAME always, BYE last', () => {
  const sr = buildRtcpCompound({ ssrc: 0x11223344, cname: 'abc', sender: SENDER, reports: [BLOCK] });
  assert.ok(sr.ok);
  assert.equal(toHex(sr.bytes), toHex(hex(SR_HEX + SDES_HEX)));

  const rr = buildRtcpCompound({ ssrc: 0x11223344, cname: 'abc', reports: [BLOCK], bye: { reason: 'bye' } });
  assert.ok(rr.ok);
  assert.equal(toHex(rr.bytes), toHex(hex(RR_HEX + SDES_HEX + BYE_HEX)));

  const noReason = buildRtcpCompound({ ssrc: 1, cname: 'x', bye: {} });
  assert.ok(noReason.ok);
  const back = parseRtcp(noReason.bytes);
  assert.ok(back.ok);
  assert.deepEqual(back.packets.map((p) => p.type), ['rr', 'sdes', 'bye']);
  assert.deepEqual(back.packets[2], { type: 'bye', ssrcs: [1] });
});

test('buildRtcpCompound refuses a missing CNAME and splits more than 31 report blocks', () => {
  const none = buildRtcpCompound({ ssrc: 1, cname: '' });
  assert.equal(none.ok, false);
  if (!none.ok) assert.equal(none.reason, 'missing-cname');

  const blocks = Array.from({ length: 40 }, (_, i) => ({ ...BLOCK, ssrc: i + 1 }));
  const many = buildRtcpCompound({ ssrc: 1, cname: 'x', reports: blocks });
  assert.ok(many.ok);
  const back = parseRtcp(many.bytes);
  assert.ok(back.ok);
  assert.deepEqual(back.packets.map((p) => p.type), ['rr', 'rr', 'sdes']);
  const counts = back.packets.map((p) => (p.type === 'rr' ? p.reports.length : 0));
  assert.deepEqual(counts, [31, 9, 0]);
});

test('serialize refuses values that do not fit their fields', () => {
  const bad: RtcpPacket[] = [
    { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, fractionLost: 256 }] },
    { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, cumulativeLost: 0x800000 }] },
    { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, jitter: -1 }] },
    { type: 'rr', ssrc: 2 ** 32, reports: [] },
    { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: SdesType.CNAME, text: 'x'.repeat(256) }] }] },
    { type: 'sdes', chunks: [{ ssrc: 1, items: [{ type: 0, text: 'x' }] }] },
    { type: 'bye', ssrcs: Array.from({ length: 32 }, (_, i) => i) },
    { type: 'other', packetType: 204, count: 0, body: new Uint8Array(3) },
  ];
  for (const p of bad) {
    const r = serializeRtcp([p]);
    assert.equal(r.ok, false, JSON.stringify(p));
    if (!r.ok) assert.equal(r.reason, 'invalid-field');
  }
});

test('non-ASCII CNAME and reason round-trip as UTF-8', () => {
  const out = buildRtcpCompound({ ssrc: 9, cname: 'zoë@höst', bye: { reason: 'au revoir, été' } });
  assert.ok(out.ok);
  const back = parseRtcp(out.bytes);
  assert.ok(back.ok);
  assert.deepEqual(back.packets.slice(1), [
    { type: 'sdes', chunks: [{ ssrc: 9, items: [{ type: 1, text: 'zoë@höst' }] }] },
    { type: 'bye', ssrcs: [9], reason: 'au revoir, été' },
  ]);
});

test('padding on the last packet is accepted and stripped; unknown types are kept opaque', () => {
  // RR (no blocks) + APP-like PT 204 with P=1: 4 header + 4 body + 4 padding (count 4).
  const r = parseRtcp(hex('80 c9 0001 00000001  a0 cc 0002 deadbeef 00000004'));
  assert.ok(r.ok);
  const other = r.packets[1];
  assert.equal(other?.type, 'other');
  if (other?.type === 'other') {
    assert.equal(other.packetType, 204);
    assert.equal(toHex(other.body), 'deadbeef');
  }
});

const malformed: [string, string, RtcpParseFailure][] = [
  ['3 octets', '80 c9 00', 'too-short'],
  ['version 1', '41 c9 0001 00000001', 'bad-version'],
  ['version 1 in the second packet', '80 c9 0001 00000001 41 ca 0000', 'bad-version'],
  ['length beyond the datagram', '80 c9 0002 00000001', 'bad-length'],
  ['trailing octets after the last packet', '80 c9 0001 00000001 0000', 'bad-length'],
  ['SDES first (not compound)', SDES_HEX, 'not-compound'],
  ['padding on a packet that is not last', 'a0 c9 0001 00000001 81 ca 0000', 'bad-padding'],
  ['padding count 0', 'a0 c9 0002 00000001 00000000', 'bad-padding'],
  ['padding count larger than the packet', 'a0 c9 0002 00000001 00000010', 'bad-padding'],
  ['RR claiming 2 blocks with room for 1', `82 c9 0007 11223344 ${BLOCK_HEX}`, 'malformed-report'],
  ['SR too short for its sender info', '80 c8 0001 11223344', 'malformed-report'],
  ['SDES item running past the packet', '80 c9 0001 00000001  81 ca 0002 11223344 01 09 6162', 'malformed-sdes'],
  ['SDES chunk without an end marker', '80 c9 0001 00000001  81 ca 0002 11223344 01 02 6162', 'malformed-sdes'],
  ['SDES claiming 2 chunks with 1', '80 c9 0001 00000001  82 ca 0003 11223344 01 03 616263 00 0000', 'malformed-sdes'],
  ['BYE claiming 3 sources with 1', '80 c9 0001 00000001  83 cb 0001 11223344', 'malformed-bye'],
  ['BYE reason running past the packet', '80 c9 0001 00000001  81 cb 0002 11223344 09 627965', 'malformed-bye'],
];

for (const [name, bytes, reason] of malformed) {
  test(`malformed RTCP: ${name} → ${reason}`, () => {
    const r = parseRtcp(hex(bytes));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, reason, r.detail);
      assert.ok(r.detail.length > 0);
    }
  });
}

test('reduced-size RTCP (RFC 5506) is accepted only when asked', () => {
  assert.equal(parseRtcp(hex(SDES_HEX)).ok, false);
  assert.equal(parseRtcp(hex(SDES_HEX), { allowReducedSize: true }).ok, true);
});
