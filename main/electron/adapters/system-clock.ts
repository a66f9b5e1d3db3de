/** The real Clock: Date.now, performance.now and Node timers. */
import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../../core/ports/clock';

/** Creates the system clock. Timers are unref'd so they never keep the process alive on their own. */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimeout(fn, ms) {
      const t = setTimeout(fn, ms);
      t.unref();
      return t as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      clearTimeout(handle as unknown as NodeJS.Timeout);
    },
  };
}
