/**
 * What every Dialtone SIP transport is built with. sip.js constructs
 * transports itself (`new transportConstructor(logger, options)`), so all
 * dependencies travel in this one options object.
 */
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Endpoint, SocketFactory } from '../../ports/network';

/** The transports Dialtone speaks. */
export type TransportKind = 'udp' | 'tcp' | 'tls';

/** A message as the trace records it. */
export interface WireRecord {
  readonly direction: 'sent' | 'received';
  readonly transport: TransportKind;
  readonly local: Endpoint;
  readonly peer: Endpoint;
  readonly text: string;
}

/** Options of {@link SipTransportOptions}. */
export interface SipTransportOptions {
  readonly kind: TransportKind;
  readonly sockets: SocketFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where requests go: the resolved address of the registrar or outbound proxy. */
  readonly server: Endpoint;
  /** The server's name, for TLS SNI and certificate checks (may be an IP literal). */
  readonly serverName: string;
  /** The local address to bind (the one the OS routes to the server from). */
  readonly localAddress: string;
  /** Local port; 0 (the default) picks a random high port. */
  readonly localPort: number;
  /** Extra CA (PEM) trusted for TLS. */
  readonly tlsCa?: string;
  /** Interval of CRLF keep-alives in ms; 0 turns them off. */
  readonly keepAliveMs: number;
  /** Connect timeout for TCP/TLS in ms. */
  readonly connectTimeoutMs: number;
  /** Security filter: may a request or response from `from` reach sip.js? */
  readonly acceptFrom: (from: Endpoint) => boolean;
  /** Rewrites applied to every incoming message before sip.js parses it (undefined drops it). */
  readonly inbound: (message: string) => string | undefined;
  /** Receives every message on the wire (already as sent / as received). */
  readonly onWire: (record: WireRecord) => void;
  /** Counts what was dropped and why (junk, foreign source, oversized). */
  readonly onDrop: (reason: string, from: Endpoint) => void;
}

/** Largest UDP datagram accepted (the IPv4 UDP payload limit). */
export const MAX_DATAGRAM = 65507;

/** True when `text` starts like a SIP request or response and has a header end. */
export function looksLikeSip(text: string): boolean {
  return (text.startsWith('SIP/2.0 ') || /^[A-Z]{3,16} \S{1,2048} SIP\/2\.0\r\n/.test(text)) && text.includes('\r\n\r\n');
}
