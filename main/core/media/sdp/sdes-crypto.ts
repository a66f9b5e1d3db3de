/**
 * SDES keying for SRTP (RFC 4568): the `a=crypto` lines we write and how we
 * judge the peer's.
 *
 * Keys are made by the caller (this module draws no random numbers) and travel
 * as the base64 of 30 bytes: a 16-byte AES master key followed by a 14-byte
 * master salt, which is the key format of both suites we support.
 */
import { Buffer } from 'node:buffer';

/** The SRTP crypto suites the media engine implements (RFC 4568 §6.2). */
export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';

/** Every supported suite, strongest authentication tag first. */
export const SRTP_SUITES: readonly SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

/** One key of ours, for one suite. */
export interface SdesKey {
  readonly suite: SrtpSuite;
  /** base64 of 30 bytes (master key ‖ master salt), without `inline:`. */
  readonly key: string;
}

/** A remote `a=crypto` line, judged: usable with our SRTP engine or not, and why. */
export type RemoteCrypto =
  | { readonly usable: true; readonly tag: number; readonly suite: SrtpSuite; readonly key: string }
  | { readonly usable: false; readonly tag: number; readonly suite: string; readonly reason: string };

/** The three fields of an `a=crypto` line as sdp-transform writes them. */
export interface CryptoAttribute {
  readonly id: number;
  readonly suite: string;
  readonly config: string;
}

const KEY_PATTERN = /^[A-Za-z0-9+/]{40}$/;
const LIFETIME_PATTERN = /^(?:2\^\d{1,2}|\d{1,20})$/;

/** Whether `value` names a suite we support. */
export function isSrtpSuite(value: string): value is SrtpSuite {
  return (SRTP_SUITES as readonly string[]).includes(value);
}

/** Whether `key` is the base64 of exactly 30 bytes (40 characters, no padding needed). */
export function isValidSdesKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/**
 * Splits an inline key into the master key and salt the SRTP engine takes
 * (werift's `SrtpSession` keys). Undefined when the key is not 30 bytes.
 */
export function decodeSdesKey(key: string): { readonly masterKey: Uint8Array; readonly masterSalt: Uint8Array } | undefined {
  if (!isValidSdesKey(key)) return undefined;
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 30) return undefined;
  return { masterKey: new Uint8Array(bytes.subarray(0, 16)), masterSalt: new Uint8Array(bytes.subarray(16)) };
}

/** Our `a=crypto` line for one tag, suite and key (no lifetime, no MKI). */
export function cryptoAttribute(tag: number, suite: SrtpSuite, key: string): CryptoAttribute {
  return { id: tag, suite, config: `inline:${key}` };
}

/**
 * Judges one remote `a=crypto` line (`tag suite key-params [session-params]`).
 *
 * Refused: suites other than the two above; several keys or an MKI (our SRTP
 * engine keeps one key per direction and reads no MKI field); session
 * parameters other than the `WSH` hint, because RFC 4568 §6.3 forbids
 * accepting a line whose parameters we do not honour (UNENCRYPTED_SRTP,
 * KDR...). A key lifetime is accepted: rekeying is done by a new offer.
 */
export function judgeCryptoLine(line: string): RemoteCrypto | undefined {
  const match = /^(\d{1,9})[ \t]+(\S+)[ \t]+(\S+)((?:[ \t]+\S+)*)[ \t]*$/.exec(line);
  if (!match) return undefined;
  const [, tagText = '', suite = '', keyParams = '', sessionText = ''] = match;
  const tag = Number(tagText);
  const refuse = (reason: string): RemoteCrypto => ({ usable: false, tag, suite, reason });
  if (!isSrtpSuite(suite)) return refuse(`suite ${suite} is not supported`);
  const sessionParams = sessionText.trim() === '' ? [] : sessionText.trim().split(/[ \t]+/);
  const unsupported = sessionParams.find((p) => !/^WSH=\d+$/.test(p));
  if (unsupported !== undefined) return refuse(`session parameter ${unsupported} is not supported`);
  if (keyParams.includes(';')) return refuse('several master keys are not supported');
  if (!keyParams.startsWith('inline:')) return refuse('key method is not inline');
  const [key = '', ...rest] = keyParams.slice('inline:'.length).split('|');
  if (!isValidSdesKey(key)) return refuse('key is not base64 of 30 bytes');
  for (const part of rest) {
    if (part.includes(':')) return refuse('MKI is not supported');
    if (!LIFETIME_PATTERN.test(part)) return refuse(`key lifetime ${part} is not valid`);
  }
  if (rest.length > 1) return refuse('key parameters are not valid');
  return { usable: true, tag, suite, key };
}
