/**
 * A DnsPort over a {@link Zone}, for unit tests: rejects like node's Resolver
 * (ENOTFOUND, ENODATA, ETIMEOUT, ESERVFAIL, EREFUSED) and records every query.
 */
import type { DnsPort } from '../../main/core/ports/dns';
import { failureFor, recordsOf, type Zone, type ZoneRecordType } from './dns-zone';

/** A fake resolver and the queries it was asked, as "TYPE name". */
export interface FakeDns extends DnsPort {
  readonly queries: string[];
}

const CODES = { drop: 'ETIMEOUT', servfail: 'ESERVFAIL', refused: 'EREFUSED' } as const;

function dnsError(code: string, type: ZoneRecordType, name: string): Error {
  return Object.assign(new Error(`query${type} ${code} ${name}`), { code, hostname: name });
}

/** Creates a {@link FakeDns} answering from `zone` (CNAMEs followed, up to 8). */
export function fakeDns(zone: Zone): FakeDns {
  const queries: string[] = [];
  async function lookup<T>(type: ZoneRecordType, name: string): Promise<T[]> {
    queries.push(`${type} ${name}`);
    let current = name.toLowerCase().replace(/\.$/, '');
    for (let hops = 0; hops < 8; hops += 1) {
      const entry = zone[current];
      const failure = failureFor(entry, type);
      if (failure) throw dnsError(CODES[failure], type, name);
      if (!entry) throw dnsError('ENOTFOUND', type, name);
      if (entry.cname === undefined) {
        const records = recordsOf(entry, type) as T[];
        if (records.length === 0) throw dnsError('ENODATA', type, name);
        return [...records];
      }
      current = entry.cname;
    }
    throw dnsError('ESERVFAIL', type, name);
  }
  return {
    queries,
    resolveNaptr: (name) => lookup('NAPTR', name),
    resolveSrv: (name) => lookup('SRV', name),
    resolve4: (name) => lookup('A', name),
    resolve6: (name) => lookup('AAAA', name),
  };
}

/** A random source that returns `values` in turn (then repeats the last), for deterministic SRV weights. */
export function sequenceRandom(values: readonly number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}

/** A seeded pseudo-random source (a 32-bit LCG), for statistical tests that must not flake. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
