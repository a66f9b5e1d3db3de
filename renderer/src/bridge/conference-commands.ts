/**
 * `call.merge` and `call.split`, typed here until the contract in this branch
 * has them (another lane adds them with exactly these shapes; once merged,
 * these wrappers can become plain `store.invoke` calls). A core without them
 * answers with its unknown-command error, which the view shows like any failure.
 * `conference` on a call is read the same way: an id shared by the calls
 * merged into one local conference.
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

type UncheckedInvoke = (cmd: string, args: unknown) => Promise<Result<unknown>>;

/** Sends `call.merge { callIds: [a, b] }`. */
export function mergeCalls(store: Store, args: MergeArgs): Promise<Result<unknown>> {
  return (store.invoke as unknown as UncheckedInvoke)('call.merge', { callIds: [...args.callIds] });
}

/** Sends `call.split { callId }`. */
export function splitCall(store: Store, args: SplitArgs): Promise<Result<unknown>> {
  return (store.invoke as unknown as UncheckedInvoke)('call.split', { callId: args.callId });
}

/** The conference a call belongs to while merged, if any. */
export function conferenceOf(call: CallView): string | undefined {
  const value = (call as CallView & { readonly conference?: unknown }).conference;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
