/**
 * RFC 2782 ordering of SRV records: lowest priority first, and within one
 * priority a weighted random order. Hand-written because node:dns returns the
 * records in wire order and leaves the selection to the caller, and no small
 * library does it with an injectable random source (tests need determinism).
 */
import type { SrvRecord } from '../../ports/dns';

/** True for an SRV target of '.' (node reports the root as ''): "service decidedly not available" (RFC 2782). */
export function isNoServiceTarget(name: string): boolean {
  return name === '.' || name === '';
}

/**
 * Orders `records` for trying one after the other. `random` returns a number
 * in [0, 1). Within a priority: weight-0 records go first in the running sum
 * (so they are chosen only when drawn at 0, RFC 2782), each pick draws an
 * integer in [0, sum of remaining weights] and takes the first record whose
 * running sum reaches it. '.' targets are dropped.
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number): SrvRecord[] {
  const usable = records.filter((r) => !isNoServiceTarget(r.name));
  const priorities = [...new Set(usable.map((r) => r.priority))].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const priority of priorities) {
    const group = usable.filter((r) => r.priority === priority);
    const pool = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight !== 0)];
    while (pool.length > 0) {
      const total = pool.reduce((sum, r) => sum + r.weight, 0);
      const draw = Math.min(total, Math.floor(random() * (total + 1)));
      let running = 0;
      let index = pool.findIndex((r) => (running += r.weight) >= draw);
      if (index < 0) index = 0;
      const [picked] = pool.splice(index, 1);
      if (picked) out.push(picked);
    }
  }
  return out;
}
