/**
 * The one store: starts from `snapshot`, then applies events in seq order.
 * Events older than the state are ignored; a gap (a missed event) triggers a
 * fresh snapshot. Call state is never changed optimistically: the UI moves only
 * when an event or a snapshot says so.
 */
import type { DialtoneApi } from '../../../main/common/ipc/api';
import type { AppEvent } from '../../../main/common/ipc/contract';
import { applyEvent, initialState, type UiState } from './reducer';

/** A subscribable store for `useSyncExternalStore`. */
export interface Store {
  getState(): UiState;
  subscribe(listener: () => void): () => void;
  setConnected(connected: boolean): void;
  /** Subscribes to events and loads the first snapshot. */
  start(api: DialtoneApi): Promise<void>;
}

/** Creates an empty store. */
export function createStore(): Store {
  let state = initialState;
  const listeners = new Set<() => void>();
  const set = (next: UiState): void => {
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
    let snapshot = result.data;
    for (const event of buffered) if (event.seq === snapshot.seq + 1) snapshot = applyEvent(snapshot, event);
    buffered = [];
    set({ ...state, snapshot });
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
    set({ ...state, snapshot: applyEvent(current, event) });
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setConnected(connected) {
      set({ ...state, connected });
    },
    async start(api) {
      api.onEvent((event) => onEvent(api, event));
      await load(api);
    },
  };
}
