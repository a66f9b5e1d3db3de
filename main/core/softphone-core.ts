/**
 * The core facade: the only object the composition root and the command
 * handlers talk to. It owns the accounts (configuration, password in memory,
 * their SIP agents) and the SIP trace, and publishes every change as an event.
 * It knows nothing of Electron, windows or which bridge a command came from.
 */
import type { AccountView, AppEvent, AppMode, AudioDeviceView, DeviceSelectionView, EventData, EventName, Snapshot, TraceEntryView } from '../common/ipc/contract';
import type { DiagnosticCheckId, DiagnosticReport } from '../common/models/diagnostics';
import { applyDialPlan } from '../common/dialplan/dial-plan';
import { accountIdOf, type AccountConfig } from '../common/models/account';
import type { CallSettings, CallSettingsPatch } from '../common/models/call-settings';
import { err, ok, type AppError, type Result } from '../common/result';
import { resolveAccountServers } from './accounts/account-servers';
import { KEYCHAIN_SERVICE, resolvePassword } from './accounts/credentials';
import { CallManager } from './calls/call-manager';
import { startToneController } from './calls/tone-controller';
import { createDiagnosticsService, isNetworkFailure } from './diagnostics/diagnostics-service';
import { createHookService } from './hooks/hook-service';
import type { HooksConfig, HooksView } from '../common/models/integrations';
import { createEventHub } from './events/event-hub';
import { createLocalMediaEngine, type DeviceSelection, type MediaEngine } from './media/engine';
import { createAudioTools, type AudioTools } from './media/audio-tools';
import type { AudioProcessingSettings } from '../common/models/audio-processing';
import type { AudioDevice } from './ports/audio';
import type { CorePorts } from './ports';
import { redactSipMessage } from './sip/auth';
import { DEFAULT_SETTINGS, SipAccount, type SipAccountSettings } from './sip/sip-account';
import { createTraceBuffer, type TraceEntry } from './sip/trace/trace-buffer';
import { traceToPcap } from './sip/trace/trace-pcap';

/** Static facts about the running app. */
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly mode: AppMode;
}

/** What {@link createSoftphoneCore} needs besides the ports. */
export interface CoreOptions {
  readonly app: AppInfo;
  /** The process environment (for DIALTONE_PASSWORD); injected so tests control it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Overrides of the SIP account settings (tests use short timers). */
  readonly sip?: Partial<Omit<SipAccountSettings, 'account' | 'password' | 'userAgent' | 'tlsCa'>>;
  /** How many SIP messages the trace keeps. */
  readonly traceCapacity?: number;
  /** Answer incoming calls at once (headless `--auto-answer`). */
  readonly autoAnswer?: boolean;
  /** How often `call.stats` is published, ms (default 5000). */
  readonly statsIntervalMs?: number;
  /**
   * Where call media runs. Default: on this thread over `ports.audio`. The app
   * passes a WorkerMediaEngine so that the audio clock lives in the media worker.
   */
  readonly mediaEngine?: MediaEngine;
  /** Run the connection doctor on its own when a registration fails for a network reason (default off; the app turns it on). */
  readonly diagnoseOnFailure?: boolean;
  /** Per-check budgets of the connection doctor (tests use short ones). */
  readonly diagnosticTimeouts?: Partial<Record<DiagnosticCheckId, number>>;
  /** Echo cancellation and noise suppression at start (default off; the app turns them on for real devices). */
  readonly audioProcessing?: AudioProcessingSettings;
}

/** The softphone as the rest of main sees it. */
export interface SoftphoneCore {
  /** The whole client-visible state and the seq it reflects. */
  snapshot(): Snapshot;
  /** Receives every event in seq order; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** Publishes an event of a service beside the core (contacts, history, settings) in the same seq order. */
  publish<K extends EventName>(event: K, data: EventData<K>): void;
  /**
   * Adds or replaces an account. With `password`, it is stored in the keychain
   * (never in a file); without, it is looked up in the environment, then the keychain.
   * Registration then runs in the background and reports through events.
   */
  saveAccount(config: AccountConfig, password?: string): Promise<Result<AccountView>>;
  /** Unregisters and forgets an account (and its stored password). */
  removeAccount(accountId: string): Promise<Result<void>>;
  /** Registers (again) now. */
  register(accountId: string): Promise<Result<void>>;
  /** Unregisters, keeping the account. */
  unregister(accountId: string): Promise<Result<void>>;
  /** The SIP trace after `afterId`, oldest first, at most `limit` entries. */
  trace(afterId: number, limit: number): TraceEntryView[];
  /** The whole trace as text, for export. */
  traceText(): string;
  /** The whole trace as a pcap file, for export. */
  tracePcap(): Uint8Array;
  /** Places a call from `accountId`, or from the first registered account. */
  dial(target: string, accountId?: string): Promise<Result<{ callId: string }>>;
  answer(callId: string): Promise<Result<void>>;
  hangup(callId: string): Promise<Result<void>>;
  hold(callId: string, on: boolean): Promise<Result<void>>;
  dtmf(callId: string, digits: string): Promise<Result<void>>;
  /** Sets microphone and speaker gain (0..2). */
  setVolume(volume: { input?: number | undefined; output?: number | undefined }): Result<void>;
  /** Starts or stops `audio.levelMeasured` events (about 10 per second) for a level meter. */
  meter(enabled: boolean): Result<void>;
  /** Plays a 3 s 1 kHz test tone on the calls' speaker or on the ringer. */
  playTestTone(where: 'calls' | 'ringer'): Result<void>;
  /** Mutes or unmutes a call's microphone. */
  mute(callId: string, muted: boolean): Result<void>;
  /** Holds the active call and resumes `callId`. */
  swap(callId: string): Promise<Result<void>>;
  /** Merges two calls into a local 3-way conference (both active). */
  merge(a: string, b: string): Promise<Result<void>>;
  /** Splits the conference of `callId`: it stays active, the other is held. */
  split(callId: string): Promise<Result<void>>;
  /** The call-handling settings. */
  callSettings(): CallSettings;
  /** Changes some call-handling settings (held here; `data/persisted-settings.ts` stores them). */
  configureCalls(patch: CallSettingsPatch): Result<CallSettings>;
  /** Transfers a call: blind to `target`, or attended to the party of `replacesCallId`. */
  transfer(callId: string, to: { target: string } | { replacesCallId: string }): Promise<Result<void>>;
  /** Refuses a ringing incoming call (486, or 603 when declined). */
  reject(callId: string, reason?: 'busy' | 'decline'): Promise<Result<void>>;
  /** Ignores a ringing incoming call: its ringtone stops, nothing is sent to the caller. */
  silence(callId: string): Result<void>;
  /** The audio devices now connected, and the chosen ones. */
  listDevices(): Promise<Result<{ devices: AudioDeviceView[]; selection: DeviceSelectionView }>>;
  /** Chooses devices; absent ones follow the OS default. */
  selectDevices(selection: DeviceSelectionView): Promise<Result<void>>;
  /** Runs the connection doctor for an account (progress arrives as `diagnostics.progressed` events). */
  runDiagnostics(accountId: string): Promise<Result<DiagnosticReport>>;
  /** Replaces the call hooks (held here; `data/persisted-settings.ts` stores them). */
  configureHooks(config: HooksConfig): HooksView;
  /** The call hooks, secrets left out. */
  hooks(): HooksView;
  /** Runs one hook now with a sample call. */
  testHook(hookId: string): Promise<Result<{ kind: 'webhook' | 'screenPop' | 'command' }>>;
  /** Microphone processing switches and the echo test. */
  readonly audioTools: AudioTools;
  /** Stops everything the core started, unregistering every account. Safe to call twice. */
  shutdown(): Promise<void>;
}

interface AccountEntry {
  config: AccountConfig;
  view: AccountView;
  /** Kept in memory only, for the SIP layer; never in a view, event or log. */
  password: string | undefined;
  sip: SipAccount | undefined;
}

function toView(e: TraceEntry): TraceEntryView {
  return { id: e.id, time: e.time, accountId: e.accountId, direction: e.direction, transport: e.transport, local: `${e.local.address}:${e.local.port}`, peer: `${e.peer.address}:${e.peer.port}`, callId: e.callId, summary: e.summary, method: e.method, text: e.text };
}

function deviceView(d: AudioDevice): AudioDeviceView {
  return { id: d.id, name: d.name, hostApi: d.hostApi, input: d.maxInputChannels > 0, output: d.maxOutputChannels > 0, defaultInput: d.isDefaultInput, defaultOutput: d.isDefaultOutput };
}

function selectionView(s: DeviceSelection): DeviceSelectionView {
  return { ...(s.inputId === undefined ? {} : { inputId: s.inputId }), ...(s.outputId === undefined ? {} : { outputId: s.outputId }), ...(s.ringerId === undefined ? {} : { ringerId: s.ringerId }) };
}

/** Creates the core over its ports. */
export function createSoftphoneCore(ports: CorePorts, options: CoreOptions): SoftphoneCore {
  const log = ports.logger.child('core');
  const hub = createEventHub(log);
  const accounts = new Map<string, AccountEntry>();
  const trace = createTraceBuffer(options.traceCapacity ?? 2000, ports.clock.now, redactSipMessage);
  const engine = options.mediaEngine ?? createLocalMediaEngine({ audio: ports.audio, sockets: ports.sockets, clock: ports.clock, logger: ports.logger, random: ports.random, devicePollMs: 0 });
  const calls = new CallManager({
    hub,
    clock: ports.clock,
    logger: ports.logger,
    engine,
    autoAnswer: options.autoAnswer ?? false,
    ...(options.statsIntervalMs === undefined ? {} : { statsIntervalMs: options.statsIntervalMs }),
  });
  const mediaFactory = calls.mediaFactory();
  const stopTones = startToneController((l) => hub.subscribe(l), engine);
  engine.onDevicesChanged((devices) => hub.emit('devices.changed', { devices: devices.map(deviceView) }));
  engine.onDeviceProblem((problem) => hub.emit('devices.failed', { kind: problem.kind, message: problem.message, fellBack: problem.fellBack }));
  const audioTools = createAudioTools({
    engine,
    clock: ports.clock,
    logger: ports.logger,
    publish: (event, data) => void hub.emit(event, data),
    callsInProgress: () => calls.views().length > 0,
    initial: options.audioProcessing ?? { echoCancellation: false, noiseSuppression: false },
  });
  const hooks = createHookService({
    ports: ports.hooks,
    clock: ports.clock,
    random: ports.random,
    logger: ports.logger,
    onFailed: (failure) => hub.emit('hooks.failed', failure),
  });
  const offHooks = hub.subscribe((event) => hooks.handle(event));
  const diagnostics = createDiagnosticsService({
    ports,
    userAgent: `${options.app.name}/${options.app.version}`,
    onProgress: (progress) => hub.emit('diagnostics.progressed', progress),
    onCompleted: (report) => hub.emit('diagnostics.completed', report),
    ...(options.diagnosticTimeouts ? { timeouts: options.diagnosticTimeouts } : {}),
  });
  let stopped = false;

  const views = (): AccountView[] => [...accounts.values()].map((a) => a.view);

  const setRegistration = (entry: AccountEntry, state: AccountView['registration']['state'], reason?: AppError): void => {
    if (state === 'failed' && entry.view.registration.state !== 'failed' && options.diagnoseOnFailure && !stopped && isNetworkFailure(reason?.code)) {
      diagnostics.runAfterFailure(entry.view.id, entry.config);
    }
    entry.view = { ...entry.view, registration: reason ? { state, reason } : { state } };
    hub.emit('registration.changed', reason ? { accountId: entry.view.id, state, reason } : { accountId: entry.view.id, state });
  };

  const stopSip = async (entry: AccountEntry): Promise<void> => {
    const sip = entry.sip;
    entry.sip = undefined;
    if (sip) await sip.stop();
  };

  const startSip = async (entry: AccountEntry): Promise<void> => {
    await stopSip(entry);
    if (stopped || !entry.config.register) return;
    if (entry.password === undefined) {
      const password = await resolvePassword(entry.view.id, options.env, ports.secrets);
      if (!password.ok) {
        log.warn('no password', { account: entry.view.id, code: password.error.code });
        setRegistration(entry, 'failed', password.error);
        return;
      }
      entry.password = password.data.password;
      log.info('password found', { account: entry.view.id, source: password.data.source });
    }
    let tlsCa: string | undefined;
    if (entry.config.tlsCaFile) {
      const ca = await ports.files.readText(entry.config.tlsCaFile);
      if (!ca.ok) {
        setRegistration(entry, 'failed', { code: 'INVALID_CONFIG', message: `The account's TLS CA file: ${ca.error.message}` });
        return;
      }
      tlsCa = ca.data;
    }
    const accountId = entry.view.id;
    const sip = new SipAccount(
      {
        ...DEFAULT_SETTINGS,
        ...options.sip,
        account: entry.config,
        password: entry.password,
        userAgent: `${options.app.name}/${options.app.version}`,
        ...(tlsCa === undefined ? {} : { tlsCa }),
      },
      {
        sockets: ports.sockets,
        clock: ports.clock,
        logger: ports.logger,
        random: ports.random,
        resolveServers: (account) => resolveAccountServers(ports.dns, account, ports.random),
        onWire: (record) => {
          const stored = trace.add(accountId, record);
          hub.emit('sip.traced', toView(stored));
        },
        onState: (state, reason) => {
          if (entry.sip === sip) setRegistration(entry, state, reason);
        },
        createMedia: mediaFactory,
        onIncomingCall: (call) => calls.incoming(accountId, call, sip),
        screenIncoming: () => calls.screenIncoming(),
      },
    );
    entry.sip = sip;
    await sip.start();
  };

  const onNetwork = (why: string) => () => {
    for (const entry of accounts.values()) {
      if (!entry.sip) continue;
      log.info(`${why}: registering again`, { account: entry.view.id });
      void entry.sip.refresh();
    }
  };
  const offNetwork = ports.systemEvents.onNetworkChange(onNetwork('network changed'));
  const offResume = ports.systemEvents.onResume(onNetwork('resumed from sleep'));

  const find = (accountId: string): Result<AccountEntry> => {
    const entry = accounts.get(accountId);
    return entry ? ok(entry) : err('NOT_FOUND', `No account "${accountId}".`);
  };

  return {
    snapshot() {
      return { seq: hub.lastSeq, app: { ...options.app }, accounts: views(), calls: calls.views() };
    },
    subscribe: (listener) => hub.subscribe(listener),
    publish(event, data) {
      hub.emit(event, data);
    },
    async saveAccount(config, password) {
      if (stopped) return err('SHUTTING_DOWN', 'Dialtone is shutting down.');
      const id = accountIdOf(config);
      if (password !== undefined) {
        const stored = await ports.secrets.set(KEYCHAIN_SERVICE, id, password);
        if (!stored.ok) return stored;
      }
      const previous = accounts.get(id);
      if (previous) await stopSip(previous);
      const view: AccountView = {
        id,
        aor: config.aor,
        ...(config.displayName === undefined ? {} : { displayName: config.displayName }),
        server: config.server,
        transport: config.transport,
        srtp: config.srtp,
        registration: { state: 'unregistered' },
        username: config.username,
        codecs: [...config.codecs],
        register: config.register,
        ...(config.tlsCaFile === undefined ? {} : { tlsCaFile: config.tlsCaFile }),
        ...(config.allowDirectCalls === undefined ? {} : { allowDirectCalls: config.allowDirectCalls }),
        ...(config.dialPlan === undefined ? {} : { dialPlan: config.dialPlan }),
        ...(config.natLatching === undefined ? {} : { natLatching: config.natLatching }),
        ...(config.stunServer === undefined ? {} : { stunServer: config.stunServer }),
      };
      const entry: AccountEntry = { config, view, password, sip: undefined };
      accounts.set(id, entry);
      hub.emit('accounts.changed', { accounts: views() });
      log.info('account saved', { account: id, transport: config.transport, register: config.register });
      void startSip(entry);
      return ok(entry.view);
    },
    async removeAccount(accountId) {
      const found = find(accountId);
      if (!found.ok) return found;
      await stopSip(found.data);
      accounts.delete(accountId);
      await ports.secrets.delete(KEYCHAIN_SERVICE, accountId);
      hub.emit('accounts.changed', { accounts: views() });
      return ok(undefined);
    },
    async register(accountId) {
      const found = find(accountId);
      if (!found.ok) return found;
      found.data.config = { ...found.data.config, register: true };
      found.data.view = { ...found.data.view, register: true };
      void startSip(found.data);
      return ok(undefined);
    },
    async unregister(accountId) {
      const found = find(accountId);
      if (!found.ok) return found;
      found.data.config = { ...found.data.config, register: false };
      found.data.view = { ...found.data.view, register: false };
      await stopSip(found.data);
      if (found.data.view.registration.state !== 'unregistered') setRegistration(found.data, 'unregistered');
      return ok(undefined);
    },
    trace: (afterId, limit) => trace.entries(afterId).slice(0, limit).map(toView),
    async dial(target, accountId) {
      const entry = accountId
        ? accounts.get(accountId)
        : [...accounts.values()].find((a) => a.view.registration.state === 'registered');
      if (!entry) return err(accountId ? 'NOT_FOUND' : 'INVALID_ARGS', accountId ? `No account "${accountId}".` : 'No registered account to call from.');
      if (!entry.sip) return err('INVALID_ARGS', `${entry.view.aor} is not registered, so it cannot call.`);
      const planned = applyDialPlan(target, entry.config.dialPlan);
      if (!planned.ok) return planned;
      return calls.dial(entry.view.id, entry.sip, planned.data);
    },
    answer: (callId) => calls.answer(callId),
    hangup: (callId) => calls.hangup(callId),
    hold: (callId, on) => calls.hold(callId, on),
    async dtmf(callId, digits) {
      const sent = await calls.dtmf(callId, digits);
      // Key feedback: the user hears what they pressed, as on a desk phone.
      if (sent.ok) engine.playTone({ dtmf: digits }, 'calls');
      return sent;
    },
    setVolume(volume) {
      engine.setVolume({ ...(volume.input === undefined ? {} : { input: volume.input }), ...(volume.output === undefined ? {} : { output: volume.output }) });
      return ok(undefined);
    },
    meter(enabled) {
      const floor = (db: number): number => (Number.isFinite(db) ? Math.round(db * 10) / 10 : -120);
      engine.onLevels(enabled ? (l) => hub.emit('audio.levelMeasured', { inputDb: floor(l.inputDb), outputDb: floor(l.outputDb) }) : undefined);
      return ok(undefined);
    },
    playTestTone(where) {
      engine.playTone('test', where);
      return ok(undefined);
    },
    mute: (callId, muted) => calls.mute(callId, muted),
    swap: (callId) => calls.swap(callId),
    merge: (a, b) => calls.merge(a, b),
    split: (callId) => calls.split(callId),
    callSettings: () => calls.settings(),
    configureCalls: (patch) => calls.configure(patch),
    reject: (callId, reason) => calls.reject(callId, reason),
    silence: (callId) => calls.silence(callId),
    transfer: (callId, to) => calls.transfer(callId, to),
    async listDevices() {
      const listed = await engine.listDevices();
      if (!listed.ok) return listed;
      return ok({ devices: listed.data.map(deviceView), selection: selectionView(engine.selection) });
    },
    selectDevices: (selection) => engine.selectDevices(selection),
    audioTools,
    traceText: () => trace.exportText(),
    tracePcap: () => traceToPcap(trace.entries()),
    configureHooks: (config) => hooks.configure(config),
    hooks: () => hooks.view(),
    testHook: (hookId) => hooks.test(hookId),
    async runDiagnostics(accountId) {
      const found = find(accountId);
      if (!found.ok) return found;
      return diagnostics.run(accountId, found.data.config);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      offNetwork();
      offResume();
      stopTones();
      offHooks();
      hooks.stop();
      await calls.shutdown();
      await Promise.all([...accounts.values()].map((entry) => stopSip(entry)));
      log.info('core stopped');
    },
  };
}
