/**
 * DTMF in SIP INFO bodies, the fallback when the peer has no telephone-event.
 *
 * - `application/dtmf-relay` (the de-facto Cisco format, no RFC):
 *   `Signal=5\r\nDuration=160\r\n`, Duration in ms. Parsing accepts any key
 *   case, spaces around `=`, LF or CRLF, extra lines, and the numeric event
 *   codes 10-15 for `*#ABCD` that some gateways send.
 * - `application/dtmf`: the body is the key alone (`5`), or its numeric event
 *   code (0-15).
 *
 * Parsers never throw; a body without a usable signal is a typed failure.
 */
import { eventToDigit, toDtmfDigit, type DtmfDigit } from './dtmf-digits';

/** Content type of the Signal/Duration body. */
export const DTMF_RELAY_CONTENT_TYPE = 'application/dtmf-relay';
/** Content type of the bare-key body. */
export const DTMF_CONTENT_TYPE = 'application/dtmf';

/** A digit from an INFO body, or why there is none. */
export type DtmfInfoParseResult =
  | { readonly ok: true; readonly digit: DtmfDigit; readonly durationMs?: number }
  | { readonly ok: false; readonly reason: 'no-signal' | 'bad-signal'; readonly detail: string };

/** A key from text: the key itself, or its numeric event code 0-15. */
function signalToDigit(value: string): DtmfDigit | undefined {
  const direct = toDtmfDigit(value);
  if (direct !== undefined) return direct;
  return /^\d{1,2}$/.test(value) ? eventToDigit(Number(value)) : undefined;
}

/** The `application/dtmf-relay` body for `digit` held `durationMs` (rounded to whole ms). */
export function buildDtmfRelayBody(digit: DtmfDigit, durationMs: number): string {
  const duration = Number.isFinite(durationMs) && durationMs > 0 ? Math.round(durationMs) : 0;
  return `Signal=${digit}\r\nDuration=${duration}\r\n`;
}

/** Parses an `application/dtmf-relay` body. A missing or unreadable Duration is left out, not an error. */
export function parseDtmfRelayBody(body: string): DtmfInfoParseResult {
  let signal: string | undefined;
  let durationMs: number | undefined;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const name = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (name === 'signal' && signal === undefined) signal = value;
    else if (name === 'duration' && durationMs === undefined && /^\d{1,9}$/.test(value)) durationMs = Number(value);
  }
  if (signal === undefined) return { ok: false, reason: 'no-signal', detail: 'no Signal= line' };
  const digit = signalToDigit(signal);
  if (digit === undefined) return { ok: false, reason: 'bad-signal', detail: `Signal=${signal.slice(0, 20)} is not a DTMF key` };
  return durationMs !== undefined ? { ok: true, digit, durationMs } : { ok: true, digit };
}

/** The `application/dtmf` body for `digit`. */
export function buildDtmfBody(digit: DtmfDigit): string {
  return digit;
}

/** Parses an `application/dtmf` body: the key, or its event code. */
export function parseDtmfBody(body: string): DtmfInfoParseResult {
  const value = body.trim();
  if (value.length === 0) return { ok: false, reason: 'no-signal', detail: 'empty body' };
  const digit = signalToDigit(value);
  if (digit === undefined) return { ok: false, reason: 'bad-signal', detail: `${value.slice(0, 20)} is not a DTMF key` };
  return { ok: true, digit };
}
