/**
 * The sender side of one RTP stream: sequence number, timestamp, SSRC, marker
 * and the SR counters (RFC 3550 §5.1, §6.4.1).
 *
 * Why it counts samples and never reads a clock: the RTP timestamp must advance
 * with the audio actually sampled (DESIGN.md §4: each captured chunk is the
 * clock tick). A wall clock drifts against the sound card, and the receiver's
 * jitter buffer would see that drift as jitter or as gaps. So the caller tells
 * it how many samples each packet (or each silent interval) covers.
 *
 * Initial sequence number, timestamp and SSRC are random (RFC 3550 §5.1, §8),
 * drawn from the injected `random` so tests are deterministic.
 */

/** The header fields of one packet to send; spread them into `serializeRtp`. */
export interface RtpHeaderFields {
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly marker: boolean;
}

/** Counters for the sender info of an SR (RFC 3550 §6.4.1). */
export interface RtpSenderCounts {
  /** Packets sent since the start (mod 2^32). */
  readonly packetCount: number;
  /** Payload octets sent since the start, excluding header and padding (mod 2^32). */
  readonly octetCount: number;
  /**
   * The RTP timestamp of "now" on the media clock: the timestamp the next audio
   * frame would carry. Pair it with the NTP time taken at the same tick.
   */
  readonly rtpTimestamp: number;
}

/** Options for {@link RtpSequencer}. */
export interface RtpSequencerOptions {
  /** Payload type of audio frames (can be overridden per frame). */
  readonly payloadType: number;
  /** [0, 1) randomness for the initial values. */
  readonly random: () => number;
  /** Fixed SSRC instead of a random one (for tests or a negotiated a=ssrc). */
  readonly ssrc?: number;
}

const TWO_32 = 0x1_0000_0000;

/** A uniform integer in [0, range) from a [0, 1) source, robust to a source that returns 1 or junk. */
function randomBelow(random: () => number, range: number): number {
  const r = random();
  const n = Number.isFinite(r) ? Math.floor(Math.abs(r) * range) : 0;
  return n % range;
}

/** Non-negative integer samples; fractional or negative input is truncated/zeroed rather than thrown. */
function sampleCount(samples: number): number {
  return Number.isFinite(samples) && samples > 0 ? Math.trunc(samples) : 0;
}

/**
 * Sender-side sequencing for one RTP stream.
 *
 * - `frame(samples, payloadBytes)` for each audio packet: it carries the
 *   current timestamp, then the timestamp advances by `samples`.
 * - `skip(samples)` for an interval with no audio packet (silence suppression,
 *   mute, or telephone-event packets standing in for audio): the timestamp
 *   advances and the next audio frame starts a new talkspurt (marker set).
 * - `event(timestamp, marker, payloadBytes)` for a packet that carries its own
 *   timestamp (RFC 4733 events keep the timestamp of the event start) and only
 *   consumes a sequence number.
 *
 * `samples` are counted at the RTP clock rate of the payload format: for G.722
 * (sampled at 16 kHz, RTP clock 8 kHz, RFC 3551 §4.5.2) pass half the samples.
 */
export class RtpSequencer {
  #ssrc: number;
  #seq: number;
  #timestamp: number;
  #talkspurtPending = true;
  #packets = 0;
  #octets = 0;
  readonly #payloadType: number;
  readonly #random: () => number;

  constructor(options: RtpSequencerOptions) {
    this.#random = options.random;
    this.#payloadType = options.payloadType;
    this.#ssrc = options.ssrc !== undefined ? options.ssrc >>> 0 : randomBelow(this.#random, TWO_32);
    this.#seq = randomBelow(this.#random, 0x1_0000);
    this.#timestamp = randomBelow(this.#random, TWO_32);
  }

  /** This stream's SSRC. */
  get ssrc(): number {
    return this.#ssrc;
  }

  /** The timestamp the next audio frame will carry (the media clock "now"). */
  get timestamp(): number {
    return this.#timestamp;
  }

  /** The sequence number the next packet will carry. */
  get nextSequenceNumber(): number {
    return this.#seq;
  }

  /** Header for the next audio packet covering `samples`; counts it for the SR. */
  frame(samples: number, payloadBytes: number, payloadType: number = this.#payloadType): RtpHeaderFields {
    const fields: RtpHeaderFields = {
      payloadType,
      sequenceNumber: this.#seq,
      timestamp: this.#timestamp,
      ssrc: this.#ssrc,
      marker: this.#talkspurtPending,
    };
    this.#talkspurtPending = false;
    this.#consume(payloadBytes);
    this.#timestamp = (this.#timestamp + sampleCount(samples)) % TWO_32;
    return fields;
  }

  /** An interval of `samples` without an audio packet; the next frame gets the marker bit. */
  skip(samples: number): void {
    this.#timestamp = (this.#timestamp + sampleCount(samples)) % TWO_32;
    this.#talkspurtPending = true;
  }

  /** Forces the marker bit on the next audio frame (e.g. after unmute or a codec change). */
  startTalkspurt(): void {
    this.#talkspurtPending = true;
  }

  /**
   * Header for a packet with its own timestamp (an RFC 4733 event); it takes the
   * next sequence number but does not move the media timestamp.
   */
  event(timestamp: number, marker: boolean, payloadType: number, payloadBytes: number): RtpHeaderFields {
    const fields: RtpHeaderFields = {
      payloadType,
      sequenceNumber: this.#seq,
      timestamp: timestamp >>> 0,
      ssrc: this.#ssrc,
      marker,
    };
    this.#consume(payloadBytes);
    return fields;
  }

  /** Counters and the current media timestamp for an SR. */
  senderCounts(): RtpSenderCounts {
    return { packetCount: this.#packets, octetCount: this.#octets, rtpTimestamp: this.#timestamp };
  }

  /**
   * Draws a new SSRC (RFC 3550 §8.2, after a collision) and resets the SR
   * counters, which belong to the old SSRC. Sequence and timestamp continue.
   */
  changeSsrc(): number {
    let next = randomBelow(this.#random, TWO_32);
    if (next === this.#ssrc) next = (next + 1) % TWO_32;
    this.#ssrc = next;
    this.#packets = 0;
    this.#octets = 0;
    return next;
  }

  #consume(payloadBytes: number): void {
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#packets = (this.#packets + 1) % TWO_32;
    this.#octets = (this.#octets + sampleCount(payloadBytes)) % TWO_32;
  }
}
