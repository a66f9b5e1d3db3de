/**
 * The one store: starts from `snapshot`, then applies events in seq order
 * through the pure reducer. Events older than the state are ignored; a gap (a
 * missed event) triggers a fresh snapshot. Call state is never changed
 * optimistically: the UI moves only when an event or a snapshot says so.
 * Commands go out through {@link Store.invoke}, the bridge the store started on.
 */
import type { DialtoneApi } from '../../../main/common/ipc/api';
import type { AppEvent, CommandArgs, CommandName, CommandResult } from '../../../main/common/ipc/contract';
import { err, type Result } from '../../../main/common/result';
import { initialState, reduce, type UiAction, type UiState } from './reducer';

/** A subscribable store for `useSyncExternalStore`. */
export interface Store {
  getState(): UiState;
  subscribe(listener: () => void): () => void;
  setConnected(connected: boolean): void;
  /** Dispatches a UI-only action (dismissing a notice). */
  dispatch(action: Extract<UiAction, { type: 'endedDismissed' | 'missedCounted' }>): void;
  /** Sends a command through the bridge; fails with INTERNAL before {@link start}. */
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
  /** Subscribes to events, loads the first snapshot, the SIP trace so far and the unseen-missed count. */
  start(api: DialtoneApi): Promise<void>;
}

/** Creates an empty store. */
export function createStore(): Store {
  let state = initialState;
  let bridge: DialtoneApi | undefined;
  const listeners = new Set<() => void>();
  const apply = (action: UiAction): void => {
    const next = reduce(state, action);
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  };
  let buffered: AppEvent[] = [];
  let loading = false;

  const load = async (api: DialtoneApi): Promise<void> => {
    loading = true;
    const result = await api.invoke('snapshot', {});
    loading = false;
    if (!result.ok) return;
    apply({ type: 'snapshot', snapshot: result.data });
    const pending = buffered.sort((a, b) => a.seq - b.seq);
    buffered = [];
    for (const event of pending) onEvent(api, event);
  };

  const onEvent = (api: DialtoneApi, event: AppEvent): void => {
    const current = state.snapshot;
    if (loading || !current) {
      buffered.push(event);
      return;
    }
    if (event.seq <= current.seq) return;
    if (event.seq !== current.seq + 1) {
      void load(api);
      return;
    }
    apply({ type: 'event', event });
  };

  const loadTrace = async (api: DialtoneApi): Promise<void> => {
    const result = await api.invoke('sip.trace', { afterId: 0, limit: 5000 });
    if (result.ok) apply({ type: 'traceLoaded', entries: result.data.entries });
  };

  const loadMissed = async (api: DialtoneApi): Promise<void> => {
    const result = await api.invoke('history.list', { limit: 1 });
    if (result.ok) apply({ type: 'missedCounted', missedUnseen: result.data.missedUnseen });
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setConnected(connected) {
      apply({ type: 'connected', connected });
    },
    dispatch: apply,
    invoke(cmd, args) {
      if (!bridge) return Promise.resolve(err('INTERNAL', 'Not connected to Dialtone yet.'));
      return bridge.invoke(cmd, args);
    },
    async start(api) {
      bridge = api;
      api.onEvent((event) => onEvent(api, event));
      await load(api);
      await loadTrace(api);
      await loadMissed(api);
    },
  };
}
