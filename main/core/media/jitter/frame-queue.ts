/**
 * The packets waiting to be played, ordered by extended RTP timestamp.
 *
 * A sorted array: the buffer holds at most a few dozen frames (300 ms at
 * 20 ms is 15), packets mostly arrive in order (an append), and playout takes
 * from the front, so a binary-search insert beats any tree or heap here.
 */

/** One buffered packet, with its wrap-free sequence number and timestamp. */
export interface QueuedFrame {
  readonly extSeq: number;
  readonly extTs: number;
  readonly seq: number;
  readonly timestamp: number;
  readonly payload: Uint8Array;
  readonly marker: boolean;
  readonly arrivalMs: number;
}

/** Frames sorted by `extTs` (then `extSeq`). */
export class FrameQueue {
  private readonly frames: QueuedFrame[] = [];

  /** Number of frames waiting. */
  get length(): number {
    return this.frames.length;
  }

  /** The earliest frame, if any. */
  peek(): QueuedFrame | undefined {
    return this.frames[0];
  }

  /** The frame at `index` in timestamp order. */
  at(index: number): QueuedFrame | undefined {
    return this.frames[index];
  }

  /** The latest frame, if any. */
  last(): QueuedFrame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** Removes and returns the earliest frame. */
  shift(): QueuedFrame | undefined {
    return this.frames.shift();
  }

  /** Inserts in timestamp order; returns true if a packet of the same sequence number was already queued (not inserted). */
  insert(frame: QueuedFrame): boolean {
    let lo = 0;
    let hi = this.frames.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const f = this.frames[mid];
      if (f !== undefined && (f.extTs < frame.extTs || (f.extTs === frame.extTs && f.extSeq < frame.extSeq))) lo = mid + 1;
      else hi = mid;
    }
    const same = this.frames[lo];
    if (same !== undefined && same.extSeq === frame.extSeq) return true;
    this.frames.splice(lo, 0, frame);
    return false;
  }

  /** Drops every frame. */
  clear(): void {
    this.frames.length = 0;
  }
}
