/**
 * Fixes a 2xx REGISTER response before sip.js reads it. sip.js takes the
 * granted expiry only from the `expires` parameter of the Contact pointing to
 * us; a registrar that states it only in an `Expires:` header (RFC 3261
 * §10.3 allows either) makes sip.js compute NaN and re-REGISTER in a storm.
 * Copying the header value into each Contact without its own `expires`
 * removes the NaN at the source.
 */
import { cseq, headerValue, statusCode } from '../message/sip-text';

/** Returns the response with `;expires=` added to Contacts that lack it. */
export function fixRegisterExpires(message: string): string {
  const status = statusCode(message);
  if (status === undefined || status < 200 || status >= 300 || cseq(message)?.method !== 'REGISTER') return message;
  const expires = headerValue(message, 'expires');
  if (expires === undefined || !/^\d+$/.test(expires)) return message;
  const headEnd = message.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? message : message.slice(0, headEnd);
  const fixed = head.replace(/^((?:Contact|m)[ \t]*:)(.*)$/gim, (_line, name: string, value: string) => {
    const parts = splitContacts(value).map((c) => (/;\s*expires\s*=/i.test(c.replace(/<[^>]*>/g, '')) ? c : `${c};expires=${expires}`));
    return `${name}${parts.join(',')}`;
  });
  return headEnd < 0 ? fixed : fixed + message.slice(headEnd);
}

/** Splits a Contact header value on commas outside <…> and quotes. */
function splitContacts(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}
