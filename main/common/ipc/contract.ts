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
import { ContactInputSchema, ContactSchema } from '../contacts/contact';
import { ContactFileFormats } from '../contacts/import-rows';
import { CallRecordSchema } from '../history/call-record';
import { SettingsPatchSchema, SettingsSchema } from '../settings/settings';
import { CallLinkViewSchema, HotkeyActionSchema, ShellPreferencesSchema, ShellSettingsViewSchema } from '../models/shell';
import { DiagnosticProgressSchema, DiagnosticReportSchema } from '../models/diagnostics';
import { ControlApiSettingsSchema, ControlApiStatusSchema, HookEventSchema, HooksConfigSchema, HooksViewSchema } from '../models/integrations';
import { CallSettingsPatchSchema, CallSettingsSchema } from '../models/call-settings';
import { AudioProcessingPatchSchema, AudioProcessingViewSchema, EchoTestArgsSchema, EchoTestProgressSchema, EchoTestResultSchema } from '../models/audio-processing';

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
  natLatching: z.boolean().optional(),
  stunServer: z.string().optional(),
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
  /** The other side's display name, as its request or our target named it. */
  remoteName: z.string().optional(),
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
  /** The user ignored this ringing call: our ringer is quiet; the caller still hears it ring. */
  silenced: z.boolean().optional(),
  /** A transfer we asked for on this call: its progress from the REFER and NOTIFY sipfrag (status = the SIP status seen). */
  transfer: z.strictObject({ state: z.enum(['trying', 'accepted', 'succeeded', 'failed']), status: z.number().optional() }).optional(),
  /** While this call is merged into the local conference: an id shared by the conference's members. */
  conference: z.string().optional(),
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

const ContactIdSchema = z.string().min(1).max(64);
const ImportIssueSchema = z.strictObject({ row: z.number().int().positive(), message: z.string() });
const FilePathSchema = z.string().trim().min(1).max(4096);
/**
 * An import file's text sent by the client itself (a sandboxed renderer has a
 * file's bytes, not its path), with the file's name for messages. 20 M
 * characters, the same bound as a file read from a path.
 */
const ImportContentSchema = z.string().min(1).max(20 * 1024 * 1024);
const ImportFileNameSchema = z.string().trim().min(1).max(255);
const oneImportSource = { message: 'give either path (a file the core reads) or content (the file\'s text)' };
/** Contact file formats for import (auto-detected when omitted). */
export const ImportFormatSchema = z.enum(ContactFileFormats);
/** Contact file formats for export: vCard 4.0, vCard 3.0, or a CSV layout. */
export const ExportFormatSchema = z.enum(['vcard', 'vcard3', 'csv-google', 'csv-outlook', 'csv-microsip']);

/** Contacts, call history and settings (stored in SQLite; see docs/ARCHITECTURE.md "Data"). */
const dataCommandSchemas = {
  /** A page of contacts by name, favourites first. */
  'contacts.list': {
    args: z.strictObject({ offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(1000).default(100), favouritesOnly: z.boolean().default(false) }),
    result: z.strictObject({ contacts: z.array(ContactSchema), total: z.number().int().nonnegative() }),
  },
  /** Search as you type: word prefixes of names and organizations, digits anywhere in a number. An empty query lists by name. */
  'contacts.search': {
    args: z.strictObject({ query: z.string().max(200), limit: z.number().int().positive().max(500).default(50) }),
    result: z.strictObject({ contacts: z.array(ContactSchema) }),
  },
  /** One contact. */
  'contacts.get': { args: z.strictObject({ id: ContactIdSchema }), result: ContactSchema },
  /** Creates a contact, or replaces the one with `id`. Numbers are normalized to E.164 for matching; what was typed is kept. */
  'contacts.save': { args: z.strictObject({ id: ContactIdSchema.optional(), contact: ContactInputSchema }), result: ContactSchema },
  /** Deletes contacts. */
  'contacts.delete': { args: z.strictObject({ ids: z.array(ContactIdSchema).min(1).max(10000) }), result: z.strictObject({ deleted: z.number().int().nonnegative() }) },
  /** Caller ID: the contact with this number or SIP address (`+1 555…`, `sip:201@pbx`), or null. */
  'contacts.lookup': { args: z.strictObject({ number: z.string().trim().min(1).max(256) }), result: z.strictObject({ contact: ContactSchema.nullable() }) },
  /** Reads an import file (`path`, or its text in `content`) and says what importing it would do; writes nothing. */
  'contacts.previewImport': {
    args: z
      .strictObject({ path: FilePathSchema.optional(), content: ImportContentSchema.optional(), fileName: ImportFileNameSchema.optional(), format: ImportFormatSchema.optional() })
      .refine((a) => (a.path === undefined) !== (a.content === undefined), oneImportSource),
    result: z.strictObject({
      format: ImportFormatSchema,
      /** Rows (cards or records) in the file. */
      rows: z.number().int().nonnegative(),
      /** Contacts that would be created. */
      creates: z.number().int().nonnegative(),
      /** Rows that would be merged into an existing contact or an earlier row (same normalized number). */
      merges: z.number().int().nonnegative(),
      /** Rows that cannot be imported, with the reason (at most 500 listed). */
      issues: z.array(ImportIssueSchema),
      skipped: z.number().int().nonnegative(),
      /** The first contacts as they would be stored (at most 50). */
      sample: z.array(ContactInputSchema),
    }),
  },
  /**
   * Imports a vCard or CSV file (`path`, or its text in `content`) in one transaction, merging duplicates by
   * normalized number. When some rows are invalid nothing is imported
   * (IMPORT_INVALID lists them) unless `skipInvalid` confirms skipping them.
   */
  'contacts.import': {
    args: z
      .strictObject({ path: FilePathSchema.optional(), content: ImportContentSchema.optional(), fileName: ImportFileNameSchema.optional(), format: ImportFormatSchema.optional(), skipInvalid: z.boolean().default(false) })
      .refine((a) => (a.path === undefined) !== (a.content === undefined), oneImportSource),
    result: z.strictObject({
      imported: z.number().int().nonnegative(),
      merged: z.number().int().nonnegative(),
      skipped: z.number().int().nonnegative(),
      issues: z.array(ImportIssueSchema),
    }),
  },
  /** Exports every contact: to `path` when given (written atomically), else returned as `text`. */
  'contacts.export': {
    args: z.strictObject({ format: ExportFormatSchema, path: FilePathSchema.optional() }),
    result: z.strictObject({ count: z.number().int().nonnegative(), text: z.string().optional() }),
  },
  /** Recent calls, newest first; `beforeId` pages back. */
  'history.list': {
    args: z.strictObject({ limit: z.number().int().positive().max(1000).default(50), beforeId: z.number().int().positive().optional() }),
    result: z.strictObject({ calls: z.array(CallRecordSchema), missedUnseen: z.number().int().nonnegative() }),
  },
  /** Marks every missed call as seen (clears the badge). */
  'history.markSeen': { args: NoArgs, result: z.strictObject({ missedUnseen: z.number().int().nonnegative() }) },
  /** Deletes some calls from the history. */
  'history.delete': { args: z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(10000) }), result: z.strictObject({ deleted: z.number().int().nonnegative() }) },
  /** Deletes the whole call history. */
  'history.clear': { args: NoArgs, result: z.strictObject({ deleted: z.number().int().nonnegative() }) },
  /** The settings document. */
  'settings.get': { args: NoArgs, result: SettingsSchema },
  /** Changes some settings; the whole result is validated before it is stored. */
  'settings.update': { args: z.strictObject({ patch: SettingsPatchSchema }), result: SettingsSchema },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

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
  /** The whole SIP trace as a pcap file (base64; one UDP datagram per message, credentials redacted), for Wireshark or sngrep. */
  'sip.exportPcap': { args: NoArgs, result: z.strictObject({ base64: z.string() }) },
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
  /** Microphone and speaker gain, 0..2 (1 = as the device gives it). */
  'audio.setVolume': { args: z.strictObject({ input: z.number().min(0).max(2).optional(), output: z.number().min(0).max(2).optional() }), result: Empty },
  /** Starts or stops `audio.levelMeasured` events for a level meter (about 10 per second while audio runs). */
  'audio.meter': { args: z.strictObject({ enabled: z.boolean() }), result: Empty },
  /** Plays a 3-second 1 kHz test tone on the calls' speaker, or on the ringer. */
  'audio.testTone': { args: z.strictObject({ device: z.enum(['calls', 'ringer']).default('calls') }), result: Empty },
  /** Ignores a ringing incoming call: silences our ringer for it (the caller keeps ringing until it gives up or we answer). */
  'call.silence': { args: CallIdArgs, result: Empty },
  /** The microphone processing switches (echo cancellation, noise suppression) and why one that is on does not run. */
  'audio.processing': { args: NoArgs, result: AudioProcessingViewSchema },
  /** Switches echo cancellation and/or noise suppression on or off; takes effect at once, also mid-call. Publishes `audio.processingChanged`. */
  'audio.configureProcessing': { args: AudioProcessingPatchSchema, result: AudioProcessingViewSchema },
  /**
   * Echo test: records the microphone for `seconds` (as the other side would
   * hear it, processing included), then plays it back; progress comes as
   * `audio.echoTestProgressed`. Resolves when done with what the microphone
   * gave. Refused (ECHO_TEST_BUSY) during a call or another echo test.
   */
  'audio.echoTest': { args: EchoTestArgsSchema, result: EchoTestResultSchema },
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
  /**
   * Merges two calls into the local conference (we mix their audio): both
   * become active and unheld, and `call.updated` shows the same `conference`
   * id on both. When one is already in the conference, the other joins it, so
   * a conference grows one call at a time (up to the call limit).
   */
  'call.merge': {
    args: z.strictObject({ callIds: z.tuple([z.string().min(1).max(128), z.string().min(1).max(128)]) }).refine((a) => a.callIds[0] !== a.callIds[1], { message: 'give two different calls' }),
    result: Empty,
  },
  /** Splits the conference holding `callId`: that call stays active, the others are put on hold. */
  'call.split': { args: CallIdArgs, result: Empty },
  /** The call-handling settings (call limit, reject status, DND, forwarding, auto-answer on request). */
  'calls.settings': { args: NoArgs, result: CallSettingsSchema },
  /** Changes some call-handling settings; returns them all. Stored in the settings store (they survive a restart). */
  'calls.configure': { args: CallSettingsPatchSchema, result: CallSettingsSchema },
  /** The audio devices now connected, and which ones are chosen. */
  'devices.list': { args: NoArgs, result: z.strictObject({ devices: z.array(AudioDeviceViewSchema), selection: DeviceSelectionSchema }) },
  /** Chooses the microphone, speaker and ringer (an absent one follows the OS default); a running call moves at once. */
  'devices.select': { args: DeviceSelectionSchema, result: Empty },
  ...dataCommandSchemas,
  /**
   * Parses a tel:/sip:/sips:/callto: link (or a pasted number or SIP address).
   * When confirm-before-dial is on, returns `needsConfirmation` and dials
   * nothing: the client asks the user, then sends `call.dial` with `link.target`.
   * Otherwise it dials at once and returns the `callId`.
   */
  'link.open': {
    args: z.strictObject({ url: z.string().max(4096) }),
    result: z.strictObject({ link: CallLinkViewSchema, needsConfirmation: z.boolean(), callId: z.string().optional() }),
  },
  /** The desktop shell's settings, hotkeys (with what the OS said), password storage and capabilities. */
  'shell.settings': { args: NoArgs, result: ShellSettingsViewSchema },
  /** Changes shell settings (confirm before dial, start at login, start minimized, call links). */
  'shell.configure': { args: ShellPreferencesSchema.partial().strict(), result: ShellSettingsViewSchema },
  /**
   * Binds (or with null, unbinds) a global hotkey. On failure the previous
   * binding is restored and HOTKEY_UNAVAILABLE says why.
   */
  'hotkeys.set': { args: z.strictObject({ action: HotkeyActionSchema, accelerator: z.string().min(1).max(64).nullable() }), result: ShellSettingsViewSchema },
  /**
   * Self-test of a hotkey: resolves `fired: true` when the user presses it
   * within `timeoutMs` (that press does nothing else). On Wayland a hotkey can
   * look registered and never fire; a false result means: use the CLI switches.
   */
  'hotkeys.test': {
    args: z.strictObject({ action: HotkeyActionSchema, timeoutMs: z.number().int().min(1000).max(30000).default(10000) }),
    result: z.strictObject({ fired: z.boolean() }),
  },
  /**
   * With no usable OS keyring, the user may choose to keep passwords in memory
   * for this session only (never in a file); `enabled: false` goes back to the keyring.
   */
  'secrets.keepForSession': { args: z.strictObject({ enabled: z.boolean() }), result: ShellSettingsViewSchema },
  /** Opens the OS page where the user makes Dialtone the default for call links (Windows Default Apps). */
  'shell.openDefaultApps': { args: NoArgs, result: Empty },
  /**
   * Runs the connection doctor for an account (DNS, UDP/TCP/TLS, STUN, SIP ALG,
   * clock skew), publishing `diagnostics.progressed` per check; resolves with
   * every check and the verdict. A second call while one runs joins it.
   */
  'diagnostics.run': { args: AccountIdArgs, result: DiagnosticReportSchema },
  /** Replaces the call hooks (webhooks, screen-pops, commands). Secrets are kept, never echoed. */
  'hooks.configure': { args: z.strictObject({ hooks: HooksConfigSchema }), result: HooksViewSchema },
  /** The call hooks, secrets left out. */
  'hooks.get': { args: NoArgs, result: HooksViewSchema },
  /** Runs one hook now with a sample incoming call (the Settings "Test" button); fails with why it did not complete. */
  'hooks.test': { args: z.strictObject({ hookId: z.string().min(1).max(64) }), result: z.strictObject({ kind: z.enum(['webhook', 'screenPop', 'command']) }) },
  /** Starts, stops or reconfigures the local control API (127.0.0.1 only); the result carries its token. */
  'controlApi.configure': { args: z.strictObject({ settings: ControlApiSettingsSchema, rotateToken: z.boolean().default(false) }), result: ControlApiStatusSchema },
  /** The local control API's state, token included. */
  'controlApi.status': { args: NoArgs, result: ControlApiStatusSchema },
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
    /** RTP/RTCP packets dropped because they came from an address the call did not negotiate (absent when none). */
    foreignPacketsDropped: z.number().optional(),
    /** Round-trip time from RTCP, once known. */
    rttMs: z.number().optional(),
    /** The loss the other side reports on what we send, %, once known. */
    remoteLossPercent: z.number().optional(),
    /** E-model MOS estimate (1-4.5) from loss, jitter-buffer delay, RTT and the codec. */
    mos: z.number(),
  }),
  /** Microphone and speaker level over the last ~100 ms, dBFS (-120 = silence). */
  'audio.levelMeasured': z.strictObject({ inputDb: z.number(), outputDb: z.number() }),
  /** The processing switches changed, or a processor could not start (audio then goes on unprocessed). */
  'audio.processingChanged': AudioProcessingViewSchema,
  /** An echo test moved on (recording, playing, finished). */
  'audio.echoTestProgressed': EchoTestProgressSchema,
  /** A device was plugged in or removed, or the OS default changed. */
  'devices.changed': z.strictObject({ devices: z.array(AudioDeviceViewSchema) }),
  /** A device could not be opened or vanished; `fellBack` says whether the default took over and calls go on. */
  'devices.failed': z.strictObject({ kind: z.enum(['open-failed', 'lost']), message: z.string(), fellBack: z.boolean() }),
  /** The other side pressed a DTMF key. */
  'dtmf.received': z.strictObject({ callId: z.string(), digit: z.string(), via: z.enum(['rtp', 'info']) }),
  /** Contacts were saved, deleted, imported or re-normalized (new default region); `ids` lists at most 500 of them. */
  'contacts.changed': z.strictObject({ reason: z.enum(['saved', 'deleted', 'imported', 'renormalized']), ids: z.array(z.string()), count: z.number().int().nonnegative() }),
  /** A call was added to the history (it ended). */
  'history.added': z.strictObject({ call: CallRecordSchema, missedUnseen: z.number().int().nonnegative() }),
  /** The history changed otherwise (cleared, deleted, seen, pruned by retention). */
  'history.changed': z.strictObject({ missedUnseen: z.number().int().nonnegative() }),
  /** The settings changed. */
  'settings.changed': z.strictObject({ settings: SettingsSchema }),
  /** A connection-doctor check started or finished. */
  'diagnostics.progressed': DiagnosticProgressSchema,
  /** A connection-doctor run finished (also runs started on their own after a registration failure). */
  'diagnostics.completed': DiagnosticReportSchema,
  /** A call hook gave up (after its retries): which one, on what, and why. */
  'hooks.failed': z.strictObject({
    hookId: z.string(),
    kind: z.enum(['webhook', 'screenPop', 'command']),
    event: HookEventSchema,
    callId: z.string(),
    reason: AppErrorSchema,
  }),
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
