/**
 * The transmit and receive quadrature mirror filters of ITU-T G.722: a
 * 24-tap FIR pair that splits 16 kHz PCM into a 0-4 kHz and a 4-8 kHz band,
 * each at 8 kHz, and merges them back.
 *
 * Both run as two 12-tap polyphase branches: the even taps h0, h2, ..., h22
 * and the odd taps h1, h3, ..., h23, each fed one sample per pair. The
 * arithmetic is the specification's fixed point with 16-bit PCM in and out
 * (the scaling ffmpeg and spandsp use): analysis `>> 14`, synthesis `>> 11`
 * then saturation.
 */
import * as fixedPoint from './fixed-point';
import { QMF_COEFFICIENTS } from './g722-tables';

// A module-local copy for the per-sample loop (see g722-band.ts).
const { saturate16 } = fixedPoint;

const TAPS = 12;
const EVEN_TAPS = Int32Array.from({ length: TAPS }, (_, i) => QMF_COEFFICIENTS[2 * i] ?? 0);
const ODD_TAPS = Int32Array.from({ length: TAPS }, (_, i) => QMF_COEFFICIENTS[2 * i + 1] ?? 0);

/**
 * The last 12 inputs of one polyphase branch. Stored twice in a 24-slot array
 * so that `values[head + k]` is always the input k steps ago, without wrapping.
 */
class TapLine {
  readonly #values = new Int32Array(2 * TAPS);
  #head = 0;

  push(value: number): void {
    this.#head = this.#head === 0 ? TAPS - 1 : this.#head - 1;
    this.#values[this.#head] = value;
    this.#values[this.#head + TAPS] = value;
  }

  /** Σ taps[k] × (input k steps ago). Exact in int32 for 16-bit inputs. */
  filter(taps: Int32Array): number {
    const values = this.#values;
    const head = this.#head;
    let sum = 0;
    for (let k = 0; k < TAPS; k++) sum += (taps[k] ?? 0) * (values[head + k] ?? 0);
    return sum;
  }

  reset(): void {
    this.#values.fill(0);
    this.#head = 0;
  }
}

/** Transmit QMF: two 16 kHz samples in, one low-band and one high-band sample out. */
export class QmfAnalysis {
  /** Inputs x(j), x(j-2), ...: the second sample of each pair. */
  readonly #second = new TapLine();
  /** Inputs x(j-1), x(j-3), ...: the first sample of each pair. */
  readonly #first = new TapLine();
  /** The low-band sample xL of the last pair. */
  low = 0;
  /** The high-band sample xH of the last pair. */
  high = 0;

  /** Filters the pair (`first`, `second`) in time order; the results are in `low` and `high`. */
  split(first: number, second: number): void {
    this.#first.push(first);
    this.#second.push(second);
    const xa = this.#second.filter(EVEN_TAPS);
    const xb = this.#first.filter(ODD_TAPS);
    this.low = (xa + xb) >> 14;
    this.high = (xa - xb) >> 14;
  }

  reset(): void {
    this.#first.reset();
    this.#second.reset();
    this.low = 0;
    this.high = 0;
  }
}

/** Receive QMF: one low-band and one high-band sample in, two 16 kHz samples out. */
export class QmfSynthesis {
  /** rL − rH history, filtered by the even taps into the first output sample. */
  readonly #difference = new TapLine();
  /** rL + rH history, filtered by the odd taps into the second output sample. */
  readonly #sum = new TapLine();
  /** The earlier output sample of the last call. */
  first = 0;
  /** The later output sample of the last call. */
  second = 0;

  /** Merges one sub-band pair; the two output samples are in `first` and `second`. */
  merge(low: number, high: number): void {
    this.#difference.push(low - high);
    this.#sum.push(low + high);
    this.first = saturate16(this.#difference.filter(EVEN_TAPS) >> 11);
    this.second = saturate16(this.#sum.filter(ODD_TAPS) >> 11);
  }

  reset(): void {
    this.#difference.reset();
    this.#sum.reset();
    this.first = 0;
    this.second = 0;
  }
}
