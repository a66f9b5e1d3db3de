/**
 * The addresses of one host name: A and AAAA asked together, both families
 * kept, IPv4 first unless asked otherwise (happy-eyeballs style racing is the
 * transport's business, not DNS's).
 */
import { parseIpLiteral, type IpLiteral } from './ip-literal';
import type { Querier } from './query';
import type { Question } from './trace';

/** The addresses found for a host, and the questions that came back empty. */
export interface HostAddresses {
  readonly addresses: readonly IpLiteral[];
  readonly missing: readonly Question[];
}

/** Looks up `host` (an IP literal is returned as is, without a query). */
export async function lookupAddresses(q: Querier, host: string, ipv6First: boolean): Promise<HostAddresses> {
  const literal = parseIpLiteral(host);
  if (literal) return { addresses: [literal], missing: [] };
  const [a, aaaa] = await Promise.all([q.a(host), q.aaaa(host)]);
  const v4: IpLiteral[] = a.kind === 'records' ? a.records.map((address) => ({ address, family: 4 })) : [];
  const v6: IpLiteral[] = aaaa.kind === 'records' ? aaaa.records.map((address) => ({ address, family: 6 })) : [];
  const missing: Question[] = [];
  if (a.kind === 'none') missing.push({ type: 'A', name: host });
  if (aaaa.kind === 'none') missing.push({ type: 'AAAA', name: host });
  return { addresses: ipv6First ? [...v6, ...v4] : [...v4, ...v6], missing };
}
