/**
 * `call.merge` and `call.split` as the call views send them, and the
 * conference a call belongs to (`CallView.conference`: an id shared by the
 * calls merged into one local conference).
 */
import type { CallView } from '../../../main/common/ipc/contract';
import type { Result } from '../../../main/common/result';
import type { Store } from '../store/store';

/** Arguments of `call.merge`: two calls that become (or join) the conference, both active and unheld. */
export interface MergeArgs {
  readonly callIds: readonly [string, string];
}

/** Arguments of `call.split`: a call in a conference; it stays active, the others are held. */
export interface SplitArgs {
  readonly callId: string;
}

/** Sends `call.merge { callIds: [a, b] }`. */
export function mergeCalls(store: Store, args: MergeArgs): Promise<Result<unknown>> {
  return store.invoke('call.merge', { callIds: [args.callIds[0], args.callIds[1]] });
}

/**
 * Joins each of `joining` to `anchor` with one `call.merge` after the other
 * (the core grows a conference one call at a time); stops at the first refusal.
 */
export async function joinAll(store: Store, plan: { readonly anchor: CallView; readonly joining: readonly CallView[] }): Promise<Result<unknown>> {
  let last: Result<unknown> = { ok: true, data: {} };
  for (const call of plan.joining) {
    last = await mergeCalls(store, { callIds: [plan.anchor.callId, call.callId] });
    if (!last.ok) return last;
  }
  return last;
}

/** Sends `call.split { callId }`. */
export function splitCall(store: Store, args: SplitArgs): Promise<Result<unknown>> {
  return store.invoke('call.split', { callId: args.callId });
}

/** The conference a call belongs to while merged, if any. */
export function conferenceOf(call: CallView): string | undefined {
  return call.conference !== undefined && call.conference !== '' ? call.conference : undefined;
}
