/**
 * The dial plan: what a user types (`0207 946 0958`, `9 555 1234`, `+1 (415)
 * 555-0100`, `bob`, `sip:bob@example.com`) becomes the user part Dialtone
 * calls. Pure and table-tested; applied by `call.dial` before the SIP URI is
 * built. Number validation is libphonenumber-js's (the well-kept library for
 * it); the prefix rules are ours because they are a few lines of PBX policy.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { err, ok, type Result } from '../result';

/** One prefix rule: a number starting with `prefix` loses `strip` leading digits and gains `prepend`. */
export const DialRuleSchema = z.strictObject({
  prefix: z.string().regex(/^\+?[0-9*#]{1,16}$/, 'a prefix is digits, * or #, optionally after +'),
  strip: z.number().int().min(0).max(16).default(0),
  prepend: z.string().regex(/^\+?[0-9*#]{0,16}$/, 'prepend digits, * or #, optionally after +').default(''),
});
/** One prefix rule. */
export type DialRule = z.output<typeof DialRuleSchema>;

/** An account's dial plan. */
export const DialPlanSchema = z.strictObject({
  /** Two-letter region (ISO 3166, e.g. `GB`) for national numbers; with it, valid numbers are sent as E.164 (`+44…`). */
  region: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a region is two capital letters such as GB')
    .refine((r) => isSupportedCountry(r), { message: 'is not a region libphonenumber knows' })
    .optional(),
  /** Prefix rules, tried in order; the first that matches applies (before E.164). */
  rules: z.array(DialRuleSchema).max(64).default([]),
  /** Send valid numbers as E.164 (default true when a region is set); false keeps them as dialed. */
  e164: z.boolean().optional(),
});
/** An account's dial plan, as stored. */
export type DialPlanInput = z.input<typeof DialPlanSchema>;
/** An account's dial plan, with defaults applied. */
export type DialPlan = z.output<typeof DialPlanSchema>;

const NUMBER_CHARS = /^[+0-9*#\s().\-/]+$/;
const SEPARATORS = /[\s().\-/]/g;
/** RFC 3261 `user` unreserved/escaped characters we accept as a plain user name. */
const USER_NAME = /^[A-Za-z0-9._~!$&'*+=;?-]+$/;

/**
 * Applies `plan` to what the user typed. SIP URIs and `user@host` pass
 * unchanged; a user name passes unchanged; a number loses its separators,
 * goes through the first matching rule, then (with a region) becomes E.164
 * when libphonenumber finds it valid. Bad input is an INVALID_ARGS error that
 * says what is wrong.
 */
export function applyDialPlan(typed: string, plan?: DialPlanInput): Result<string> {
  const t = typed.trim();
  if (t === '') return err('INVALID_ARGS', 'Enter a number, a name or a SIP address to call.');
  if (/^sips?:/i.test(t) || t.includes('@')) return ok(t);
  if (!NUMBER_CHARS.test(t)) {
    if (USER_NAME.test(t) && /[A-Za-z]/.test(t)) return ok(t);
    return err('INVALID_ARGS', `"${t}" is not a number, a name or a SIP address: a number uses only digits, spaces, + * # ( ) - . /.`);
  }
  const digits = t.replace(SEPARATORS, '');
  if (digits === '') return err('INVALID_ARGS', `"${t}" has no digits to call.`);
  if (digits.lastIndexOf('+') > 0) return err('INVALID_ARGS', `"${t}" has a + that is not at the start.`);
  const parsed = DialPlanSchema.safeParse(plan ?? {});
  if (!parsed.success) return err('INVALID_CONFIG', `The account's dial plan is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
  const p = parsed.data;
  let n = digits;
  const rule = p.rules.find((r) => n.startsWith(r.prefix));
  if (rule) {
    n = rule.prepend + n.slice(rule.strip);
    if (n === '') return err('INVALID_ARGS', `The dial plan rule for ${rule.prefix} leaves nothing of "${t}" to call.`);
    if (n.lastIndexOf('+') > 0) return err('INVALID_CONFIG', `The dial plan rule for ${rule.prefix} puts a + inside the number (${n}).`);
  }
  if (/[*#]/.test(n)) return ok(n); // service codes (*72, #31#) are never E.164
  if (n.startsWith('+')) {
    const intl = parsePhoneNumberFromString(n);
    if (!intl || !intl.isPossible()) return err('INVALID_ARGS', `${n} is not a possible international number: check the country code and the length.`);
    return ok(p.e164 === false ? n : intl.number);
  }
  if (p.region && p.e164 !== false) {
    const national = parsePhoneNumberFromString(n, p.region as CountryCode);
    if (national?.isValid()) return ok(national.number);
  }
  return ok(n);
}
