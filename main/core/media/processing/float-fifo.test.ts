import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FloatFifo } from './float-fifo';

test('re-blocks chunks into frames in order, across the ring edge', () => {
  const f = new FloatFifo(10);
  const frame = new Float32Array(4);
  let next = 0;
  const seen: number[] = [];
  for (let round = 0; round < 6; round++) {
    f.push(Float32Array.from({ length: 3 }, () => next++));
    while (f.popInto(frame)) seen.push(...frame);
  }
  assert.deepEqual(seen, Array.from({ length: 16 }, (_, i) => i));
  assert.equal(f.length, 2);
});

test('a full FIFO drops the oldest samples; popInt16 scales, saturates and pads with silence', () => {
  const f = new FloatFifo(4);
  f.push([1, 2, 3, 4, 5, 6]);
  const out = new Int16Array(6);
  assert.equal(f.popInt16(out, 10000), 4);
  assert.deepEqual([...out], [30000, 32767, 32767, 32767, 0, 0]);
  assert.equal(f.popInto(new Float32Array(1)), false);
  f.pushSilence(2);
  f.push(Int16Array.of(-32768), 1 / 32768);
  const got = new Float32Array(3);
  assert.equal(f.popInto(got), true);
  assert.deepEqual([...got], [0, 0, -1]);
});
