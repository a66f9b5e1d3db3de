/**
 * When to send the next RTCP report (RFC 3550 §6.2, §6.3), simplified for a
 * two-party audio call.
 *
 * Why a constant 5 s base: the §6.3.1 deterministic interval is
 * Td = max(Tmin, n·C) with C = average RTCP size / RTCP bandwidth. With two
 * members (both senders), ~100-octet compound packets and 5% of a 64 kbit/s
 * session (400 octet/s), n·C = 2 × 0.25 s = 0.5 s, far under Tmin = 5 s; even
 * at 8 kbit/s (Opus low rate, 50 octet/s) n·C = 4 s. So Td is always the 5 s
 * minimum, halved before the first report (§6.2 "initial" rule) so that the
 * peer learns our CNAME early. The §6.3.1 randomisation is kept: the interval
 * is Td × U[0.5, 1.5], which keeps two endpoints that start together from
 * reporting in lock step. Timer reconsideration (§6.3.3) only matters for
 * large or fast-growing sessions and is left out, and so is the division by
 * e − 3/2 that §6.3.1 applies only to compensate for reconsideration; without
 * it the mean interval is exactly Td.
 *
 * Time is passed in; the caller owns the timer.
 */

/** RFC 3550 §6.2 minimum report interval. */
export const RTCP_MIN_INTERVAL_MS = 5000;
/** A randomised report interval in ms: `baseMs` × U[0.5, 1.5] (§6.3.1). `random` returns [0, 1). */
export function rtcpIntervalMs(random: () => number, baseMs: number = RTCP_MIN_INTERVAL_MS): number {
  const r = random();
  const u = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0.5;
  return baseMs * (0.5 + u);
}

/** Options for {@link RtcpScheduler}. */
export interface RtcpSchedulerOptions {
  /** [0, 1) randomness. */
  readonly random: () => number;
  /** The deterministic interval Td; 5000 ms by default. */
  readonly minIntervalMs?: number;
}

/** The next-report clock of one RTP session. */
export class RtcpScheduler {
  readonly #random: () => number;
  readonly #baseMs: number;
  #next: number | undefined;

  constructor(options: RtcpSchedulerOptions) {
    this.#random = options.random;
    const base = options.minIntervalMs ?? RTCP_MIN_INTERVAL_MS;
    this.#baseMs = Number.isFinite(base) && base > 0 ? base : RTCP_MIN_INTERVAL_MS;
  }

  /** When the next report is due, or undefined before {@link start}. */
  get nextReportAt(): number | undefined {
    return this.#next;
  }

  /** Starts the session at `nowMs`: the first report comes after half the interval (§6.2). */
  start(nowMs: number): number {
    this.#next = nowMs + rtcpIntervalMs(this.#random, this.#baseMs / 2);
    return this.#next;
  }

  /** True when a report is due at `nowMs`. */
  due(nowMs: number): boolean {
    return this.#next !== undefined && nowMs >= this.#next;
  }

  /** Records that a report went out at `nowMs` and returns when the next one is due. */
  sent(nowMs: number): number {
    this.#next = nowMs + rtcpIntervalMs(this.#random, this.#baseMs);
    return this.#next;
  }
}
