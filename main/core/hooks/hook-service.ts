/**
 * Runs the call hooks off the call path. The core's event listener only
 * feeds the {@link HookTracker} and pushes jobs onto a bounded queue per hook;
 * each queue is worked through on its own, in order, by async code that
 * never runs inside the listener, so no hook can delay, block or break a call.
 * A full queue drops its oldest job (logged and reported as `hooks.failed`),
 * and a hook that gives up is reported the same way.
 *
 * Config is held in memory here (`configure`); `data/persisted-settings.ts`
 * stores it (secrets in the keychain) and restores it at start.
 */
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { CommandHook, HookEvent, HooksConfig, HooksView, ScreenPop, Webhook } from '../../common/models/integrations';
import { err, ok, type AppError, type Result } from '../../common/result';
import type { Clock } from '../ports/clock';
import type { HookPorts } from '../ports/integrations';
import type { Logger } from '../ports/logger';
import { payloadOf, templateValues, type HookPayload } from './hook-payload';
import { HookTracker } from './hook-tracker';
import { commandArgs, screenPopUrl } from './template';
import { deliverWebhook } from './webhook-delivery';

/** Jobs waiting per hook before the oldest is dropped. */
export const QUEUE_LIMIT = 100;

/** A hook that gave up. */
export interface HookFailure {
  readonly hookId: string;
  readonly kind: 'webhook' | 'screenPop' | 'command';
  readonly event: HookEvent;
  readonly callId: string;
  readonly reason: AppError;
}

/** What the service needs. */
export interface HookServiceDeps {
  readonly ports: HookPorts;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly onFailed: (failure: HookFailure) => void;
  /** Backoff base of webhook retries, ms (tests use a small one). */
  readonly backoffBaseMs?: number;
}

/** The hooks as the core sees them. */
export interface HookService {
  /** Feeds one core event (called from the event listener; returns at once). */
  handle(event: AppEvent): void;
  /** Replaces the configuration; a webhook given without `secret` keeps its old one, `null` removes it. */
  configure(config: HooksConfig): HooksView;
  view(): HooksView;
  /**
   * Runs one hook now with a sample incoming call (number +15555550100, name
   * "Dialtone test"), enabled or not, and reports how it went: the Settings
   * view's "Test" button.
   */
  test(hookId: string): Promise<Result<{ kind: HookFailure['kind'] }>>;
  /** Resolves when every queue is empty (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops retries and drops what is queued. */
  stop(): void;
}

type Job = { readonly payload: HookPayload; readonly run: () => Promise<AppError | undefined> };

interface Queue {
  readonly jobs: Job[];
  running: boolean;
}

/** Creates the service with no hooks. */
export function createHookService(deps: HookServiceDeps): HookService {
  const log = deps.logger.child('hooks');
  const tracker = new HookTracker(deps.clock.now);
  let config: { webhooks: Webhook[]; screenPops: ScreenPop[]; commands: CommandHook[] } = { webhooks: [], screenPops: [], commands: [] };
  const queues = new Map<string, Queue>();
  const idleWaiters = new Set<() => void>();
  let stopped = false;
  let deliveries = 0;

  const busy = (): boolean => [...queues.values()].some((q) => q.running || q.jobs.length > 0);
  const notifyIdle = (): void => {
    if (busy()) return;
    for (const w of [...idleWaiters]) w();
    idleWaiters.clear();
  };

  function enqueue(hookId: string, kind: HookFailure['kind'], job: Job): void {
    let q = queues.get(hookId);
    if (!q) {
      q = { jobs: [], running: false };
      queues.set(hookId, q);
    }
    if (q.jobs.length >= QUEUE_LIMIT) {
      const dropped = q.jobs.shift();
      if (dropped) {
        log.warn('hook queue full: dropped the oldest job', { hook: hookId });
        deps.onFailed({ hookId, kind, event: dropped.payload.event, callId: dropped.payload.callId, reason: { code: 'HOOK_FAILED', message: `The queue of hook "${hookId}" was full (${QUEUE_LIMIT}); the oldest job was dropped.` } });
      }
    }
    q.jobs.push(job);
    if (!q.running) void drain(hookId, kind, q);
  }

  async function drain(hookId: string, kind: HookFailure['kind'], q: Queue): Promise<void> {
    q.running = true;
    // Leave the event listener's turn before doing anything.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!stopped && q.jobs.length > 0) {
      const job = q.jobs.shift() as Job;
      let failure: AppError | undefined;
      try {
        failure = await job.run();
      } catch (error) {
        failure = { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
      }
      if (failure) {
        log.warn('hook failed', { hook: hookId, kind, event: job.payload.event, code: failure.code });
        deps.onFailed({ hookId, kind, event: job.payload.event, callId: job.payload.callId, reason: failure });
      }
    }
    q.running = false;
    notifyIdle();
  }

  type Planned = { readonly hookId: string; readonly kind: HookFailure['kind']; readonly job: Job };

  /** The jobs of every hook `pick` selects, for `payload`. */
  function plan(payload: HookPayload, pick: (hook: { id: string; enabled: boolean; events: readonly HookEvent[] }) => boolean): Planned[] {
    const values = templateValues(payload);
    const out: Planned[] = [];
    for (const hook of config.webhooks.filter(pick)) {
      deliveries += 1;
      const deliveryId = `${payload.callId}-${payload.event}-${deliveries}`;
      const body = JSON.stringify(payload);
      out.push({
        hookId: hook.id,
        kind: 'webhook',
        job: {
          payload,
          run: async () => {
            const sent = await deliverWebhook(hook, payload.event, deliveryId, body, { http: deps.ports.http, clock: deps.clock, random: deps.random, stopped: () => stopped, ...(deps.backoffBaseMs === undefined ? {} : { backoffBaseMs: deps.backoffBaseMs }) });
            return sent.ok ? undefined : sent.error;
          },
        },
      });
    }
    for (const pop of config.screenPops.filter(pick)) {
      out.push({
        hookId: pop.id,
        kind: 'screenPop',
        job: {
          payload,
          run: async () => {
            const url = screenPopUrl(pop.urlTemplate, values);
            if (!url.ok) return url.error;
            const opened = await deps.ports.urls.open(url.data);
            return opened.ok ? undefined : opened.error;
          },
        },
      });
    }
    for (const cmd of config.commands.filter(pick)) {
      out.push({
        hookId: cmd.id,
        kind: 'command',
        job: {
          payload,
          run: async () => {
            const ran = await deps.ports.commands.run(cmd.program, commandArgs(cmd.args, values), cmd.timeoutMs);
            if (!ran.ok) return ran.error;
            return ran.data.exitCode === 0 ? undefined : { code: 'HOOK_FAILED', message: `The command exited with code ${ran.data.exitCode ?? 'none (killed)'}.` };
          },
        },
      });
    }
    return out;
  }

  function fire(payload: HookPayload): void {
    for (const p of plan(payload, (h) => h.enabled && h.events.includes(payload.event))) enqueue(p.hookId, p.kind, p.job);
  }

  /** A sample call for `hooks.test`. */
  function samplePayload(): HookPayload {
    const now = deps.clock.now();
    const call: CallView = { callId: `test-${now}`, accountId: 'test', direction: 'incoming', state: 'ringing', remoteUri: 'sip:+15555550100@example.invalid', remoteName: 'Dialtone test', srtp: false, remoteHold: false, muted: false, startedAt: now };
    return payloadOf({ event: 'incoming', call }, now);
  }

  const view = (): HooksView => ({
    webhooks: config.webhooks.map(({ secret, ...rest }) => ({ ...rest, hasSecret: typeof secret === 'string' && secret !== '' })),
    screenPops: config.screenPops.map((p) => ({ ...p })),
    commands: config.commands.map((c) => ({ ...c, args: [...c.args] })),
  });

  return {
    handle(event) {
      if (stopped) return;
      for (const trigger of tracker.feed(event)) fire(payloadOf(trigger, deps.clock.now()));
    },
    configure(next) {
      const previous = new Map(config.webhooks.map((w) => [w.id, w.secret]));
      config = {
        webhooks: next.webhooks.map((w) => {
          const secret = w.secret === undefined ? previous.get(w.id) : w.secret;
          const { secret: _dropped, ...rest } = w;
          return typeof secret === 'string' ? { ...rest, secret } : rest;
        }),
        screenPops: [...next.screenPops],
        commands: [...next.commands],
      };
      const ids = new Set([...config.webhooks, ...config.screenPops, ...config.commands].map((h) => h.id));
      for (const id of [...queues.keys()]) if (!ids.has(id) && !queues.get(id)?.running) queues.delete(id);
      log.info('hooks configured', { webhooks: config.webhooks.length, screenPops: config.screenPops.length, commands: config.commands.length });
      return view();
    },
    view,
    async test(hookId) {
      const planned = plan(samplePayload(), (h) => h.id === hookId)[0];
      if (!planned) return err('NOT_FOUND', `No hook "${hookId}".`);
      const failure = await planned.job.run();
      return failure ? { ok: false, error: failure } : ok({ kind: planned.kind });
    },
    idle: () => (busy() ? new Promise<void>((resolve) => idleWaiters.add(resolve)) : Promise.resolve()),
    stop() {
      stopped = true;
      for (const q of queues.values()) q.jobs.length = 0;
      notifyIdle();
    },
  };
}
