/**
 * Picks the NAPTR records of a SIP domain that lead to a transport we can use
 * (RFC 3263 §4.1, RFC 3403 §4). Hand-written because node:dns only returns the
 * raw records; the SIP-specific filtering is a few lines.
 */
import type { NaptrRecord } from '../../ports/dns';
import { transportOfNaptrService } from './transports';
import type { SipTransport } from './types';

/** A usable NAPTR record: the transport it offers and the SRV name to query next. */
export interface NaptrChoice {
  readonly transport: SipTransport;
  readonly srvName: string;
  readonly order: number;
  readonly preference: number;
}

/**
 * The usable records of `records`, by order then preference. Kept: service
 * SIP+D2U, SIP+D2T or SIPS+D2T for a transport in `transports` (only SIPS+D2T
 * when `tlsRequired`), flag 's', an empty regexp and a replacement that is not
 * the root. All usable records are returned, not only the lowest order, so that
 * the caller can fail over to the next one (RFC 3263 §4.3).
 */
export function selectNaptr(
  records: readonly NaptrRecord[],
  transports: readonly SipTransport[],
  tlsRequired: boolean,
): NaptrChoice[] {
  const out: NaptrChoice[] = [];
  for (const r of records) {
    const transport = transportOfNaptrService(r.service);
    if (transport === undefined || !transports.includes(transport)) continue;
    if (tlsRequired && transport !== 'tls') continue;
    if (r.flags.toLowerCase() !== 's' || r.regexp !== '') continue;
    const srvName = r.replacement.replace(/\.$/, '');
    if (srvName === '') continue;
    out.push({ transport, srvName, order: r.order, preference: r.preference });
  }
  return out.sort((a, b) => a.order - b.order || a.preference - b.preference);
}
