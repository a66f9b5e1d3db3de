/**
 * The composition root: the one place that creates concrete adapters (logger,
 * clock, keychain) and wires them into the core and the command router.
 *
 * It imports no Electron at run time, so the same wiring serves the Electron
 * main process, browser mode and headless mode; each entry point adds only its
 * own bridge.
 */
import { createSessionSecretStore } from '../core/accounts/session-secret-store';
import type { AudioDevicePort, CorePorts, Logger, SecretStorePort, SystemEventsPort } from '../core/ports';
import { createCommandHandlers } from '../core/router/handlers';
import { createRouter, type Router } from '../core/router/router';
import { createSoftphoneCore, type AppInfo, type CoreOptions, type SoftphoneCore } from '../core/softphone-core';
import { createKeytarStore } from '../../native/secrets/keytar-store';
import { createFileAudioPort } from './adapters/file-audio';
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

/** What an entry point tells {@link bootstrap}. */
export interface BootstrapOptions {
  readonly app: AppInfo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logLevel?: LogLevel;
  /** Where calls capture and play audio; default: no device (silence in, nothing out) until native audio lands. */
  readonly audio?: AudioDevicePort;
  /** Answer incoming calls at once (headless `--auto-answer`). */
  readonly autoAnswer?: boolean;
  /** Opens screen-pop URLs; default: the desktop opener, or log-only in headless mode. */
  readonly urlOpener?: UrlOpenerPort;
  /** Called (once, after the current reply is sent) when a client asks to quit. */
  readonly onQuitRequested: () => void;
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
  /** The local control API (off until `controlApi.configure` or `--control-api`). */
  readonly controlApi: ManagedControlApiHost;
  /** Stops the core; idempotent. */
  shutdown(): Promise<void>;
}

/** Chooses the secret store: the OS keychain unless the user asked for session-only storage. */
function chooseSecrets(env: BootstrapOptions['env']): SecretStorePort {
  return env['DIALTONE_SECRETS'] === 'session' ? createSessionSecretStore() : createKeytarStore();
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
  const ports: CorePorts = {
    clock: createSystemClock(),
    logger,
    secrets: options.overrides?.secrets ?? chooseSecrets(options.env),
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
  });
  let quitting = false;
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
  });
  const handlers = createCommandHandlers(core, {
    controlApi,
    requestQuit() {
      if (quitting) return;
      quitting = true;
      // Let the reply to `quit` leave before the host tears down.
      setImmediate(options.onQuitRequested);
    },
  });
  const router = createRouter(handlers, logger.child('router'));
  routerRef.current = router;
  return {
    core,
    router,
    logger,
    controlApi,
    async shutdown() {
      polled.stop();
      await controlApi.close();
      await core.shutdown();
    },
  };
}
