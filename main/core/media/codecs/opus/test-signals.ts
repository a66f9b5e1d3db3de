/**
 * Signals and measurements for the Opus tests and timings: tones, a
 * speech-like test signal, SNR, delay search, frequency estimates. Pure
 * functions over `Int16Array`, no codec involved.
 */

/** `n` samples of a sine at `freq` Hz, starting at sample `offset` of an endless tone. */
export function tone(freq: number, n: number, options: { readonly rate?: number; readonly amplitude?: number; readonly offset?: number } = {}): Int16Array {
  const { rate = 48000, amplitude = 10000, offset = 0 } = options;
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * freq * (i + offset)) / rate)));
}

/**
 * A deterministic voiced, speech-like signal at 48 kHz: 12 harmonics of a
 * pitch gliding between 110 and 230 Hz, shaped by two formant-like bumps
 * that move, with a 4 Hz syllable envelope. It changes within every 20 ms,
 * so a frame cannot be guessed from the one before (unlike a steady tone).
 */
export function speechLike(n: number, rate = 48000): Int16Array {
  const out = new Int16Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const f0 = 170 + 60 * Math.sin(2 * Math.PI * 1.3 * t) + 20 * Math.sin(2 * Math.PI * 5.1 * t);
    phase += (2 * Math.PI * f0) / rate;
    const f1 = 600 + 250 * Math.sin(2 * Math.PI * 2.2 * t);
    const f2 = 1700 + 500 * Math.sin(2 * Math.PI * 1.7 * t + 1);
    let v = 0;
    for (let h = 1; h <= 12; h++) {
      const fh = h * f0;
      const gain = Math.exp(-(((fh - f1) / 300) ** 2)) + 0.6 * Math.exp(-(((fh - f2) / 400) ** 2)) + 0.05;
      v += (gain * Math.sin(h * phase)) / h;
    }
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    out[i] = Math.round(9000 * envelope * v);
  }
  return out;
}

/** Root mean square. */
export function rms(x: Int16Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return x.length === 0 ? 0 : Math.sqrt(s / x.length);
}

/** SNR in dB of `test` against `reference` (same length, already aligned). */
export function snrDb(reference: Int16Array, test: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    const d = r - (test[i] ?? 0);
    signal += r * r;
    noise += d * d;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-9));
}

/** The delay (0..maxLag samples) by which `output` lags `input`, by normalised cross-correlation. */
export function bestLag(input: Int16Array, output: Int16Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  const n = Math.min(input.length, output.length - maxLag);
  for (let lag = 0; lag <= maxLag; lag++) {
    let xy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const x = input[i] ?? 0;
      const y = output[i + lag] ?? 0;
      xy += x * y;
      yy += y * y;
    }
    const score = xy / Math.sqrt(yy || 1);
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

/** Frequency estimate by counting zero crossings. */
export function zeroCrossingHz(x: Int16Array, rate = 48000): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] ?? 0) < 0 !== (x[i] ?? 0) < 0) crossings++;
  return (crossings / 2) * (rate / x.length);
}

/**
 * Share (0-1) of the signal's energy explained by a sinusoid at `freq`: the
 * least-squares fit of `a·sin + b·cos`, projected (1 for a pure tone at
 * `freq`, near 0 for other frequencies or noise).
 */
export function toneShare(x: Int16Array, freq: number, rate = 48000): number {
  let ss = 0;
  let sc = 0;
  let cc = 0;
  let xs = 0;
  let xc = 0;
  let xx = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0;
    const s = Math.sin((2 * Math.PI * freq * i) / rate);
    const c = Math.cos((2 * Math.PI * freq * i) / rate);
    ss += s * s;
    sc += s * c;
    cc += c * c;
    xs += v * s;
    xc += v * c;
    xx += v * v;
  }
  const det = ss * cc - sc * sc;
  if (xx === 0 || det === 0) return 0;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  return (a * xs + b * xc) / xx;
}

/** Splits `signal` into consecutive frames of `frame` samples (a short tail is dropped). */
export function frames(signal: Int16Array, frame: number): Int16Array[] {
  const out: Int16Array[] = [];
  for (let at = 0; at + frame <= signal.length; at += frame) out.push(signal.subarray(at, at + frame));
  return out;
}

/** Concatenates PCM chunks. */
export function concat(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export { seededRandom } from '../../../../common/seeded-random';
