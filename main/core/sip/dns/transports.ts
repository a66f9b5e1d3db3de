/**
 * The fixed names of RFC 3263 per transport: default ports, SRV prefixes and
 * NAPTR service fields.
 */
import type { SipTransport } from './types';

/** Every transport, in the default order of preference (RFC 3263 §4.1 leaves it to the client). */
export const ALL_TRANSPORTS: readonly SipTransport[] = ['udp', 'tcp', 'tls'];

/** 5061 for TLS, 5060 otherwise (RFC 3261 §19.1.2). */
export function defaultPort(transport: SipTransport): number {
  return transport === 'tls' ? 5061 : 5060;
}

/** The SRV name for `transport` at `domain`: `_sip._udp`, `_sip._tcp` or `_sips._tcp` (RFC 3263 §4.1). */
export function srvName(transport: SipTransport, domain: string): string {
  const prefix = transport === 'udp' ? '_sip._udp' : transport === 'tcp' ? '_sip._tcp' : '_sips._tcp';
  return `${prefix}.${domain}`;
}

const NAPTR_SERVICES: Readonly<Record<string, SipTransport>> = {
  'SIP+D2U': 'udp',
  'SIP+D2T': 'tcp',
  'SIPS+D2T': 'tls',
};

/** The transport a NAPTR service field stands for, or undefined for services we do not speak (SCTP, WebSocket, ...). */
export function transportOfNaptrService(service: string): SipTransport | undefined {
  return NAPTR_SERVICES[service.toUpperCase()];
}

/** The transport to use when DNS names none: TLS when required, else UDP if supported, else our first choice. */
export function fallbackTransport(transports: readonly SipTransport[], tlsRequired: boolean): SipTransport {
  if (tlsRequired) return 'tls';
  return transports.includes('udp') ? 'udp' : (transports[0] ?? 'udp');
}

/** The NAPTR service field of `transport` (the inverse of {@link transportOfNaptrService}). */
export function naptrServiceOf(transport: SipTransport): string {
  return transport === 'udp' ? 'SIP+D2U' : transport === 'tcp' ? 'SIP+D2T' : 'SIPS+D2T';
}
