import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InterarrivalJitter } from './interarrival-jitter';

test('constant transit: zero jitter', () => {
  const j = new InterarrivalJitter(8000);
  for (let i = 0; i < 100; i++) j.observe(i * 20 + 40, i * 160);
  assert.equal(j.ms, 0);
  assert.equal(j.timestampUnits, 0);
});

test('transit alternating by 10 ms converges to 10 ms (80 units at 8 kHz), as RFC 3550 A.8 computes it', () => {
  const j = new InterarrivalJitter(8000);
  for (let i = 0; i < 500; i++) j.observe(i * 20 + (i % 2 === 0 ? 40 : 50), i * 160);
  assert.ok(Math.abs(j.ms - 10) < 1e-6);
  assert.equal(j.timestampUnits, 79); // floor of a value just under 80
  j.reset();
  assert.equal(j.ms, 0);
});
