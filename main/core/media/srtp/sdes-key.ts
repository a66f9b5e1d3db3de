/**
 * SDES key parameters (RFC 4568 §6.1, §9.2) for the two AES-CM suites:
 * `inline:<base64 of key ‖ salt>[|lifetime][|MKI:length]`.
 *
 * What we honour and what we refuse, and why:
 * - the key must be exactly 30 bytes (16-byte master key, 14-byte salt),
 *   40 base64 characters;
 * - an MKI is refused: our packets carry no MKI field and a context holds one
 *   key per direction, so accepting one would mis-frame every packet;
 * - a lifetime is the number of packets after which the key must no longer
 *   be used. We do not re-key inside a context, so we can honour only a
 *   lifetime that no call reaches: at least 2^31 packets (more than a year
 *   of audio at 50 packets/s; also the SRTCP index space) and at most the
 *   suites' maximum of 2^48 (RFC 4568 §6.2.1). A shorter one (the RFC's
 *   example `2^20` lasts under six hours) is refused with a clear reason, so
 *   that the offer/answer layer can pick another `a=crypto` line or re-key.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { MASTER_KEY_LENGTH, MASTER_SALT_LENGTH, type SrtpMasterKey, type SrtpResult, srtpFail, srtpOk } from './srtp-types';

/** Why key parameters were refused: broken syntax, or a feature we do not honour. */
export type SdesKeyErrorCode = 'malformed' | 'unsupported';

/** A parsed SDES key: the master key and salt, and the lifetime if one was given. */
export interface SdesInlineKey extends SrtpMasterKey {
  /** The lifetime in packets as given (`2^31` → 2147483648); undefined when absent. */
  readonly lifetime?: number;
}

/** log2 of the shortest key lifetime we accept (see the module comment). */
export const MIN_KEY_LIFETIME_LOG2 = 31;
/** log2 of the longest lifetime the AES-CM suites allow (RFC 4568 §6.2.1: 2^48 SRTP packets). */
export const MAX_KEY_LIFETIME_LOG2 = 48;

const KEY_SALT_LENGTH = MASTER_KEY_LENGTH + MASTER_SALT_LENGTH;
const BASE64_40 = /^[A-Za-z0-9+/]{40}$/;

/**
 * Parses one `inline:` key parameter (the third field of an `a=crypto`
 * line). Never throws.
 */
export function parseSdesKey(inline: string): SrtpResult<SdesInlineKey, SdesKeyErrorCode> {
  const text = inline.trim();
  const colon = text.indexOf(':');
  if (colon < 0 || text.slice(0, colon).toLowerCase() !== 'inline') {
    return srtpFail('malformed', `SDES key parameters must start with "inline:", got "${preview(text)}"`);
  }
  if (text.includes(';')) return srtpFail('unsupported', 'several master keys in one crypto attribute need MKIs, which are not supported');
  const [keySalt = '', ...params] = text.slice(colon + 1).split('|');
  if (!BASE64_40.test(keySalt)) {
    return srtpFail('malformed', `the inline key must be the base64 of ${KEY_SALT_LENGTH} bytes (40 characters), got ${keySalt.length} characters`);
  }
  const bytes = Buffer.from(keySalt, 'base64');
  if (params.length > 2) return srtpFail('malformed', `too many "|" fields after the key (${params.length}); expected [lifetime][|MKI:length]`);

  let lifetime: number | undefined;
  for (const [i, param] of params.entries()) {
    if (/^\d+:\d{1,3}$/.test(param)) {
      return srtpFail('unsupported', `an MKI (${param}) is not supported: offer the key without "|MKI:length"`);
    }
    if (i > 0) return srtpFail('malformed', `"${preview(param)}" is not an MKI of the form value:length`);
    const parsed = parseLifetime(param);
    if (!parsed.ok) return parsed;
    lifetime = parsed.data;
  }

  const key: SdesInlineKey = {
    masterKey: Buffer.from(bytes.subarray(0, MASTER_KEY_LENGTH)),
    masterSalt: Buffer.from(bytes.subarray(MASTER_KEY_LENGTH, KEY_SALT_LENGTH)),
  };
  return srtpOk(lifetime === undefined ? key : { ...key, lifetime });
}

/** `2^n` or a decimal packet count, judged against what we can honour. */
function parseLifetime(param: string): SrtpResult<number, SdesKeyErrorCode> {
  let log2: number;
  let value: number;
  const power = /^2\^(\d{1,3})$/.exec(param);
  if (power) {
    log2 = Number(power[1]);
    value = 2 ** log2;
  } else if (/^\d{1,20}$/.test(param)) {
    value = Number(param);
    if (value < 1) return srtpFail('malformed', 'key lifetime 0 is not a packet count');
    log2 = Math.log2(value);
  } else {
    return srtpFail('malformed', `key lifetime "${preview(param)}" is neither 2^n nor a decimal number`);
  }
  if (log2 > MAX_KEY_LIFETIME_LOG2) {
    return srtpFail('malformed', `key lifetime ${param} exceeds the suite maximum of 2^${MAX_KEY_LIFETIME_LOG2} packets`);
  }
  if (log2 < MIN_KEY_LIFETIME_LOG2) {
    return srtpFail('unsupported', `key lifetime ${param} packets is shorter than we can honour without re-keying during the call (at least 2^${MIN_KEY_LIFETIME_LOG2})`);
  }
  return srtpOk(value);
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * A fresh key parameter `inline:<base64 of 30 random bytes>`, with no
 * lifetime and no MKI (so the default maximum lifetime applies).
 *
 * @param random a cryptographic source of `n` random bytes; defaults to
 *   `node:crypto` `randomBytes`. Injected so tests can be deterministic.
 * @throws RangeError if `random` returns fewer than 30 bytes (a broken
 *   source, a programming error).
 */
export function generateSdesKey(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(KEY_SALT_LENGTH);
  if (bytes.length < KEY_SALT_LENGTH) throw new RangeError(`random source returned ${bytes.length} bytes, expected ${KEY_SALT_LENGTH}`);
  return `inline:${Buffer.from(bytes.buffer, bytes.byteOffset, KEY_SALT_LENGTH).toString('base64')}`;
}
