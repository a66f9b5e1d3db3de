/**
 * Reads the value of a WWW-Authenticate, Proxy-Authenticate or (Proxy-)
 * Authorization header into schemes and parameters (RFC 7235 §2.1,
 * RFC 3261 §25.1). Hand-written because sip.js's grammar rejects a header
 * holding several challenges and returns only the fields it knows, and
 * selection and redaction need every challenge and every parameter as sent.
 */

/** One `name=value` parameter. */
export interface AuthParam {
  /** As sent; compare case-insensitively. */
  readonly name: string;
  /** Unquoted and unescaped. */
  readonly value: string;
  /** Whether it was sent as a quoted-string. */
  readonly quoted: boolean;
}

/** One challenge (or one set of credentials). */
export interface AuthChallenge {
  /** As sent, e.g. `Digest`; compare case-insensitively. */
  readonly scheme: string;
  readonly params: readonly AuthParam[];
  /** The challenge's text exactly as sent, trimmed (scheme included). */
  readonly text: string;
}

const tokenAt = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Splits on commas outside quoted-strings; returns [start, end) offsets of each item. */
function listItems(value: string): Array<[number, number]> {
  const items: Array<[number, number]> = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') {
      items.push([start, i]);
      start = i + 1;
    }
  }
  items.push([start, value.length]);
  return items;
}

/** Parses `name = value` (value a token or quoted-string), or undefined. */
function parseParam(item: string): AuthParam | undefined {
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(.*)$/s.exec(item);
  if (!m) return undefined;
  const raw = (m[2] ?? '').trim();
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    return { name: m[1] ?? '', value: unquote(raw), quoted: true };
  }
  return { name: m[1] ?? '', value: raw, quoted: false };
}

/** Removes the quotes and backslash escapes of a quoted-string. */
export function unquote(quotedString: string): string {
  return quotedString.slice(1, -1).replace(/\\(.)/gs, '$1');
}

/** Writes `text` as a quoted-string, escaping `"` and `\`. */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Splits a header value into its challenges. An item that starts with a
 * token not followed by `=` opens a new challenge; the others are parameters
 * of the current one. Anything before the first scheme is ignored.
 */
export function parseChallenges(value: string): AuthChallenge[] {
  const out: Array<{ scheme: string; params: AuthParam[]; start: number; end: number }> = [];
  for (const [start, end] of listItems(value)) {
    const item = value.slice(start, end).trim();
    if (item === '') continue;
    const scheme = tokenAt.exec(item)?.[0] ?? '';
    const afterScheme = item.slice(scheme.length);
    const current = out[out.length - 1];
    if (scheme !== '' && !/^\s*=/.test(afterScheme)) {
      const first = parseParam(afterScheme.trim());
      out.push({ scheme, params: first ? [first] : [], start, end });
    } else if (current) {
      const param = parseParam(item);
      if (param) current.params.push(param);
      current.end = end;
    }
  }
  return out.map((c) => ({ scheme: c.scheme, params: c.params, text: value.slice(c.start, c.end).trim() }));
}

/** The value of parameter `name` (case-insensitive), or undefined. */
export function paramValue(challenge: AuthChallenge, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return challenge.params.find((p) => p.name.toLowerCase() === wanted)?.value;
}
