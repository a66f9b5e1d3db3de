import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createResampler } from './resampler';

/** Frequency estimate by zero crossings. */
function frequency(x: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if (((x[i - 1] ?? 0) < 0) !== ((x[i] ?? 0) < 0)) crossings++;
  return (crossings / 2) * (rate / x.length);
}

function tone(freq: number, rate: number, n: number, offset = 0): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * freq * (i + offset)) / rate)));
}

test('48 kHz → 8 kHz in 20 ms chunks keeps the tone and the sample count', async () => {
  const r = await createResampler(48000, 8000);
  const out: number[] = [];
  for (let k = 0; k < 50; k++) out.push(...r.process(tone(440, 48000, 960, k * 960)));
  r.dispose();
  assert.ok(Math.abs(out.length - 8000) <= 2, `${out.length} samples for one second`);
  const steady = Int16Array.from(out.slice(800));
  assert.ok(Math.abs(frequency(steady, 8000) - 440) < 3, `${frequency(steady, 8000)} Hz`);
});

test('8 kHz → 48 kHz and equal rates', async () => {
  const up = await createResampler(8000, 48000);
  let n = 0;
  const chunks: Int16Array[] = [];
  for (let k = 0; k < 25; k++) {
    const o = up.process(tone(1000, 8000, 160, k * 160));
    n += o.length;
    chunks.push(o);
  }
  up.dispose();
  assert.ok(Math.abs(n - 24000) <= 3, `${n}`);
  const same = await createResampler(16000, 16000);
  const x = tone(300, 16000, 320);
  assert.equal(same.process(x), x);
});

test('anti-aliasing: a 6 kHz tone resampled to 8 kHz is removed, not folded to 2 kHz', async () => {
  const r = await createResampler(48000, 8000);
  const out: number[] = [];
  for (let k = 0; k < 25; k++) out.push(...r.process(tone(6000, 48000, 960, k * 960)));
  r.dispose();
  const rms = Math.sqrt(out.slice(400).reduce((s, v) => s + v * v, 0) / (out.length - 400));
  assert.ok(rms < 200, `rms ${rms.toFixed(0)} of a 12000-amplitude tone leaked through`);
});
