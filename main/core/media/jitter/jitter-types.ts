/**
 * The data types of the jitter buffer's API: what goes in (`RtpFrameIn`),
 * what one tick yields (`JitterOutput`), its tuning (`JitterBufferOptions`)
 * and its counters (`JitterStats`, plain numbers so they can go straight into
 * `call.stats` events and benchmark tables).
 */

/** One received RTP packet carrying one frame of `frameMs` of audio. */
export interface RtpFrameIn {
  /** 16-bit sequence number (wraps). */
  readonly seq: number;
  /** 32-bit RTP timestamp (wraps), in units of the clock rate. */
  readonly timestamp: number;
  /** The codec payload (not decoded here). */
  readonly payload: Uint8Array;
  /** RTP marker bit: for audio, the first packet of a talkspurt. */
  readonly marker?: boolean;
  /** The SSRC; a different one starts a new stream. */
  readonly ssrc?: number;
}

/** What `push` did with a packet. */
export type PushOutcome =
  /** Buffered for playout. */
  | 'queued'
  /** Same sequence number already received: dropped. */
  | 'duplicate'
  /** Its play time has passed (it was concealed or skipped): dropped. */
  | 'late'
  /**
   * Its timestamp is far ahead of the stream's: held until the next packet in
   * sequence confirms the jump (then both are played) or not (then it is dropped).
   */
  | 'held'
  /** Non-finite numbers: ignored. */
  | 'invalid';

/** Why a frame must be concealed. */
export type ConcealReason =
  /**
   * The frame is missing but a later one is buffered (a sequence number is
   * missing): lost in the network, or later than its play time.
   */
  | 'loss'
  /** Nothing playable is buffered: the network is late or the sender paused. */
  | 'underrun'
  /** A frame inserted on purpose to grow the delay (jitter rose, or the sender's clock is slow). */
  | 'insert';

/** One 20 ms decision of `pop`. */
export type JitterOutput =
  /** Decode and play this payload. */
  | { readonly kind: 'audio'; readonly payload: Uint8Array; readonly seq: number; readonly timestamp: number }
  /**
   * Ask the codec for one concealed frame (Opus PLC, repetition with fade
   * for G.711/G.722). With reason `loss`, `nextPayload` is the packet right
   * after the missing one when it is buffered, so Opus can decode the
   * missing frame from its in-band FEC; it will still be returned as
   * `audio` on the next tick.
   */
  | { readonly kind: 'conceal'; readonly reason: ConcealReason; readonly nextPayload?: Uint8Array }
  /** Nothing to play: not started, buffering, or a long gap (play silence or comfort noise). */
  | { readonly kind: 'silence' };

/** Tuning. Every field has a default; times are in ms. */
export interface JitterBufferOptions {
  /** RTP clock rate in Hz: 8000 for G.711 and G.722 (RFC 3551), 48000 for Opus. */
  readonly clockRate: number;
  /** Duration of one frame (one packet, one tick). Default 20. */
  readonly frameMs?: number;
  /** Lower bound of the target delay. Default 20. */
  readonly minDelayMs?: number;
  /** Upper bound of the target delay. Default 300. */
  readonly maxDelayMs?: number;
  /** Target before any jitter has been measured. Default 40. */
  readonly initialDelayMs?: number;
  /** Percentile of the relative delay the target covers. Default 0.98. */
  readonly quantile?: number;
  /** Added to the measured spread. Default 0. */
  readonly marginMs?: number;
  /** Length of the delay window, in packets' worth of time. Default 3000. */
  readonly windowMs?: number;
  /** Time constant of the target's fall. Default 2000. */
  readonly decayMs?: number;
  /** The delay must exceed target + one frame + this before a frame is dropped. Default 1. */
  readonly shrinkHysteresisMs?: number;
  /** A present frame is inserted before only when the delay is this far under target. Default 5. */
  readonly growToleranceMs?: number;
  /** How long a shrink waits for a cheap frame (low-cost or lost) before dropping a speech frame. Default 1000. */
  readonly dropPatienceMs?: number;
  /** After this much consecutive underrun, say `silence` rather than `conceal`. Default 100. */
  readonly maxConcealMs?: number;
  /** Frames the codec can skip cheaply (comfort noise, DTX). Default: payloads of 2 bytes or fewer. */
  readonly isLowCost?: (payload: Uint8Array) => boolean;
  /** A transit this far outside the window is a timestamp jump, not jitter. Default 1000. */
  readonly resyncMs?: number;
  /** A late-side jump (without marker) must persist this long before it resets. Default 1000. */
  readonly resyncConfirmMs?: number;
  /** Most frames held at once; a packet beyond evicts the oldest. Default 2 × maxDelay / frame + 10. */
  readonly capacityFrames?: number;
}

/** Counters and gauges, cumulative since creation (they survive stream resets). */
export interface JitterStats {
  /** Current playout delay beyond the fastest packet's transit (what the buffer adds), including how late the audio clock's ticks come on average. */
  readonly delayMs: number;
  /** The adaptive target for `delayMs`. */
  readonly targetDelayMs: number;
  /** Frames waiting, times the frame duration. */
  readonly bufferedMs: number;
  /** RFC 3550 interarrival jitter, in ms and in timestamp units (for RTCP RR). */
  readonly jitterMs: number;
  readonly jitterTimestampUnits: number;
  /** Estimated sender clock rate versus ours (ppm, + = sender fast); undefined until ~10 s of stream. */
  readonly driftPpm: number | undefined;
  /** Every packet pushed, duplicates and late ones included. */
  readonly packetsReceived: number;
  /** Expected minus distinct received (RFC 3550 cumulative loss), over all streams. */
  readonly packetsLost: number;
  /** Arrived after their play time (dropped). */
  readonly late: number;
  readonly duplicates: number;
  /** Arrived after a higher sequence number. */
  readonly reordered: number;
  /** Oldest frames evicted because the buffer was full (the ticks stalled). */
  readonly overflow: number;
  /** Frames returned as `audio`. */
  readonly framesPlayed: number;
  /** Frames returned as `conceal`, all reasons, and by reason. */
  readonly concealedFrames: number;
  readonly concealedLoss: number;
  readonly concealedUnderrun: number;
  readonly concealedInsert: number;
  /** Frames returned as `silence` (before start and in long gaps). */
  readonly silenceFrames: number;
  /** Frames of delay added (inserted) or removed (dropped), attributed to jitter adaptation or to clock drift. */
  readonly insertedAdaptation: number;
  readonly insertedDrift: number;
  readonly droppedAdaptation: number;
  readonly droppedDrift: number;
  /** Streams started over (SSRC change, timestamp or sequence jump). */
  readonly resets: number;
  /** Packets whose forward timestamp jump the next packet did not confirm (stray or forged): dropped. */
  readonly unconfirmedJumps: number;
}
