/**
 * The common shape of every audio codec of the media engine.
 *
 * Codecs are pure, synchronous, stateful processors: PCM frames in, RTP
 * payloads out, and back. They know nothing of sockets, RTP headers, timers or
 * devices, so they are tested on byte fixtures and can be benchmarked by
 * calling `encode`/`decode` in a loop.
 *
 * PCM is mono signed 16-bit (`Int16Array`) at the codec's `sampleRate`, which
 * is not always its RTP clock rate (G.722 samples at 16 kHz but counts RTP
 * time at 8 kHz). Use {@link rtpTimestampUnits} for the RTP timestamp step.
 */

/**
 * Static facts about a codec: what SDP and RTP need and what the PCM side
 * looks like. One constant per codec (see `codec-descriptors.ts`).
 */
export interface CodecDescriptor {
  /** Dialtone's id of the codec: `pcmu`, `pcma`, `g722` (later `opus`). */
  readonly name: string;
  /** The encoding name of `a=rtpmap`, spelled as the RFCs do (`PCMU`, `G722`, `opus`). */
  readonly encodingName: string;
  /** The static payload type of RFC 3551, or `undefined` for a dynamic one (Opus). */
  readonly staticPayloadType: number | undefined;
  /** The RTP timestamp clock rate (`a=rtpmap` rate): 8000 for G.722, 48000 for Opus. */
  readonly clockRate: number;
  /** The channel count of `a=rtpmap` (Opus writes 2 even for mono, RFC 7587 §7). */
  readonly rtpmapChannels: number;
  /** The PCM rate the encoder takes and the decoder returns, in Hz. */
  readonly sampleRate: number;
  /** The PCM channel count the encoder takes and the decoder returns (interleaved if > 1). */
  readonly channels: number;
}

/** Turns PCM frames into RTP payloads. Stateful: one instance per outgoing stream. */
export interface AudioEncoder {
  readonly descriptor: CodecDescriptor;
  /** The PCM rate `encode` expects (same as `descriptor.sampleRate`). */
  readonly sampleRate: number;
  /**
   * Samples per channel in one packet (20 ms by default). Frame-based codecs
   * (Opus) need exactly this many per `encode`; the sample-based G.711 and
   * G.722 accept any length (G.722: an even one).
   */
  readonly frameSamples: number;
  /** Encodes one frame of PCM into one RTP payload. The input is not modified. */
  encode(pcm: Int16Array): Uint8Array;
  /** Forgets all state, as after construction (a new stream, an SSRC change). */
  reset(): void;
  /**
   * The loss the peer reports on our stream (RTCP, % of packets), for codecs
   * that protect against loss in-band (Opus FEC): they spend bits and CPU on
   * protection only as far as the link needs it. Absent for the others.
   */
  adaptToLoss?(lossPercent: number): void;
}

/** Turns RTP payloads back into PCM. Stateful: one instance per incoming stream. */
export interface AudioDecoder {
  readonly descriptor: CodecDescriptor;
  /** The PCM rate `decode` returns (same as `descriptor.sampleRate`). */
  readonly sampleRate: number;
  /** Decodes one RTP payload. A payload the codec cannot parse throws a `RangeError`. */
  decode(payload: Uint8Array): Int16Array;
  /**
   * Produces `samples` samples for a lost packet from the decoder's own state
   * (codec-native concealment, such as Opus PLC). Absent when the codec has
   * none: the jitter buffer then conceals generically.
   */
  conceal?(samples: number): Int16Array;
  /** Forgets all state, as after construction. */
  reset(): void;
}

/**
 * The RTP timestamp increment for `samples` PCM samples (per channel) of a
 * codec: `samples × clockRate / sampleRate`. For G.722 a 20 ms frame is 320
 * samples but advances the timestamp by 160 (RFC 3551 §4.5.2).
 */
export function rtpTimestampUnits(descriptor: CodecDescriptor, samples: number): number {
  return (samples * descriptor.clockRate) / descriptor.sampleRate;
}

/** Samples per channel in `ms` milliseconds of PCM at the codec's sample rate. */
export function samplesPerFrame(descriptor: CodecDescriptor, ms: number): number {
  return (descriptor.sampleRate * ms) / 1000;
}
