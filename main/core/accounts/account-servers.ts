/**
 * Turns an account's `server` setting into the ordered servers to try, through
 * RFC 3263 (NAPTR, SRV, A/AAAA; an explicit port or an IP literal skips the
 * SRV steps), with the account's transport pinned.
 */
import type { AccountConfig } from '../../common/models/account';
import { parseHostPort } from '../../common/models/sip-address';
import { err, ok, type Result } from '../../common/result';
import type { DnsPort } from '../ports/dns';
import { resolveTargets } from '../sip/dns';
import type { ResolvedServer } from '../sip/sip-account';

/** Resolves the servers of `account`. */
export async function resolveAccountServers(dns: DnsPort, account: AccountConfig, random: () => number): Promise<Result<readonly ResolvedServer[]>> {
  const hp = parseHostPort(account.server);
  if (!hp) return err('INVALID_CONFIG', `The server "${account.server}" is not host or host:port.`);
  const targets = await resolveTargets(
    dns,
    { host: hp.host.replace(/^\[|\]$/g, ''), ...(hp.port === undefined ? {} : { port: hp.port }), transport: account.transport, tlsRequired: account.transport === 'tls' },
    { random, transports: [account.transport] },
  );
  if (!targets.ok) return targets;
  return ok(targets.data.map((t) => ({ endpoint: { address: t.address, port: t.port }, name: t.domain })));
}
