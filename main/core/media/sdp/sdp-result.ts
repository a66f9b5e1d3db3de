/**
 * The outcome of every SDP operation: a value, or a typed failure that the SIP
 * layer can turn into a response (400, 488, 491, 500) without guessing.
 *
 * Nothing in `main/core/media/sdp` throws to its caller: SDP arrives from the
 * network and is hostile until parsed, so each exported entry point returns an
 * {@link SdpResult} and wraps its body in {@link guardSdp}.
 */

/** Why an SDP could not be used. */
export type SdpErrorKind =
  /** Not SDP, or a line we need is broken (no m=, bad port, no usable c=). */
  | 'malformed'
  /** No audio m-line at all (only video, image, application...). */
  | 'no-audio'
  /** Audio offered, but none of its codecs is one we have enabled. */
  | 'no-common-codec'
  /** Our policy is SRTP 'required' and the peer offered or answered plain RTP. */
  | 'srtp-required-locally'
  /** The peer insists on RTP/SAVP and our policy is SRTP 'off'. */
  | 'srtp-refused-locally'
  /** SRTP was wanted but no `a=crypto` line has a suite and key format we support. */
  | 'no-acceptable-crypto'
  /** A transport profile we do not speak (RTP/AVPF, UDP/TLS/RTP/SAVPF, udptl...). */
  | 'unsupported-transport'
  /** The answer does not fit the offer we sent (m-line count or type, codecs we never offered). */
  | 'offer-answer-mismatch'
  /** A remote offer arrived while our own offer waits for its answer (glare). */
  | 'glare'
  /** An answer arrived but no offer of ours is pending. */
  | 'no-pending-offer'
  /** Our own capabilities are invalid (odd port, bad key...): a bug on our side. */
  | 'invalid-local-config'
  /** An unexpected exception inside this module. */
  | 'internal';

/** The SIP final response a UAS should send when it cannot answer an offer. */
export type SdpSipStatus = 400 | 488 | 491 | 500;

/** A failure the SIP layer can branch on and a person can read. */
export interface SdpError {
  readonly kind: SdpErrorKind;
  /** One or two plain sentences naming what was offered or what is wrong. */
  readonly message: string;
  /** The response to send when this failure is about a remote offer. */
  readonly sipStatus: SdpSipStatus;
  /** For `no-common-codec`: the codecs the peer offered, as `PCMU`, `GSM`, `speex/16000`... */
  readonly offeredCodecs?: readonly string[];
}

/** Success with `data`, or a typed failure; never an exception. Same shape as the app's `Result`. */
export type SdpResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: SdpError };

const statusOf: Readonly<Record<SdpErrorKind, SdpSipStatus>> = {
  malformed: 400,
  'no-audio': 488,
  'no-common-codec': 488,
  'srtp-required-locally': 488,
  'srtp-refused-locally': 488,
  'no-acceptable-crypto': 488,
  'unsupported-transport': 488,
  'offer-answer-mismatch': 488,
  glare: 491,
  'no-pending-offer': 500,
  'invalid-local-config': 500,
  internal: 500,
};

/** Wraps a value as a successful {@link SdpResult}. */
export function sdpOk<T>(data: T): SdpResult<T> {
  return { ok: true, data };
}

/** Builds a failed {@link SdpResult}; the SIP status follows from the kind. */
export function sdpFail<T = never>(kind: SdpErrorKind, message: string, offeredCodecs?: readonly string[]): SdpResult<T> {
  const error: SdpError = offeredCodecs
    ? { kind, message, sipStatus: statusOf[kind], offeredCodecs }
    : { kind, message, sipStatus: statusOf[kind] };
  return { ok: false, error };
}

/**
 * Runs `body` and turns any exception into an `internal` failure, so that a
 * bug here (or in sdp-transform) can never unwind into the SIP stack.
 */
export function guardSdp<T>(what: string, body: () => SdpResult<T>): SdpResult<T> {
  try {
    return body();
  } catch (e: unknown) {
    const detail = e instanceof Error ? e.message : String(e);
    return sdpFail('internal', `${what} failed unexpectedly: ${detail}`);
  }
}
