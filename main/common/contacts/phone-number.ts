/**
 * Phone-number normalization for matching, through libphonenumber-js.
 *
 * Two contacts (or a contact and an incoming call) are the same number when
 * their keys are equal: the E.164 form when the number parses as a possible
 * number in the default region, else its bare digits (extensions such as `201`,
 * short codes, service numbers). `digits` also feeds partial-digit search.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A number reduced to what matching needs. */
export interface NormalizedNumber {
  /** `+15551234567` when the number is a possible number; else undefined. */
  readonly e164?: string;
  /** Only the digits of what was typed (a leading `+` dropped), e.g. `5551234567`. */
  readonly digits: string;
  /** The match key: `e164`, else `digits`. Empty when there are no digits at all. */
  readonly key: string;
}

/** True when `region` is an ISO 3166 alpha-2 country libphonenumber knows (`US`, `DE`). */
export function isKnownRegion(region: string): region is CountryCode {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

/** Only the digits of a string. */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/** Parsing costs ~30 µs; an import normalizes each number several times (keys, merge, write), so results are remembered. */
const memo = new Map<string, NormalizedNumber>();
const MEMO_LIMIT = 50_000;

/** Normalizes `raw` (as typed, with spaces, dashes, brackets, `+` or a `00` prefix) in `region`. */
export function normalizeNumber(raw: string, region: string): NormalizedNumber {
  const cacheKey = `${region}\u0000${raw}`;
  const known = memo.get(cacheKey);
  if (known) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const result = parseNumber(raw, region);
  memo.set(cacheKey, result);
  return result;
}

function parseNumber(raw: string, region: string): NormalizedNumber {
  const digits = digitsOf(raw);
  if (digits === '') return { digits, key: '' };
  const country = isKnownRegion(region) ? region : undefined;
  const parsed = parsePhoneNumberFromString(raw, country ? { defaultCountry: country } : {});
  if (parsed && parsed.isPossible()) return { e164: parsed.number, digits, key: parsed.number };
  return { digits, key: digits };
}

/**
 * The number-like user part of a SIP or tel URI (`sip:+15551234567@pbx;user=phone`
 * → `+15551234567`), or undefined when the user part is not a number (`sip:alice@…`).
 */
export function numberFromUri(uri: string): string | undefined {
  const m = /^(?:sips?|tel):([^@;?>]+)/i.exec(uri.trim().replace(/^<|>$/g, ''));
  const user = m?.[1] ?? (/^[+\d(][\d\s().\-/]*$/.test(uri.trim()) ? uri.trim() : undefined);
  if (user === undefined) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    decoded = user;
  }
  return /^\+?[\d\s().\-/]+$/.test(decoded) && digitsOf(decoded).length > 0 ? decoded : undefined;
}

/** The user@host of a SIP URI, lower-cased host, for matching a contact's SIP URIs. */
export function sipUriKey(uri: string): string | undefined {
  const m = /^(?:sips?):([^@;?>]+)@([^;?>:]+)(?::\d+)?/i.exec(uri.trim().replace(/^<|>$/g, ''));
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return `${m[1]}@${m[2].toLowerCase()}`;
}
