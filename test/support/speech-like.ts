/**
 * Deterministic test signals for the audio processors (48 kHz Int16):
 * speech-like sound (a gliding harmonic voice, gated into syllables), a
 * synthetic room echo path, stationary noise, and the energy figures the
 * tests and the benchmark assert on. A seeded generator keeps every run the
 * same.
 */
import { seededRandom } from '../../main/common/seeded-random';

/** A small seeded PRNG (the project's one mulberry32). */
export const seeded = seededRandom;

/**
 * Speech-like: a voice whose pitch glides around `pitchHz` with 12 harmonics
 * (falling 6 dB/octave), amplitude-modulated into ~200 ms syllables with
 * pauses, plus a little breath noise. Peak about -6 dBFS.
 */
export function speechLike(seconds: number, o: { pitchHz?: number; seed?: number; rate?: number } = {}): Float64Array {
  const rate = o.rate ?? 48000;
  const rnd = seeded(o.seed ?? 1);
  const n = Math.round(seconds * rate);
  const out = new Float64Array(n);
  const base = o.pitchHz ?? 140;
  let phase = 0;
  let syllableEnd = 0;
  let syllableStart = 0;
  let voiced = true;
  for (let i = 0; i < n; i++) {
    if (i >= syllableEnd) {
      syllableStart = i;
      voiced = rnd() > 0.25;
      syllableEnd = i + Math.round((0.12 + rnd() * 0.2) * rate);
    }
    const t = i / rate;
    const f0 = base * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t) + 0.05 * Math.sin(2 * Math.PI * 3.1 * t));
    phase += (2 * Math.PI * f0) / rate;
    let v = 0;
    for (let h = 1; h <= 12; h++) v += Math.sin(h * phase) / h;
    const pos = (i - syllableStart) / Math.max(1, syllableEnd - syllableStart);
    const envelope = voiced ? Math.sin(Math.PI * pos) ** 2 : 0;
    out[i] = 0.5 * 0.6 * v * envelope + 0.01 * (rnd() * 2 - 1) * envelope;
  }
  return out;
}

/** A room echo path: `delayMs` of pure delay, then a decaying random tail of `tailMs`, overall gain `gain`. */
export function echoPath(o: { delayMs: number; tailMs?: number; gain?: number; seed?: number; rate?: number }): Float64Array {
  const rate = o.rate ?? 48000;
  const rnd = seeded(o.seed ?? 7);
  const delay = Math.round((o.delayMs / 1000) * rate);
  const tail = Math.round(((o.tailMs ?? 30) / 1000) * rate);
  const h = new Float64Array(delay + tail);
  let energy = 0;
  for (let k = 0; k < tail; k++) {
    const v = (rnd() * 2 - 1) * Math.exp(-k / (tail / 5));
    h[delay + k] = v;
    energy += v * v;
  }
  const scale = (o.gain ?? 0.5) / Math.sqrt(energy);
  for (let k = delay; k < h.length; k++) h[k] = (h[k] ?? 0) * scale;
  return h;
}

/** `x` convolved with the sparse-at-start impulse response `h` (same length as x). */
export function convolve(x: Float64Array, h: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  let first = 0;
  while (first < h.length && h[first] === 0) first++;
  for (let i = 0; i < x.length; i++) {
    let acc = 0;
    const kMax = Math.min(h.length - 1, i);
    for (let k = first; k <= kMax; k++) acc += (h[k] ?? 0) * (x[i - k] ?? 0);
    y[i] = acc;
  }
  return y;
}

/** White noise at `db` dBFS RMS. */
export function whiteNoise(seconds: number, db: number, seed = 3, rate = 48000): Float64Array {
  const rnd = seeded(seed);
  const amp = 10 ** (db / 20) * Math.sqrt(3);
  return Float64Array.from({ length: Math.round(seconds * rate) }, () => amp * (rnd() * 2 - 1));
}

/** A sine at `freq` Hz and `db` dBFS peak. */
export function sine(seconds: number, freq: number, db: number, rate = 48000): Float64Array {
  const amp = 10 ** (db / 20);
  return Float64Array.from({ length: Math.round(seconds * rate) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** Sum of signals (same length as the first). */
export function add(a: Float64Array, ...rest: Float64Array[]): Float64Array {
  return a.map((v, i) => rest.reduce((s, r) => s + (r[i] ?? 0), v));
}

/** Float (-1..1) to Int16 with saturation. */
export function toInt16(x: Float64Array): Int16Array {
  return Int16Array.from(x, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
}

/** Energy (sum of squares) of `x` between sample indexes. */
export function energy(x: ArrayLike<number>, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) ** 2;
  return e;
}

/** Mean power of `x` between sample indexes. */
export function meanPower(x: ArrayLike<number>, from = 0, to = x.length): number {
  return energy(x, from, to) / Math.max(1, to - from);
}

/** Mean power of the sine at `freq` in `x` (Goertzel, one bin) between sample indexes. */
export function tonePower(x: ArrayLike<number>, freq: number, from = 0, to = x.length, rate = 48000): number {
  const w = (2 * Math.PI * freq) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s = (x[i] ?? 0) + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const n = to - from;
  return (2 * (s1 * s1 + s2 * s2 - c * s1 * s2)) / (n * n);
}
