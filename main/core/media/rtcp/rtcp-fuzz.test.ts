import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRtcp } from './rtcp-parse';
import { buildRtcpCompound, serializeRtcp } from './rtcp-serialize';
import { seededRandom as prng } from '../../../common/seeded-random';


const byte = (rand: () => number): number => Math.floor(rand() * 256);

/** Random packets with plausible headers (version 2, RTCP types, consistent length) so the per-type checks are reached. */
function structured(rand: () => number): Uint8Array {
  const parts: number[] = [];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const words = Math.floor(rand() * 12);
    const type = i === 0 && rand() < 0.8 ? 200 + Math.floor(rand() * 2) : 200 + Math.floor(rand() * 8);
    parts.push(0x80 | (rand() < 0.1 ? 0x20 : 0) | Math.floor(rand() * 32), type, 0, words);
    for (let w = 0; w < words * 4; w++) parts.push(byte(rand));
  }
  return Uint8Array.from(parts);
}

test('fuzz: parseRtcp never throws on random, structured or mutated buffers', () => {
  const rand = prng(0xc0ffee);
  const valid = buildRtcpCompound({
    ssrc: 1,
    cname: 'fuzz@example',
    sender: { ntp: { seconds: 1, fraction: 2 }, rtpTimestamp: 3, packetCount: 4, octetCount: 5 },
    reports: [{ ssrc: 2, fractionLost: 3, cumulativeLost: -4, extendedHighestSeq: 5, jitter: 6, lastSr: 7, delaySinceLastSr: 8 }],
    bye: { reason: 'done' },
  });
  assert.ok(valid.ok);
  let accepted = 0;
  for (let i = 0; i < 30_000; i++) {
    let buf: Uint8Array;
    const kind = i % 3;
    if (kind === 0) {
      buf = Uint8Array.from({ length: Math.floor(rand() * 100) }, () => byte(rand));
    } else if (kind === 1) {
      buf = structured(rand);
    } else {
      buf = valid.bytes.slice(0, Math.floor(rand() * (valid.bytes.length + 1)));
      for (let f = 0; f < 1 + Math.floor(rand() * 3); f++) {
        const at = Math.floor(rand() * buf.length);
        if (at < buf.length) buf[at] = byte(rand);
      }
    }
    const r = parseRtcp(buf);
    if (r.ok) {
      accepted++;
      // Whatever parses can be handed back to the writer without an exception
      // (it may refuse, e.g. invalid UTF-8 that decodes to more than 255 octets).
      const again = serializeRtcp(r.packets);
      assert.equal(typeof again.ok, 'boolean');
    } else {
      assert.equal(typeof r.detail, 'string');
    }
  }
  assert.ok(accepted > 100, `only ${accepted} accepted; the fuzz does not reach the success path`);
});
