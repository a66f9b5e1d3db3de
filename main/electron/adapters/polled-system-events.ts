/**
 * SystemEventsPort for plain Node (headless and browser mode): polls the
 * network interfaces and reports a change when the set of non-internal
 * addresses differs; detects resume as a timer that fired far too late (the
 * process was frozen). The Electron shell can add powerMonitor events on top.
 */
import { networkInterfaces } from 'node:os';
import type { SystemEventsPort } from '../../core/ports/system-events';

/** The non-internal addresses, sorted, as one comparable string. */
export function addressFingerprint(interfaces: ReturnType<typeof networkInterfaces>): string {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal)
    .map((i) => i.address)
    .sort()
    .join(',');
}

/** Starts polling every `intervalMs`; `stop()` ends it. */
export function createPolledSystemEvents(intervalMs = 5000): SystemEventsPort & { stop(): void } {
  const network = new Set<() => void>();
  const resume = new Set<() => void>();
  let last = addressFingerprint(networkInterfaces());
  let expected = Date.now() + intervalMs;
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - expected > Math.max(30_000, intervalMs * 4)) for (const l of resume) l();
    expected = now + intervalMs;
    const current = addressFingerprint(networkInterfaces());
    if (current !== last) {
      last = current;
      for (const l of network) l();
    }
  }, intervalMs);
  timer.unref();
  const add = (set: Set<() => void>) => (listener: () => void) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return { onNetworkChange: add(network), onResume: add(resume), stop: () => clearInterval(timer) };
}
