/**
 * DTMF digits and their RFC 4733 event codes (§3.2, Table 3): 0-9 → 0-9,
 * `*` → 10, `#` → 11, A-D → 12-15. Other events (flash = 16, tones) are not
 * digits and are not handled here.
 */

/** A DTMF key. */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** The digits by event code: `DTMF_DIGITS[code]`. */
export const DTMF_DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** The digit for text `s` (one character; a-d accepted in lower case), or undefined. */
export function toDtmfDigit(s: string): DtmfDigit | undefined {
  if (s.length !== 1) return undefined;
  const upper = s.toUpperCase();
  return DTMF_DIGITS.find((d) => d === upper);
}

/** The RFC 4733 event code of a digit (0-15). */
export function digitToEvent(digit: DtmfDigit): number {
  return DTMF_DIGITS.indexOf(digit);
}

/** The digit of an RFC 4733 event code, or undefined for codes that are not digits. */
export function eventToDigit(event: number): DtmfDigit | undefined {
  return Number.isInteger(event) ? DTMF_DIGITS[event] : undefined;
}
