import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { OpusDecoder } from './opus-decoder';
import { OpusEncoder } from './opus-encoder';
import { OpusError } from './opus-error';
import { opusWasm, opusWasmPath } from './opus-wasm';
import { speechLike } from './test-signals';

test('one instance per process, the SIMD build where WASM SIMD validates', () => {
  const wasm = opusWasm();
  assert.equal(opusWasm(), wasm);
  assert.equal(wasm.build, 'simd'); // Node 20 (V8 11) has WASM SIMD
  assert.ok(existsSync(opusWasmPath('simd')) && existsSync(opusWasmPath('baseline')));
  assert.match(wasm.statusText(-4), /OPUS_INVALID_PACKET: corrupted stream/);
});

test('guard: an exception inside a WASM call becomes OpusError WASM_TRAP with the C stack restored', () => {
  const wasm = opusWasm();
  const before = wasm.api.stackSave();
  assert.throws(
    () =>
      wasm.guard(() => {
        throw new Error('simulated trap');
      }),
    (e: unknown) => e instanceof OpusError && e.code === 'WASM_TRAP',
  );
  assert.equal(wasm.api.stackSave(), before);
  assert.equal(wasm.guard(() => 7), 7);
});

test('memory: 1000 encoders and decoders created, used and disposed do not grow the heap', () => {
  const wasm = opusWasm();
  const pcm = speechLike(960);
  const cycle = (): void => {
    const encoder = new OpusEncoder();
    const decoder = new OpusDecoder();
    decoder.decode(encoder.encode(pcm));
    decoder.conceal(960);
    encoder.dispose();
    decoder.dispose();
  };
  for (let i = 0; i < 10; i++) cycle();
  const live = wasm.liveAllocations;
  const bytes = wasm.memoryBytes;
  for (let i = 0; i < 1000; i++) cycle();
  assert.equal(wasm.liveAllocations, live);
  // 1000 leaked pairs would be ~60 MB of states (≈ 43.5 kB + 18 kB each): the heap would have grown.
  const pair = wasm.api.opus_encoder_get_size(1) + wasm.api.opus_decoder_get_size(1);
  assert.ok(1000 * pair > 50e6);
  assert.equal(wasm.memoryBytes, bytes, `heap grew from ${bytes} to ${wasm.memoryBytes} bytes`);
});

test('memory: live states are counted and freed on dispose; a grown heap keeps working', () => {
  const wasm = opusWasm();
  const live = wasm.liveAllocations;
  // 400 live pairs (~25 MB) force the heap to grow past its initial 16 MiB: views must follow.
  const codecs = Array.from({ length: 400 }, () => [new OpusEncoder(), new OpusDecoder()] as const);
  assert.equal(wasm.liveAllocations, live + 800);
  const pcm = speechLike(960);
  for (const [encoder, decoder] of codecs) assert.equal(decoder.decode(encoder.encode(pcm)).length, 960);
  const grown = wasm.memoryBytes;
  for (const [encoder, decoder] of codecs) {
    encoder.dispose();
    decoder.dispose();
    encoder.dispose();
  }
  assert.equal(wasm.liveAllocations, live);
  // The freed space is reused: as many again fit without growing further.
  const again = Array.from({ length: 400 }, () => [new OpusEncoder(), new OpusDecoder()] as const);
  assert.equal(wasm.memoryBytes, grown);
  for (const [encoder, decoder] of again) {
    encoder.dispose();
    decoder.dispose();
  }
});
