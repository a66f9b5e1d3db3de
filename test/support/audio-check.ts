/**
 * Analyses recorded audio for the call tests: the dominant frequency near an
 * expected tone (Goertzel scan, 0.1 Hz steps) and the RMS level, so a test
 * proves the right tone crossed the call, not just that packets arrived.
 */
import { readFileSync } from 'node:fs';
import { parseWav, toMono } from '../../main/core/media/audio/wav';

/** Mono samples and rate of a WAV file (throws with the reason when unreadable). */
export function readWavMono(path: string): { samples: Int16Array; rate: number } {
  const wav = parseWav(readFileSync(path));
  if (!wav.ok) throw new Error(`${path}: ${wav.error.message}`);
  return { samples: toMono(wav.data), rate: wav.data.sampleRate };
}

function goertzelPower(x: Int16Array, rate: number, freq: number): number {
  const w = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = (x[i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** The frequency with the most energy within ±span Hz of `around`. */
export function dominantFrequency(x: Int16Array, rate: number, around: number, span = 30): number {
  let best = around;
  let bestPower = -1;
  for (let f = around - span; f <= around + span; f += 0.1) {
    const p = goertzelPower(x, rate, f);
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return Math.round(best * 10) / 10;
}

/** RMS level in dBFS (−Infinity for digital silence). */
export function rmsDb(x: Int16Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return 20 * Math.log10(Math.sqrt(sum / Math.max(1, x.length)) / 32768);
}

/** The energy ratio in dB between the tone and an off-tone frequency. */
export function toneMarginDb(x: Int16Array, rate: number, tone: number, off: number): number {
  return 10 * Math.log10(goertzelPower(x, rate, tone) / Math.max(1e-9, goertzelPower(x, rate, off)));
}

/** The samples between `fromS` and `toS` seconds (clamped). */
export function window(x: Int16Array, rate: number, fromS: number, toS: number): Int16Array {
  return x.subarray(Math.min(x.length, Math.floor(fromS * rate)), Math.min(x.length, Math.floor(toS * rate)));
}
