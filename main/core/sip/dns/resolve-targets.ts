/**
 * RFC 3263 §4 server location: from a SIP host (and maybe a port and a
 * transport) to the ordered list of transport + address + port to try.
 *
 * Hand-written over the {@link DnsPort} because node:dns has no SIP logic and
 * sip.js (built for WebSocket) does no NAPTR/SRV location; the JS libraries
 * that do pull in their own DNS client, which would bypass the port.
 *
 * Failover: the caller sends to the first target and moves to the next on a
 * transport error, a timeout (Timer B/F) or a 503 without Retry-After
 * (RFC 3263 §4.3); {@link createTargetCursor} keeps the position.
 */
import { err, ok, type Result } from '../../../common/result';
import type { DnsPort } from '../../ports/dns';
import { parseIpLiteral } from './ip-literal';
import { createQuerier } from './query';
import { addressStep, merge, naptrStep, srvFallbackStep, srvStep, type SrvOutcome, type StepContext } from './steps';
import { Trace } from './trace';
import { ALL_TRANSPORTS, defaultPort, fallbackTransport, srvName } from './transports';
import type { ResolveOptions, ResolvedTarget, SipTargetSpec, SipTransport } from './types';

/** The transport the spec pins (sips + transport=tcp means TLS, RFC 3263 §4.1), checked against what we support. */
function pinnedTransport(spec: SipTargetSpec, transports: readonly SipTransport[]): Result<SipTransport | undefined> {
  const tlsRequired = spec.tlsRequired ?? false;
  if (tlsRequired && spec.transport === 'udp') return err('INVALID_CONFIG', `${spec.host}: a sips: target cannot use transport=udp; use TLS`);
  const pinned = tlsRequired && spec.transport === 'tcp' ? 'tls' : spec.transport;
  const needed = pinned ?? (tlsRequired ? 'tls' : undefined);
  if (needed !== undefined && !transports.includes(needed)) {
    return err('SIP_UNSUPPORTED', `${spec.host} needs ${needed.toUpperCase()}, which is not among the enabled transports (${transports.join(', ')})`);
  }
  return ok(pinned);
}

/** Drops repeats of the same transport, address and port, keeping the first. */
function unique(targets: readonly ResolvedTarget[]): ResolvedTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const id = `${t.transport} ${t.address} ${t.port}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** SRV settled the matter (targets, records that lead nowhere, or a failed query): no A/AAAA fallback. */
const decided = (o: SrvOutcome): boolean => o.targets.length > 0 || o.found || o.faulted;

async function locate(ctx: StepContext, spec: SipTargetSpec, pinned: SipTransport | undefined, transports: readonly SipTransport[]): Promise<readonly ResolvedTarget[]> {
  const tlsRequired = spec.tlsRequired ?? false;
  const fallback = pinned ?? fallbackTransport(transports, tlsRequired);
  if (spec.port !== undefined) return addressStep(ctx, fallback, spec.port);
  if (pinned !== undefined) {
    const srv = await srvStep(ctx, srvName(pinned, ctx.domain), pinned, 'srv');
    if (decided(srv)) return srv.targets;
    return addressStep(ctx, pinned, defaultPort(pinned));
  }
  const viaNaptr = await naptrStep(ctx, transports, tlsRequired);
  if (viaNaptr.targets.length > 0) return viaNaptr.targets;
  const srv = merge([viaNaptr, await srvFallbackStep(ctx, tlsRequired ? ['tls'] : transports)]);
  if (decided(srv)) return srv.targets;
  return addressStep(ctx, fallback, defaultPort(fallback));
}

/**
 * Resolves `spec` into targets in the order to try them. Never throws.
 *
 * - IP literal: no DNS; the given port or 5060 (5061 for TLS).
 * - Explicit port: A/AAAA only, with the pinned transport, else UDP (TLS if required).
 * - Explicit transport: SRV for it, else A/AAAA with its default port.
 * - Otherwise NAPTR (all usable records, by order then preference), else SRV
 *   for each enabled transport in our order, else A/AAAA with UDP (TLS if
 *   required) and the default port.
 *
 * A step falls back to the next only when DNS said "no such record": an SRV
 * query that timed out does not fall back to A/AAAA (that could pick the wrong
 * server), and a NAPTR query that failed falls through to SRV (some networks
 * drop NAPTR). With no target, the error is DNS_NO_RECORD, or
 * NETWORK_UNREACHABLE when the DNS server did not answer; the message names
 * every query that came back empty or failed.
 */
export async function resolveTargets(dns: DnsPort, spec: SipTargetSpec, options: ResolveOptions = {}): Promise<Result<ResolvedTarget[]>> {
  const transports = options.transports ?? ALL_TRANSPORTS;
  const pinned = pinnedTransport(spec, transports);
  if (!pinned.ok) return pinned;
  if (spec.port !== undefined && !(Number.isInteger(spec.port) && spec.port > 0 && spec.port < 65536)) {
    return err('INVALID_CONFIG', `${spec.host}: port ${spec.port} is not between 1 and 65535`);
  }
  const literal = parseIpLiteral(spec.host);
  if (literal) {
    const transport = pinned.data ?? fallbackTransport(transports, spec.tlsRequired ?? false);
    const port = spec.port ?? defaultPort(transport);
    return ok([{ transport, host: literal.address, domain: literal.address, ...literal, port, priority: 0, weight: 0, source: 'literal' }]);
  }
  const domain = spec.host.replace(/\.$/, '');
  if (domain === '') return err('INVALID_CONFIG', 'the SIP server name is empty');
  const trace = new Trace();
  const ctx: StepContext = { q: createQuerier(dns, trace), trace, domain, random: options.random ?? Math.random, ipv6First: options.ipv6First ?? false };
  const targets = unique(await locate(ctx, spec, pinned.data, transports));
  if (targets.length > 0) return ok(targets);
  const failure = trace.describe(domain);
  return err(failure.code, failure.message);
}
