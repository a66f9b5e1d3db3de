/**
 * The state of one call, as an enum with one guarded transition function.
 *
 * ```
 *  outgoing:  Dialing ──180──▶ Ringing ──183──▶ Early ──200──▶ Active ◀──▶ Held
 *  incoming:                   Ringing ──answer─────────────▶ Active
 *             every state but Ended ──────────────────────────────────▶ Ended
 * ```
 * An outgoing call may skip steps (a 200 straight after the INVITE, a 183
 * without a 180). Ended is final. Any other move is a bug: refused and
 * reported, never applied.
 *
 * With several calls, Active ⇄ Held is also how the call manager keeps one
 * call active: answering, dialing or swapping to another call moves the
 * active one to Held first (`call.swap` is Held → Active on one call after
 * Active → Held on the other).
 */

/** Call states, with the values the contract uses. */
export enum CallState {
  Dialing = 'dialing',
  Ringing = 'ringing',
  Early = 'early',
  Active = 'active',
  Held = 'held',
  Ended = 'ended',
}

const allowed: Readonly<Record<CallState, readonly CallState[]>> = {
  [CallState.Dialing]: [CallState.Ringing, CallState.Early, CallState.Active, CallState.Ended],
  [CallState.Ringing]: [CallState.Early, CallState.Active, CallState.Ended],
  [CallState.Early]: [CallState.Active, CallState.Ended],
  [CallState.Active]: [CallState.Held, CallState.Ended],
  [CallState.Held]: [CallState.Active, CallState.Ended],
  [CallState.Ended]: [],
};

/** Whether `from → to` is a legal move. */
export function canCallTransition(from: CallState, to: CallState): boolean {
  return allowed[from].includes(to);
}

/** Holds one call's state and applies guarded transitions. */
export class CallMachine {
  private current: CallState;

  constructor(
    initial: CallState.Dialing | CallState.Ringing,
    private readonly onRefused: (from: CallState, to: CallState) => void,
  ) {
    this.current = initial;
  }

  /** The current state. */
  get state(): CallState {
    return this.current;
  }

  /** Moves to `to` when legal; returns whether it moved. */
  transition(to: CallState): boolean {
    if (to === this.current) return false;
    if (!canCallTransition(this.current, to)) {
      this.onRefused(this.current, to);
      return false;
    }
    this.current = to;
    return true;
  }
}
