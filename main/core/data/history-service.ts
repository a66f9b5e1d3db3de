/**
 * The call history: every call that ends is recorded (direction, remote URI,
 * caller-ID name from the contacts, account, start/answer/end times, talk
 * time, outcome and the failure reason), missed calls are counted until seen,
 * and calls older than the retention setting are deleted.
 *
 * It only listens to the core's `call.updated` and `call.ended` events; the
 * call code does not know it exists.
 */
import { outcomeOf, type CallRecord, type NewCallRecord } from '../../common/history/call-record';
import type { AppEvent, CallView, EventData, EventName } from '../../common/ipc/contract';
import { ok, type Result } from '../../common/result';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { StoragePort } from '../ports/storage';
import type { ContactsService } from './contacts-service';
import type { SettingsService } from './settings-service';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often retention runs while the app is open. */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/** The history as commands see it. */
export interface HistoryService {
  list(limit: number, beforeId?: number): Promise<Result<{ calls: CallRecord[]; missedUnseen: number }>>;
  markSeen(): Promise<Result<{ missedUnseen: number }>>;
  remove(ids?: readonly number[]): Promise<Result<number>>;
  /** Deletes calls older than the retention setting now; returns how many. */
  prune(): Promise<Result<number>>;
  /** Waits for calls that ended but are still being written. */
  flush(): Promise<void>;
  stop(): void;
}

/** What the history service needs. */
export interface HistoryDeps {
  readonly storage: StoragePort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly contacts: Pick<ContactsService, 'lookup'>;
  readonly settings: SettingsService;
  readonly subscribe: (listener: (event: AppEvent) => void) => () => void;
  readonly publish: <K extends EventName>(event: K, data: EventData<K>) => void;
}

/** Creates the service and starts recording calls. */
export function createHistoryService(deps: HistoryDeps): HistoryService {
  const log = deps.logger.child('history');
  const live = new Map<string, CallView>();
  const pending = new Set<Promise<void>>();
  let timer: TimerHandle | undefined;
  let stopped = false;

  const unseen = async (): Promise<number> => {
    const n = await deps.storage.history.unseenMissed();
    return n.ok ? n.data : 0;
  };

  const record = async (view: CallView, ended: EventData<'call.ended'>): Promise<void> => {
    const endedAt = deps.clock.now();
    const contact = await deps.contacts.lookup(view.remoteUri);
    const outcome = outcomeOf({ direction: view.direction, answeredAt: view.answeredAt, endedBy: ended.endedBy, failed: ended.reason !== undefined });
    const entry: NewCallRecord = {
      callId: view.callId,
      accountId: view.accountId,
      direction: view.direction,
      remoteUri: view.remoteUri,
      ...(contact.ok && contact.data ? { displayName: contact.data.name || contact.data.organization, contactId: contact.data.id } : {}),
      startedAt: view.startedAt,
      ...(view.answeredAt === undefined ? {} : { answeredAt: view.answeredAt }),
      endedAt,
      durationSeconds: view.answeredAt === undefined ? 0 : Math.max(0, Math.round((endedAt - view.answeredAt) / 1000)),
      outcome,
      endedBy: ended.endedBy,
      ...(ended.reason ? { reason: ended.reason } : {}),
      seen: outcome !== 'missed',
    };
    const stored = await deps.storage.history.add(entry);
    if (!stored.ok) {
      log.error('cannot record the call', { callId: view.callId, reason: stored.error.message });
      return;
    }
    deps.publish('history.added', { call: stored.data, missedUnseen: await unseen() });
  };

  const unsubscribe = deps.subscribe((event) => {
    if (event.event === 'call.updated') {
      live.set(event.data.callId, event.data);
    } else if (event.event === 'call.ended') {
      const view = live.get(event.data.callId);
      live.delete(event.data.callId);
      if (!view) return;
      const job = record(view, event.data).catch((error: unknown) => log.error('recording a call failed', { error: String(error) }));
      pending.add(job);
      void job.finally(() => pending.delete(job));
    }
  });

  const prune = async (): Promise<Result<number>> => {
    const days = (await deps.settings.get()).history.retentionDays;
    if (days === 0) return ok(0);
    const removed = await deps.storage.history.removeBefore(deps.clock.now() - days * DAY_MS);
    if (removed.ok && removed.data > 0) {
      log.info('old calls deleted', { count: removed.data, retentionDays: days });
      deps.publish('history.changed', { missedUnseen: await unseen() });
    }
    return removed;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = deps.clock.setTimeout(() => {
      void prune().finally(schedule);
    }, PRUNE_EVERY_MS);
  };
  void prune().finally(schedule);
  deps.settings.onChange(async (next, previous) => {
    if (next.history.retentionDays !== previous.history.retentionDays) await prune();
  });

  return {
    async list(limit, beforeId) {
      const calls = await deps.storage.history.list(beforeId === undefined ? { limit } : { limit, beforeId });
      if (!calls.ok) return calls;
      return ok({ calls: calls.data, missedUnseen: await unseen() });
    },
    async markSeen() {
      const r = await deps.storage.history.markSeen();
      if (!r.ok) return r;
      if (r.data > 0) deps.publish('history.changed', { missedUnseen: 0 });
      return ok({ missedUnseen: await unseen() });
    },
    async remove(ids) {
      const r = await deps.storage.history.remove(ids);
      if (r.ok && r.data > 0) deps.publish('history.changed', { missedUnseen: await unseen() });
      return r;
    },
    prune,
    async flush() {
      await Promise.all([...pending]);
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (timer !== undefined) deps.clock.clearTimeout(timer);
    },
  };
}
