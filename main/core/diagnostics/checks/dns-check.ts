/**
 * The DNS check: asks NAPTR, SRV (udp, tcp, tls) and A/AAAA for the server
 * name and shows what each returned, then resolves, per transport, the server
 * the account would use (RFC 3263, the same code registration uses) and
 * leaves it for the transport checks.
 */
import { parseHostPort } from '../../../common/models/sip-address';
import type { DnsPort } from '../../ports/dns';
import { resolveTargets, type SipTransport } from '../../sip/dns';
import { parseIpLiteral } from '../../sip/dns/ip-literal';
import { ALL_TRANSPORTS, defaultPort, srvName } from '../../sip/dns/transports';
import { showEndpoint, type CheckContext, type CheckOutcome, type CheckUnit } from './check-context';

/** One question the check asks and shows: its label and the answer as text. */
type Lookup = { readonly label: string; readonly ask: (dns: DnsPort) => Promise<string[]> };

function lookups(host: string): Lookup[] {
  const srv = (t: SipTransport): Lookup => ({
    label: `SRV ${srvName(t, host)}`,
    ask: async (d) => (await d.resolveSrv(srvName(t, host))).map((r) => `${r.priority} ${r.weight} ${r.port} ${r.name}`),
  });
  return [
    { label: `NAPTR ${host}`, ask: async (d) => (await d.resolveNaptr(host)).map((r) => `${r.order} ${r.preference} "${r.flags}" "${r.service}" ${r.replacement}`) },
    ...ALL_TRANSPORTS.map(srv),
    { label: `A ${host}`, ask: async (d) => [...(await d.resolve4(host))] },
    { label: `AAAA ${host}`, ask: async (d) => [...(await d.resolve6(host))] },
  ];
}

/** Asks every question of {@link lookups} and returns each label with its answer as text. */
function showLookups(dns: DnsPort, host: string): Promise<Array<readonly [string, string]>> {
  return Promise.all(
    lookups(host).map(async (l) => {
      try {
        const records = await l.ask(dns);
        return [l.label, records.length === 0 ? 'none' : records.join('; ')] as const;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return [l.label, code === 'ENOTFOUND' || code === 'ENODATA' ? 'none' : `no answer (${typeof code === 'string' ? code : 'error'})`] as const;
      }
    }),
  );
}

/** Which transports the doctor tries: with an explicit port only those that can share it. */
function transportsToTry(ctx: CheckContext, explicitPort: boolean): SipTransport[] {
  const own = ctx.input.account.transport;
  if (!explicitPort) return [...ALL_TRANSPORTS];
  return own === 'tls' ? ['tls'] : ['udp', 'tcp'];
}

async function run(ctx: CheckContext): Promise<CheckOutcome> {
  const account = ctx.input.account;
  const hp = parseHostPort(account.server);
  if (!hp) return { status: 'fail', code: 'INVALID_CONFIG', detail: `The server "${account.server}" is not host or host:port.` };
  const host = hp.host.replace(/^\[|\]$/g, '');
  const explicitPort = hp.port !== undefined;
  const tries = transportsToTry(ctx, explicitPort);
  for (const t of ALL_TRANSPORTS) {
    if (!tries.includes(t)) ctx.state.untried[t] = `the account names port ${hp.port ?? ''} for ${account.transport.toUpperCase()}, so ${t.toUpperCase()} was not tried`;
  }
  const facts: Record<string, string> = {};
  const literal = parseIpLiteral(host) !== undefined;
  // The shown lookups and the resolution run side by side, so a slow DNS server costs its timeout once.
  const [answers, resolved] = await Promise.all([
    literal ? Promise.resolve([] as Array<readonly [string, string]>) : showLookups(ctx.deps.dns, host),
    Promise.all(
      tries.map(async (t) => [t, await resolveTargets(ctx.deps.dns, { host, ...(hp.port === undefined ? {} : { port: hp.port }), transport: t, tlsRequired: t === 'tls' }, { random: ctx.deps.random, transports: [t] })] as const),
    ),
  ]);
  for (const [label, value] of answers) facts[label] = value;
  for (const [t, r] of resolved) {
    const first = r.ok ? r.data[0] : undefined;
    if (first) {
      ctx.state.targets[t] = first;
      facts[`${t.toUpperCase()} server`] = `${showEndpoint(first.address, first.port)} (${first.source === 'literal' ? 'IP address' : `via ${first.source.toUpperCase()}`}${first.host === first.address ? '' : `, ${first.host}`})`;
    } else if (!r.ok) {
      ctx.state.untried[t] = `DNS found no ${t.toUpperCase()} server`;
    }
  }
  const own = resolved.find(([t]) => t === account.transport)?.[1];
  if (!own || !own.ok) {
    const failure = own && !own.ok ? own.error : { code: 'DNS_NO_RECORD' as const, message: `no server for ${host}` };
    return { status: 'fail', code: failure.code, detail: `${failure.message[0]?.toUpperCase() ?? ''}${failure.message.slice(1)}`, facts };
  }
  const target = ctx.state.targets[account.transport];
  const where = target ? showEndpoint(target.address, target.port) : host;
  if (literal) return { status: 'pass', detail: `The server is an IP address (${where}); no DNS lookup is needed.`, facts };
  const port = hp.port ?? defaultPort(account.transport);
  return { status: 'pass', detail: `${host} resolves: ${account.transport.toUpperCase()} goes to ${where}${explicitPort ? ` (port ${port} from the account)` : ''}.`, facts };
}

/** The DNS check. */
export const dnsCheck: CheckUnit = { id: 'dns', title: 'DNS', timeoutMs: 8000, run };
