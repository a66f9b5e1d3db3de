/**
 * DNS, as a port: SIP server location (RFC 3263, `main/core/sip/dns`) asks
 * its NAPTR, SRV, A and AAAA questions only through it.
 *
 * Why a port and not `node:dns` directly: tests inject a scripted resolver
 * (or one pointed at a DNS server on loopback), and the app can send the
 * queries to specific servers (a corporate resolver, a VPN's) instead of the
 * system's. The shape is that of `node:dns/promises` `Resolver`, so the real
 * adapter (`main/electron/adapters/node-dns.ts`) is a thin wrapper.
 */

/** One NAPTR record (RFC 3403), as `Resolver.resolveNaptr` returns it. */
export interface NaptrRecord {
  /** 's' (next lookup is SRV), 'a' (A/AAAA), 'u' (URI) or '' (non-terminal); case-insensitive. */
  readonly flags: string;
  /** The service field, e.g. `SIP+D2U`, `SIP+D2T`, `SIPS+D2T`; case-insensitive. */
  readonly service: string;
  /** A substitution expression; empty for SIP, which uses `replacement`. */
  readonly regexp: string;
  /** The name to look up next (an SRV name for flag 's'). */
  readonly replacement: string;
  /** Lower first; records of a higher order are used only when lower ones fail. */
  readonly order: number;
  /** Lower first among records of the same order. */
  readonly preference: number;
}

/** One SRV record (RFC 2782), as `Resolver.resolveSrv` returns it. */
export interface SrvRecord {
  /** Lower first. */
  readonly priority: number;
  /** Relative share of traffic among records of the same priority. */
  readonly weight: number;
  readonly port: number;
  /** The host name; '.' (or '' as node reports the root) means "service not available". */
  readonly name: string;
}

/**
 * The error codes a {@link DnsPort} rejects with, as node's `dns` module
 * names them (`err.code`). Other codes (EBADRESP, EFORMERR, ...) may occur.
 */
export const DnsErrorCodes = {
  /** NXDOMAIN: the name does not exist. */
  NOTFOUND: 'ENOTFOUND',
  /** The name exists but has no record of the asked type. */
  NODATA: 'ENODATA',
  /** No answer from any DNS server within the timeout and tries. */
  TIMEOUT: 'ETIMEOUT',
  /** The DNS server's port is closed (ICMP port unreachable). */
  CONNREFUSED: 'ECONNREFUSED',
  /** The DNS server refused the query (policy). */
  REFUSED: 'EREFUSED',
  /** The DNS server failed to answer for this name (broken zone, DNSSEC failure). */
  SERVFAIL: 'ESERVFAIL',
} as const;

/**
 * A DNS resolver. Every method resolves with the records of `name`, or rejects
 * with an `Error` whose `code` is one of {@link DnsErrorCodes} (ENOTFOUND or
 * ENODATA when there are none). CNAMEs are followed by the implementation.
 */
export interface DnsPort {
  resolveNaptr(name: string): Promise<readonly NaptrRecord[]>;
  resolveSrv(name: string): Promise<readonly SrvRecord[]>;
  /** IPv4 addresses in dotted form. */
  resolve4(name: string): Promise<readonly string[]>;
  /** IPv6 addresses in textual form. */
  resolve6(name: string): Promise<readonly string[]>;
}
