/**
 * Runs the real runtime (bootstrap with the real sockets, DNS and clock) in the
 * test process, and waits for its events with bounded timeouts.
 */
import type { WorkerAudio } from '../../main/electron/adapters/media-worker-thread';
import type { AppEvent } from '../../main/common/ipc/contract';
import type { AccountConfig } from '../../main/common/models/account';
import type { AudioDevicePort } from '../../main/core/ports/audio';
import type { SystemEventsPort } from '../../main/core/ports/system-events';
import type { CoreOptions } from '../../main/core/softphone-core';
import { bootstrap, type Runtime } from '../../main/electron/bootstrap';
import { fakeSecrets, recordingLogger, type RecordingLogger } from './fakes';

/** A runtime plus an event log to wait on. */
export interface CoreDriver {
  readonly runtime: Runtime;
  readonly events: AppEvent[];
  readonly logger: RecordingLogger;
  /** Waits for the first event after `since` (an index into `events`) that matches. */
  waitFor(pred: (e: AppEvent) => boolean, timeoutMs?: number, since?: number): Promise<AppEvent>;
  /** The registration states of `accountId`, in order. */
  states(accountId: string): string[];
  stop(): Promise<void>;
}

/** Starts a runtime; `sip` shortens timers for tests. */
export function startCore(
  options: { env?: Record<string, string>; sip?: CoreOptions['sip']; secrets?: Record<string, string>; systemEvents?: SystemEventsPort; audio?: AudioDevicePort; media?: WorkerAudio; autoAnswer?: boolean; statsIntervalMs?: number } = {},
): CoreDriver {
  const logger = recordingLogger();
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: '0.0.0-test', mode: 'headless' },
    env: options.env ?? {},
    onQuitRequested: () => undefined,
    ...(options.audio ? { audio: options.audio } : {}),
    ...(options.media ? { media: options.media } : {}),
    ...(options.autoAnswer ? { autoAnswer: true } : {}),
    overrides: {
      ...(options.statsIntervalMs ? { statsIntervalMs: options.statsIntervalMs } : {}),
      logger,
      secrets: fakeSecrets(options.secrets ?? {}),
      ...(options.sip ? { sip: options.sip } : {}),
      ...(options.systemEvents ? { systemEvents: options.systemEvents } : {}),
    },
  });
  const events: AppEvent[] = [];
  const waiters = new Set<() => void>();
  runtime.core.subscribe((e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  return {
    runtime,
    events,
    logger,
    waitFor(pred, timeoutMs = 10000, since = 0) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = events.slice(since).find(pred);
          if (hit) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const regs = events.filter((e) => e.event === 'registration.changed').map((e) => JSON.stringify(e.data));
          reject(new Error(`event not seen within ${timeoutMs} ms; registration events: ${regs.join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    states(accountId) {
      return events.flatMap((e) => (e.event === 'registration.changed' && e.data.accountId === accountId ? [e.data.state] : []));
    },
    stop: () => runtime.shutdown(),
  };
}

/** A registration.changed matcher. */
export function registration(accountId: string, state: string, code?: string): (e: AppEvent) => boolean {
  return (e) => e.event === 'registration.changed' && e.data.accountId === accountId && e.data.state === state && (code === undefined || e.data.reason?.code === code);
}

/** An account on the lab Kamailio. */
export function labAccount(p: { user: string; port: number; transport: AccountConfig['transport']; tlsCaFile?: string; server?: string }): AccountConfig {
  return {
    aor: `sip:${p.user}@127.0.0.1`,
    username: p.user,
    server: p.server ?? `127.0.0.1:${p.port}`,
    transport: p.transport,
    srtp: 'off',
    codecs: ['pcmu'],
    register: true,
    ...(p.tlsCaFile ? { tlsCaFile: p.tlsCaFile } : {}),
  };
}
