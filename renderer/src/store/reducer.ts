/**
 * The renderer's state and the pure reducer that folds events into it. The
 * switch is exhaustive: a new event in the contract does not compile until it
 * is handled here.
 */
import type { AccountView, AppEvent, Snapshot } from '../../../main/common/ipc/contract';

/** Everything the UI renders from. Read-only; replaced, never mutated. */
export interface UiState {
  readonly connected: boolean;
  /** Null until the first snapshot arrives. */
  readonly snapshot: Snapshot | null;
}

/** The state before anything is known. */
export const initialState: UiState = { connected: false, snapshot: null };

function replaceAccount(accounts: readonly AccountView[], id: string, update: (a: AccountView) => AccountView): AccountView[] {
  return accounts.map((a) => (a.id === id ? update(a) : a));
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
      const others = snapshot.calls.filter((c) => c.callId !== event.data.callId);
      return { ...snapshot, seq: event.seq, calls: [...others, event.data] };
    }
    case 'call.ended':
      return { ...snapshot, seq: event.seq, calls: snapshot.calls.filter((c) => c.callId !== event.data.callId) };
    case 'sip.traced':
    case 'call.stats':
    case 'dtmf.received':
    case 'diagnostics.progressed':
    case 'diagnostics.completed':
    case 'hooks.failed':
      // Fetched or shown by views that need them; the store only moves seq.
      return { ...snapshot, seq: event.seq };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
