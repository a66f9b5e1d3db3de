/**
 * The registration state of one account, as an enum with one guarded
 * transition function.
 *
 * ```
 *            register()                 2xx
 * Unregistered ────────▶ Registering ─────────▶ Registered ──▶ Registering
 *      ▲                   │    ▲                ▲  │     (network change,
 *      │ unregister()      │    │ user asks      │  │      resume)
 *      │ (from any state)  ▼    │ again          │  ▼ refresh failed, server lost
 *      └──────────────── Failed ─────────────────┴── Failed
 *                                background retry succeeded (2xx)
 * ```
 * Refreshes that succeed keep Registered without a transition; background
 * retries keep Failed (and its reason) until one succeeds. Any other move is a
 * bug: it is refused and logged, never applied.
 */
import type { RegistrationState } from '../../../common/models/account';

/** The states, with the values the contract uses. */
export enum RegState {
  Unregistered = 'unregistered',
  Registering = 'registering',
  Registered = 'registered',
  Failed = 'failed',
}

const allowed: Readonly<Record<RegState, readonly RegState[]>> = {
  [RegState.Unregistered]: [RegState.Registering],
  [RegState.Registering]: [RegState.Registered, RegState.Failed, RegState.Unregistered],
  [RegState.Registered]: [RegState.Registering, RegState.Failed, RegState.Unregistered],
  [RegState.Failed]: [RegState.Registering, RegState.Registered, RegState.Unregistered],
};

/** Whether `from → to` is a legal move. */
export function canTransition(from: RegState, to: RegState): boolean {
  return allowed[from].includes(to);
}

/** Holds one account's state and applies guarded transitions. */
export class RegistrationMachine {
  private current: RegState = RegState.Unregistered;

  constructor(private readonly onRefused: (from: RegState, to: RegState) => void) {}

  /** The current state. */
  get state(): RegState {
    return this.current;
  }

  /** The state as the contract names it. */
  get contractState(): RegistrationState {
    return this.current;
  }

  /** Moves to `to` when legal; returns whether it moved. Staying put is not a move. */
  transition(to: RegState): boolean {
    if (to === this.current) return false;
    if (!canTransition(this.current, to)) {
      this.onRefused(this.current, to);
      return false;
    }
    this.current = to;
    return true;
  }
}
