/**
 * Which RTP source (SSRC) a call listens to. The first source is taken at
 * once; another SSRC is taken only after two packets from it in sequence
 * (RFC 3550 §8.2 and the probation of Appendix A.1), so a stray or forged
 * packet with some other SSRC cannot make the jitter buffer start over and
 * silence the call, while a real change of source (a PBX switching legs,
 * a peer restarting) costs one packet. Pure: no clock, no socket.
 */

/** What {@link SsrcLock.accept} decided for one packet. */
export type SsrcDecision =
  /** From the source in use (or the first source seen): use it. */
  | 'same'
  /** The second packet in sequence from a new source: it is the source now; use it. */
  | 'switched'
  /** From another source, not (yet) confirmed: drop it. */
  | 'held';

/** The SSRC lock of one receiving stream. */
export class SsrcLock {
  #current: number | undefined;
  #candidate: { readonly ssrc: number; readonly seq: number } | undefined;

  /** The source in use, once a packet was accepted. */
  get current(): number | undefined {
    return this.#current;
  }

  /** Decides for one packet, by its SSRC and sequence number. */
  accept(ssrc: number, sequenceNumber: number): SsrcDecision {
    const seq = sequenceNumber & 0xffff;
    if (this.#current === undefined || ssrc === this.#current) {
      // The candidate stays: a new source's two packets may come between the old one's.
      this.#current = ssrc;
      return 'same';
    }
    const candidate = this.#candidate;
    if (candidate && candidate.ssrc === ssrc && ((candidate.seq + 1) & 0xffff) === seq) {
      this.#current = ssrc;
      this.#candidate = undefined;
      return 'switched';
    }
    this.#candidate = { ssrc, seq };
    return 'held';
  }
}
