/**
 * The vocabulary of the SRTP engine: suites, keys, typed failures and
 * counters. Kept apart from the processors so that the SDP layer can name a
 * suite or a key without pulling in any crypto.
 */

/**
 * The SDES crypto suites we implement (RFC 4568 §6.2). Both use AES-128 in
 * counter mode and HMAC-SHA1 with the same 30-byte master key; they differ
 * only in the SRTP tag (80 or 32 bits). SRTCP keeps an 80-bit tag for both.
 */
export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';

/** Every suite we implement, strongest SRTP tag first (the order to offer them in). */
export const SRTP_SUITES: readonly SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

/** Whether `value` names a suite of {@link SRTP_SUITES}. */
export function isSrtpSuite(value: string): value is SrtpSuite {
  return (SRTP_SUITES as readonly string[]).includes(value);
}

/** Master key length of both suites, in bytes (AES-128). */
export const MASTER_KEY_LENGTH = 16;
/** Master salt length of both suites, in bytes (112 bits, RFC 3711 §8.2). */
export const MASTER_SALT_LENGTH = 14;

/** One direction's master key and salt, as carried by SDES `inline:` (RFC 4568 §6.1). */
export interface SrtpMasterKey {
  /** 16 bytes. */
  readonly masterKey: Uint8Array;
  /** 14 bytes. */
  readonly masterSalt: Uint8Array;
}

/**
 * Why a packet was refused:
 * - `auth`: the tag does not match (tampered, wrong key, or a rollover
 *   counter we guessed wrong). State is never touched.
 * - `replay`: authentic, but its index was already received or is older than
 *   the replay window (RFC 3711 §3.3.2).
 * - `malformed`: not parseable as RTP/RTCP (too short for the header it
 *   announces, wrong version, absurd CSRC count or extension length).
 */
export type SrtpErrorCode = 'auth' | 'replay' | 'malformed';

/** A typed failure with a sentence for the log. */
export interface SrtpError<C extends string = SrtpErrorCode> {
  readonly code: C;
  readonly message: string;
}

/**
 * Success with `data` or a typed failure; never an exception. Same shape as
 * the app's `Result` (`main/common/result.ts`), with codes of its own because
 * these failures are per packet, counted, and never shown to a user as such.
 */
export type SrtpResult<T, C extends string = SrtpErrorCode> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: SrtpError<C> };

/** Counters of one protocol (SRTP or SRTCP) of a context. */
export interface SrtpFlowStats {
  /** Packets protected for sending. */
  readonly sent: number;
  /** Packets that were not RTP/RTCP and so were not protected (always `malformed`). */
  readonly unsendable: number;
  /** Packets authenticated, checked for replay and decrypted. */
  readonly received: number;
  /** Received packets refused, per reason. */
  readonly rejected: Readonly<Record<SrtpErrorCode, number>>;
}

/** A snapshot of a context's counters. */
export interface SrtpStats {
  readonly rtp: SrtpFlowStats;
  readonly rtcp: SrtpFlowStats;
  /** Distinct SSRCs with state, per direction (bounded; see `maxStreams`). */
  readonly streams: { readonly sending: number; readonly receiving: number };
}

/** Wraps a value as a successful {@link SrtpResult}. */
export function srtpOk<T>(data: T): { readonly ok: true; readonly data: T } {
  return { ok: true, data };
}

/** Builds a failed {@link SrtpResult}. */
export function srtpFail<C extends string>(code: C, message: string): { readonly ok: false; readonly error: SrtpError<C> } {
  return { ok: false, error: { code, message } };
}
