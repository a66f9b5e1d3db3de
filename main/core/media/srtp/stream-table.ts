/**
 * Per-SSRC state with a bound: a peer that changes SSRC (a re-INVITE, a
 * transfer, a restart) gets fresh state for the new one, and the table never
 * grows past `capacity`; the stream used least recently is forgotten first.
 *
 * Receiving streams are created only for authenticated packets, so only the
 * key holder can fill the table. Forgetting a stream forgets its replay
 * window: an attacker could then replay that stream's old packets, but only
 * after `capacity` other authentic SSRCs have been seen since, which a
 * two-party call never produces.
 */

/** A bounded map from SSRC to state, least recently used out first. */
export class StreamTable<T> {
  readonly #entries = new Map<number, { value: T; used: number }>();
  #clock = 0;

  constructor(readonly capacity: number) {}

  /** Number of streams held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The state of `ssrc`, marked as just used; undefined if unknown. */
  get(ssrc: number): T | undefined {
    const entry = this.#entries.get(ssrc);
    if (entry === undefined) return undefined;
    entry.used = ++this.#clock;
    return entry.value;
  }

  /** Adds state for a new `ssrc`, forgetting the least recently used stream when full. */
  add(ssrc: number, value: T): T {
    if (!this.#entries.has(ssrc) && this.#entries.size >= this.capacity) {
      let oldest: number | undefined;
      let oldestUse = Infinity;
      for (const [key, entry] of this.#entries) {
        if (entry.used < oldestUse) {
          oldestUse = entry.used;
          oldest = key;
        }
      }
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(ssrc, { value, used: ++this.#clock });
    return value;
  }
}
