/**
 * The audio clock's nominal tick times, as the jitter buffer measures its
 * playout delay against them.
 *
 * The audio clock ticks once per frame, but each tick reaches JavaScript a
 * little late, and under load much later: the event loop was busy, and a
 * device or file clock then delivers the overdue ticks back to back (it
 * catches up). A tick is never *early* relative to the schedule it keeps.
 * So the schedule is the earliest tick seen: `offset_k = now_k − k × frame`,
 * and the nominal time of tick k is `min(offset over the last ticks) + k ×
 * frame`. A late tick or a burst of catch-up ticks leaves the nominal times
 * where they were, instead of looking like a jump in delay followed by
 * "early" ticks (which the buffer used to answer by growing its target).
 *
 * A clock that really moved (ticks lost, a suspended machine, a restarted
 * device) is followed too: once its late offset has filled the window (a
 * later schedule), or at once when a tick is later than `rebaseMs` (a long
 * stall is not caught up in any useful way). A clock that runs faster than
 * ours lowers the minimum at once; a slower one raises it within a window.
 *
 * Hand-written: a sliding minimum and a tick counter.
 */
import { SlidingQuantile } from './sliding-quantile';

/** Nominal tick times from the earliest recent ticks (see the module comment). */
export class TickSchedule {
  private readonly offsets: SlidingQuantile;
  private count = 0;
  private late = 0;

  /**
   * @param frameMs the tick period
   * @param windowTicks how many recent ticks define the schedule (a catch-up must end within it)
   * @param rebaseMs a tick later than this moves the schedule at once
   */
  constructor(
    private readonly frameMs: number,
    windowTicks: number,
    private readonly rebaseMs: number,
  ) {
    this.offsets = new SlidingQuantile(Math.max(1, windowTicks));
  }

  /** Records one tick at `nowMs` and returns its nominal time (≤ `nowMs`). */
  tick(nowMs: number): number {
    const offset = nowMs - this.count * this.frameMs;
    this.count++;
    const base = this.offsets.min();
    if (base !== undefined && offset - base > this.rebaseMs) this.offsets.clear();
    this.offsets.push(offset);
    this.late = offset - (this.offsets.min() ?? offset);
    return nowMs - this.late;
  }

  /** How late the last tick came after its nominal time, ms. */
  get latenessMs(): number {
    return this.late;
  }
}
