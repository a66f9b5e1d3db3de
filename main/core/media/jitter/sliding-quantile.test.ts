import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SlidingQuantile } from './sliding-quantile';

test('percentiles by nearest rank over the window', () => {
  const w = new SlidingQuantile(100);
  assert.equal(w.quantile(0.5), undefined);
  for (let i = 100; i >= 1; i--) w.push(i);
  assert.equal(w.min(), 1);
  assert.equal(w.quantile(0.95), 95);
  assert.equal(w.quantile(0.5), 50);
  assert.equal(w.quantile(1), 100);
  assert.equal(w.quantile(0), 1);
});

test('old samples leave the window in arrival order', () => {
  const w = new SlidingQuantile(3);
  w.push(10);
  w.push(1);
  w.push(5);
  assert.equal(w.min(), 1);
  w.push(7); // 10 leaves
  assert.equal(w.quantile(1), 7);
  w.push(8); // 1 leaves
  assert.equal(w.min(), 5);
  assert.equal(w.size, 3);
  w.push(5); // duplicates are fine: 5 leaves, 5 enters
  assert.deepEqual([w.quantile(0), w.quantile(0.5), w.quantile(1)], [5, 7, 8]);
  w.clear();
  assert.equal(w.size, 0);
  assert.equal(w.min(), undefined);
});

test('a bad capacity is refused', () => {
  assert.throws(() => new SlidingQuantile(0), RangeError);
});
