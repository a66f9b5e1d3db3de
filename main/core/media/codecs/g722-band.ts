/**
 * The state of one G.722 sub-band ADPCM and its backward adaptation, shared
 * by encoder and decoder (which must stay in step bit for bit):
 *
 * - blocks 3L/3H, LOGSCL + SCALEL / LOGSCH + SCALEH: the quantiser scale
 *   factor, adapted in the log domain from the magnitude of each codeword;
 * - block 4L/4H: the adaptive predictor, a pole section of order 2 (a1, a2) on
 *   the reconstructed signal and a zero section of order 6 (b1..b6) on the
 *   quantised difference signal, with their sign-sign coefficient updates
 *   (RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC).
 *
 * All arithmetic is the specification's 16-bit fixed point; every product
 * fits in an int32, so `>>` is exact.
 */
import * as fixedPoint from './fixed-point';
import * as tables from './g722-tables';

// Module-local copies: the hot paths read locals, not imported bindings (which
// some loaders, tsx among them, turn into getter calls).
const { clamp, saturate16 } = fixedPoint;
const ILB = Int32Array.from(tables.ILB);

/** What differs between the lower and the higher band's scale factor adaptation. */
export interface BandScaling {
  /** DETL/DETH after reset: 32 (lower), 8 (higher). */
  readonly initialDet: number;
  /** The upper limit of NBL/NBH: 18432 (lower), 22528 (higher). */
  readonly maxLogScale: number;
  /** The exponent offset of SCALEL/SCALEH: 8 (lower), 10 (higher). */
  readonly scaleShift: number;
}

/** Lower band (0-4 kHz) scaling, blocks 3L. */
export const LOWER_BAND: BandScaling = { initialDet: 32, maxLogScale: 18432, scaleShift: 8 };
/** Higher band (4-8 kHz) scaling, blocks 3H. */
export const HIGHER_BAND: BandScaling = { initialDet: 8, maxLogScale: 22528, scaleShift: 10 };

const ZEROS = 6;

/** One sub-band's ADPCM state. Fields use the specification's names without the L/H suffix. */
export class SubBand {
  readonly scaling: BandScaling;
  /** s: the predicted signal, for the next sample. */
  s = 0;
  /** sz: the zero section's part of s. */
  sz = 0;
  /** det: the quantiser scale factor. */
  det: number;
  /** nb: the log-domain scale factor. */
  nb = 0;
  /** a1, a2: pole section coefficients. */
  a1 = 0;
  a2 = 0;
  /** b1..b6: zero section coefficients (index 0 = b1). */
  readonly b = new Int32Array(ZEROS);
  /** d(n-1)..d(n-6): past quantised differences (index 0 = most recent). */
  readonly d = new Int32Array(ZEROS);
  /** r(n-1), r(n-2): past reconstructed signals. */
  r1 = 0;
  r2 = 0;
  /** Signs of the past partially reconstructed signals p(n-1), p(n-2) (only their signs are used). */
  p1Negative = false;
  p2Negative = false;

  constructor(scaling: BandScaling) {
    this.scaling = scaling;
    this.det = scaling.initialDet;
  }

  reset(): void {
    this.s = 0;
    this.sz = 0;
    this.det = this.scaling.initialDet;
    this.nb = 0;
    this.a1 = 0;
    this.a2 = 0;
    this.b.fill(0);
    this.d.fill(0);
    this.r1 = 0;
    this.r2 = 0;
    this.p1Negative = false;
    this.p2Negative = false;
  }

  /**
   * LOGSCL/LOGSCH then SCALEL/SCALEH: leaks the log scale factor by 127/128,
   * adds the codeword's multiplier `logStep` (WL or WH), limits it, and turns
   * it into the linear `det` through the inverse-log table.
   */
  adaptScale(logStep: number): void {
    const nb = clamp(((this.nb * 127) >> 7) + logStep, 0, this.scaling.maxLogScale);
    this.nb = nb;
    const mantissa = ILB[(nb >> 6) & 31] ?? 0;
    const shift = this.scaling.scaleShift - (nb >> 11);
    this.det = (shift < 0 ? mantissa << -shift : mantissa >> shift) << 2;
  }

  /**
   * Block 4: takes the quantised difference `dq` of this sample, updates the
   * predictor coefficients and history, and computes `s` for the next sample.
   */
  adaptPredictor(dq: number): void {
    // RECONS and PARREC: reconstructed and partially reconstructed signals.
    const r = saturate16(this.s + dq);
    const pNegative = this.sz + dq < 0;

    // UPPOL2: second pole coefficient, sign-sign with leakage, |a2| <= 0.75.
    const same1 = pNegative === this.p1Negative;
    const same2 = pNegative === this.p2Negative;
    const a1x4 = saturate16(this.a1 * 4);
    const a1Term = Math.min(same1 ? -a1x4 : a1x4, 32767) >> 7;
    const a2 = clamp(a1Term + (same2 ? 128 : -128) + ((this.a2 * 32512) >> 15), -12288, 12288);

    // UPPOL1: first pole coefficient, |a1| <= 1 - 2^-4 - a2.
    const a1Limit = saturate16(15360 - a2);
    const a1 = clamp(saturate16((same1 ? 192 : -192) + ((this.a1 * 32640) >> 15)), -a1Limit, a1Limit);

    // UPZERO: the six zero coefficients, sign-sign on d(n) × d(n-i), with leakage.
    const b = this.b;
    const d = this.d;
    const step = dq === 0 ? 0 : 128;
    const dqNegative = dq < 0;
    for (let i = 0; i < ZEROS; i++) {
      const agree = (d[i] ?? 0) < 0 === dqNegative;
      b[i] = saturate16((agree ? step : -step) + (((b[i] ?? 0) * 32640) >> 15));
    }

    // DELAYA: shift the histories.
    d.copyWithin(1, 0, ZEROS - 1);
    d[0] = dq;
    this.r2 = this.r1;
    this.r1 = r;
    this.p2Negative = this.p1Negative;
    this.p1Negative = pNegative;
    this.a1 = a1;
    this.a2 = a2;

    // FILTEP: pole section output on r(n), r(n-1).
    const sp = saturate16(((a1 * saturate16(2 * r)) >> 15) + ((a2 * saturate16(2 * this.r2)) >> 15));

    // FILTEZ: zero section output on d(n)..d(n-5).
    let sz = 0;
    for (let i = 0; i < ZEROS; i++) sz += ((b[i] ?? 0) * saturate16(2 * (d[i] ?? 0))) >> 15;
    this.sz = saturate16(sz);

    // PREDIC: the prediction for the next sample.
    this.s = saturate16(sp + this.sz);
  }
}
