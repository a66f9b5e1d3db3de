/**
 * A fixed-capacity ring of float samples. The audio device delivers chunks of
 * its own size (20 ms, or 882 samples at 44.1 kHz) while the echo canceller
 * and the noise suppressor work on 10 ms frames; this FIFO re-blocks between
 * the two without allocating once it exists (the tick is the hot path).
 */
export class FloatFifo {
  private readonly buf: Float32Array;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float32Array(capacity);
  }

  /** Samples held. */
  get length(): number {
    return this.size;
  }

  /**
   * Appends `samples`, each multiplied by `scale`. When full, the oldest
   * samples are dropped: a stalled consumer must not build latency.
   */
  push(samples: ArrayLike<number>, scale = 1): void {
    const n = samples.length;
    for (let i = 0; i < n; i++) {
      if (this.size === this.capacity) {
        this.start = (this.start + 1) % this.capacity;
        this.size -= 1;
      }
      this.buf[(this.start + this.size) % this.capacity] = (samples[i] ?? 0) * scale;
      this.size += 1;
    }
  }

  /** Appends `count` zeros (priming, so a consumer always finds a full chunk). */
  pushSilence(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.size === this.capacity) return;
      this.buf[(this.start + this.size) % this.capacity] = 0;
      this.size += 1;
    }
  }

  /** Moves `into.length` samples into `into`; false (and nothing moved) when fewer are held. */
  popInto(into: Float32Array): boolean {
    const n = into.length;
    if (n > this.size) return false;
    for (let i = 0; i < n; i++) into[i] = this.buf[(this.start + i) % this.capacity] ?? 0;
    this.start = (this.start + n) % this.capacity;
    this.size -= n;
    return true;
  }

  /**
   * Moves `into.length` samples into an Int16 chunk, multiplied by `scale`
   * and saturated; pads with silence when short (returns how many were real).
   */
  popInt16(into: Int16Array, scale = 1): number {
    const n = Math.min(into.length, this.size);
    for (let i = 0; i < n; i++) {
      const v = Math.round((this.buf[(this.start + i) % this.capacity] ?? 0) * scale);
      into[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    into.fill(0, n);
    this.start = (this.start + n) % this.capacity;
    this.size -= n;
    return n;
  }

  /** Forgets everything. */
  clear(): void {
    this.start = 0;
    this.size = 0;
  }
}
