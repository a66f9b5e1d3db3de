/**
 * The composition root: the one place that creates concrete adapters (logger,
 * clock, keychain) and wires them into the core and the command router.
 *
 * It imports no Electron at run time, so the same wiring serves the Electron
 * main process, browser mode and headless mode; each entry point adds only its
 * own bridge.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createDataServices } from '../core/data/data-services';
import { createSessionChoiceSecretStore } from '../core/accounts/session-choice-secret-store';
import type { AudioDevicePort, CorePorts, Logger, SecretStorePort, SystemEventsPort } from '../core/ports';
import type { StoragePort } from '../core/ports/storage';
import { createCommandHandlers } from '../core/router/handlers';
import { createRouter, type Router } from '../core/router/router';
import { createSoftphoneCore, type AppInfo, type CoreOptions, type SoftphoneCore } from '../core/softphone-core';
import { createKeytarStore } from '../../native/secrets/keytar-store';
import { createSqliteStorage } from '../../native/storage/sqlite-storage';
import { createFileAudioPort } from './adapters/file-audio';
import { spawnMediaWorker, type WorkerAudio } from './adapters/media-worker-thread';
import { WorkerMediaEngine } from '../core/media/engine';
import { createNodeDnsPort } from './adapters/node-dns';
import { createNodeFiles } from './adapters/node-files';
import { createNodeSocketFactory } from './adapters/node-sockets';
import { createNodeTlsProbe } from './adapters/node-tls-probe';
import { createNodeHttp } from './adapters/node-http';
import { createProcessRunner } from './adapters/process-runner';
import { createLoggingUrlOpener, createSystemUrlOpener } from './adapters/url-openers';
import type { UrlOpenerPort } from '../core/ports/integrations';
import { createControlApiHost, type ManagedControlApiHost } from './bridges/control-api-host';
import { createPolledSystemEvents } from './adapters/polled-system-events';
import { createStderrLogger, type LogLevel } from './adapters/stderr-logger';
import { createSystemClock } from './adapters/system-clock';
import { localeRegion } from './adapters/user-data-dir';
import { createDesktopControls, startDesktopShell, type DesktopApis, type DesktopShell } from './desktop-bootstrap';
import { createShellController } from './shell/shell-controller';
import { createMemoryShellSettings, type ShellSettings, type ShellSettingsStore } from './shell/shell-settings';
import { createPersistentShellSettings } from './shell/persistent-shell-settings';
import { createPersistedSettings } from '../core/data/persisted-settings';
import { CONTROL_TOKEN_ACCOUNT, namedSecret } from '../core/data/integration-secrets';

/** What an entry point tells {@link bootstrap}. */
export interface BootstrapOptions {
  readonly app: AppInfo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logLevel?: LogLevel;
  /**
   * Where calls capture and play audio. The media runs in the media worker,
   * which opens these: real devices (PortAudio) or WAV files. Default: files
   * with no input or output (silence), the safe choice for tests and servers.
   */
  readonly media?: WorkerAudio;
  /** Runs call media on the main thread over this port instead of the worker (tests that drive the audio clock). */
  readonly audio?: AudioDevicePort;
  /** Answer incoming calls at once (headless `--auto-answer`). */
  readonly autoAnswer?: boolean;
  /** Opens screen-pop URLs; default: the desktop opener, or log-only in headless mode. */
  readonly urlOpener?: UrlOpenerPort;
  /** Called (once, after the current reply is sent) when a client asks to quit. */
  readonly onQuitRequested: () => void;
  /**
   * The folder holding `dialtone.db` (contacts, history, settings, accounts
   * without passwords): `app.getPath('userData')` in Electron, `--data-dir` or
   * the OS user-data folder in browser mode, `--data-dir` in headless mode.
   * Without one, data lives in memory for this run only.
   */
  readonly dataDir?: string;
  /** The Electron objects, when running as the desktop app (the shell is wired only then). */
  readonly desktop?: DesktopApis;
  /** Starting shell settings (the stored ones replace them once restored). */
  readonly shellSettings?: Partial<ShellSettings>;
  /** Overrides for tests; production passes none. */
  readonly overrides?: {
    readonly logger?: Logger;
    readonly secrets?: SecretStorePort;
    readonly sip?: CoreOptions['sip'];
    readonly systemEvents?: SystemEventsPort;
    readonly statsIntervalMs?: number;
    readonly storage?: StoragePort;
  };
}

/** The wired application, before any bridge. */
export interface Runtime {
  readonly core: SoftphoneCore;
  readonly router: Router;
  readonly logger: Logger;
  readonly shellSettings: ShellSettingsStore;
  /** The desktop shell (hotkeys, tray, notifications, links), in Electron mode only, once `ready` resolved. */
  readonly desktop?: DesktopShell | undefined;
  /** The local control API (off until `controlApi.configure` or `--control-api`). */
  readonly controlApi: ManagedControlApiHost;
  /**
   * Resolves once the stored settings (calls, hooks, shell, control API) are
   * restored and, in Electron, the desktop shell is started; never rejects.
   */
  readonly ready: Promise<void>;
  /**
   * Resolves once the stored shell settings are restored and, in Electron, the
   * desktop shell is started (hotkeys registered); the window waits for this
   * only, not for the keychain reads of `ready`. Never rejects.
   */
  readonly shellReady: Promise<void>;
  /** Stops the core; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * The secret store: the OS keychain, plus the user's explicit choice of
 * session-only storage (DIALTONE_SECRETS=session at start, or the
 * `secrets.keepForSession` command when there is no usable keyring).
 */
function chooseSecrets(env: BootstrapOptions['env'], keyring: SecretStorePort | undefined) {
  return createSessionChoiceSecretStore(keyring ?? createKeytarStore(), env['DIALTONE_SECRETS'] === 'session');
}

/** Opens the database in `dataDir` (created private to the user), or in memory. */
function openStorage(dataDir: string | undefined, logger: Logger): StoragePort {
  if (dataDir === undefined) return createSqliteStorage({ path: ':memory:' });
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    logger.error('cannot create the data folder', { dataDir, reason: error instanceof Error ? error.message : String(error) });
  }
  const path = join(dataDir, 'dialtone.db');
  try {
    // Created private to the user before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
    closeSync(openSync(path, 'a', 0o600));
  } catch {
    // SQLite reports the reason when it cannot open the file.
  }
  return createSqliteStorage({ path });
}

/** Wires the concrete ports into the core and returns it with its router. */
export function bootstrap(options: BootstrapOptions): Runtime {
  const logger = options.overrides?.logger ?? createStderrLogger(process.stderr, options.logLevel ?? 'info');
  // DIALTONE_DNS_SERVERS=ip[:port],… points DNS at given servers (tests, split-horizon setups).
  const dnsServers = options.env['DIALTONE_DNS_SERVERS']?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  let dns = createNodeDnsPort({ servers: dnsServers });
  if (!dns.ok) {
    logger.error('ignoring DIALTONE_DNS_SERVERS', { reason: dns.error.message });
    dns = createNodeDnsPort();
  }
  if (!dns.ok) throw new Error(dns.error.message);
  const polled = createPolledSystemEvents();
  const systemEvents = options.overrides?.systemEvents ?? polled;
  const secrets = chooseSecrets(options.env, options.overrides?.secrets);
  const ports: CorePorts = {
    clock: createSystemClock(),
    logger,
    secrets,
    sockets: createNodeSocketFactory(),
    tlsProbe: createNodeTlsProbe(),
    dns: dns.data,
    files: createNodeFiles(),
    systemEvents,
    audio: options.audio ?? createFileAudioPort({}),
    random: Math.random,
    hooks: {
      http: createNodeHttp(),
      urls: options.urlOpener ?? (options.app.mode === 'headless' ? createLoggingUrlOpener(logger.child('hooks')) : createSystemUrlOpener()),
      commands: createProcessRunner(),
    },
  };
  const core = createSoftphoneCore(ports, {
    app: options.app,
    env: options.env,
    autoAnswer: options.autoAnswer ?? false,
    diagnoseOnFailure: options.app.mode !== 'headless',
    ...(options.overrides?.sip ? { sip: options.overrides.sip } : {}),
    ...(options.overrides?.statsIntervalMs === undefined ? {} : { statsIntervalMs: options.overrides.statsIntervalMs }),
    // Echo cancellation and noise suppression: on for real devices; off for WAV files, whose tones tests analyse exactly.
    ...(options.media?.kind === 'devices' ? { audioProcessing: { echoCancellation: true, noiseSuppression: true } } : {}),
    // The audio clock lives in the media worker unless a test drives it here.
    ...(options.audio ? {} : { mediaEngine: new WorkerMediaEngine({ spawn: () => spawnMediaWorker({ audio: options.media ?? { kind: 'files' } }), logger }) }),
  });
  const storage = options.overrides?.storage ?? openStorage(options.dataDir, logger);
  logger.info('data storage', { location: storage.location });
  const region = localeRegion();
  const data = createDataServices({ storage, files: ports.files, clock: ports.clock, logger, core, ...(region ? { defaultRegion: region } : {}) });
  void data.accounts.restore(core);
  let quitting = false;
  const shellSettings = createPersistentShellSettings({ memory: createMemoryShellSettings(options.shellSettings), storage, logger });
  let desktop: DesktopShell | undefined;
  const controls = options.desktop ? createDesktopControls(options.desktop, (action) => void desktop?.actions.run(action)) : undefined;
  const shell = createShellController({ settings: shellSettings, secrets, ...controls?.controllerDeps });
  // The control API serves the router, which is built from handlers that include the control API.
  const routerRef: { current?: Router } = {};
  const controlApi = createControlApiHost({
    router: () => {
      if (!routerRef.current) throw new Error('router not ready');
      return routerRef.current;
    },
    core,
    logger,
    env: options.env,
    // Headless mode takes the token from DIALTONE_CONTROL_TOKEN or prints a new one; the app keeps it in the keychain.
    ...(options.app.mode === 'headless' ? {} : { tokenStore: namedSecret(secrets, CONTROL_TOKEN_ACCOUNT) }),
  });
  const persisted = createPersistedSettings({ storage, secrets, logger, core, controlApi, restoreControlApi: options.app.mode !== 'headless', shell: shellSettings });
  const handlers = persisted.wrap(createCommandHandlers(core, {
    controlApi,
    requestQuit() {
      if (quitting) return;
      quitting = true;
      // Let the reply to `quit` leave before the host tears down.
      setImmediate(options.onQuitRequested);
    },
    shell,
  }, data));
  const router = createRouter(handlers, logger.child('router'));
  routerRef.current = router;
  let stopped = false;
  // The desktop shell registers the stored hotkeys and reads the stored preferences, so it starts once they are restored.
  const shellReady = persisted.shellReady.then(() => {
    if (options.desktop && controls && !stopped) desktop = startDesktopShell(options.desktop, { core, router, logger, settings: shellSettings, controls });
  });
  const ready = Promise.all([persisted.ready, shellReady]).then(() => undefined);
  return {
    core,
    router,
    logger,
    shellSettings,
    get desktop() {
      return desktop;
    },
    controlApi,
    ready,
    shellReady,
    async shutdown() {
      stopped = true;
      await ready;
      desktop?.dispose();
      polled.stop();
      await controlApi.close();
      await core.shutdown();
      await data.shutdown();
    },
  };
}
