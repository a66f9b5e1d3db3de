/**
 * Receiver statistics for one RTP source: RFC 3550 Appendix A.1 (sequence
 * validation, extended highest sequence, loss), A.3 (the numbers an RR report
 * block carries) and A.8 (interarrival jitter).
 *
 * The A.1 code is followed line by line, with one fix: in the RFC's C,
 * `seq == s->max_seq + 1` compares a uint16 with an int, so 65535 → 0 never
 * counts as sequential during probation. Here the comparison wraps.
 *
 * Arrival times are passed in (ms on any monotonic clock); nothing here reads a
 * clock or a socket. One instance per SSRC: a new SSRC is a new source.
 */

/** A jump of fewer packets than this is a gap (loss), not a restart. */
export const MAX_DROPOUT = 3000;
/** Packets at most this far behind the highest are late or duplicate, not a restart. */
export const MAX_MISORDER = 100;
/** Sequential packets needed before a new source is valid (probation). */
export const MIN_SEQUENTIAL = 2;

const RTP_SEQ_MOD = 0x1_0000;
const TWO_32 = 0x1_0000_0000;

/** How {@link RtpReceiverStats.receive} classified a packet. */
export type SequenceVerdict =
  /** The source is still on probation; the packet is not counted. */
  | 'probation'
  /** In order, possibly after a gap of lost packets; counted. */
  | 'in-order'
  /** Behind the highest sequence number (reordered) or a duplicate; counted, as A.1 does. */
  | 'late-or-duplicate'
  /** A large jump; dropped unless the next packet follows it (then a restart). */
  | 'jump'
  /** Second packet in sequence after a jump: the sender restarted; statistics start again. */
  | 'restart';

/** The result of one packet: whether to use it, and why. */
export interface ReceiveResult {
  /** True when the packet should go on to the jitter buffer. */
  readonly valid: boolean;
  readonly verdict: SequenceVerdict;
}

/** The loss and jitter fields of an RTCP report block (RFC 3550 §6.4.1). */
export interface ReceptionReport {
  /** Loss since the previous report, as a fixed-point fraction of 256 (0-255). */
  readonly fractionLost: number;
  /** Cumulative packets lost, clamped to 24-bit signed (duplicates can make it negative). */
  readonly cumulativeLost: number;
  /** Cycles × 65536 + highest sequence number received (uint32). */
  readonly extendedHighestSeq: number;
  /** Interarrival jitter in RTP timestamp units (uint32). */
  readonly jitter: number;
}

/** The running numbers, without the side effect of {@link RtpReceiverStats.takeReport}. */
export interface ReceiverSnapshot {
  /** False while the source is on probation. */
  readonly validated: boolean;
  readonly received: number;
  readonly expected: number;
  /** expected − received; negative with duplicates. */
  readonly lost: number;
  readonly extendedHighestSeq: number;
  /** Jitter in RTP timestamp units. */
  readonly jitter: number;
  /** Jitter in milliseconds. */
  readonly jitterMs: number;
}

/** Options for one {@link RtpReceiverStats.receive} call. */
export interface ReceiveOptions {
  /**
   * False to leave the packet out of the jitter estimate. Use it for
   * telephone-event packets, whose timestamp is the event start rather than
   * the sampling instant, so they would read as jitter.
   */
  readonly jitter?: boolean;
}

function signed32(n: number): number {
  return n | 0;
}

/** Receiver-side sequence, loss and jitter statistics for one RTP source. */
export class RtpReceiverStats {
  readonly #clockRate: number;
  #started = false;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = RTP_SEQ_MOD + 1;
  #probation = MIN_SEQUENTIAL;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  // A.8 jitter: previous packet's arrival (timestamp units) and RTP timestamp.
  #jitter = 0;
  #lastArrival: number | undefined;
  #lastTimestamp = 0;

  /** @param clockRate the RTP clock rate of the stream (8000 for PCMU, 48000 for Opus). */
  constructor(clockRate: number) {
    this.#clockRate = Number.isFinite(clockRate) && clockRate > 0 ? clockRate : 8000;
  }

  /**
   * Accounts for one received packet: A.1 `update_seq` plus the A.8 jitter
   * step. `arrivalMs` is the arrival time on a monotonic clock in milliseconds.
   */
  receive(sequenceNumber: number, timestamp: number, arrivalMs: number, options: ReceiveOptions = {}): ReceiveResult {
    const seq = sequenceNumber & 0xffff;
    if (!this.#started) {
      // A.1: "the source is initialized... s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL".
      this.#started = true;
      this.#initSeq(seq);
      this.#maxSeq = (seq - 1) & 0xffff;
      this.#probation = MIN_SEQUENTIAL;
    }
    const result = this.#updateSeq(seq);
    if (result.verdict !== 'jump' && options.jitter !== false) this.#updateJitter(timestamp >>> 0, arrivalMs);
    return result;
  }

  /**
   * The report block numbers, and the start of a new reporting interval
   * (A.3: `expected_prior` and `received_prior` move on, so call it once per
   * RTCP report). Undefined while the source is on probation.
   */
  takeReport(): ReceptionReport | undefined {
    if (!this.#started || this.#probation > 0) return undefined;
    const expected = this.#expected();
    const expectedInterval = expected - this.#expectedPrior;
    this.#expectedPrior = expected;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
    const lost = expected - this.#received;
    return {
      fractionLost,
      cumulativeLost: Math.max(-0x800000, Math.min(0x7fffff, lost)),
      extendedHighestSeq: this.#extendedMax() % TWO_32,
      jitter: Math.min(0xffffffff, Math.floor(this.#jitter)),
    };
  }

  /** The current numbers, without starting a new reporting interval. */
  snapshot(): ReceiverSnapshot {
    const validated = this.#started && this.#probation === 0;
    const expected = validated ? this.#expected() : 0;
    return {
      validated,
      received: this.#received,
      expected,
      lost: expected - this.#received,
      extendedHighestSeq: validated ? this.#extendedMax() % TWO_32 : 0,
      jitter: this.#jitter,
      jitterMs: (this.#jitter / this.#clockRate) * 1000,
    };
  }

  #extendedMax(): number {
    return this.#cycles + this.#maxSeq;
  }

  #expected(): number {
    return this.#extendedMax() - this.#baseSeq + 1;
  }

  #initSeq(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = RTP_SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
  }

  #resetJitter(): void {
    this.#jitter = 0;
    this.#lastArrival = undefined;
  }

  #updateSeq(seq: number): ReceiveResult {
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSeq(seq);
          this.#received++;
          return { valid: true, verdict: 'in-order' };
        }
      } else {
        this.#probation = MIN_SEQUENTIAL - 1;
        this.#maxSeq = seq;
        this.#resetJitter();
      }
      return { valid: false, verdict: 'probation' };
    }
    let verdict: SequenceVerdict;
    if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap.
      if (seq < this.#maxSeq) this.#cycles += RTP_SEQ_MOD;
      this.#maxSeq = seq;
      // A.1 counts a repeat of the highest packet here too (udelta 0); name it for what it is.
      verdict = udelta === 0 ? 'late-or-duplicate' : 'in-order';
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A very large jump.
      if (seq === this.#badSeq) {
        // Two sequential packets: the other side restarted without telling us.
        this.#initSeq(seq);
        this.#resetJitter();
        verdict = 'restart';
      } else {
        this.#badSeq = (seq + 1) & 0xffff;
        return { valid: false, verdict: 'jump' };
      }
    } else {
      // Duplicate or reordered packet.
      verdict = 'late-or-duplicate';
    }
    this.#received++;
    return { valid: true, verdict };
  }

  /** A.8: J += (|D(i-1,i)| − J) / 16, D from arrival and RTP timestamp differences. */
  #updateJitter(timestamp: number, arrivalMs: number): void {
    if (!Number.isFinite(arrivalMs)) return;
    const arrival = (arrivalMs * this.#clockRate) / 1000;
    if (this.#lastArrival !== undefined) {
      const d = Math.abs(arrival - this.#lastArrival - signed32(timestamp - this.#lastTimestamp));
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#lastArrival = arrival;
    this.#lastTimestamp = timestamp;
  }
}
