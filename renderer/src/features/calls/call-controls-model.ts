/** Which call controls apply, from the calls the core reports (pure, unit-tested). */
import type { CallView } from '../../../../main/common/ipc/contract';
import { conferenceOf } from '../../bridge/conference-commands';

/** True for a call that is up (talking or on hold). */
export function isEstablished(call: CallView): boolean {
  return call.state === 'active' || call.state === 'held';
}

/** What a Merge button does: join every call in `joining` to `anchor`'s conference (or start one with it). */
export interface MergePlan {
  /** A call of the conference when there is one, else the first call up. */
  readonly anchor: CallView;
  /** The calls up that are not in that conference yet, in list order. */
  readonly joining: readonly CallView[];
}

/**
 * The Merge button's plan: every established call ends up in one
 * conference. None when fewer than two calls are up or all of them are
 * already merged.
 */
export function mergePlan(calls: readonly CallView[]): MergePlan | undefined {
  const up = calls.filter(isEstablished);
  if (up.length < 2) return undefined;
  const anchor = up.find((c) => conferenceOf(c) !== undefined) ?? (up[0] as CallView);
  const conf = conferenceOf(anchor);
  const joining = up.filter((c) => c !== anchor && (conf === undefined || conferenceOf(c) !== conf));
  return joining.length > 0 ? { anchor, joining } : undefined;
}

/** The other established calls this one could be transferred to (attended transfer). */
export function attendedTargets(call: CallView, calls: readonly CallView[]): CallView[] {
  return calls.filter((c) => c.callId !== call.callId && isEstablished(c));
}

/** True when "Swap" applies to a held call: another call is active, so resuming this one swaps them. */
export function canSwap(call: CallView, calls: readonly CallView[]): boolean {
  return call.state === 'held' && conferenceOf(call) === undefined && calls.some((c) => c.callId !== call.callId && c.state === 'active');
}

/** What the transfer progress says, from `call.updated` `transfer`. */
export function transferText(transfer: NonNullable<CallView['transfer']>): string {
  const status = transfer.status !== undefined ? ` (${transfer.status})` : '';
  switch (transfer.state) {
    case 'trying':
      return 'Transferring…';
    case 'accepted':
      return `Transfer accepted, connecting${status}…`;
    case 'succeeded':
      return 'Transferred';
    case 'failed':
      return `Transfer failed${status}. The call is still yours.`;
  }
}
