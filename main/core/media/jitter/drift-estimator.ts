/**
 * Estimates the clock drift between the sender's RTP clock and ours from the
 * long-term trend of the relative transit (arrival ms − timestamp ms).
 *
 * If the sender's clock runs fast by ε (say +300 ppm), its timestamps advance
 * faster than our clock, so the transit falls by ε ms per ms: 0.3 ms per
 * second, one 20 ms frame every 67 s. Network jitter only ever adds delay,
 * so the minimum transit of each one-second bucket is a low-noise sample of
 * the trend; a least-squares line through the last minute of bucket minima
 * gives the slope, hence the drift.
 *
 * The jitter buffer does not need this figure to hold its level (its target
 * is measured against a window that follows the trend); it uses it to tell
 * drift corrections from jitter adaptation in the statistics, and reports it.
 * Hand-written: a running minimum and a 2×2 least-squares fit.
 */

/** One-second minima of the transit, fitted by a line. */
export class DriftEstimator {
  private readonly times: number[] = [];
  private readonly minima: number[] = [];
  private bucket: number | undefined;
  private bucketMin = Infinity;
  private bucketTime = 0;
  private estimate: number | undefined;

  /**
   * @param bucketMs length of one bucket (its minimum is one point of the fit)
   * @param maxBuckets how many buckets the fit spans
   * @param minBuckets fewer complete buckets than this → no estimate yet
   */
  constructor(
    private readonly bucketMs = 1000,
    private readonly maxBuckets = 60,
    private readonly minBuckets = 10,
  ) {}

  /** Records one packet's transit at its arrival time. */
  observe(arrivalMs: number, relativeTransitMs: number): void {
    const b = Math.floor(arrivalMs / this.bucketMs);
    if (b !== this.bucket) {
      this.closeBucket();
      this.bucket = b;
      this.bucketMin = Infinity;
    }
    if (relativeTransitMs < this.bucketMin) {
      this.bucketMin = relativeTransitMs;
      this.bucketTime = arrivalMs;
    }
  }

  /**
   * Sender clock rate relative to ours, in parts per million (positive: the
   * sender is fast and the buffer fills), or undefined until enough buckets.
   */
  ppm(): number | undefined {
    return this.estimate;
  }

  /** Least-squares slope of the bucket minima, as ppm (refitted once per closed bucket). */
  private fit(): number | undefined {
    const n = this.times.length;
    if (n < this.minBuckets) return undefined;
    const t0 = this.times[0] ?? 0;
    let st = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      st += (this.times[i] ?? 0) - t0;
      sy += this.minima[i] ?? 0;
    }
    const mt = st / n;
    const my = sy / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const dt = (this.times[i] ?? 0) - t0 - mt;
      num += dt * ((this.minima[i] ?? 0) - my);
      den += dt * dt;
    }
    if (den === 0) return undefined;
    return (-num / den) * 1e6;
  }

  /** Forgets everything (new stream: new timestamp origin). */
  reset(): void {
    this.times.length = 0;
    this.minima.length = 0;
    this.bucket = undefined;
    this.bucketMin = Infinity;
    this.estimate = undefined;
  }

  private closeBucket(): void {
    if (this.bucket === undefined || this.bucketMin === Infinity) return;
    this.times.push(this.bucketTime);
    this.minima.push(this.bucketMin);
    if (this.times.length > this.maxBuckets) {
      this.times.shift();
      this.minima.shift();
    }
    this.estimate = this.fit();
  }
}
