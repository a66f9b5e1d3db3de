/**
 * The digest `response` value (RFC 7616 §3.4.1, RFC 2617 §3.2.2, and the
 * RFC 2069 form without qop). Hand-written because sip.js implements only
 * MD5, and the few hash compositions are clearer here than a dependency.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DigestAlgorithmSpec } from './digest-algorithms';

/** Everything that goes into one digest response. */
export interface DigestInput {
  readonly algorithm: DigestAlgorithmSpec;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  /** The request method, e.g. `REGISTER`. */
  readonly method: string;
  /** The digest-uri, as it will be sent in `uri="…"`. */
  readonly uri: string;
  readonly nonce: string;
  /**
   * `auth` for RFC 2617/7616, absent for the legacy RFC 2069 form.
   * `auth-int` is not offered: sip.js never passes the body to the authenticator.
   */
  readonly qop?: 'auth';
  /** The nonce-count as 8 lower-case hex digits (with qop). */
  readonly nc?: string;
  /** The client nonce (with qop, and always for `-sess` algorithms). */
  readonly cnonce?: string;
}

/** `H(data)` as lower-case hex, strings hashed as UTF-8 (RFC 7616 §3.4.4). */
export function digestHash(algorithm: DigestAlgorithmSpec, data: string): string {
  return createHash(algorithm.hash).update(data, 'utf8').digest('hex');
}

/**
 * The response value. Throws a RangeError when the input is inconsistent
 * (qop without nc/cnonce, a `-sess` algorithm without cnonce): a programming
 * error, not a server's.
 */
export function computeDigestResponse(input: DigestInput): string {
  const { algorithm: alg, nonce } = input;
  if (alg.session && !input.cnonce) throw new RangeError(`${alg.name} needs a cnonce`);
  let ha1 = digestHash(alg, `${input.username}:${input.realm}:${input.password}`);
  if (alg.session) ha1 = digestHash(alg, `${ha1}:${nonce}:${input.cnonce ?? ''}`);
  const ha2 = digestHash(alg, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return digestHash(alg, `${ha1}:${nonce}:${ha2}`);
  if (!input.nc || !input.cnonce) throw new RangeError('qop=auth needs nc and cnonce');
  return digestHash(alg, `${ha1}:${nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** A fresh client nonce: 128 random bits as hex (safe inside a quoted-string). */
export function createCnonce(): string {
  return randomBytes(16).toString('hex');
}

/** A nonce-count as the 8 lower-case hex digits the header carries. */
export function formatNonceCount(count: number): string {
  return count.toString(16).padStart(8, '0');
}
