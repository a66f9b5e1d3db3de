/**
 * A DNS zone as tests describe it, shared by the fake DnsPort (unit tests)
 * and the loopback DNS server (integration tests), so both speak of the same
 * records the same way.
 */
import type { NaptrRecord, SrvRecord } from '../../main/core/ports/dns';

/** A record type the fake and the server answer. */
export type ZoneRecordType = 'NAPTR' | 'SRV' | 'A' | 'AAAA';

/** How a name misbehaves instead of answering. */
export interface ZoneFailure {
  /** drop: never answer (ETIMEOUT); servfail: SERVFAIL; refused: REFUSED. */
  readonly mode: 'drop' | 'servfail' | 'refused';
  /** Only for these types (default: all). */
  readonly types?: readonly ZoneRecordType[];
}

/** The records of one name (lower case, no trailing dot). A name absent from the zone is NXDOMAIN. */
export interface ZoneEntry {
  readonly naptr?: readonly NaptrRecord[];
  readonly srv?: readonly SrvRecord[];
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
  /** An alias: every type is answered from the target (the resolver follows it). */
  readonly cname?: string;
  readonly fail?: ZoneFailure;
}

/** Names to their records. */
export type Zone = Readonly<Record<string, ZoneEntry>>;

/** The failure `entry` has for `type`, if any. */
export function failureFor(entry: ZoneEntry | undefined, type: ZoneRecordType): ZoneFailure['mode'] | undefined {
  const fail = entry?.fail;
  if (!fail) return undefined;
  return fail.types === undefined || fail.types.includes(type) ? fail.mode : undefined;
}

/** The records of `type` in `entry`. */
export function recordsOf(entry: ZoneEntry, type: ZoneRecordType): readonly unknown[] {
  if (type === 'NAPTR') return entry.naptr ?? [];
  if (type === 'SRV') return entry.srv ?? [];
  return (type === 'A' ? entry.a : entry.aaaa) ?? [];
}

/** A shorthand for an SRV record. */
export function srv(priority: number, weight: number, port: number, name: string): SrvRecord {
  return { priority, weight, port, name };
}

/** A shorthand for a SIP NAPTR record with flag 's'. */
export function naptr(order: number, preference: number, service: string, replacement: string, flags = 's'): NaptrRecord {
  return { order, preference, flags, service, regexp: '', replacement };
}
