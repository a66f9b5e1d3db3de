import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dtmfFeedback, ToneGenerator, TONES } from './tone-generator';

/** Goertzel power of `freq` in `x`, normalised by length. */
function power(x: Int16Array, freq: number, rate: number): number {
  const k = (2 * Math.cos((2 * Math.PI * freq) / rate));
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s = v + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (x.length * x.length);
}
const rms = (x: Int16Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length));

test('ringback is 440+480 Hz for 2 s, then 4 s of silence, and repeats', () => {
  const g = new ToneGenerator(TONES.ringback, 8000);
  const on = g.next(16000);
  const off = g.next(32000);
  const again = g.next(8000);
  assert.ok(power(on, 440, 8000) > 100 * power(on, 1000, 8000), '440 Hz present');
  assert.ok(power(on, 480, 8000) > 100 * power(on, 1000, 8000), '480 Hz present');
  assert.equal(rms(off), 0, 'silent between rings');
  assert.ok(rms(again) > 1000, 'the cadence repeats');
});

test('frames of any size join without a discontinuity (phase is kept across calls)', () => {
  const whole = new ToneGenerator(TONES['ringback-eu'], 16000).next(8000);
  const g = new ToneGenerator(TONES['ringback-eu'], 16000);
  const parts = [g.next(321), g.next(1), g.next(7678)];
  const joined = Int16Array.from(parts.flatMap((p) => [...p]));
  assert.deepEqual([...joined], [...whole]);
});

test('segments ramp in: no click at the start of a ring', () => {
  const g = new ToneGenerator(TONES.ringtone, 48000);
  const first = g.next(48);
  assert.ok(Math.abs(first[0] ?? 0) < 200, `first sample ${first[0]}`);
});

test('DTMF feedback is the key\'s pair for 100 ms, once', () => {
  const p = dtmfFeedback('5');
  assert.ok(p);
  const g = new ToneGenerator(p, 8000);
  const tone = g.next(800);
  assert.ok(power(tone, 770, 8000) > 50 * power(tone, 1209, 8000), 'row 770 Hz, not column 1209');
  assert.ok(power(tone, 1336, 8000) > 50 * power(tone, 1477, 8000), 'column 1336 Hz');
  assert.equal(g.finished, true);
  assert.equal(rms(g.next(800)), 0, 'nothing after the press');
  assert.equal(dtmfFeedback('x'), undefined);
});
