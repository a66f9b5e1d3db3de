/**
 * A call-quality estimate: the ITU-T G.107 E-model, simplified for VoIP
 * monitoring, giving an R factor and a MOS.
 *
 *     R = R0 − Id(d) − Ie,eff
 *
 * - R0 = 93.2: Ro − Is (+ A = 0) with every G.107 parameter at its default.
 * - Id(d): the delay impairment for one-way mouth-to-ear delay d ms, by the
 *   widely used fit of the G.107 curve for default echo parameters from
 *   R. G. Cole and J. H. Rosenbluth, "Voice over IP performance monitoring",
 *   ACM SIGCOMM CCR 31(2), 2001:  Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3).
 * - Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)  (G.107), with
 *   Ppl the packet loss in percent and BurstR the burst ratio (1 = random).
 * - MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶ for 0 < R < 100
 *   (G.107 Annex B), 1 below, 4.5 above (and never under 1: the cubic dips
 *   to 0.99 around R = 5).
 *
 * Inputs are sanitised rather than rejected (NaN or negative delay → 0, loss
 * clamped to 0-100 %, BurstR below 1 → 1), so a glitch in the statistics
 * cannot throw out of a quality report.
 */
import type { CodecImpairment } from './codec-impairment';

/** Ro − Is for the G.107 default parameters. */
export const DEFAULT_R0 = 93.2;

/** What the estimate needs. */
export interface CallQualityInput {
  /** One-way mouth-to-ear delay in ms (see {@link oneWayDelayMs}). */
  readonly oneWayDelayMs: number;
  /** Packet loss in percent (0-100), after the jitter buffer if known. */
  readonly packetLossPercent: number;
  /** G.107 BurstR: 1 for random loss, > 1 for bursty loss. Default 1. */
  readonly burstRatio?: number;
  /** The codec's Ie and Bpl. */
  readonly codec: CodecImpairment;
}

/** The estimate. */
export interface CallQuality {
  /** Transmission rating R, 0-100 (93.2 is a perfect narrowband call). */
  readonly rFactor: number;
  /** Mean opinion score, 1-4.5. */
  readonly mos: number;
}

function nonNegative(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The delay impairment Id for one-way delay `delayMs` (Cole & Rosenbluth fit of G.107). */
export function delayImpairment(delayMs: number): number {
  const d = nonNegative(delayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** G.107 effective equipment impairment Ie,eff for `lossPercent` at burst ratio `burstRatio`. */
export function effectiveEquipmentImpairment(codec: CodecImpairment, lossPercent: number, burstRatio = 1): number {
  const ppl = Math.min(100, nonNegative(lossPercent));
  const burstR = Number.isFinite(burstRatio) && burstRatio > 1 ? burstRatio : 1;
  if (ppl === 0) return codec.ie;
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl / burstR + codec.bpl);
}

/** G.107 Annex B: MOS from R. */
export function mosFromR(r: number): number {
  if (!Number.isFinite(r) || r <= 0) return 1;
  if (r >= 100) return 4.5;
  // The cubic dips just under 1 for R below ~6.5; MOS is bounded to 1-4.5.
  return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

/** R factor and MOS for a call. */
export function estimateCallQuality(input: CallQualityInput): CallQuality {
  const r = DEFAULT_R0 - delayImpairment(input.oneWayDelayMs) - effectiveEquipmentImpairment(input.codec, input.packetLossPercent, input.burstRatio ?? 1);
  const rFactor = Math.min(100, Math.max(0, r));
  return { rFactor, mos: mosFromR(rFactor) };
}

/** The parts of the one-way delay we can measure or know. */
export interface DelayParts {
  /** Network RTT from RTCP (halved: the path is assumed symmetric). */
  readonly rttMs?: number;
  /** Current jitter buffer delay. */
  readonly jitterBufferMs?: number;
  /** Packetisation: the audio carried per packet (ptime). */
  readonly packetizationMs?: number;
  /** Codec look-ahead and device buffers, if known. */
  readonly algorithmicDelayMs?: number;
}

/** Estimated one-way delay: RTT/2 + jitter buffer + packetisation + algorithmic delay. */
export function oneWayDelayMs(parts: DelayParts): number {
  return (
    nonNegative(parts.rttMs ?? 0) / 2 +
    nonNegative(parts.jitterBufferMs ?? 0) +
    nonNegative(parts.packetizationMs ?? 0) +
    nonNegative(parts.algorithmicDelayMs ?? 0)
  );
}

/** An RR's fraction lost (0-255) as a percentage. */
export function lossPercentFromFraction(fractionLost: number): number {
  return (Math.min(255, nonNegative(fractionLost)) / 256) * 100;
}
