/**
 * The one contract that crosses a process boundary.
 *
 * Commands flow from a client (the renderer, a browser tab, a headless script)
 * to main and are named imperatively (`call.hangup`). Events flow from main to
 * clients, are past-tense facts (`registration.changed`) and carry a `seq`.
 * A client starts from `snapshot` and applies events with a higher `seq` in
 * order; a gap means it fetches a new snapshot.
 *
 * Schemas are the single source: the TypeScript types are inferred from them,
 * and the router's handler table is a mapped type over the same keys, so a
 * command without a schema or without a handler does not compile.
 */
import { z } from 'zod';
import { ErrorCodes } from '../errors';
import { RegistrationStateSchema, SrtpPolicySchema, TransportSchema } from '../models/account';

const NoArgs = z.strictObject({});
const Empty = z.strictObject({});

/** The error part of a failed Result, as it travels. */
export const AppErrorSchema = z.strictObject({ code: z.enum(ErrorCodes), message: z.string() });

/** Why a registration is not up, in a form the UI can show. */
export const RegistrationSchema = z.strictObject({
  state: RegistrationStateSchema,
  reason: AppErrorSchema.optional(),
});

/** What clients see of an account: never a password. */
export const AccountViewSchema = z.strictObject({
  id: z.string(),
  aor: z.string(),
  displayName: z.string().optional(),
  server: z.string(),
  transport: TransportSchema,
  srtp: SrtpPolicySchema,
  registration: RegistrationSchema,
});
/** An account as clients see it. */
export type AccountView = z.infer<typeof AccountViewSchema>;

/** Where the core is running, so the UI can adapt (and tests can assert it). */
export const AppModeSchema = z.enum(['electron', 'browser', 'headless']);
/** One of the run modes. */
export type AppMode = z.infer<typeof AppModeSchema>;

/** The whole state a client needs to render from scratch. */
export const SnapshotSchema = z.strictObject({
  /** The seq of the last event already folded into this snapshot. */
  seq: z.number().int().nonnegative(),
  app: z.strictObject({ name: z.string(), version: z.string(), mode: AppModeSchema }),
  accounts: z.array(AccountViewSchema),
});
/** The whole client-visible state. */
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Every command: its argument and result schemas. */
export const commandSchemas = {
  /** Returns the whole state, with the seq it reflects. */
  snapshot: { args: NoArgs, result: SnapshotSchema },
  /** Unregisters, stops the core and ends the process (or the browser-mode server). */
  quit: { args: NoArgs, result: Empty },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

/** Every event: the schema of its data. */
export const eventSchemas = {
  /** An account's registration moved to a new state. */
  'registration.changed': z.strictObject({
    accountId: z.string(),
    state: RegistrationStateSchema,
    reason: AppErrorSchema.optional(),
  }),
  /** The list of accounts changed (added, removed or edited). */
  'accounts.changed': z.strictObject({ accounts: z.array(AccountViewSchema) }),
} as const satisfies Record<string, z.ZodType>;

/** The names of all commands. */
export type CommandName = keyof typeof commandSchemas;
/** The arguments a client passes for command `K`. */
export type CommandArgs<K extends CommandName> = z.input<(typeof commandSchemas)[K]['args']>;
/** The data a successful command `K` returns. */
export type CommandResult<K extends CommandName> = z.output<(typeof commandSchemas)[K]['result']>;

/** The names of all events. */
export type EventName = keyof typeof eventSchemas;
/** The data of event `K`. */
export type EventData<K extends EventName> = z.output<(typeof eventSchemas)[K]>;
/** One event as it travels: name, sequence number and data. */
export type AppEvent = { [K in EventName]: { readonly event: K; readonly seq: number; readonly data: EventData<K> } }[EventName];

/** True when `name` is a command of the contract (own keys only, so `__proto__` is not). */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, name);
}
