/**
 * The renderer's state and the pure reducer that folds events into it. The
 * switch is exhaustive: a new event in the contract does not compile until it
 * is handled here. Nothing here changes call state on its own: calls move only
 * when `call.updated` / `call.ended` (or a snapshot) say so.
 */
import type { AccountView, AppEvent, AudioDeviceView, EventData, Snapshot, TraceEntryView } from '../../../main/common/ipc/contract';
import type { AppError } from '../../../main/common/result';
import { foldDiagnostics, type DiagnosticRun } from '../features/diagnostics/diagnostics-model';

/** The latest media quality of one call. */
export type CallStats = EventData<'call.stats'>;

/** A call that ended recently, kept so the UI can say why. */
export interface EndedCall {
  readonly callId: string;
  readonly remoteUri: string;
  readonly endedBy: 'local' | 'remote';
  readonly reason?: AppError;
  /** Whether the call was ever answered. */
  readonly answered: boolean;
}

/** Everything the UI renders from. Read-only; replaced, never mutated. */
export interface UiState {
  readonly connected: boolean;
  /** Null until the first snapshot arrives. */
  readonly snapshot: Snapshot | null;
  /** The latest `call.stats` per live call. */
  readonly stats: Readonly<Record<string, CallStats>>;
  /** DTMF digits the other side pressed, per live call. */
  readonly dtmfReceived: Readonly<Record<string, string>>;
  /** The SIP trace, oldest first, at most {@link TRACE_LIMIT} entries. */
  readonly trace: readonly TraceEntryView[];
  /** Calls that ended, newest first, at most {@link ENDED_LIMIT}. */
  readonly ended: readonly EndedCall[];
  /** The device list after the last hot-plug (undefined until one happens; views fetch `devices.list`). */
  readonly devices: readonly AudioDeviceView[] | undefined;
  /** The last device problem (cannot open, vanished), for the audio settings and a notice. */
  readonly deviceProblem: EventData<'devices.failed'> | undefined;
  /** The latest microphone/speaker levels while the meter is on. */
  readonly levels: EventData<'audio.levelMeasured'> | undefined;
  /** Bumped on every `contacts.changed`: views showing contacts (or names from them) fetch again. */
  readonly contactsRevision: number;
  /** Bumped on every `history.added` / `history.changed`: the history view fetches again. */
  readonly historyRevision: number;
  /** Missed calls not looked at yet (the History tab's badge). */
  readonly missedUnseen: number;
  /** The connection doctor's latest run, live (Settings › Diagnostics). */
  readonly diagnostics: DiagnosticRun | undefined;
  /** Call hooks that gave up, newest first, at most {@link HOOK_FAILURE_LIMIT} (Settings › Integrations). */
  readonly hookFailures: readonly EventData<'hooks.failed'>[];
  /** The processing switches as last published (views fetch `audio.processing` first). */
  readonly audioProcessing?: EventData<'audio.processingChanged'> | undefined;
  /** The running echo test's last step. */
  readonly echoTest?: EventData<'audio.echoTestProgressed'> | undefined;
}

/** How many hook failures the renderer keeps. */
export const HOOK_FAILURE_LIMIT = 5;

/** How many trace entries the renderer keeps (the core's ring buffer holds 2000). */
export const TRACE_LIMIT = 2000;
/** How many ended calls the renderer remembers. */
export const ENDED_LIMIT = 5;

/** The state before anything is known. */
export const initialState: UiState = { connected: false, snapshot: null, stats: {}, dtmfReceived: {}, trace: [], ended: [], devices: undefined, deviceProblem: undefined, levels: undefined, contactsRevision: 0, historyRevision: 0, missedUnseen: 0, diagnostics: undefined, hookFailures: [] };

/** What the store feeds the reducer. */
export type UiAction =
  | { readonly type: 'connected'; readonly connected: boolean }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'event'; readonly event: AppEvent }
  | { readonly type: 'traceLoaded'; readonly entries: readonly TraceEntryView[] }
  | { readonly type: 'endedDismissed'; readonly callId: string }
  /** The unseen-missed count from a `history.*` reply (at start, and after `history.markSeen`). */
  | { readonly type: 'missedCounted'; readonly missedUnseen: number };

function replaceAccount(accounts: readonly AccountView[], id: string, update: (a: AccountView) => AccountView): AccountView[] {
  return accounts.map((a) => (a.id === id ? update(a) : a));
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** Merges trace entries by id, oldest first, keeping the newest {@link TRACE_LIMIT}. */
export function mergeTrace(current: readonly TraceEntryView[], added: readonly TraceEntryView[]): readonly TraceEntryView[] {
  if (added.length === 0) return current;
  const last = current.at(-1);
  let merged: TraceEntryView[];
  if (!last || added.every((e, i) => e.id > last.id && (i === 0 || e.id > (added[i - 1] as TraceEntryView).id))) {
    merged = [...current, ...added];
  } else {
    const byId = new Map<number, TraceEntryView>();
    for (const e of current) byId.set(e.id, e);
    for (const e of added) byId.set(e.id, e);
    merged = [...byId.values()].sort((a, b) => a.id - b.id);
  }
  return merged.length > TRACE_LIMIT ? merged.slice(merged.length - TRACE_LIMIT) : merged;
}

/** Applies one event to a snapshot; the caller has checked that `event.seq` is the next one. */
export function applyEvent(snapshot: Snapshot, event: AppEvent): Snapshot {
  switch (event.event) {
    case 'registration.changed': {
      const { accountId, state, reason } = event.data;
      return {
        ...snapshot,
        seq: event.seq,
        accounts: replaceAccount(snapshot.accounts, accountId, (a) => ({ ...a, registration: reason ? { state, reason } : { state } })),
      };
    }
    case 'accounts.changed':
      return { ...snapshot, seq: event.seq, accounts: [...event.data.accounts] };
    case 'call.updated': {
      const index = snapshot.calls.findIndex((c) => c.callId === event.data.callId);
      const calls = index < 0 ? [...snapshot.calls, event.data] : snapshot.calls.map((c, i) => (i === index ? event.data : c));
      return { ...snapshot, seq: event.seq, calls };
    }
    case 'call.ended':
      return { ...snapshot, seq: event.seq, calls: snapshot.calls.filter((c) => c.callId !== event.data.callId) };
    case 'sip.traced':
    case 'call.stats':
    case 'dtmf.received':
    case 'devices.changed':
    case 'devices.failed':
    case 'audio.levelMeasured':
    case 'audio.processingChanged':
    case 'audio.echoTestProgressed':
    case 'contacts.changed':
    case 'history.added':
    case 'history.changed':
    case 'settings.changed':
    case 'diagnostics.progressed':
    case 'diagnostics.completed':
    case 'hooks.failed':
      // Kept beside the snapshot (see reduce), or fetched by the views that need them; the snapshot only moves seq.
      return { ...snapshot, seq: event.seq };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Folds an event into the parts of the state that live beside the snapshot. */
function applySideEvent(state: UiState, previous: Snapshot, event: AppEvent): UiState {
  switch (event.event) {
    case 'sip.traced':
      return { ...state, trace: mergeTrace(state.trace, [event.data]) };
    case 'call.stats':
      return previous.calls.some((c) => c.callId === event.data.callId) ? { ...state, stats: { ...state.stats, [event.data.callId]: event.data } } : state;
    case 'dtmf.received': {
      const sofar = state.dtmfReceived[event.data.callId] ?? '';
      return { ...state, dtmfReceived: { ...state.dtmfReceived, [event.data.callId]: (sofar + event.data.digit).slice(-32) } };
    }
    case 'call.ended': {
      const call = previous.calls.find((c) => c.callId === event.data.callId);
      const ended: EndedCall = {
        callId: event.data.callId,
        remoteUri: call?.remoteUri ?? '',
        endedBy: event.data.endedBy,
        answered: call?.answeredAt !== undefined,
        ...(event.data.reason ? { reason: event.data.reason } : {}),
      };
      return {
        ...state,
        stats: without(state.stats, event.data.callId),
        dtmfReceived: without(state.dtmfReceived, event.data.callId),
        ended: [ended, ...state.ended.filter((e) => e.callId !== ended.callId)].slice(0, ENDED_LIMIT),
      };
    }
    case 'contacts.changed':
      return { ...state, contactsRevision: state.contactsRevision + 1 };
    case 'history.added':
    case 'history.changed':
      return { ...state, historyRevision: state.historyRevision + 1, missedUnseen: event.data.missedUnseen };
    case 'registration.changed':
    case 'accounts.changed':
    case 'call.updated':
    case 'settings.changed':
      return state;
    case 'hooks.failed':
      return { ...state, hookFailures: [event.data, ...state.hookFailures].slice(0, HOOK_FAILURE_LIMIT) };
    case 'diagnostics.progressed':
      return { ...state, diagnostics: foldDiagnostics(state.diagnostics, { event: event.event, data: event.data }) };
    case 'diagnostics.completed':
      return { ...state, diagnostics: foldDiagnostics(state.diagnostics, { event: event.event, data: event.data }) };
    case 'devices.changed':
      return { ...state, devices: event.data.devices };
    case 'devices.failed':
      return { ...state, deviceProblem: event.data };
    case 'audio.levelMeasured':
      return { ...state, levels: event.data };
    case 'audio.processingChanged':
      return { ...state, audioProcessing: event.data };
    case 'audio.echoTestProgressed':
      return { ...state, echoTest: event.data };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** The one reducer: pure, returns the same object when nothing changed. */
export function reduce(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'connected':
      return state.connected === action.connected ? state : { ...state, connected: action.connected };
    case 'snapshot': {
      const live = new Set(action.snapshot.calls.map((c) => c.callId));
      const keep = <T,>(r: Readonly<Record<string, T>>): Record<string, T> => Object.fromEntries(Object.entries(r).filter(([id]) => live.has(id)));
      return { ...state, snapshot: action.snapshot, stats: keep(state.stats), dtmfReceived: keep(state.dtmfReceived) };
    }
    case 'event': {
      const previous = state.snapshot;
      if (!previous || action.event.seq !== previous.seq + 1) return state;
      const snapshot = applyEvent(previous, action.event);
      return applySideEvent({ ...state, snapshot }, previous, action.event);
    }
    case 'traceLoaded':
      return { ...state, trace: mergeTrace(state.trace, action.entries) };
    case 'endedDismissed':
      return { ...state, ended: state.ended.filter((e) => e.callId !== action.callId) };
    case 'missedCounted':
      return state.missedUnseen === action.missedUnseen ? state : { ...state, missedUnseen: action.missedUnseen };
    default: {
      const unhandled: never = action;
      return unhandled;
    }
  }
}
