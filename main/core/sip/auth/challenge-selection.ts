/**
 * Chooses which digest challenge sip.js answers. sip.js 0.21.2 keeps only the
 * LAST WWW-Authenticate / Proxy-Authenticate header of a response
 * (`parser.ts` setHeader), drops the whole response when any of those headers
 * fails its grammar (several challenges in one header, `algorithm=MD5-sess`),
 * and silently loses parameters its grammar does not expect (quoted
 * `algorithm`, unquoted `qop`, `realm` or `nonce`). So the transport rewrites
 * the response before sip.js parses it: one challenge per header, the
 * strongest one we support last and written in the form sip.js reads.
 */
import { Grammar } from 'sip.js';
import { findDigestAlgorithm, type DigestAlgorithm } from './digest-algorithms';
import { paramValue, parseChallenges, quote, type AuthChallenge } from './auth-params';

type ChallengeHeader = 'www-authenticate' | 'proxy-authenticate';
const grammarRule: Readonly<Record<ChallengeHeader, string>> = { 'www-authenticate': 'WWW_Authenticate', 'proxy-authenticate': 'Proxy_Authenticate' };

/** One logical header line (continuation lines included). */
interface HeaderLine {
  readonly raw: string;
  /** Lower-case name. */
  readonly name: string;
  /** The spelling the message used. */
  readonly spelled: string;
  /** Unfolded value. */
  readonly value: string;
}

/** Splits a message into start line, header lines and the rest (from the blank line on). */
function splitMessage(message: string): { start: string; headers: HeaderLine[]; rest: string } | undefined {
  const headEnd = message.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [start = '', ...physical] = message.slice(0, headEnd).split('\r\n');
  const raws: string[] = [];
  for (const line of physical) {
    if (/^[ \t]/.test(line) && raws.length > 0) raws[raws.length - 1] += `\r\n${line}`;
    else raws.push(line);
  }
  const headers = raws.map((raw) => {
    const colon = raw.indexOf(':');
    const spelled = colon > 0 ? raw.slice(0, colon).trim() : '';
    return { raw, spelled, name: spelled.toLowerCase(), value: colon > 0 ? raw.slice(colon + 1).replace(/\r\n[ \t]+/g, ' ').trim() : '' };
  });
  return { start, headers, rest: message.slice(headEnd) };
}

/** The algorithm a challenge asks for, if it is a Digest challenge we may choose. */
function supportedAlgorithm(challenge: AuthChallenge): DigestAlgorithm | undefined {
  if (challenge.scheme.toLowerCase() !== 'digest') return undefined;
  const spec = findDigestAlgorithm(paramValue(challenge, 'algorithm'));
  if (!spec || spec.preference === 0) return undefined;
  if (!paramValue(challenge, 'realm') || !paramValue(challenge, 'nonce')) return undefined;
  const qop = paramValue(challenge, 'qop');
  if (qop !== undefined && !qop.split(',').some((q) => q.trim().toLowerCase() === 'auth')) return undefined;
  return spec.name;
}

/** The challenge rewritten in the parameter forms sip.js's grammar reads. */
function canonical(challenge: AuthChallenge, algorithm: DigestAlgorithm): string {
  const parts = [`realm=${quote(paramValue(challenge, 'realm') ?? '')}`, `nonce=${quote(paramValue(challenge, 'nonce') ?? '')}`, `algorithm=${algorithm}`];
  if (paramValue(challenge, 'qop') !== undefined) parts.push('qop="auth"');
  const opaque = paramValue(challenge, 'opaque');
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  if (paramValue(challenge, 'stale')?.toLowerCase() === 'true') parts.push('stale=true');
  return `Digest ${parts.join(', ')}`;
}

function sipJsParses(header: ChallengeHeader, value: string): boolean {
  const parsed: unknown = Grammar.parse(value, grammarRule[header]);
  return parsed !== -1 && parsed !== undefined;
}

/** The challenge we would answer for `header`, or undefined when none is supported. */
function choose(header: ChallengeHeader, challenges: readonly AuthChallenge[]): { index: number; text: string; algorithm: DigestAlgorithm } | undefined {
  let best: { index: number; text: string; algorithm: DigestAlgorithm; preference: number } | undefined;
  challenges.forEach((challenge, index) => {
    const algorithm = supportedAlgorithm(challenge);
    if (!algorithm) return;
    const preference = findDigestAlgorithm(algorithm)?.preference ?? 0;
    const text = canonical(challenge, algorithm);
    // Ties keep the server's first offer.
    if ((!best || preference > best.preference) && sipJsParses(header, text)) best = { index, text, algorithm, preference };
  });
  return best;
}

function challengesOf(headers: readonly HeaderLine[], header: ChallengeHeader): AuthChallenge[] {
  return headers.filter((h) => h.name === header).flatMap((h) => parseChallenges(h.value));
}

/**
 * Rewrites the WWW-Authenticate and Proxy-Authenticate headers of a raw SIP
 * message so that sip.js answers the strongest challenge we support
 * (SHA-512-256 > SHA-256 > MD5, plain before `-sess`): each challenge on its
 * own line, the chosen one last, other challenges kept before it unless
 * sip.js's grammar would reject them (and with them the whole response).
 * A header kind without a supported challenge is left as it is (see
 * {@link offeredChallengeAlgorithms}). Only header lines change: the start
 * line, the other headers, CRLFs and the body stay byte for byte, so
 * Content-Length stays right.
 */
export function selectStrongestChallenge(message: string): string {
  const parts = splitMessage(message);
  if (!parts) return message;
  let headers: string[] = parts.headers.map((h) => h.raw);
  for (const header of ['www-authenticate', 'proxy-authenticate'] as const) {
    const challenges = challengesOf(parts.headers, header);
    const chosen = choose(header, challenges);
    if (!chosen) continue;
    const first = parts.headers.find((h) => h.name === header);
    const name = first?.spelled ?? header;
    const others = challenges.filter((c, i) => i !== chosen.index && sipJsParses(header, c.text));
    const lines = [...others.map((c) => `${name}: ${c.text}`), `${name}: ${chosen.text}`];
    headers = headers.flatMap((raw, i) => {
      const line = parts.headers[i];
      if (line?.name !== header) return [raw];
      return line === first ? lines : [];
    });
  }
  return [parts.start, ...headers].join('\r\n') + parts.rest;
}

/** The header sip.js reads for a status: 401 → WWW-Authenticate, 407 → Proxy-Authenticate, else both. */
function headersFor(message: string): ChallengeHeader[] {
  const status = /^SIP\/2\.0 (\d{3}) /.exec(message)?.[1];
  if (status === '401') return ['www-authenticate'];
  if (status === '407') return ['proxy-authenticate'];
  return ['www-authenticate', 'proxy-authenticate'];
}

/**
 * Whether the challenges sip.js will read (WWW-Authenticate for a 401,
 * Proxy-Authenticate for a 407) include one we can answer. When false, the
 * caller reports `SIP_UNSUPPORTED` with {@link offeredChallengeAlgorithms}.
 */
export function hasSupportedChallenge(message: string): boolean {
  const parts = splitMessage(message);
  if (!parts) return false;
  return headersFor(message).some((header) => choose(header, challengesOf(parts.headers, header)) !== undefined);
}

/**
 * What the server offered, for the `SIP_UNSUPPORTED` message: the algorithm
 * of each Digest challenge (canonical spelling when we know it, `MD5` when
 * absent, else as sent; `MD5 with qop=auth-int` when only a qop we do not
 * do is offered) and the scheme of every other challenge (`Basic`),
 * without duplicates, in the server's order.
 */
export function offeredChallengeAlgorithms(message: string): string[] {
  const parts = splitMessage(message);
  if (!parts) return [];
  const offered = headersFor(message).flatMap((header) =>
    challengesOf(parts.headers, header).map((c) => {
      if (c.scheme.toLowerCase() !== 'digest') return c.scheme;
      const sent = paramValue(c, 'algorithm');
      const name = findDigestAlgorithm(sent)?.name ?? sent ?? 'MD5';
      const qop = paramValue(c, 'qop');
      return qop !== undefined && !/(^|,)\s*auth\s*(,|$)/i.test(qop) ? `${name} with qop=${qop}` : name;
    }),
  );
  return [...new Set(offered)];
}
