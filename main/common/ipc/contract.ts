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
import { DialPlanSchema } from '../dialplan/dial-plan';
import { ErrorCodes } from '../errors';
import { AccountConfigSchema, CodecSchema, RegistrationStateSchema, SrtpPolicySchema, TransportSchema } from '../models/account';
import { CallSettingsPatchSchema, CallSettingsSchema } from '../models/call-settings';

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
  /** The rest of the saved configuration, so a settings form can edit it without losing fields. */
  username: z.string().optional(),
  codecs: z.array(CodecSchema).optional(),
  register: z.boolean().optional(),
  tlsCaFile: z.string().optional(),
  allowDirectCalls: z.boolean().optional(),
  dialPlan: DialPlanSchema.optional(),
});
/** An account as clients see it. */
export type AccountView = z.infer<typeof AccountViewSchema>;

/** One SIP message of the trace, redacted, as clients see it. */
export const TraceEntryViewSchema = z.strictObject({
  id: z.number().int().positive(),
  time: z.number(),
  accountId: z.string(),
  direction: z.enum(['sent', 'received']),
  transport: TransportSchema,
  local: z.string(),
  peer: z.string(),
  callId: z.string(),
  /** The start line. */
  summary: z.string(),
  /** The CSeq method. */
  method: z.string(),
  text: z.string(),
});
/** A trace entry as clients see it. */
export type TraceEntryView = z.infer<typeof TraceEntryViewSchema>;

const AccountIdArgs = z.strictObject({ accountId: z.string().min(1).max(512) });

/** Call states, as clients see them. */
export const CallStateSchema = z.enum(['dialing', 'ringing', 'early', 'active', 'held', 'ended']);

/** What clients see of a call. */
export const CallViewSchema = z.strictObject({
  callId: z.string(),
  accountId: z.string(),
  direction: z.enum(['outgoing', 'incoming']),
  state: CallStateSchema,
  remoteUri: z.string(),
  /** The codec in use (`pcmu`, `pcma`, `g722`, `opus`) once media is negotiated. */
  codec: z.string().optional(),
  /** Whether the media is encrypted (SDES-SRTP). */
  srtp: z.boolean(),
  /** Whether the other side holds us. */
  remoteHold: z.boolean(),
  /** Whether we send silence instead of the microphone. */
  muted: z.boolean(),
  /** Wall-clock ms when the call started and when it was answered. */
  startedAt: z.number(),
  answeredAt: z.number().optional(),
  /** A transfer we asked for on this call: its progress from the REFER and NOTIFY sipfrag (status = the SIP status seen). */
  transfer: z.strictObject({ state: z.enum(['trying', 'accepted', 'succeeded', 'failed']), status: z.number().optional() }).optional(),
});
/** A call as clients see it. */
export type CallView = z.infer<typeof CallViewSchema>;

const CallIdArgs = z.strictObject({ callId: z.string().min(1).max(128) });

/** An audio device as clients see it. Ids are stable across restarts and hot-plugs. */
export const AudioDeviceViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  hostApi: z.string(),
  input: z.boolean(),
  output: z.boolean(),
  defaultInput: z.boolean(),
  defaultOutput: z.boolean(),
});
/** An audio device as clients see it. */
export type AudioDeviceView = z.infer<typeof AudioDeviceViewSchema>;

const DeviceId = z.string().min(1).max(512);
/** The chosen devices; absent means "follow the OS default". */
export const DeviceSelectionSchema = z.strictObject({ inputId: DeviceId.optional(), outputId: DeviceId.optional(), ringerId: DeviceId.optional() });
/** The chosen devices. */
export type DeviceSelectionView = z.infer<typeof DeviceSelectionSchema>;

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
  calls: z.array(CallViewSchema),
});
/** The whole client-visible state. */
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Every command: its argument and result schemas. */
export const commandSchemas = {
  /** Returns the whole state, with the seq it reflects. */
  snapshot: { args: NoArgs, result: SnapshotSchema },
  /** Unregisters, stops the core and ends the process (or the browser-mode server). */
  quit: { args: NoArgs, result: Empty },
  /**
   * Adds or replaces an account and starts registering it. The password, when
   * given, goes to the OS keychain; it is never stored elsewhere or echoed back.
   */
  'account.save': {
    args: z.strictObject({ account: AccountConfigSchema, password: z.string().min(1).max(1024).optional() }),
    result: AccountViewSchema,
  },
  /** Unregisters and removes an account and its stored password. */
  'account.remove': { args: AccountIdArgs, result: Empty },
  /** Registers an account now (again). */
  'account.register': { args: AccountIdArgs, result: Empty },
  /** Unregisters an account and keeps it. */
  'account.unregister': { args: AccountIdArgs, result: Empty },
  /** The SIP trace after `afterId` (0 = from the start), oldest first. */
  'sip.trace': {
    args: z.strictObject({ afterId: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(5000).default(500) }),
    result: z.strictObject({ entries: z.array(TraceEntryViewSchema) }),
  },
  /** The whole SIP trace as plain text, credentials redacted, for a support request. */
  'sip.exportTrace': { args: NoArgs, result: z.strictObject({ text: z.string() }) },
  /** Calls `target` (a SIP URI, or a number/user at the account's domain) from `accountId` or the first registered account. */
  'call.dial': {
    args: z.strictObject({ target: z.string().trim().min(1).max(256), accountId: z.string().min(1).max(512).optional() }),
    result: z.strictObject({ callId: z.string() }),
  },
  /** Answers a ringing incoming call. */
  'call.answer': { args: CallIdArgs, result: Empty },
  /** Ends a call however far it got (cancel, reject or hang up). */
  'call.hangup': { args: CallIdArgs, result: Empty },
  /** Puts an active call on hold. */
  'call.hold': { args: CallIdArgs, result: Empty },
  /** Resumes a held call. */
  'call.resume': { args: CallIdArgs, result: Empty },
  /** Sends DTMF digits (RFC 4733, or SIP INFO when the call has no telephone-event). */
  'call.dtmf': { args: z.strictObject({ callId: z.string().min(1).max(128), digits: z.string().regex(/^[0-9*#A-Da-d]{1,64}$/, 'digits are 0-9, *, #, A-D') }), result: Empty },
  /** Mutes (sends silence) or unmutes a call's microphone. */
  'call.mute': { args: z.strictObject({ callId: z.string().min(1).max(128), muted: z.boolean() }), result: Empty },
  /** Refuses a ringing incoming call with 486 Busy Here (`busy`) or 603 Decline (`decline`); default: the `rejectWith` setting. */
  'call.reject': { args: z.strictObject({ callId: z.string().min(1).max(128), reason: z.enum(['busy', 'decline']).optional() }), result: Empty },
  /**
   * Transfers the other side of `callId`: blind to `target`, or attended to
   * the party of `replacesCallId` (REFER with Replaces). Progress shows on
   * `call.updated` (`transfer`); on success the call ends.
   */
  'call.transfer': {
    args: z
      .strictObject({ callId: z.string().min(1).max(128), target: z.string().trim().min(1).max(256).optional(), replacesCallId: z.string().min(1).max(128).optional() })
      .refine((a) => (a.target === undefined) !== (a.replacesCallId === undefined), { message: 'give either target (blind) or replacesCallId (attended)' }),
    result: Empty,
  },
  /** Holds the active call (if any) and resumes this held one. */
  'call.swap': { args: CallIdArgs, result: Empty },
  /** The call-handling settings (call limit, reject status, DND, forwarding, auto-answer on request). */
  'calls.settings': { args: NoArgs, result: CallSettingsSchema },
  /** Changes some call-handling settings; returns them all. Kept in memory until the settings store persists them. */
  'calls.configure': { args: CallSettingsPatchSchema, result: CallSettingsSchema },
  /** The audio devices now connected, and which ones are chosen. */
  'devices.list': { args: NoArgs, result: z.strictObject({ devices: z.array(AudioDeviceViewSchema), selection: DeviceSelectionSchema }) },
  /** Chooses the microphone, speaker and ringer (an absent one follows the OS default); a running call moves at once. */
  'devices.select': { args: DeviceSelectionSchema, result: Empty },
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
  /** A SIP message was sent or received (redacted). */
  'sip.traced': TraceEntryViewSchema,
  /** A call appeared or changed (state, codec, SRTP, hold). */
  'call.updated': CallViewSchema,
  /** A call ended; `reason` says why when it failed or the other side refused. */
  'call.ended': z.strictObject({ callId: z.string(), endedBy: z.enum(['local', 'remote']), reason: AppErrorSchema.optional() }),
  /** Media quality of an active call, every few seconds. */
  'call.stats': z.strictObject({
    callId: z.string(),
    packetsSent: z.number(),
    packetsReceived: z.number(),
    packetsLost: z.number(),
    lateFrames: z.number(),
    concealedFrames: z.number(),
    jitterMs: z.number(),
    bufferDelayMs: z.number(),
    srtpFailures: z.number(),
    /** Round-trip time from RTCP, once known. */
    rttMs: z.number().optional(),
    /** The loss the other side reports on what we send, %, once known. */
    remoteLossPercent: z.number().optional(),
    /** E-model MOS estimate (1-4.5) from loss, jitter-buffer delay, RTT and the codec. */
    mos: z.number(),
  }),
  /** A device was plugged in or removed, or the OS default changed. */
  'devices.changed': z.strictObject({ devices: z.array(AudioDeviceViewSchema) }),
  /** A device could not be opened or vanished; `fellBack` says whether the default took over and calls go on. */
  'devices.failed': z.strictObject({ kind: z.enum(['open-failed', 'lost']), message: z.string(), fellBack: z.boolean() }),
  /** The other side pressed a DTMF key. */
  'dtmf.received': z.strictObject({ callId: z.string(), digit: z.string(), via: z.enum(['rtp', 'info']) }),
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
