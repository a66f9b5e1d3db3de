import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PCMA, PCMU } from './codec-descriptors';
import { readFixtureBytes, readFixturePcm } from './fixtures/fixture-files';
import { alawToLinear, decodeAlaw, encodeAlaw, linearToAlaw } from './g711-alaw';
import { G711Decoder, G711Encoder } from './g711-codec';
import { decodeUlaw, encodeUlaw, linearToUlaw, ulawToLinear } from './g711-ulaw';

// ---------------------------------------------------------------------------
// Independent references, transcribed sample by sample from the ITU-T G.191
// STL (g711.c: alaw_compress, alaw_expand, ulaw_compress, ulaw_expand), with
// no tables: the code under test builds tables, these loop per sample.

function g191AlawCompress(x: number): number {
  let ix = x < 0 ? ~x >> 4 : x >> 4; // 1's complement for negatives, 0 <= ix < 2048
  if (ix > 15) {
    let iexp = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      iexp++;
    }
    ix -= 16;
    ix += iexp << 4;
  }
  if (x >= 0) ix |= 0x80;
  return ix ^ 0x55;
}

function g191AlawExpand(code: number): number {
  let ix = code ^ 0x55;
  ix &= 0x7f;
  const iexp = ix >> 4;
  let mant = ix & 0x0f;
  if (iexp > 0) mant += 16;
  mant = (mant << 4) + 0x08;
  if (iexp > 1) mant <<= iexp - 1;
  return code > 127 ? mant : -mant;
}

function g191UlawCompress(x: number): number {
  let absno = x < 0 ? (~x >> 2) + 33 : (x >> 2) + 33;
  if (absno > 0x1fff) absno = 0x1fff;
  let i = absno >> 6;
  let segno = 1;
  while (i !== 0) {
    segno++;
    i >>= 1;
  }
  const highNibble = 0x08 - segno;
  const lowNibble = 0x0f - ((absno >> segno) & 0x0f);
  let code = (highNibble << 4) | lowNibble;
  if (x >= 0) code |= 0x80;
  return code;
}

function g191UlawExpand(code: number): number {
  const sign = code < 0x80 ? -1 : 1;
  let mantissa = ~code;
  const exponent = (mantissa >> 4) & 0x07;
  const segment = exponent + 1;
  mantissa &= 0x0f;
  const step = 4 << segment;
  return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

// ffmpeg's pcm_alaw/pcm_mulaw encoders (libavcodec/pcm_tablegen.h, build_xlaw_table;
// pcm.c indexes the table with (x + 32768) >> 2): decision thresholds at the
// midpoints between reconstruction levels, rounded to a 14-bit grid and mirrored
// for negatives. Modelled here only to show exactly where ffmpeg and G.191 differ.
function ffmpegTable(expand: (code: number) => number, mask: number): Uint8Array {
  const table = new Uint8Array(16384);
  let j = 0;
  for (let i = 0; i < 128; i++) {
    const v = i !== 127 ? (expand(i ^ mask) + expand((i + 1) ^ mask) + 4) >> 3 : 8192;
    for (; j < v; j++) {
      table[8192 + j] = i ^ mask;
      if (j > 0) table[8192 - j] = i ^ (mask ^ 0x80);
    }
  }
  table[0] = table[1] ?? 0;
  return table;
}

const LAWS = [
  {
    name: 'µ-law (PCMU)',
    descriptor: PCMU,
    law: 'pcmu',
    compress: g191UlawCompress,
    expand: g191UlawExpand,
    encodeOne: linearToUlaw,
    decodeOne: ulawToLinear,
    encode: encodeUlaw,
    decode: decodeUlaw,
    ffmpegAllCodes: 'pcmu-all-codes.ffmpeg.s16le',
    ffmpegSpeech: 'speech-tone-16k.ffmpeg.pcmu',
    ffmpeg: ffmpegTable(g191UlawExpand, 0xff),
  },
  {
    name: 'A-law (PCMA)',
    descriptor: PCMA,
    law: 'pcma',
    compress: g191AlawCompress,
    expand: g191AlawExpand,
    encodeOne: linearToAlaw,
    decodeOne: alawToLinear,
    encode: encodeAlaw,
    decode: decodeAlaw,
    ffmpegAllCodes: 'pcma-all-codes.ffmpeg.s16le',
    ffmpegSpeech: 'speech-tone-16k.ffmpeg.pcma',
    ffmpeg: ffmpegTable(g191AlawExpand, 0xd5),
  },
] as const;

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

for (const law of LAWS) {
  test(`${law.name}: all 256 codes decode as G.191 and as ffmpeg/sox`, () => {
    const decoded = law.decode(ALL_CODES);
    const g191 = Int16Array.from(ALL_CODES, law.expand);
    assert.deepEqual(decoded, g191);
    assert.deepEqual(decoded, readFixturePcm(law.ffmpegAllCodes));
    for (const code of ALL_CODES) assert.equal(law.decodeOne(code), g191[code]);
  });

  test(`${law.name}: every one of the 65 536 samples encodes as G.191`, () => {
    const encoded = law.encode(ALL_SAMPLES);
    let differences = 0;
    for (let i = 0; i < ALL_SAMPLES.length; i++) {
      const x = ALL_SAMPLES[i] ?? 0;
      const expected = law.compress(x);
      if (encoded[i] !== expected || law.encodeOne(x) !== expected) differences++;
    }
    assert.equal(differences, 0);
  });

  test(`${law.name}: the speech/tone fixture encodes as ffmpeg wherever ffmpeg's rounding is G.191's`, (t) => {
    const pcm = readFixturePcm('speech-tone-16k.s16le');
    const ffmpeg = readFixtureBytes(law.ffmpegSpeech);
    const ours = law.encode(pcm);
    assert.equal(ours.length, ffmpeg.length);
    const levels = [...new Set(Array.from(ALL_CODES, law.expand))].sort((a, b) => a - b);
    let edges = 0;
    for (let i = 0; i < pcm.length; i++) {
      const x = pcm[i] ?? 0;
      const ffmpegModel = law.ffmpeg[(x + 32768) >> 2] ?? -1;
      // The fixture is exactly ffmpeg's documented table ...
      assert.equal(ffmpeg[i], ffmpegModel, `ffmpeg fixture at ${i} (x = ${x}) is not ffmpeg's table`);
      if (ffmpegModel === law.compress(x)) {
        // ... and where that table agrees with G.191, so do we, byte for byte.
        assert.equal(ours[i], ffmpeg[i], `sample ${i} (x = ${x})`);
      } else {
        // Where it does not, we keep G.191's code; ffmpeg's is the neighbouring level, and
        // x lies between the two: a decision-threshold difference, nothing else.
        edges++;
        assert.equal(ours[i], law.compress(x));
        const ourLevel = law.expand(ours[i] ?? 0);
        const ffmpegLevel = law.expand(ffmpeg[i] ?? 0);
        assert.equal(Math.abs(levels.indexOf(ourLevel) - levels.indexOf(ffmpegLevel)), 1, `neighbours at ${i}`);
        assert.ok(Math.min(ourLevel, ffmpegLevel) <= x && x <= Math.max(ourLevel, ffmpegLevel), `x = ${x} at ${i}`);
      }
    }
    // Speech sits mostly at small amplitudes, where ffmpeg's thresholds differ more often
    // (964 of all 65 536 inputs, but 3-5 % of this fixture).
    t.diagnostic(`${edges} of ${pcm.length} samples sit on an edge where ffmpeg rounds differently from G.191`);
    assert.ok(edges < pcm.length * 0.1, `${edges} edge samples`);
  });

  test(`${law.name}: decode then encode returns every code (µ-law's negative zero 0x7F comes back as 0xFF)`, () => {
    const back = law.encode(law.decode(ALL_CODES));
    for (const code of ALL_CODES) {
      const expected = law.law === 'pcmu' && code === 0x7f ? 0xff : code;
      assert.equal(back[code], expected, `code 0x${code.toString(16)}`);
    }
  });

  test(`${law.name}: encoder and decoder objects`, () => {
    const encoder = new G711Encoder(law.law);
    const decoder = new G711Decoder(law.law);
    assert.equal(encoder.descriptor, law.descriptor);
    assert.equal(decoder.descriptor, law.descriptor);
    assert.equal(encoder.sampleRate, 8000);
    assert.equal(encoder.frameSamples, 160);
    assert.equal(new G711Encoder(law.law, 240).frameSamples, 240);
    const frame = ALL_SAMPLES.subarray(30000, 30160);
    const copy = frame.slice();
    const payload = encoder.encode(frame);
    assert.deepEqual(frame, copy, 'input untouched');
    assert.equal(payload.length, 160);
    assert.deepEqual(payload, Uint8Array.from(frame, law.compress));
    assert.deepEqual(decoder.decode(payload), Int16Array.from(payload, law.expand));
    encoder.reset();
    decoder.reset();
    assert.deepEqual(encoder.encode(frame), payload, 'memoryless');
    assert.equal(encoder.encode(new Int16Array(0)).length, 0);
  });
}

test('G.711 tables agree with the textbook levels', () => {
  // µ-law: 0xFF and 0x7F are ±0, 0x80 and 0x00 the extremes; A-law: 0xD5/0x55 are ±8, 0xAA/0x2A ±32256.
  assert.deepEqual([0xff, 0x7f, 0x80, 0x00].map(ulawToLinear), [0, 0, 32124, -32124]);
  assert.deepEqual([0xd5, 0x55, 0xaa, 0x2a].map(alawToLinear), [8, -8, 32256, -32256]);
  assert.deepEqual([0, -1, 32767, -32768].map(linearToUlaw), [0xff, 0x7f, 0x80, 0x00]);
  assert.deepEqual([0, -1, 32767, -32768].map(linearToAlaw), [0xd5, 0x55, 0xaa, 0x2a]);
});
