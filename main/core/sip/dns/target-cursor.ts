/**
 * Walks the targets of {@link resolveTargets} for failover (RFC 3263 §4.3):
 * send to `next()`; on a transport error, a transaction timeout or a 503
 * without Retry-After, call `next()` again; when it returns undefined, every
 * server failed and the last error is the one to report. Resolve again (new
 * SRV draw, fresh records) for the next registration or call.
 */
import type { ResolvedTarget } from './types';

/** A position in an ordered list of targets. */
export interface TargetCursor {
  /** The next target to try, or undefined when all have been tried. */
  next(): ResolvedTarget | undefined;
  /** The target last returned by `next()`, if any. */
  readonly current: ResolvedTarget | undefined;
  /** How many targets `next()` has not returned yet. */
  readonly remaining: number;
}

/** A cursor over `targets` (copied, so later changes to the array do not move it). */
export function createTargetCursor(targets: readonly ResolvedTarget[]): TargetCursor {
  const list = [...targets];
  let index = -1;
  return {
    next() {
      if (index < list.length) index += 1;
      return list[index];
    },
    get current() {
      return list[index];
    },
    get remaining() {
      return list.length - Math.min(list.length, index + 1);
    },
  };
}
