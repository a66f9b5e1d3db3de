/**
 * The sliding replay window of RFC 3711 §3.3.2, for one SSRC: a bitmap of
 * the last `size` indices below the highest one received.
 *
 * A packet is new if its index is above the highest, or inside the window
 * with its bit clear; a duplicate if its bit is set; too old if it falls
 * below the window (it might be a replay we can no longer tell apart).
 * Checking never changes anything: the caller authenticates first and calls
 * {@link ReplayWindow.accept} only for authentic packets, so a forged packet
 * can neither advance the window nor mark an index as seen.
 *
 * The highest accepted index doubles as the stream's rollover-counter state
 * (see `packet-index.ts`).
 */

/** The verdict of {@link ReplayWindow.check}. */
export type ReplayVerdict = 'new' | 'duplicate' | 'too-old';

/** RFC 3711 §3.3.2: the window size "MUST be at least 64". */
export const DEFAULT_REPLAY_WINDOW = 64;

/** One stream's replay window. */
export class ReplayWindow {
  /** Highest accepted index; undefined until the first packet is accepted. */
  #highest: number | undefined;
  /** Bit k set = index `highest - k` was accepted. */
  #bits = 0n;
  readonly #mask: bigint;

  /**
   * `size` is the number of indices remembered, the highest included (default 64).
   * @throws RangeError if `size` is not a positive integer (a programming error).
   */
  constructor(readonly size: number = DEFAULT_REPLAY_WINDOW) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`replay window size ${size} must be a positive integer`);
    this.#mask = (1n << BigInt(size)) - 1n;
  }

  /** The highest accepted index, or undefined before the first. */
  get highest(): number | undefined {
    return this.#highest;
  }

  /** Judges `index` without changing the window. */
  check(index: number): ReplayVerdict {
    if (this.#highest === undefined || index > this.#highest) return 'new';
    const age = this.#highest - index;
    if (age >= this.size) return 'too-old';
    return ((this.#bits >> BigInt(age)) & 1n) === 1n ? 'duplicate' : 'new';
  }

  /**
   * Marks `index` as received, sliding the window when it is the new
   * highest. Call only for authentic packets that {@link check} called new.
   */
  accept(index: number): void {
    if (this.#highest === undefined) {
      this.#highest = index;
      this.#bits = 1n;
      return;
    }
    const ahead = index - this.#highest;
    if (ahead > 0) {
      this.#bits = ahead >= this.size ? 1n : ((this.#bits << BigInt(ahead)) | 1n) & this.#mask;
      this.#highest = index;
    } else if (-ahead < this.size) {
      this.#bits |= 1n << BigInt(-ahead);
    }
  }
}
