/**
 * When to try again after a failed registration: exponential backoff with
 * jitter, capped, and never sooner than a server's Retry-After. Jitter spreads
 * a crowd of clients that lost the same server, so its return is no storm.
 */

/** Backoff settings in ms. */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** ± fraction of the delay drawn at random (0.2 = ±20%). */
  readonly jitter: number;
}

/** 2 s, 4 s, 8 s … up to 5 minutes, ±20%. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2000, maxMs: 300_000, jitter: 0.2 };

/** The delay before attempt `attempt` (1 = first retry). `random` returns [0, 1). */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterSeconds?: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp * (1 + policy.jitter * (2 * random() - 1));
  const floor = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 0;
  return Math.round(Math.max(jittered, floor));
}

/** The refresh time for a granted expiry: a random point between 50% and 80% of it. */
export function refreshDelay(expiresSeconds: number, random: () => number): number {
  return Math.round(expiresSeconds * 1000 * (0.5 + 0.3 * random()));
}
