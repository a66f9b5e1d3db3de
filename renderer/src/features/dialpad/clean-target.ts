/**
 * Cleans what a user pastes into the dial field. Hand-written because it is a
 * few rules, not a parser: libphonenumber-js formats numbers but does not deal
 * with SIP URIs, `tel:` links, angle brackets or the invisible characters that
 * web pages and spreadsheets carry along.
 */

const invisible = /[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const formatting = /[\s\-().\u2010-\u2015\u2212/]/g;

/**
 * Returns the dialable form of `text`:
 * - a SIP address (`sip:`, `sips:`, or anything with `@`) keeps its characters,
 *   loses surrounding `<>`, quotes, a display name and whitespace;
 * - a `tel:`/`callto:` link or a phone number keeps `+`, digits, `*` and `#`
 *   (letters on a vanity number become digits: 1-800-FLOWERS);
 * - anything else is returned trimmed.
 */
export function cleanDialTarget(text: string): string {
  let t = text.replace(invisible, '').replace(/\u00a0/g, ' ').trim();
  const bracketed = /<([^<>]+)>/.exec(t);
  if (bracketed?.[1]) t = bracketed[1].trim();
  t = t.replace(/^["']+|["']+$/g, '').trim();
  if (/^sips?:/i.test(t) || t.includes('@')) return t.replace(/\s+/g, '');
  t = t.replace(/^(tel|callto):(\/\/)?/i, '');
  // A tel: URI may carry parameters (;ext=, ;phone-context=): keep the number only, ext as a pause-free suffix is not dialable.
  t = t.split(';')[0] ?? t;
  const compact = t.replace(formatting, '');
  if (/^\+?[0-9A-Za-z*#]+$/.test(compact) && /[0-9]/.test(compact)) {
    const plus = compact.startsWith('+') ? '+' : '';
    return plus + compact.replace(/^\+/, '').toUpperCase().replace(/[A-Z]/g, letterToDigit);
  }
  return t;
}

const letterGroups = ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'];

function letterToDigit(letter: string): string {
  const i = letterGroups.findIndex((g) => g.includes(letter));
  return i < 0 ? '' : String(i + 2);
}
