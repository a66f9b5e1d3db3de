/**
 * Tells whether a packet's source belongs to the servers an account resolved
 * to, so that SIP requests are accepted only from the account's own servers
 * (a softphone on an open UDP port otherwise rings for any scanner).
 * Uses node:net BlockList for the address match, which also treats
 * `::ffff:192.0.2.1` as `192.0.2.1` and compares IPv6 in any spelling.
 */
import { BlockList } from 'node:net';
import type { Endpoint } from '../../ports/network';
import type { ResolvedTarget } from './types';

/** Whether the source port must match too (the default), or only the address. */
export interface SourceMatchOptions {
  /** Accept any source port from a known address (servers that send from an ephemeral port). */
  readonly anyPort?: boolean;
}

/**
 * A filter over `targets` for the transports' `acceptFrom`: true when `from`
 * is one of the targets' address and port (or just address with `anyPort`).
 */
export function sourceFilter(targets: readonly ResolvedTarget[], options: SourceMatchOptions = {}): (from: Endpoint) => boolean {
  const byPort = new Map<number | 'any', BlockList>();
  for (const t of targets) {
    const slot = options.anyPort ? 'any' : t.port;
    const list = byPort.get(slot) ?? new BlockList();
    list.addAddress(t.address, t.family === 6 ? 'ipv6' : 'ipv4');
    byPort.set(slot, list);
  }
  return (from) => {
    const list = byPort.get(options.anyPort ? 'any' : from.port);
    if (!list) return false;
    const bare = from.address.replace(/^\[(.*)\]$/, '$1');
    try {
      return list.check(bare, bare.includes(':') ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
  };
}

/** One-off form of {@link sourceFilter}: is `from` among `targets`? */
export function isKnownSource(targets: readonly ResolvedTarget[], from: Endpoint, options: SourceMatchOptions = {}): boolean {
  return sourceFilter(targets, options)(from);
}
