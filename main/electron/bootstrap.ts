/**
 * The composition root: the one place that creates concrete adapters (logger,
 * clock, keychain) and wires them into the core and the command router.
 *
 * It imports no Electron at run time, so the same wiring serves the Electron
 * main process, browser mode and headless mode; each entry point adds only its
 * own bridge.
 */
import { createSessionChoiceSecretStore } from '../core/accounts/session-choice-secret-store';
import type { AudioDevicePort, CorePorts, Logger, SecretStorePort, SystemEventsPort } from '../core/ports';
import { createCommandHandlers } from '../core/router/handlers';
import { createRouter, type Router } from '../core/router/router';
import { createSoftphoneCore, type AppInfo, type CoreOptions, type SoftphoneCore } from '../core/softphone-core';
import { createKeytarStore } from '../../native/secrets/keytar-store';
import { createFileAudioPort } from './adapters/file-audio';
import { createNodeDnsPort } from './adapters/node-dns';
import { createNodeFiles } from './adapters/node-files';
import { createNodeSocketFactory } from './adapters/node-sockets';
import { createPolledSystemEvents } from './adapters/polled-system-events';
import { createStderrLogger, type LogLevel } from './adapters/stderr-logger';
import { createSystemClock } from './adapters/system-clock';
import { createDesktopControls, startDesktopShell, type DesktopApis, type DesktopShell } from './desktop-bootstrap';
import { createShellController } from './shell/shell-controller';
import { createMemoryShellSettings, type ShellSettings, type ShellSettingsStore } from './shell/shell-settings';

/** What an entry point tells {@link bootstrap}. */
export interface BootstrapOptions {
  readonly app: AppInfo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logLevel?: LogLevel;
  /** Where calls capture and play audio; default: no device (silence in, nothing out) until native audio lands. */
  readonly audio?: AudioDevicePort;
  /** Answer incoming calls at once (headless `--auto-answer`). */
  readonly autoAnswer?: boolean;
  /** Called (once, after the current reply is sent) when a client asks to quit. */
  readonly onQuitRequested: () => void;
  /** The Electron objects, when running as the desktop app (the shell is wired only then). */
  readonly desktop?: DesktopApis;
  /** Starting shell settings (in memory until the settings store persists them). */
  readonly shellSettings?: Partial<ShellSettings>;
  /** Overrides for tests; production passes none. */
  readonly overrides?: {
    readonly logger?: Logger;
    readonly secrets?: SecretStorePort;
    readonly sip?: CoreOptions['sip'];
    readonly systemEvents?: SystemEventsPort;
    readonly statsIntervalMs?: number;
  };
}

/** The wired application, before any bridge. */
export interface Runtime {
  readonly core: SoftphoneCore;
  readonly router: Router;
  readonly logger: Logger;
  readonly shellSettings: ShellSettingsStore;
  /** The desktop shell (hotkeys, tray, notifications, links), in Electron mode only. */
  readonly desktop?: DesktopShell;
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
    dns: dns.data,
    files: createNodeFiles(),
    systemEvents,
    audio: options.audio ?? createFileAudioPort({}),
    random: Math.random,
  };
  const core = createSoftphoneCore(ports, {
    app: options.app,
    env: options.env,
    autoAnswer: options.autoAnswer ?? false,
    ...(options.overrides?.sip ? { sip: options.overrides.sip } : {}),
    ...(options.overrides?.statsIntervalMs === undefined ? {} : { statsIntervalMs: options.overrides.statsIntervalMs }),
  });
  let quitting = false;
  const shellSettings = createMemoryShellSettings(options.shellSettings);
  let desktop: DesktopShell | undefined;
  const controls = options.desktop ? createDesktopControls(options.desktop, (action) => void desktop?.actions.run(action)) : undefined;
  const shell = createShellController({ settings: shellSettings, secrets, ...controls?.controllerDeps });
  const handlers = createCommandHandlers(core, {
    requestQuit() {
      if (quitting) return;
      quitting = true;
      // Let the reply to `quit` leave before the host tears down.
      setImmediate(options.onQuitRequested);
    },
    shell,
  });
  const router = createRouter(handlers, logger.child('router'));
  if (options.desktop && controls) desktop = startDesktopShell(options.desktop, { core, router, logger, settings: shellSettings, controls });
  return {
    core,
    router,
    logger,
    shellSettings,
    ...(desktop ? { desktop } : {}),
    async shutdown() {
      desktop?.dispose();
      polled.stop();
      await core.shutdown();
    },
  };
}
