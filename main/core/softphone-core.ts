/**
 * The core facade: the only object the composition root and the command
 * handlers talk to. It owns the accounts and their registration state and
 * publishes every change as an event. It knows nothing of Electron, windows or
 * which bridge a command came from.
 */
import type { AccountView, AppEvent, AppMode, Snapshot } from '../common/ipc/contract';
import { accountIdOf, type AccountConfig } from '../common/models/account';
import { ok, type AppError, type Result } from '../common/result';
import { resolvePassword } from './accounts/credentials';
import { createEventHub } from './events/event-hub';
import type { CorePorts } from './ports';

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
}

/** The softphone as the rest of main sees it. */
export interface SoftphoneCore {
  /** The whole client-visible state and the seq it reflects. */
  snapshot(): Snapshot;
  /** Receives every event in seq order; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** Adds (or replaces) an account and resolves its password from the environment or keychain. */
  addAccount(config: AccountConfig): Promise<Result<AccountView>>;
  /** Stops everything the core started. Safe to call twice. */
  shutdown(): Promise<void>;
}

interface AccountEntry {
  readonly config: AccountConfig;
  view: AccountView;
  /** Kept in memory only, for the SIP layer; never in a view, event or log. */
  password: string | undefined;
}

/** Creates the core over its ports. */
export function createSoftphoneCore(ports: CorePorts, options: CoreOptions): SoftphoneCore {
  const log = ports.logger.child('core');
  const hub = createEventHub(log);
  const accounts = new Map<string, AccountEntry>();
  let stopped = false;

  const views = (): AccountView[] => [...accounts.values()].map((a) => a.view);

  const setRegistration = (entry: AccountEntry, state: AccountView['registration']['state'], reason?: AppError): void => {
    entry.view = { ...entry.view, registration: reason ? { state, reason } : { state } };
    hub.emit('registration.changed', reason ? { accountId: entry.view.id, state, reason } : { accountId: entry.view.id, state });
  };

  return {
    snapshot() {
      return { seq: hub.lastSeq, app: { ...options.app }, accounts: views() };
    },
    subscribe: (listener) => hub.subscribe(listener),
    async addAccount(config) {
      const id = accountIdOf(config);
      const view: AccountView = {
        id,
        aor: config.aor,
        ...(config.displayName === undefined ? {} : { displayName: config.displayName }),
        server: config.server,
        transport: config.transport,
        srtp: config.srtp,
        registration: { state: 'unregistered' },
      };
      const entry: AccountEntry = { config, view, password: undefined };
      accounts.set(id, entry);
      hub.emit('accounts.changed', { accounts: views() });
      log.info('account added', { account: id, transport: config.transport, register: config.register });
      if (config.register) {
        const password = await resolvePassword(id, options.env, ports.secrets);
        if (password.ok) {
          entry.password = password.data.password;
          log.info('password found', { account: id, source: password.data.source });
        } else {
          log.warn('no password', { account: id, code: password.error.code });
          setRegistration(entry, 'failed', password.error);
        }
      }
      return ok(entry.view);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      log.info('core stopped');
    },
  };
}
