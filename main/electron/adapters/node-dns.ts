/**
 * The real DnsPort over node:dns/promises `Resolver` (c-ares). c-ares already
 * speaks UDP with TCP fallback, follows CNAMEs and retries; this adapter only
 * chooses the servers and bounds the wait. Each adapter has its own Resolver,
 * so pointing one account at a specific DNS server leaves the rest alone.
 */
import { Resolver } from 'node:dns/promises';
import { err, ok, type Result } from '../../common/result';
import type { DnsPort } from '../../core/ports/dns';

/** Options of {@link createNodeDnsPort}. */
export interface NodeDnsOptions {
  /**
   * DNS servers as `ip` or `ip:port` (`[ipv6]:port`), e.g. `['127.0.0.1:5353']`.
   * Absent or empty: the system's servers (from /etc/resolv.conf).
   */
  readonly servers?: readonly string[];
  /**
   * Timeout of the first try, in ms (default 2000). c-ares lengthens it on
   * each retry and raises very small values, so one query waits up to roughly
   * timeoutMs × 2^tries (c-ares 1.34, measured: 200 ms with 1 try ≈ 0.4 s,
   * 2 tries ≈ 0.8 s, 3 tries ≈ 1.8 s). Keep `tries` small.
   */
  readonly timeoutMs?: number;
  /** Attempts per server before ETIMEOUT (default 2). */
  readonly tries?: number;
}

/** Creates the adapter; INVALID_CONFIG when a server or a number is malformed, never throws. */
export function createNodeDnsPort(options: NodeDnsOptions = {}): Result<DnsPort> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const tries = options.tries ?? 2;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) return err('INVALID_CONFIG', `DNS timeout must be a positive number of ms, not ${timeoutMs}`);
  if (!Number.isInteger(tries) || tries < 1) return err('INVALID_CONFIG', `DNS tries must be a positive whole number, not ${tries}`);
  const resolver = new Resolver({ timeout: timeoutMs, tries });
  if (options.servers && options.servers.length > 0) {
    try {
      resolver.setServers([...options.servers]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err('INVALID_CONFIG', `DNS servers ${options.servers.join(', ')} are not valid (ip or ip:port expected): ${reason}`);
    }
  }
  return ok({
    resolveNaptr: (name) => resolver.resolveNaptr(name),
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolve4: (name) => resolver.resolve4(name),
    resolve6: (name) => resolver.resolve6(name),
  });
}
