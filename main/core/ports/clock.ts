/**
 * Time, injected so that registration refreshes, backoff and timeouts can be
 * tested with a fake clock instead of sleeping.
 */

/** An opaque timer handle. */
export type TimerHandle = { readonly __timer: unique symbol };

/** Wall and monotonic time plus timers. */
export interface Clock {
  /** Milliseconds since the epoch, for timestamps shown to people. */
  now(): number;
  /** Monotonic milliseconds, for measuring intervals. */
  monotonic(): number;
  /** Runs `fn` once after `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}
