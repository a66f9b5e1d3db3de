/**
 * Who is calling, as the network asserts it. A PBX or carrier puts the
 * verified identity in P-Asserted-Identity (RFC 3325) or, in older gear,
 * Remote-Party-ID (draft-ietf-sip-privacy), while From is whatever the caller
 * typed. Dialtone takes requests only from its account's own servers (the
 * transport's source filter), which makes those servers the trust domain, so
 * an asserted identity wins over From. A SIP URI beats a `tel:` one in the
 * same header (it routes a call back through the same server), and a caller
 * who asked for privacy (From `anonymous`, `Privacy: id`) is shown as such.
 * Hand-written: sip.js parses From but ignores these headers.
 */
import { Grammar } from 'sip.js';

/** The caller as shown to the user. */
export interface CallerId {
  /** The address to call back (sip:, sips: or tel:). */
  readonly uri: string;
  /** The display name, when one was given. */
  readonly name?: string;
  /** Where it came from. */
  readonly source: 'asserted' | 'remote-party-id' | 'from';
  /** The caller withheld their identity. */
  readonly anonymous: boolean;
}

/** The headers of an incoming INVITE that carry identity. */
export interface IdentityHeaders {
  /** The From header's URI and display name (sip.js has parsed them). */
  readonly from: { readonly uri: string; readonly name?: string };
  /** Every P-Asserted-Identity header value. */
  readonly assertedIdentity: readonly string[];
  /** Every Remote-Party-ID header value. */
  readonly remotePartyId: readonly string[];
  /** Every Privacy header value. */
  readonly privacy: readonly string[];
}

/** Splits a header value at the commas between its name-addrs (not those inside quotes or <>). */
export function splitNameAddrs(value: string): string[] {
  return value
    .split(/,(?=(?:[^"<]|"[^"]*"|<[^>]*>)*$)/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function parsed(value: string): { uri: string; name?: string } | undefined {
  const h = Grammar.nameAddrHeaderParse(value);
  if (!h) {
    // sip.js's name-addr grammar has no tel: URIs.
    const tel = /^\s*(?:"((?:[^"\\]|\\.)*)"\s*|([^<"]*?)\s*)<(tel:[^>]+)>/i.exec(value) ?? /^\s*()()(tel:[^;,\s]+)/i.exec(value);
    if (!tel?.[3]) return undefined;
    const name = (tel[1] ?? tel[2] ?? '').trim();
    return { uri: tel[3], ...(name ? { name } : {}) };
  }
  const name = (h.displayName ?? '').trim();
  return { uri: h.uri.toString(), ...(name ? { name } : {}) };
}

function best(values: readonly string[]): { uri: string; name?: string } | undefined {
  const all = values.flatMap(splitNameAddrs).map(parsed).filter((v): v is { uri: string; name?: string } => v !== undefined);
  const sip = all.find((v) => /^sips?:/i.test(v.uri));
  const first = sip ?? all[0];
  if (!first) return undefined;
  // The name may sit on the other value (a tel: with the name, a sip: without).
  const name = first.name ?? all.find((v) => v.name)?.name;
  return { uri: first.uri, ...(name ? { name } : {}) };
}

function isAnonymous(uri: string, name: string | undefined): boolean {
  return /^sips?:anonymous@/i.test(uri) || /@anonymous\.invalid$/i.test(uri) || /^(anonymous|unknown|restricted)$/i.test(name ?? '');
}

/**
 * The caller of an incoming INVITE: asserted identity, else Remote-Party-ID,
 * else From. A `Privacy: id` (or `user`/`header`) request is honoured even
 * though the network told us who it is: the caller is shown as anonymous.
 */
export function callerId(h: IdentityHeaders): CallerId {
  if (h.privacy.some((p) => /\b(id|user|header)\b/i.test(p))) return { uri: h.from.uri, source: 'from', anonymous: true };
  const asserted = best(h.assertedIdentity);
  const rpid = asserted ? undefined : best(h.remotePartyId);
  const chosen = asserted ?? rpid;
  if (!chosen) {
    const anonymous = isAnonymous(h.from.uri, h.from.name);
    return { uri: h.from.uri, ...(h.from.name && !anonymous ? { name: h.from.name } : {}), source: 'from', anonymous };
  }
  const name = chosen.name ?? (isAnonymous(h.from.uri, h.from.name) ? undefined : h.from.name);
  return { uri: chosen.uri, ...(name ? { name } : {}), source: asserted ? 'asserted' : 'remote-party-id', anonymous: false };
}
