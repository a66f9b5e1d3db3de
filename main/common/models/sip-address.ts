/**
 * Minimal checks for the SIP addresses that appear in configuration: an
 * address-of-record (`sip:user@host[:port]`) and a server (`host[:port]`).
 *
 * Hand-written because these are two small grammars (RFC 3261 §25.1 host and
 * port) and pulling sip.js's parser into main/common would break the layer rule
 * (common may import only zod). Full URI handling lives in the SIP layer.
 */

const hostname = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6 = /^\[[0-9a-f:.]+\]$/i;
/** RFC 3261 `user` characters: unreserved, escaped and user-unreserved. */
const sipUser = /^(?:[a-z0-9\-_.!~*'()&=+$,;?/]|%[0-9a-f]{2})+$/i;

/** A host and an optional port, as written in a `server` field. */
export interface HostPort {
  readonly host: string;
  readonly port?: number;
}

/** True for a DNS name, a dotted IPv4 address or a bracketed IPv6 address. */
export function isValidHost(host: string): boolean {
  if (ipv6.test(host)) return host.slice(1, -1).includes(':');
  // All-numeric labels must form an IPv4 address, not a hostname.
  if (/^[\d.]+$/.test(host)) return ipv4.test(host);
  return hostname.test(host);
}

/** Parses `host`, `host:port` or `[v6]:port`; undefined when malformed. */
export function parseHostPort(value: string): HostPort | undefined {
  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  const host = m[1] ?? '';
  if (!isValidHost(host)) return undefined;
  if (m[2] === undefined) return { host };
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** The parts of an address-of-record such as `sip:alice@example.com`. */
export interface AddressOfRecord {
  readonly scheme: 'sip' | 'sips';
  readonly user: string;
  readonly host: string;
  readonly port?: number;
}

/** Parses an address-of-record; undefined when it is not `sip[s]:user@host[:port]`. */
export function parseAor(value: string): AddressOfRecord | undefined {
  const m = /^(sips?):([^@\s]+)@([^;?\s]+)$/i.exec(value.trim());
  if (!m) return undefined;
  const user = m[2] ?? '';
  if (!sipUser.test(user)) return undefined;
  const hp = parseHostPort(m[3] ?? '');
  if (!hp) return undefined;
  const scheme = (m[1] ?? '').toLowerCase() === 'sips' ? 'sips' : 'sip';
  return hp.port === undefined ? { scheme, user, host: hp.host } : { scheme, user, host: hp.host, port: hp.port };
}
