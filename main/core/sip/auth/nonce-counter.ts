/**
 * Nonce-counts per server nonce (RFC 7616 §3.4: the count "MUST be
 * incremented" for each request the client sends with the same nonce).
 * sip.js keeps one counter per authenticator, and it builds a new
 * authenticator for every request, so two requests answered with the same
 * nonce would both send `nc=00000001` and a replay-checking server rejects
 * the second. One counter shared by all authenticators of an account fixes
 * that.
 */

/** Counts uses of each nonce, remembering the most recent `capacity` nonces. */
export class NonceCounter {
  readonly #counts = new Map<string, number>();

  constructor(private readonly capacity = 64) {}

  /** Returns the next count for `nonce`: 1 the first time, then 2, 3, … (wraps after 0xffffffff). */
  next(nonce: string): number {
    const count = ((this.#counts.get(nonce) ?? 0) % 0xffffffff) + 1;
    // Re-insert so the map's order is least-recently used first.
    this.#counts.delete(nonce);
    this.#counts.set(nonce, count);
    if (this.#counts.size > this.capacity) {
      const oldest = this.#counts.keys().next();
      if (!oldest.done) this.#counts.delete(oldest.value);
    }
    return count;
  }
}
