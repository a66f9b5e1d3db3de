/**
 * The RFC 3550 §6.4.1 / §A.8 interarrival jitter, the figure RTCP receiver
 * reports carry: J += (|D(i-1, i)| − J) / 16, where D is the difference of
 * two consecutive packets' transit times, in RTP timestamp units.
 *
 * The jitter buffer does not size itself on it (see `target-delay.ts`), but
 * the RTCP RR and the call statistics need exactly this estimator, and the
 * buffer is the one place that sees every arrival time next to its timestamp.
 */
export class InterarrivalJitter {
  private lastTransit: number | undefined;
  private jitter = 0;

  /** @param clockRate RTP clock rate in Hz, to express arrival times in timestamp units. */
  constructor(private readonly clockRate: number) {}

  /** Records one packet (in arrival order) with its extended timestamp. */
  observe(arrivalMs: number, extendedTimestamp: number): void {
    const transit = (arrivalMs * this.clockRate) / 1000 - extendedTimestamp;
    if (this.lastTransit !== undefined) {
      const d = Math.abs(transit - this.lastTransit);
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastTransit = transit;
  }

  /** The jitter in RTP timestamp units, rounded down as the RR field wants it. */
  get timestampUnits(): number {
    return Math.floor(this.jitter);
  }

  /** The jitter in milliseconds. */
  get ms(): number {
    return (this.jitter * 1000) / this.clockRate;
  }

  /** Starts over (new SSRC or timestamp origin). */
  reset(): void {
    this.lastTransit = undefined;
    this.jitter = 0;
  }
}
