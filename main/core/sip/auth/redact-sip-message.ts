/**
 * Masks digest secrets in SIP text bound for logs and traces. A digest
 * `response` (or `rspauth`) with its nonce, cnonce and uri is enough to
 * brute-force the password offline, so none of it may leave the process;
 * scheme, username, realm and algorithm stay because they are what one reads
 * a trace for.
 */
import { parseChallenges } from './auth-params';

const mask = '…';
const kept = new Set(['username', 'realm', 'algorithm']);

/** `Digest username="alice", realm="x", algorithm=MD5, nonce="…", response="…"`; non-Digest: `Basic …`. */
function redactCredentialsValue(value: string): string {
  const [credentials] = parseChallenges(value);
  if (!credentials) return value.trim() === '' ? value : ` ${mask}`;
  if (credentials.scheme.toLowerCase() !== 'digest') return ` ${credentials.scheme} ${mask}`;
  const params = credentials.params.map((p) => {
    if (kept.has(p.name.toLowerCase())) return `${p.name}=${p.quoted ? `"${p.value.replace(/["\\]/g, '\\$&')}"` : p.value}`;
    return p.quoted ? `${p.name}="${mask}"` : `${p.name}=${mask}`;
  });
  return ` ${credentials.scheme} ${params.join(', ')}`;
}

/** An Authorization / Proxy-Authorization header, continuation lines included. */
const authorizationHeader = /(^|[^A-Za-z0-9-])((?:Proxy-)?Authorization[ \t]*:)([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/gi;
/** `response`, `cnonce` or `rspauth` anywhere (Authentication-Info, log lines). */
const secretParam = /\b(response|cnonce|rspauth)(\s*=\s*)("(?:[^"\\\r\n]|\\.)*"|[^\s,;"]+)/gi;

/**
 * Returns `text` (a SIP message or any log line) with the credentials of
 * every Authorization / Proxy-Authorization header masked except scheme,
 * username, realm and algorithm, and every `response=`, `cnonce=` and
 * `rspauth=` value masked wherever it appears. Other bytes are unchanged,
 * except that a folded credentials header becomes one line.
 */
export function redactSipMessage(text: string): string {
  return text
    .replace(authorizationHeader, (_all, before: string, name: string, value: string) => `${before}${name}${redactCredentialsValue(value.replace(/\r?\n[ \t]+/g, ' '))}`)
    .replace(secretParam, (_all, name: string, eq: string, value: string) => `${name}${eq}${value.startsWith('"') ? `"${mask}"` : mask}`);
}
