/**
 * The one parser for call links that reach Dialtone from outside: `tel:`
 * (RFC 3966), `sip:`/`sips:` (RFC 3261 §19.1) and `callto:` (de-facto, Skype and
 * NetMeeting era), from the OS (link clicks, the command line, a second
 * instance) or pasted by the user.
 *
 * Hand-written because the grammars are small and the rules are about what a
 * softphone must refuse, not about full URI support: no library on npm covers
 * tel/sip/callto together, and main/common may import only zod and
 * libphonenumber-js. Links come from untrusted web pages, so the parser is
 * strict: one scheme from the list, no control characters after
 * percent-decoding, a bounded length, SIP `?headers` are dropped (they could
 * inject Subject, Call-Info, Alert-Info or Replaces headers), and only the
 * `transport` and `user` URI parameters survive (`maddr` could redirect the call).
 */

/** The schemes Dialtone registers for and accepts. */
export const CALL_LINK_SCHEMES = ['tel', 'sip', 'sips', 'callto'] as const;
/** One of {@link CALL_LINK_SCHEMES}. */
export type CallLinkScheme = (typeof CALL_LINK_SCHEMES)[number];

/** Links longer than this are refused before any parsing. */
export const MAX_LINK_LENGTH = 2048;
/** The longest dial target (the limit of the `call.dial` command). */
export const MAX_TARGET_LENGTH = 256;

/** A link that can be dialled. */
export interface CallLink {
  readonly scheme: CallLinkScheme;
  /** What to hand to `call.dial`: a number (`+15551234567`, `7042`), a user name, or a SIP URI. */
  readonly target: string;
  /** What to show the user in the confirmation prompt. */
  readonly display: string;
  /** For telephone numbers: whether the number is global (E.164, with `+`). */
  readonly global?: boolean;
  /** RFC 3966 `;ext=`: an extension to dial (as DTMF) once the call is answered. */
  readonly extension?: string;
  /** Parts of the link that were ignored for safety (SIP headers, URI parameters), for the prompt and the log. */
  readonly dropped: readonly string[];
}

/** Why a link was refused. */
export interface CallLinkError {
  readonly reason: 'not-a-call-link' | 'too-long' | 'malformed' | 'unsafe';
  readonly message: string;
}

/** The outcome of {@link parseCallLink}. */
export type CallLinkResult = { readonly ok: true; readonly link: CallLink } | { readonly ok: false; readonly error: CallLinkError };

const fail = (reason: CallLinkError['reason'], message: string): CallLinkResult => ({ ok: false, error: { reason, message } });

/** Characters never allowed in a link, raw or percent-decoded: C0 controls, DEL, C1 controls, and line/paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** RFC 3966 visual separators, plus the spaces real web pages put in numbers. */
const VISUAL_SEPARATORS = /[-.()\s\u00a0]/g;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/i;
/** RFC 3261 `user` after decoding, minus `;` `?` `/` (we never pass them on) and minus `@`. */
const SIP_USER = /^[a-z0-9\-_.!~*'()&=+$,]+$/i;
/** Skype-style callto names. */
const CALLTO_NAME = /^[a-z][a-z0-9_.,-]{1,63}$/i;
/** The URI parameters that may pass to the dialled URI. */
const KEPT_SIP_PARAMS = new Set(['transport', 'user']);

/** Percent-decodes `s`; undefined on a malformed escape or invalid UTF-8. */
function percentDecode(s: string): string | undefined {
  if (/%(?![0-9a-f]{2})/i.test(s)) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function isHost(host: string): boolean {
  if (IPV6.test(host)) return host.slice(1, -1).includes(':');
  if (/^[\d.]+$/.test(host)) return IPV4.test(host);
  return DOMAIN.test(host);
}

/** Digits of a telephone number without visual separators; undefined if anything else is in it. */
function telDigits(raw: string, global: boolean): string | undefined {
  const stripped = raw.replace(VISUAL_SEPARATORS, '');
  const ok = global ? /^\+\d{1,20}$/.test(stripped) : /^[0-9*#a-d]{1,32}$/i.test(stripped);
  return ok ? stripped.toUpperCase() : undefined;
}

/** RFC 3966: `tel:` global-number / local-number with `;ext=`, `;isub=`, `;phone-context=`. */
function parseTel(body: string, scheme: CallLinkScheme): CallLinkResult {
  const [numberPart = '', ...paramParts] = body.split(';');
  const global = numberPart.trim().startsWith('+');
  const digits = telDigits(numberPart.trim(), global);
  if (digits === undefined) return fail('malformed', `"${numberPart.slice(0, 40)}" is not a telephone number.`);
  let extension: string | undefined;
  let context: string | undefined;
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const part of paramParts) {
    const [rawName = '', ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === '') continue;
    if (seen.has(name)) return fail('malformed', `The link repeats ";${name}".`);
    seen.add(name);
    if (name === 'ext') {
      const ext = value.replace(VISUAL_SEPARATORS, '');
      if (!/^[0-9*#]{1,16}$/.test(ext)) return fail('malformed', `The extension "${value.slice(0, 20)}" is not a number.`);
      extension = ext;
    } else if (name === 'phone-context') {
      context = value;
    } else {
      dropped.push(`;${name}`);
    }
  }
  let target = digits;
  let isGlobal = global;
  if (!global && context !== undefined) {
    if (context.startsWith('+')) {
      // RFC 3966 §5.1.5: a global-number-digits context is the number's prefix (tel:863-1234;phone-context=+1-914-555).
      const prefix = telDigits(context, true);
      if (prefix === undefined) return fail('malformed', `The phone-context "${context.slice(0, 40)}" is not a number prefix.`);
      if (/^[0-9]+$/.test(digits)) {
        target = `${prefix}${digits}`;
        isGlobal = true;
      }
    } else if (!isHost(context)) {
      return fail('malformed', `The phone-context "${context.slice(0, 40)}" is neither a number prefix nor a domain.`);
    }
    // A domain context names where the local number is valid; the account's server dials it as it is.
  }
  if (global && context !== undefined) dropped.push(';phone-context');
  if (target.length > MAX_TARGET_LENGTH) return fail('too-long', 'The number is too long.');
  const display = extension ? `${target} ext. ${extension}` : target;
  return {
    ok: true,
    link: { scheme, target, display, global: isGlobal, ...(extension === undefined ? {} : { extension }), dropped },
  };
}

/** RFC 3261 §19.1: `sip[s]:[user@]host[:port][;params][?headers]`. */
function parseSip(body: string, scheme: 'sip' | 'sips'): CallLinkResult {
  const dropped: string[] = [];
  const q = body.indexOf('?');
  let rest = body;
  if (q >= 0) {
    const headers = body.slice(q + 1).split('&').map((h) => h.split('=')[0] ?? '').filter(Boolean);
    dropped.push(...headers.map((h) => `header ${h.slice(0, 32)}`));
    rest = body.slice(0, q);
  }
  const [address = '', ...params] = rest.split(';');
  const kept: string[] = [];
  for (const p of params) {
    const [rawName = '', value = ''] = p.split('=');
    const name = rawName.toLowerCase();
    if (name === '') continue;
    if (KEPT_SIP_PARAMS.has(name) && /^[a-z0-9-]{1,16}$/i.test(value)) kept.push(`;${name}=${value.toLowerCase()}`);
    else dropped.push(`;${name.slice(0, 32)}`);
  }
  const at = address.lastIndexOf('@');
  const userPart = at >= 0 ? address.slice(0, at) : '';
  const hostPort = at >= 0 ? address.slice(at + 1) : address;
  if (at >= 0 && userPart === '') return fail('malformed', 'The SIP address has an empty user part.');
  if (userPart.includes(':')) return fail('unsafe', 'The SIP address carries a password; Dialtone does not accept passwords in links.');
  const user = userPart === '' ? undefined : percentDecode(userPart);
  if (userPart !== '' && (user === undefined || !SIP_USER.test(user))) return fail('malformed', 'The SIP address has an invalid user part.');
  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!m || !isHost(m[1] ?? '')) return fail('malformed', `"${hostPort.slice(0, 64)}" is not a valid SIP host.`);
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return fail('malformed', `Port ${m[2]} is out of range.`);
  const host = (m[1] ?? '').toLowerCase();
  const address2 = `${user === undefined ? '' : `${user}@`}${host}${port === undefined ? '' : `:${port}`}`;
  const target = `${scheme}:${address2}${kept.join('')}`;
  if (target.length > MAX_TARGET_LENGTH) return fail('too-long', 'The SIP address is too long.');
  return { ok: true, link: { scheme, target, display: `${scheme}:${address2}`, dropped } };
}

/** `callto:` as found on the web: a number, a SIP-style `user@host`, or a Skype-style name. */
function parseCallto(body: string): CallLinkResult {
  const value = body.trim();
  if (value.includes('@')) return relabel(parseSip(value, 'sip'), 'callto');
  if (/^\+?[\d\s\-.()]+$/.test(value)) return parseTel(value, 'callto');
  if (CALLTO_NAME.test(value)) return { ok: true, link: { scheme: 'callto', target: value, display: value, dropped: [] } };
  return fail('malformed', `"${value.slice(0, 40)}" is neither a number nor a name to call.`);
}

function relabel(result: CallLinkResult, scheme: CallLinkScheme): CallLinkResult {
  return result.ok ? { ok: true, link: { ...result.link, scheme } } : result;
}

/**
 * Parses a call link. Accepts the registered schemes in any letter case, with
 * or without `//` (`tel://`, `callto://` are common on the web). Everything
 * else, including `http:`, `javascript:`, `file:` and bare text, is refused
 * with a reason fit to show the user.
 */
export function parseCallLink(input: string): CallLinkResult {
  if (typeof input !== 'string') return fail('not-a-call-link', 'No link was given.');
  if (input.length > MAX_LINK_LENGTH) return fail('too-long', `The link is longer than ${MAX_LINK_LENGTH} characters.`);
  const trimmed = input.trim();
  if (CONTROL.test(input)) return fail('unsafe', 'The link contains control characters.');
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(trimmed);
  const scheme = m?.[1]?.toLowerCase();
  if (!m || !scheme || !(CALL_LINK_SCHEMES as readonly string[]).includes(scheme)) {
    return fail('not-a-call-link', `Only ${CALL_LINK_SCHEMES.map((s) => `${s}:`).join(', ')} links can be dialled.`);
  }
  let body = m[2] ?? '';
  if (body.startsWith('//')) body = body.slice(2).replace(/\/$/, '');
  const fullyDecoded = percentDecode(body);
  if (fullyDecoded === undefined) return fail('malformed', 'The link has a broken %-escape.');
  if (CONTROL.test(fullyDecoded)) return fail('unsafe', 'The link hides control characters (an attempt to inject SIP headers or lines).');
  if (fullyDecoded.trim() === '') return fail('malformed', 'The link names nobody to call.');
  // SIP bodies are split first and their user part decoded after, so that an escaped `@`, `;` or `?` cannot change the address.
  const decoded = scheme === 'sip' || scheme === 'sips' ? body : fullyDecoded;
  switch (scheme as CallLinkScheme) {
    case 'tel':
      return parseTel(decoded, 'tel');
    case 'sip':
      return parseSip(decoded, 'sip');
    case 'sips':
      return parseSip(decoded, 'sips');
    case 'callto':
      return parseCallto(decoded);
  }
}

/**
 * Finds the first call link in a command line. Scans every argument, never
 * only `argv[1]`: Electron and the OS may reorder or extend argv
 * (`--original-process-start-time`, `--allow-file-access-from-files`).
 */
export function findCallLink(argv: readonly string[]): string | undefined {
  return argv.find((a) => typeof a === 'string' && /^(tel|sips?|callto):/i.test(a) && a.length <= MAX_LINK_LENGTH);
}

/**
 * Parses what a user pasted or selected to dial: a call link, a telephone
 * number with visual separators, or a SIP address without its scheme
 * (`alice@example.com`). Surrounding whitespace and one pair of angle brackets
 * (`<sip:alice@example.com>`) are removed.
 */
export function parseDialInput(text: string): CallLinkResult {
  if (typeof text !== 'string' || text.length > MAX_LINK_LENGTH) return fail('too-long', `The text is longer than ${MAX_LINK_LENGTH} characters.`);
  let value = text.trim();
  if (value.startsWith('<') && value.endsWith('>')) value = value.slice(1, -1).trim();
  if (value === '') return fail('malformed', 'There is nothing to dial.');
  if (/^(tel|sips?|callto):/i.test(value)) return parseCallLink(value);
  if (/^\+?[\d\s\-.()\u00a0]+$/.test(value)) return relabel(parseCallLink(`tel:${value}`), 'tel');
  if (/^[^\s@:]+@[^\s@]+$/.test(value)) return parseCallLink(`sip:${value}`);
  return fail('not-a-call-link', 'That is not a phone number or a SIP address.');
}
