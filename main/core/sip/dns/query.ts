/**
 * The DNS questions of one resolution: each asked at most once (NAPTR and the
 * SRV fallback may name the same SRV record), each answer classified, and
 * every fault written to the {@link Trace}.
 */
import { DnsErrorCodes, type DnsPort, type NaptrRecord, type SrvRecord } from '../../ports/dns';
import type { Fault, Question, Trace } from './trace';

/** The answer to one question: records, a clean "none", or a fault (already traced). */
export type Answer<T> =
  | { readonly kind: 'records'; readonly records: readonly T[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'fault'; readonly fault: Fault };

/** Asks the questions of one resolution. */
export interface Querier {
  naptr(name: string): Promise<Answer<NaptrRecord>>;
  srv(name: string): Promise<Answer<SrvRecord>>;
  a(name: string): Promise<Answer<string>>;
  aaaa(name: string): Promise<Answer<string>>;
}

const NONE = new Set<string>([DnsErrorCodes.NOTFOUND, DnsErrorCodes.NODATA, 'ENONAME']);
const UNREACHABLE = new Set<string>([DnsErrorCodes.CONNREFUSED, DnsErrorCodes.REFUSED]);

/** The code of a rejection from a {@link DnsPort}, or 'EUNKNOWN'. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

function classify(code: string): Fault | 'none' {
  if (NONE.has(code)) return 'none';
  if (code === DnsErrorCodes.TIMEOUT) return 'timeout';
  return UNREACHABLE.has(code) ? 'unreachable' : 'error';
}

/** A {@link Querier} over `dns` that records faults in `trace`. */
export function createQuerier(dns: DnsPort, trace: Trace): Querier {
  const asked = new Map<string, Promise<Answer<unknown>>>();
  function ask<T>(question: Question, run: () => Promise<readonly T[]>): Promise<Answer<T>> {
    const id = `${question.type} ${question.name.toLowerCase()}`;
    const known = asked.get(id);
    if (known) return known as Promise<Answer<T>>;
    trace.asked(question);
    const answer = (async (): Promise<Answer<T>> => {
      try {
        const records = await run();
        return records.length > 0 ? { kind: 'records', records } : { kind: 'none' };
      } catch (error) {
        const code = codeOf(error);
        const fault = classify(code);
        if (fault === 'none') return { kind: 'none' };
        trace.fault(question, fault, code);
        return { kind: 'fault', fault };
      }
    })();
    asked.set(id, answer);
    return answer;
  }
  return {
    naptr: (name) => ask({ type: 'NAPTR', name }, () => dns.resolveNaptr(name)),
    srv: (name) => ask({ type: 'SRV', name }, () => dns.resolveSrv(name)),
    a: (name) => ask({ type: 'A', name }, () => dns.resolve4(name)),
    aaaa: (name) => ask({ type: 'AAAA', name }, () => dns.resolve6(name)),
  };
}
