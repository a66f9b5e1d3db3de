/**
 * The three kinds of lookup RFC 3263 §4 chains: NAPTR of the domain, SRV of a
 * name (then A/AAAA of each SRV target), and A/AAAA of the domain itself.
 * Each returns targets in the order to try them and leaves what went wrong in
 * the {@link Trace}.
 */
import type { IpLiteral } from './ip-literal';
import { lookupAddresses } from './addresses';
import { selectNaptr } from './naptr';
import type { Querier } from './query';
import { orderSrv } from './srv-order';
import type { Trace } from './trace';
import { naptrServiceOf, srvName } from './transports';
import type { ResolvedTarget, SipTransport } from './types';

/** What every step of one resolution shares. */
export interface StepContext {
  readonly q: Querier;
  readonly trace: Trace;
  /** The SIP domain being resolved (no trailing dot). */
  readonly domain: string;
  readonly random: () => number;
  readonly ipv6First: boolean;
}

/** The result of SRV lookups: targets, whether any SRV record existed, whether a query failed. */
export interface SrvOutcome {
  readonly targets: readonly ResolvedTarget[];
  readonly found: boolean;
  readonly faulted: boolean;
}

type TargetBase = Omit<ResolvedTarget, 'address' | 'family' | 'domain'>;

function expand(ctx: StepContext, base: TargetBase, addresses: readonly IpLiteral[]): ResolvedTarget[] {
  return addresses.map((a) => ({ ...base, domain: ctx.domain, address: a.address, family: a.family }));
}

/** A/AAAA of the domain, with a transport and port chosen by the caller (source 'a'). */
export async function addressStep(ctx: StepContext, transport: SipTransport, port: number): Promise<ResolvedTarget[]> {
  const found = await lookupAddresses(ctx.q, ctx.domain, ctx.ipv6First);
  for (const m of found.missing) ctx.trace.missing(m);
  return expand(ctx, { transport, host: ctx.domain, port, priority: 0, weight: 0, source: 'a' }, found.addresses);
}

/** SRV of `name`, ordered per RFC 2782, each target expanded to its addresses. */
export async function srvStep(ctx: StepContext, name: string, transport: SipTransport, source: 'srv' | 'naptr'): Promise<SrvOutcome> {
  const question = { type: 'SRV', name } as const;
  const answer = await ctx.q.srv(name);
  if (answer.kind === 'fault') return { targets: [], found: false, faulted: true };
  if (answer.kind === 'none') {
    ctx.trace.missing(question);
    return { targets: [], found: false, faulted: false };
  }
  const ordered = orderSrv(answer.records, ctx.random);
  if (ordered.length === 0) ctx.trace.note(question, `SRV ${name} says the service is not available (target '.')`);
  const hosts = await Promise.all(ordered.map((r) => lookupAddresses(ctx.q, r.name.replace(/\.$/, ''), ctx.ipv6First)));
  const targets = ordered.flatMap((r, i) => {
    const host = r.name.replace(/\.$/, '');
    const found = hosts[i];
    if (!found) return [];
    if (found.addresses.length === 0 && found.missing.length > 0) {
      const types = found.missing.map((m) => m.type).join('/');
      ctx.trace.note(question, `SRV ${name} points to ${host}, which has no ${types} record`);
    }
    return expand(ctx, { transport, host, port: r.port, priority: r.priority, weight: r.weight, source }, found.addresses);
  });
  return { targets, found: true, faulted: false };
}

/** SRV of each of `transports` at the domain, concatenated in that order (RFC 3263 §4.1, no NAPTR). */
export async function srvFallbackStep(ctx: StepContext, transports: readonly SipTransport[]): Promise<SrvOutcome> {
  return merge(await Promise.all(transports.map((t) => srvStep(ctx, srvName(t, ctx.domain), t, 'srv'))));
}

/**
 * NAPTR of the domain, then SRV of every usable record, in NAPTR order then
 * preference. `found` and `faulted` speak of those SRV lookups; a NAPTR query
 * that failed is only traced, since resolution goes on without NAPTR.
 */
export async function naptrStep(ctx: StepContext, transports: readonly SipTransport[], tlsRequired: boolean): Promise<SrvOutcome> {
  const question = { type: 'NAPTR', name: ctx.domain } as const;
  const nothing: SrvOutcome = { targets: [], found: false, faulted: false };
  const answer = await ctx.q.naptr(ctx.domain);
  if (answer.kind === 'none') ctx.trace.missing(question);
  if (answer.kind !== 'records') return nothing;
  const choices = selectNaptr(answer.records, transports, tlsRequired);
  if (choices.length === 0) {
    const wanted = transports.filter((t) => !tlsRequired || t === 'tls').map(naptrServiceOf);
    ctx.trace.note(question, `the NAPTR records of ${ctx.domain} offer none of ${wanted.join(', ')} with flag 's'`);
    return nothing;
  }
  return merge(await Promise.all(choices.map((c) => srvStep(ctx, c.srvName, c.transport, 'naptr'))));
}

/** Several SRV outcomes as one, targets in the given order. */
export function merge(outcomes: readonly SrvOutcome[]): SrvOutcome {
  return {
    targets: outcomes.flatMap((o) => o.targets),
    found: outcomes.some((o) => o.found),
    faulted: outcomes.some((o) => o.faulted),
  };
}
