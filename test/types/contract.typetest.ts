/**
 * Compile-time checks of the contract, run by `npm run typecheck` (this file is
 * in the root tsconfig and is never executed). Each @ts-expect-error must stay
 * an error: if the contract stopped rejecting these, tsc would report an
 * unused directive.
 */
import { ok } from '../../main/common/result';
import type { CommandArgs } from '../../main/common/ipc/contract';
import type { CommandHandlers } from '../../main/core/router/router';

declare const complete: CommandHandlers;
const { quit: _quit, ...withoutQuit } = complete;

// A handler table missing a command does not compile.
// @ts-expect-error -- `quit` has no handler
export const missing: CommandHandlers = withoutQuit;

// A handler for a command that is not in the contract does not compile.
export const extra: CommandHandlers = {
  ...complete,
  // @ts-expect-error -- `call.teleport` has no schema
  'call.teleport': () => ok({}),
};

// A handler returning the wrong data does not compile.
export const wrong: CommandHandlers = {
  ...complete,
  // @ts-expect-error -- snapshot must return a Snapshot
  snapshot: () => ok({ seq: 'one' }),
};

// Arguments are typed from the schema.
// @ts-expect-error -- snapshot takes no arguments
export const badArgs: CommandArgs<'snapshot'> = { verbose: true };
// @ts-expect-error -- account.save needs an account
export const noAccount: CommandArgs<'account.save'> = { password: 'x' };
