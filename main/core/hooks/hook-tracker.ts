/**
 * Turns the core's call events into the moments hooks fire on. Pure state
 * per call, fed in event order:
 * - `outgoing`: we placed a call; `incoming`: a call arrived;
 * - `ringing`: the call rings (an incoming call at once, an outgoing one when
 *   the other side alerts, 180/183);
 * - `answered`: the call was answered (either side);
 * - `busy`: the other side was busy (486/600);
 * - `missed`: an incoming call ended unanswered and we did not reject it;
 * - `ended`: every call, last.
 */
import type { AppEvent, CallView } from '../../common/ipc/contract';
import type { AppError } from '../../common/result';
import type { HookEvent } from '../../common/models/integrations';

/** One moment to fire hooks for, with the call as it last was. */
export interface HookTrigger {
  readonly event: HookEvent;
  readonly call: CallView;
  readonly reason?: AppError;
  /** Wall-clock ms when the call ended, for `ended`, `missed` and `busy`. */
  readonly endedAt?: number;
}

interface Tracked {
  view: CallView;
  rang: boolean;
  answered: boolean;
}

/** Keeps per-call state; `feed` returns what an event triggers. */
export class HookTracker {
  private readonly calls = new Map<string, Tracked>();

  constructor(private readonly now: () => number) {}

  /** The triggers `event` causes, in the order to fire them. */
  feed(event: AppEvent): HookTrigger[] {
    if (event.event === 'call.updated') return this.updated(event.data);
    if (event.event === 'call.ended') return this.ended(event.data.callId, event.data.endedBy, event.data.reason);
    return [];
  }

  private updated(view: CallView): HookTrigger[] {
    const out: HookTrigger[] = [];
    let t = this.calls.get(view.callId);
    if (!t) {
      t = { view, rang: false, answered: false };
      this.calls.set(view.callId, t);
      out.push({ event: view.direction, call: view });
    }
    t.view = view;
    if (!t.rang && (view.state === 'ringing' || view.state === 'early' || (view.direction === 'incoming' && view.state !== 'ended'))) {
      t.rang = true;
      if (view.state !== 'active' && view.state !== 'held') out.push({ event: 'ringing', call: view });
    }
    if (!t.answered && (view.state === 'active' || view.state === 'held' || view.answeredAt !== undefined)) {
      t.answered = true;
      out.push({ event: 'answered', call: view });
    }
    return out;
  }

  private ended(callId: string, endedBy: 'local' | 'remote', reason: AppError | undefined): HookTrigger[] {
    const t = this.calls.get(callId);
    if (!t) return [];
    this.calls.delete(callId);
    const endedAt = this.now();
    const base = { call: t.view, endedAt, ...(reason ? { reason } : {}) };
    const out: HookTrigger[] = [];
    if (reason?.code === 'SIP_BUSY') out.push({ event: 'busy', ...base });
    if (t.view.direction === 'incoming' && !t.answered && endedBy === 'remote') out.push({ event: 'missed', ...base });
    out.push({ event: 'ended', ...base });
    return out;
  }
}
