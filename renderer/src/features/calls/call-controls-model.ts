/** Which call controls apply, from the calls the core reports (pure, unit-tested). */
import type { CallView } from '../../../../main/common/ipc/contract';
import { conferenceOf } from '../../bridge/conference-commands';

/** True for a call that is up (talking or on hold). */
export function isEstablished(call: CallView): boolean {
  return call.state === 'active' || call.state === 'held';
}

/**
 * The two calls a Merge button joins: exactly two established calls, not
 * already in one conference. More than two would need a choice the UI does
 * not offer; none when there is nothing to merge.
 */
export function mergePair(calls: readonly CallView[]): readonly [CallView, CallView] | undefined {
  const up = calls.filter(isEstablished);
  if (up.length !== 2) return undefined;
  const [a, b] = up as [CallView, CallView];
  const conf = conferenceOf(a);
  if (conf !== undefined && conf === conferenceOf(b)) return undefined;
  return [a, b];
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
