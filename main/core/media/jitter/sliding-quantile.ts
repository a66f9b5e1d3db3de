/**
 * Order statistics (minimum, percentiles) over the last N samples.
 *
 * The jitter buffer feeds it one relative-delay sample per packet (50 per
 * second at 20 ms) and reads a low and a high percentile on every tick. A
 * ring of the samples in arrival order plus the same samples kept sorted
 * makes each push O(N) (a binary search and a splice on a few hundred
 * numbers) and each read O(1), with no allocation per sample. Hand-written:
 * npm's streaming-quantile packages (t-digest, GK sketches) approximate and
 * do not forget old samples, and forgetting is the point here.
 */
export class SlidingQuantile {
  private readonly ring: Float64Array;
  private readonly sorted: number[] = [];
  private next = 0;
  private filled = 0;

  /** @param capacity how many of the most recent samples are kept (≥ 1). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Float64Array(capacity);
  }

  /** Number of samples currently in the window. */
  get size(): number {
    return this.filled;
  }

  /** Adds a sample; the oldest one leaves once the window is full. */
  push(value: number): void {
    if (this.filled === this.capacity) {
      const old = this.ring[this.next] ?? 0;
      this.sorted.splice(this.lowerBound(old), 1);
    } else {
      this.filled++;
    }
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.sorted.splice(this.lowerBound(value), 0, value);
  }

  /**
   * The `q`-quantile (0 = minimum, 1 = maximum) by the nearest-rank method,
   * or undefined when the window is empty.
   */
  quantile(q: number): number | undefined {
    if (this.filled === 0) return undefined;
    const rank = Math.min(this.filled - 1, Math.max(0, Math.ceil(q * this.filled) - 1));
    return this.sorted[rank];
  }

  /** The smallest sample in the window, or undefined when empty. */
  min(): number | undefined {
    return this.sorted[0];
  }

  /** Forgets every sample. */
  clear(): void {
    this.sorted.length = 0;
    this.next = 0;
    this.filled = 0;
  }

  /** Index of the first sorted element ≥ value. */
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] ?? Infinity) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
