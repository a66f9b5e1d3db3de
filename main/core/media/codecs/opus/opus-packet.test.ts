import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpusDecoder } from './opus-decoder';
import { OpusEncoder } from './opus-encoder';
import { OpusPacketError } from './opus-error';
import { opusPacketHasFec, parseOpusPacket, parseOpusToc } from './opus-packet';
import { frames, seededRandom, speechLike } from './test-signals';

test('TOC: mode and frame duration of every configuration (RFC 6716 Table 2)', () => {
  const expected: [number, string, number][] = [
    [0, 'silk', 480], [1, 'silk', 960], [2, 'silk', 1920], [3, 'silk', 2880], [11, 'silk', 2880],
    [12, 'hybrid', 480], [13, 'hybrid', 960], [15, 'hybrid', 960],
    [16, 'celt', 120], [17, 'celt', 240], [18, 'celt', 480], [19, 'celt', 960], [31, 'celt', 960],
  ];
  for (const [config, mode, frameSamples] of expected) {
    const toc = parseOpusToc((config << 3) | 0x04 | 2);
    assert.deepEqual(toc, { config, mode, frameSamples, stereo: true, code: 2 }, `config ${config}`);
  }
});

test('framing of codes 0-3, with padding and VBR lengths', () => {
  const spans = (p: Uint8Array): [number, number][] | undefined => parseOpusPacket(p)?.frames.map((f) => [f.offset, f.length]);
  assert.deepEqual(spans(Uint8Array.of(0x08, 1, 2, 3)), [[1, 3]]);
  assert.deepEqual(spans(Uint8Array.of(0x08)), [[1, 0]]); // TOC only: one empty (DTX) frame
  assert.deepEqual(spans(Uint8Array.of(0x09, 1, 2, 3, 4)), [[1, 2], [3, 2]]);
  assert.equal(spans(Uint8Array.of(0x09, 1, 2, 3)), undefined);
  assert.deepEqual(spans(Uint8Array.of(0x0a, 1, 9, 8, 7)), [[2, 1], [3, 2]]);
  assert.deepEqual(spans(Uint8Array.of(0x0a, 252, 0, ...new Uint8Array(252), 5)), [[3, 252], [255, 1]]); // 2-byte length
  // code 3 CBR, 3 frames of 2 bytes, 2 bytes of padding (P flag, padding length 2)
  assert.deepEqual(spans(Uint8Array.of(0x0b, 0x43, 2, 1, 1, 2, 2, 3, 3, 0, 0)), [[3, 2], [5, 2], [7, 2]]);
  // code 3 VBR, 3 frames of 1, 2 and (the rest) 3 bytes
  assert.deepEqual(spans(Uint8Array.of(0x0b, 0x83, 1, 2, 9, 8, 8, 7, 7, 7)), [[4, 1], [5, 2], [7, 3]]);
  // padding length 255 means 254 more and another length byte
  assert.deepEqual(spans(Uint8Array.of(0x0b, 0x41, 255, 0, 1, ...new Uint8Array(254))), [[4, 1]]);
  assert.equal(parseOpusPacket(Uint8Array.of(0x0b, 0x83, 1, 2, 9))?.samples, undefined);
  assert.equal(parseOpusPacket(Uint8Array.of(0x03, 0x0c, ...new Uint8Array(12)))?.samples, 5760); // 12 × 10 ms
  assert.equal(parseOpusPacket(Uint8Array.of(0x03, 0x0d, ...new Uint8Array(13))), undefined); // 130 ms
});

test('the parser and libopus agree on which payloads are valid, and on their duration', () => {
  const random = seededRandom(1);
  const decoder = new OpusDecoder();
  let valid = 0;
  for (let i = 0; i < 4000; i++) {
    const length = 1 + Math.floor(random() * (random() < 0.5 ? 6 : 300));
    const payload = Uint8Array.from({ length }, () => Math.floor(random() * 256));
    const info = parseOpusPacket(payload);
    let decoded: number | undefined;
    try {
      decoded = decoder.decode(payload).length;
    } catch (e) {
      assert.ok(e instanceof OpusPacketError, String(e));
    }
    assert.equal(decoded, info?.samples, Buffer.from(payload).toString('hex'));
    if (decoded !== undefined) valid++;
  }
  assert.ok(valid > 1000 && valid < 3000, `${valid} valid`);
  decoder.dispose();
});

test('LBRR (FEC) flag: absent in the first packet and in CELT packets, present after speech', () => {
  const encoder = new OpusEncoder();
  const packets = frames(speechLike(48000), 960).map((f) => encoder.encode(f));
  encoder.dispose();
  assert.equal(opusPacketHasFec(packets[0] ?? new Uint8Array(0)), false);
  assert.equal(opusPacketHasFec(packets[5] ?? new Uint8Array(0)), true);
  // The same first byte of SILK data as a CELT packet: no LBRR in CELT.
  const celt = Uint8Array.from(packets[5] ?? []);
  celt[0] = (31 << 3) | ((celt[0] ?? 0) & 7);
  assert.equal(opusPacketHasFec(celt), false);
  // Flag bit cleared by hand: no FEC.
  const cleared = Uint8Array.from(packets[5] ?? []);
  cleared[1] = (cleared[1] ?? 0) & ~0x40;
  assert.equal(opusPacketHasFec(cleared), false);
  assert.equal(opusPacketHasFec(new Uint8Array(0)), false);
  assert.equal(opusPacketHasFec(Uint8Array.of(0x08)), false);
});
