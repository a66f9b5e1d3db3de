import assert from 'node:assert/strict';
import { test } from 'node:test';
import { G722 } from './codec-descriptors';
import { readFixtureBytes, readFixturePcm } from './fixtures/fixture-files';
import { G722Decoder } from './g722-decoder';
import { G722Encoder } from './g722-encoder';
import { ILB, QMF_COEFFICIENTS } from './g722-tables';

const RATE = 16000;
/** Encoder + decoder delay of the two 24-tap QMFs, in 16 kHz samples (ffmpeg's `avctx->delay`). */
const CODEC_DELAY = 22;

/** Index and count of the differing elements, for a readable failure. */
function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string {
  let first = -1;
  let count = 0;
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) {
      count++;
      if (first < 0) first = i;
    }
  }
  return count === 0 ? 'identical' : `${count} differ, first at ${first}: ${actual[first]} vs ${expected[first]}`;
}

function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  assert.equal(firstDifference(actual, expected), 'identical', what);
}

/** Runs `process` over `input` cut into consecutive chunks of the given sizes (cycled), and joins the outputs. */
function inChunks<I extends Int16Array | Uint8Array, O extends Int16Array | Uint8Array>(
  input: I,
  sizes: readonly number[],
  process: (chunk: I) => O,
  make: (length: number) => O,
): O {
  const parts: O[] = [];
  let total = 0;
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = sizes[k % sizes.length] ?? 1;
    const part = process(input.subarray(at, at + size) as I);
    parts.push(part);
    total += part.length;
    at += size;
  }
  const out = make(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function tone(frequency: number, amplitude: number, samples: number): Int16Array {
  const w = (2 * Math.PI * frequency) / RATE;
  return Int16Array.from({ length: samples }, (_, i) => Math.round(amplitude * Math.sin(w * i)));
}

/** Frequency from the zero crossings between `from` and the end, interpolated between samples. */
function measuredFrequency(signal: Int16Array, from: number): number {
  const crossings: number[] = [];
  for (let i = from + 1; i < signal.length; i++) {
    const a = signal[i - 1] ?? 0;
    const b = signal[i] ?? 0;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0] ?? 0;
  const last = crossings[crossings.length - 1] ?? 0;
  return ((crossings.length - 1) * RATE) / (last - first);
}

/** SNR in dB of `decoded` (delayed by `delay`) against `original`, from sample `from` on. */
function snrDb(original: Int16Array, decoded: Int16Array, delay: number, from: number): number {
  let signal = 0;
  let noise = 0;
  for (let i = from; i + delay < decoded.length; i++) {
    const x = original[i] ?? 0;
    const e = (decoded[i + delay] ?? 0) - x;
    signal += x * x;
    noise += e * e;
  }
  return 10 * Math.log10(signal / noise);
}

test('G.722 tables: QMF symmetric with unit gain 2^13, ILB is 2048·2^(i/32)', () => {
  assert.equal(QMF_COEFFICIENTS.length, 24);
  for (let k = 0; k < 24; k++) assert.equal(QMF_COEFFICIENTS[k], QMF_COEFFICIENTS[23 - k]);
  assert.equal(QMF_COEFFICIENTS.reduce((sum, h) => sum + h, 0), 2 ** 13);
  assert.deepEqual(ILB, Array.from({ length: 32 }, (_, i) => Math.round(2048 * 2 ** (i / 32))));
});

test('G.722 encode is bit-exact with ffmpeg on 2.4 s of sweep, speech, noise and full-scale signals', () => {
  const pcm = readFixturePcm('speech-tone-16k.s16le');
  const expected = readFixtureBytes('speech-tone-16k.ffmpeg.g722');
  assert.equal(pcm.length, 38400);
  assertSame(new G722Encoder().encode(pcm), expected, 'one call');
  // 20 ms at a time, as the media worker does.
  const encoder = new G722Encoder();
  assertSame(
    inChunks(pcm, [320], (chunk) => encoder.encode(chunk), (n) => new Uint8Array(n)),
    expected,
    '20 ms frames',
  );
});

test('G.722 decode is bit-exact with ffmpeg on its own bitstream and on random bytes', () => {
  const payload = readFixtureBytes('speech-tone-16k.ffmpeg.g722');
  const expected = readFixturePcm('speech-tone-16k.ffmpeg.g722.s16le');
  assertSame(new G722Decoder().decode(payload), expected, 'one call');
  const decoder = new G722Decoder();
  assertSame(
    inChunks(payload, [160], (chunk) => decoder.decode(chunk), (n) => new Int16Array(n)),
    expected,
    '20 ms packets',
  );
  // Random bytes hit every codeword, including low-band codes 0-3 that no encoder emits.
  const random = readFixtureBytes('random.g722');
  assertSame(new G722Decoder().decode(random), readFixturePcm('random.ffmpeg.g722.s16le'), 'random bytes');
});

test('G.722 state carries across calls: any chunking gives the bytes of one call', () => {
  const pcm = readFixturePcm('speech-tone-16k.s16le');
  const whole = new G722Encoder().encode(pcm);
  for (const sizes of [[320], [2], [160, 480, 2, 318], [640, 0, 6]]) {
    const encoder = new G722Encoder();
    const chunked = inChunks(pcm, sizes, (chunk) => encoder.encode(chunk), (n) => new Uint8Array(n));
    assertSame(chunked, whole, `encode in chunks of ${sizes.join(', ')}`);
    const decoder = new G722Decoder();
    const bytes = sizes.map((size) => size / 2);
    const decoded = inChunks(whole, bytes, (chunk) => decoder.decode(chunk), (n) => new Int16Array(n));
    assertSame(decoded, new G722Decoder().decode(whole), `decode in chunks of ${bytes.join(', ')}`);
  }
});

test('G.722 round trip of a 1 kHz tone keeps its frequency at more than 40 dB SNR', (t) => {
  const input = tone(1000, 10000, RATE);
  const output = new G722Decoder().decode(new G722Encoder().encode(input));
  assert.equal(output.length, input.length);
  const frequency = measuredFrequency(output, 800);
  const snr = snrDb(input, output, CODEC_DELAY, 800);
  t.diagnostic(`1 kHz: ${frequency.toFixed(3)} Hz, SNR ${snr.toFixed(1)} dB`);
  assert.ok(Math.abs(frequency - 1000) < 0.5, `${frequency} Hz`);
  assert.ok(snr > 40, `SNR ${snr} dB`);
});

test('G.722 carries the higher band: a 6 kHz tone keeps its frequency at more than 20 dB SNR', (t) => {
  const input = tone(6000, 10000, RATE);
  const output = new G722Decoder().decode(new G722Encoder().encode(input));
  const frequency = measuredFrequency(output, 800);
  const snr = snrDb(input, output, CODEC_DELAY, 800);
  t.diagnostic(`6 kHz: ${frequency.toFixed(3)} Hz, SNR ${snr.toFixed(1)} dB`);
  assert.ok(Math.abs(frequency - 6000) < 1, `${frequency} Hz`);
  assert.ok(snr > 20, `SNR ${snr} dB`);
});

test('G.722 delay is 22 samples: the cross-correlation of noise peaks there', () => {
  let seed = 12345;
  const noise = Int16Array.from({ length: RATE }, () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return ((seed >>> 16) - 32768) >> 2;
  });
  const output = new G722Decoder().decode(new G722Encoder().encode(noise));
  let bestLag = -1;
  let best = -Infinity;
  for (let lag = 0; lag < 64; lag++) {
    let c = 0;
    for (let i = 0; i + lag < output.length; i++) c += (noise[i] ?? 0) * (output[i + lag] ?? 0);
    if (c > best) {
      best = c;
      bestLag = lag;
    }
  }
  assert.equal(bestLag, CODEC_DELAY);
});

test('G.722 reset returns to the initial state; odd sample counts are refused', () => {
  const pcm = readFixturePcm('speech-tone-16k.s16le').subarray(0, 3200);
  const encoder = new G722Encoder();
  const first = encoder.encode(pcm);
  assert.notDeepEqual(encoder.encode(pcm), first, 'the state moved on');
  encoder.reset();
  assertSame(encoder.encode(pcm), first, 'after reset');
  const decoder = new G722Decoder();
  const decoded = decoder.decode(first);
  decoder.reset();
  assertSame(decoder.decode(first), decoded, 'decoder after reset');
  assert.throws(() => encoder.encode(new Int16Array(3)), RangeError);
});

test('G.722 encoder and decoder objects describe the codec', () => {
  const encoder = new G722Encoder();
  const decoder = new G722Decoder();
  assert.equal(encoder.descriptor, G722);
  assert.equal(decoder.descriptor, G722);
  assert.equal(encoder.sampleRate, 16000);
  assert.equal(decoder.sampleRate, 16000);
  assert.equal(encoder.frameSamples, 320);
  assert.equal(new G722Encoder(160).frameSamples, 160);
  const frame = tone(440, 8000, 320);
  const copy = frame.slice();
  assert.equal(encoder.encode(frame).length, 160);
  assert.deepEqual(frame, copy, 'input untouched');
  assert.equal(decoder.decode(new Uint8Array(160)).length, 320);
});
