/**
 * The input and output of SIP server location (RFC 3263): what the account
 * names (a host, maybe a port and a transport) and the ordered list of
 * concrete places to send requests to.
 */

/** A transport Dialtone speaks. Same values as the transports' `TransportKind`. */
export type SipTransport = 'udp' | 'tcp' | 'tls';

/** How a target was found, for the log and the diagnostics view. */
export type TargetSource = 'literal' | 'naptr' | 'srv' | 'a';

/** Where to send requests, as the account (or a Route / Request-URI) names it. */
export interface SipTargetSpec {
  /** A host name or an IP literal (IPv6 with or without brackets). */
  readonly host: string;
  /** An explicit port: skips NAPTR and SRV (RFC 3263 §4.2). */
  readonly port?: number;
  /** An explicit transport (`;transport=`): skips NAPTR (RFC 3263 §4.1). */
  readonly transport?: SipTransport;
  /** A sips: URI or transport=tls: only TLS targets are acceptable. */
  readonly tlsRequired?: boolean;
}

/** One concrete place to send requests to, in the order to try them. */
export interface ResolvedTarget {
  readonly transport: SipTransport;
  /**
   * The name the address belongs to (the SRV target, or the host itself),
   * or the IP literal. Use it for SNI; see `domain` for certificate checks.
   */
  readonly host: string;
  /**
   * The domain of the SIP target as given (before NAPTR/SRV). RFC 5922 §4
   * says a TLS client checks the certificate against this domain, since an
   * unsigned SRV answer must not decide whose certificate is acceptable.
   */
  readonly domain: string;
  /** An IP address, without brackets. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  /** SRV priority (0 when there was no SRV). */
  readonly priority: number;
  /** SRV weight (0 when there was no SRV). */
  readonly weight: number;
  readonly source: TargetSource;
}

/** Tuning of {@link resolveTargets}; all optional. */
export interface ResolveOptions {
  /** Transports we support, in our order of preference (default udp, tcp, tls). */
  readonly transports?: readonly SipTransport[];
  /** Returns a number in [0, 1) for SRV weighted selection (default Math.random). */
  readonly random?: () => number;
  /** Put IPv6 addresses of each host before its IPv4 ones (default false). */
  readonly ipv6First?: boolean;
}
