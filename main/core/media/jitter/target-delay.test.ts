import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TargetDelay } from './target-delay';

const options = { windowPackets: 100, quantile: 0.95, marginMs: 0, minDelayMs: 20, maxDelayMs: 300, decayMs: 1000, initialDelayMs: 60 };

test('starts at the initial target, then follows the percentile spread within the bounds', () => {
  const t = new TargetDelay(options);
  assert.equal(t.ms, 60);
  for (let i = 0; i < 100; i++) t.observe(100 + (i % 50)); // spread 0..49
  assert.equal(t.minTransitMs, 100);
  assert.equal(t.rawMs, 47); // 95th percentile of 0..49 (nearest rank)
  t.observe(2000);
  assert.ok(t.rawMs <= 300);
});

test('rises at once, falls with the decay time constant', () => {
  const t = new TargetDelay({ ...options, initialDelayMs: 20 });
  for (let i = 0; i < 100; i++) t.observe(i % 2 === 0 ? 0 : 100);
  assert.equal(t.update(20), 100, 'up on the next update');
  for (let i = 0; i < 100; i++) t.observe(0); // the jitter is gone from the window
  assert.equal(t.rawMs, 20);
  const after1s = t.update(1000);
  assert.ok(Math.abs(after1s - (20 + 80 / Math.E)) < 1e-9, `${after1s}`);
  t.update(10_000);
  assert.ok(t.ms - 20 < 0.01);
});

test('a stream reset keeps the target as the prior', () => {
  const t = new TargetDelay(options);
  for (let i = 0; i < 100; i++) t.observe(i % 2 === 0 ? 0 : 150);
  t.update(20);
  t.resetWindow();
  assert.equal(t.minTransitMs, undefined);
  assert.equal(t.update(20), 150);
});
