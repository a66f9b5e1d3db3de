/** Small fakes for the core's ports, shared by unit and integration tests. */
import { err, ok } from '../../main/common/result';
import type { Clock, TimerHandle } from '../../main/core/ports/clock';
import type { Logger, LogFields } from '../../main/core/ports/logger';
import type { SecretStorePort } from '../../main/core/ports/secrets';

/** A logger that records lines instead of printing them. */
export interface RecordingLogger extends Logger {
  readonly lines: Array<{ level: string; scope: string; message: string; fields?: LogFields }>;
}

/** Creates a {@link RecordingLogger}. */
export function recordingLogger(scope = 'test', lines: RecordingLogger['lines'] = []): RecordingLogger {
  const add = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(fields ? { level, scope, message, fields } : { level, scope, message });
  };
  return { lines, debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error'), child: (s) => recordingLogger(`${scope}.${s}`, lines) };
}

/** A secret store over a map; `fail` makes every call report an unavailable keyring. */
export function fakeSecrets(entries: Record<string, string> = {}, fail?: string): SecretStorePort {
  const map = new Map(Object.entries(entries));
  const k = (s: string, a: string): string => `${s}/${a}`;
  return {
    kind: 'os-keyring',
    get: async (s, a) => (fail ? err('KEYCHAIN_UNAVAILABLE', fail) : ok(map.get(k(s, a)) ?? null)),
    set: async (s, a, v) => {
      if (fail) return err('KEYCHAIN_UNAVAILABLE', fail);
      map.set(k(s, a), v);
      return ok(undefined);
    },
    delete: async (s, a) => (fail ? err('KEYCHAIN_UNAVAILABLE', fail) : ok(map.delete(k(s, a)))),
  };
}

/** A manual clock: time moves only when a test calls `advance`. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

/** Creates a {@link FakeClock} starting at `start` ms. */
export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    monotonic: () => now - start,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete(handle as unknown as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}
