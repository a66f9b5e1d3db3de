/**
 * `call.merge` and `call.split` as the call views send them, and the
 * conference a call belongs to (`CallView.conference`: an id shared by the
 * calls merged into one local conference).
 */
import type { CallView } from '../../../main/common/ipc/contract';
import type { Result } from '../../../main/common/result';
import type { Store } from '../store/store';

/** Arguments of `call.merge`: the two calls that become one 3-way conference (both active, unheld). */
export interface MergeArgs {
  readonly callIds: readonly [string, string];
}

/** Arguments of `call.split`: a call in a conference; it stays active, the other is held. */
export interface SplitArgs {
  readonly callId: string;
}

/** Sends `call.merge { callIds: [a, b] }`. */
export function mergeCalls(store: Store, args: MergeArgs): Promise<Result<unknown>> {
  return store.invoke('call.merge', { callIds: [args.callIds[0], args.callIds[1]] });
}

/** Sends `call.split { callId }`. */
export function splitCall(store: Store, args: SplitArgs): Promise<Result<unknown>> {
  return store.invoke('call.split', { callId: args.callId });
}

/** The conference a call belongs to while merged, if any. */
export function conferenceOf(call: CallView): string | undefined {
  return call.conference !== undefined && call.conference !== '' ? call.conference : undefined;
}
