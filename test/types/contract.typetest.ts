/**
 * Compile-time checks of the contract, run by `npm run typecheck` (this file is
 * in the root tsconfig). Each @ts-expect-error must stay an error: if the
 * contract stopped rejecting these, tsc would report an unused directive.
 */
import { ok } from '../../main/common/result';
import type { CommandArgs } from '../../main/common/ipc/contract';
import type { CommandHandlers } from '../../main/core/router/router';

// A handler table missing a command does not compile.
// @ts-expect-error -- `quit` has no handler
export const missing: CommandHandlers = { snapshot: () => ok({ seq: 0, app: { name: 'x', version: '0', mode: 'headless' }, accounts: [] }) };

// A handler for a command that is not in the contract does not compile.
export const extra: CommandHandlers = {
  snapshot: () => ok({ seq: 0, app: { name: 'x', version: '0', mode: 'headless' }, accounts: [] }),
  quit: () => ok({}),
  // @ts-expect-error -- `call.teleport` has no schema
  'call.teleport': () => ok({}),
};

// A handler returning the wrong data does not compile.
export const wrong: CommandHandlers = {
  // @ts-expect-error -- snapshot must return a Snapshot
  snapshot: () => ok({ seq: 'one' }),
  quit: () => ok({}),
};

// Arguments are typed from the schema.
// @ts-expect-error -- snapshot takes no arguments
export const badArgs: CommandArgs<'snapshot'> = { verbose: true };
