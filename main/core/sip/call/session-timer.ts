/**
 * Session timers (RFC 4028): the header rules as pure functions, and the
 * timer of one call. sip.js has none, so this is ours; it is small and
 * follows the RFC's sections, cited where they decide something.
 *
 * Roles: in each INVITE/UPDATE transaction one side is the UAC and one the
 * UAS; `refresher=uac|uas` names who refreshes in those terms. The side that
 * refreshes sends a re-INVITE or UPDATE at half the interval; the other side
 * sends BYE when no refresh came by `interval - min(32, interval / 3)` (§10).
 */

/** Who refreshes, in the terms of the transaction that set the timer. */
export type Refresher = 'uac' | 'uas';

/** Our session-timer limits. */
export interface SessionTimerPolicy {
  /** Our Min-SE: a peer asking for less gets 422. RFC 4028 §4: at least 90 s; tests lower it through this dep. */
  readonly minSeconds: number;
  /** The Session-Expires we ask for on our INVITEs (RFC 4028 §4 recommends 1800). */
  readonly preferredSeconds: number;
}

/** The RFC's values. */
export const DEFAULT_SESSION_TIMER_POLICY: SessionTimerPolicy = { minSeconds: 90, preferredSeconds: 1800 };

/** A parsed Session-Expires header. */
export interface SessionExpires {
  readonly seconds: number;
  readonly refresher?: Refresher;
}

/** Parses `1800;refresher=uac` (delta-seconds, optional refresher); undefined when absent or malformed. */
export function parseSessionExpires(value: string | undefined): SessionExpires | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d{1,10})\s*((?:;[^;]*)*)$/.exec(value);
  if (!m?.[1]) return undefined;
  const seconds = Number(m[1]);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) return undefined;
  const refresher = /;\s*refresher\s*=\s*(uac|uas)\b/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  return refresher === 'uac' || refresher === 'uas' ? { seconds, refresher } : { seconds };
}

/** Parses a Min-SE header (delta-seconds, parameters ignored). */
export function parseMinSe(value: string | undefined): number | undefined {
  const n = Number(/^\s*(\d{1,10})/.exec(value ?? '')?.[1] ?? NaN);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Whether option tag `tag` is in these Supported/Require header values. */
export function hasOptionTag(values: readonly string[], tag: string): boolean {
  return values.some((v) => v.split(',').some((t) => t.trim().toLowerCase() === tag));
}

/** What the UAS does with an INVITE or UPDATE, as far as session timers go. */
export type UasTimerDecision =
  | { readonly kind: 'none' }
  /** Answer 422 Session Interval Too Small with this Min-SE (§9). */
  | { readonly kind: 'tooSmall'; readonly minSeconds: number }
  /** Accept with these headers; `refresher` in the request's terms. */
  | { readonly kind: 'timer'; readonly seconds: number; readonly refresher: Refresher; readonly headers: readonly string[] };

/**
 * The UAS rules of RFC 4028 §9: no Session-Expires, no timer; below our
 * minimum, 422; else we keep the interval and the refresher the UAC chose,
 * or choose it ourselves: the UAC when it supports timers (it asked), else us
 * (a proxy inserted the header for a UAC that cannot refresh). `Require:
 * timer` goes in the answer only when the UAC supports timers.
 */
export function decideAsUas(request: { readonly sessionExpires: string | undefined; readonly minSe: string | undefined; readonly supported: readonly string[] }, policy: SessionTimerPolicy): UasTimerDecision {
  const asked = parseSessionExpires(request.sessionExpires);
  if (!asked) return { kind: 'none' };
  if (asked.seconds < policy.minSeconds) return { kind: 'tooSmall', minSeconds: Math.max(policy.minSeconds, parseMinSe(request.minSe) ?? 0) };
  const uacSupports = hasOptionTag(request.supported, 'timer');
  const refresher: Refresher = uacSupports ? (asked.refresher ?? 'uac') : 'uas';
  return { kind: 'timer', seconds: asked.seconds, refresher, headers: [`Session-Expires: ${asked.seconds};refresher=${refresher}`, ...(uacSupports ? ['Require: timer'] : [])] };
}

/**
 * The UAC rules of RFC 4028 §7.2 for a 2xx: no Session-Expires, no timer;
 * a refresher parameter decides; without one (the UAS does not support
 * timers; a proxy asked) the UAC refreshes.
 */
export function decideAsUac(response: { readonly sessionExpires: string | undefined }): { readonly seconds: number; readonly refresher: Refresher } | undefined {
  const got = parseSessionExpires(response.sessionExpires);
  if (!got) return undefined;
  return { seconds: got.seconds, refresher: got.refresher ?? 'uac' };
}

/** When the side that does not refresh gives up: `interval - min(32, interval / 3)` seconds (§10). */
export function expiryDelayMs(seconds: number): number {
  return Math.round((seconds - Math.min(32, seconds / 3)) * 1000);
}

/** What a running timer does when it fires. */
export interface SessionTimerActions {
  /** Send a refresh (re-INVITE or UPDATE) now. */
  refresh(): void;
  /** No refresh came in time: send BYE and end the call. */
  expire(seconds: number): void;
}

/** Timer functions (the global ones by default), injectable for tests. */
export interface TimerFunctions {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: TimerFunctions = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The session timer of one call: restarted by every refresh, stopped when the call ends. */
export class SessionTimer {
  private handle: unknown;
  private current: { seconds: number; weRefresh: boolean } | undefined;

  constructor(
    private readonly actions: SessionTimerActions,
    private readonly timers: TimerFunctions = GLOBAL_TIMERS,
  ) {}

  /** The interval in force and whether we refresh, or undefined when no timer runs. */
  get state(): { readonly seconds: number; readonly weRefresh: boolean } | undefined {
    return this.current;
  }

  /** (Re)starts the timer: we refresh at half the interval, or expect a refresh before the expiry. */
  start(seconds: number, weRefresh: boolean): void {
    this.stop();
    this.current = { seconds, weRefresh };
    this.handle = weRefresh
      ? this.timers.setTimeout(() => this.actions.refresh(), (seconds * 1000) / 2)
      : this.timers.setTimeout(() => this.actions.expire(seconds), expiryDelayMs(seconds));
  }

  /** Tries a refresh again a little later (our refresh met 491 or a pending re-INVITE). */
  retrySoon(ms: number): void {
    if (!this.current?.weRefresh) return;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => this.actions.refresh(), ms);
  }

  stop(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.current = undefined;
  }
}
