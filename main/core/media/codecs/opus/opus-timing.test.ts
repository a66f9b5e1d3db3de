/**
 * Cost per 20 ms frame of our WASM glue against the package's native addon,
 * reported (as test diagnostics), never asserted: timings depend on the
 * machine and its load. V8 runs WASM first with its baseline compiler
 * (Liftoff) and tiers hot functions up to TurboFan after enough work, so the
 * first seconds of a stream cost several times the steady state: both are
 * shown. Each figure is the median (and the minimum) over batches of 100 frames.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decoder as NativeDecoder, Encoder as NativeEncoder } from '@evan/opus';
import { OpusDecoder } from './opus-decoder';
import { OpusEncoder } from './opus-encoder';
import { opusWasm } from './opus-wasm';
import { frames, speechLike } from './test-signals';

const BATCH = 100;

/** µs per call: median and minimum over `batches` batches of {@link BATCH} calls of `run(i)`. */
function time(batches: number, run: (i: number) => void): { median: number; min: number } {
  const perCall: number[] = [];
  let i = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k++) run(i++);
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
  }
  perCall.sort((a, b) => a - b);
  return { median: perCall[Math.floor(perCall.length / 2)] ?? NaN, min: perCall[0] ?? NaN };
}

function show(label: string, t: { median: number; min: number }): string {
  return `${label.padEnd(44)} ${t.median.toFixed(0).padStart(6)} µs median ${t.min.toFixed(0).padStart(6)} µs min`;
}

test('timings per 20 ms frame, 48 kHz mono, 32 kbit/s, FEC, SIMD WASM vs native (reported, not asserted)', (t) => {
  const pcm = frames(speechLike(2 * 48000), 960);
  const frame = (i: number): Int16Array => pcm[i % pcm.length] ?? new Int16Array(960);
  const lines: string[] = [`build: ${opusWasm().build}`];

  const encoder = new OpusEncoder();
  const decoder = new OpusDecoder();
  const packets = pcm.map((f) => encoder.encode(f));
  const packet = (i: number): Uint8Array => packets[i % packets.length] ?? new Uint8Array(1);
  encoder.reset();
  lines.push(show('WASM encode, cx 5, cold (first 100 frames)', time(1, (i) => encoder.encode(frame(i)))));
  lines.push(show('WASM decode, cold (first 100 frames)', time(1, (i) => decoder.decode(packet(i)))));
  time(25, (i) => encoder.encode(frame(i))); // warm up: let V8 tier the hot functions up
  time(25, (i) => decoder.decode(packet(i)));
  const encode = time(10, (i) => encoder.encode(frame(i)));
  const decode = time(10, (i) => decoder.decode(packet(i)));
  lines.push(show('WASM encode, cx 5, warm', encode));
  lines.push(show('WASM decode, warm', decode));
  lines.push(show('WASM PLC (conceal 960), warm', time(5, () => decoder.conceal(960))));
  lines.push(show('WASM FEC (decodeFec of the next packet)', time(5, (i) => decoder.decodeFec(packet(i + 10), 960))));
  const cx10 = new OpusEncoder({ complexity: 10 });
  time(10, (i) => cx10.encode(frame(i)));
  lines.push(show('WASM encode, cx 10, warm', time(10, (i) => cx10.encode(frame(i)))));

  const nativeEncoder = new NativeEncoder({ channels: 1, sample_rate: 48000, application: 'voip' });
  nativeEncoder.bitrate = 32000;
  nativeEncoder.complexity = 5;
  nativeEncoder.inband_fec = true;
  nativeEncoder.packet_loss = 10;
  const nativeDecoder = new NativeDecoder({ channels: 1, sample_rate: 48000 });
  time(5, (i) => nativeEncoder.encode(frame(i)));
  time(5, (i) => nativeDecoder.decode(packet(i)));
  const nativeEncode = time(10, (i) => nativeEncoder.encode(frame(i)));
  const nativeDecode = time(10, (i) => nativeDecoder.decode(packet(i)));
  lines.push(show('native @evan/opus Encoder.encode, cx 5', nativeEncode));
  lines.push(show('native @evan/opus Decoder.decode', nativeDecode));
  nativeEncoder.complexity = 10;
  time(5, (i) => nativeEncoder.encode(frame(i)));
  lines.push(show('native @evan/opus Encoder.encode, cx 10', time(10, (i) => nativeEncoder.encode(frame(i)))));
  lines.push(`WASM / native (medians): encode ×${(encode.median / nativeEncode.median).toFixed(1)}, decode ×${(decode.median / nativeDecode.median).toFixed(1)}`);

  for (const line of lines) t.diagnostic(line);
  for (const v of [encode, decode, nativeEncode, nativeDecode]) assert.ok(v.median > 0 && Number.isFinite(v.median));
  encoder.dispose();
  decoder.dispose();
  cx10.dispose();
});
