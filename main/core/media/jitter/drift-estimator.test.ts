import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DriftEstimator } from './drift-estimator';
import { seededRandom } from './jitter-simulation';

test('a transit falling 0.3 ms per second reads as a sender 300 ppm fast, despite jitter', () => {
  const random = seededRandom(1);
  const d = new DriftEstimator();
  for (let t = 0; t < 9_000; t += 20) d.observe(t, 50 - 0.0003 * t + 30 * random());
  assert.equal(d.ppm(), undefined, 'no estimate before ten one-second buckets');
  for (let t = 9_000; t < 60_000; t += 20) d.observe(t, 50 - 0.0003 * t + 30 * random());
  const ppm = d.ppm();
  assert.ok(ppm !== undefined && Math.abs(ppm - 300) < 20, `estimated ${ppm}`);
  d.reset();
  assert.equal(d.ppm(), undefined);
});

test('a slow sender reads negative', () => {
  const d = new DriftEstimator();
  for (let t = 0; t < 30_000; t += 20) d.observe(t, 0.0002 * t);
  assert.ok(Math.abs((d.ppm() ?? 0) + 200) < 1);
});
