/**
 * The adaptive target delay of the jitter buffer: how long after the fastest
 * packets we should play so that all but a small fraction of packets are in
 * time.
 *
 * Each packet gives a relative transit `r = arrivalMs - timestampMs` (an
 * unknown constant offset plus the network delay). Over a sliding window of
 * the last packets:
 *
 *   raw target = clamp(P_q(r) - min(r) + margin, minDelay, maxDelay)
 *
 * i.e. the `q`-th percentile of how much later than the fastest packet a
 * packet arrives. The smoothed target rises at once to a higher raw value
 * (the next tick after a late packet enters the window) and falls
 * exponentially toward a lower one with time constant `decayMs`, only after
 * the late samples have left the window: fast attack, slow release, so a
 * burst of jitter is absorbed at once and a lull does not make us
 * over-confident.
 *
 * Why a windowed percentile rather than the RFC 3550 interarrival jitter:
 * the RFC figure is a smoothed mean of consecutive-packet differences, which
 * under-estimates the tail that causes late loss (a single 100 ms spike moves
 * it by 6 ms). We still compute it for RTCP (see `interarrival-jitter.ts`).
 */
import { SlidingQuantile } from './sliding-quantile';

/** Tuning of {@link TargetDelay}. All times in ms. */
export interface TargetDelayOptions {
  /** Packets in the sliding window (150 = 3 s at 20 ms). */
  readonly windowPackets: number;
  /** Percentile of the relative delay to cover, in (0, 1]. */
  readonly quantile: number;
  /** Added to the percentile spread. */
  readonly marginMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Time constant of the fall toward a lower raw target. */
  readonly decayMs: number;
  /** The target before any jitter has been measured. */
  readonly initialDelayMs: number;
}

/** Fast-attack, slow-release target delay over a window of relative transits. */
export class TargetDelay {
  private readonly window: SlidingQuantile;
  private smoothed: number;

  constructor(private readonly options: TargetDelayOptions) {
    this.window = new SlidingQuantile(options.windowPackets);
    this.smoothed = this.clamp(options.initialDelayMs);
  }

  /** Records the relative transit (arrival ms − RTP timestamp ms) of one packet. */
  observe(relativeTransitMs: number): void {
    this.window.push(relativeTransitMs);
  }

  /** Transit of the fastest packet in the window (the playout reference), or undefined before the first packet. */
  get minTransitMs(): number | undefined {
    return this.window.min();
  }

  /** The `q`-th percentile of the transit in the window, or undefined before the first packet. */
  get highTransitMs(): number | undefined {
    return this.window.quantile(this.options.quantile);
  }

  /** The unsmoothed target from the current window (the current target while the window is empty). */
  get rawMs(): number {
    const low = this.window.min();
    const high = this.window.quantile(this.options.quantile);
    if (low === undefined || high === undefined) return this.smoothed;
    return this.clamp(high - low + this.options.marginMs);
  }

  /** The current (smoothed) target delay. */
  get ms(): number {
    return this.smoothed;
  }

  /**
   * Advances the smoothing by `elapsedMs` and returns the new target: a
   * higher raw target is taken at once, a lower one approached with time
   * constant `decayMs`.
   */
  update(elapsedMs: number): number {
    const raw = this.rawMs;
    if (raw >= this.smoothed) this.smoothed = raw;
    else this.smoothed = raw + (this.smoothed - raw) * Math.exp(-Math.max(0, elapsedMs) / this.options.decayMs);
    return this.smoothed;
  }

  /**
   * Forgets the transit samples (their offset belongs to the old stream) but
   * keeps the smoothed target as the prior for the new stream: the network
   * path has not changed just because the sender did.
   */
  resetWindow(): void {
    this.window.clear();
  }

  private clamp(ms: number): number {
    return Math.min(this.options.maxDelayMs, Math.max(this.options.minDelayMs, ms));
  }
}
