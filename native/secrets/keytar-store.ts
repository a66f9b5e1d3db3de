/**
 * SecretStorePort over the OS keychain through keytar (Node-API, so one build
 * serves Node and Electron). keytar is archived upstream; keeping it behind the
 * port makes a swap to another keychain binding a one-file change.
 *
 * Every call is bounded by a timeout, because a locked keyring can block on an
 * unlock prompt forever, and every failure comes back as KEYCHAIN_UNAVAILABLE
 * with keytar's own reason, never as an exception.
 */
import { createRequire } from 'node:module';
import { err, ok, type Result } from '../../main/common/result';
import type { SecretStorePort } from '../../main/core/ports/secrets';

/** The part of keytar's API this adapter uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Options for {@link createKeytarStore}. */
export interface KeytarStoreOptions {
  /** Per-call limit in milliseconds (default 3000). */
  readonly timeoutMs?: number;
  /** Injected keytar, for tests; by default the real module is loaded on first use. */
  readonly keytar?: KeytarApi;
}

function loadKeytar(): KeytarApi {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarApi;
}

async function bounded<T>(what: string, timeoutMs: number, run: () => Promise<T>): Promise<Result<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Result<T>>((resolve) => {
    timer = setTimeout(
      () => resolve(err('KEYCHAIN_UNAVAILABLE', `The system keyring did not answer within ${timeoutMs} ms (${what}). It may be locked or waiting for an unlock prompt.`)),
      timeoutMs,
    );
  });
  const work = (async (): Promise<Result<T>> => {
    try {
      return ok(await run());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err('KEYCHAIN_UNAVAILABLE', `The system keyring refused ${what}: ${reason}`);
    }
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the keychain-backed secret store. */
export function createKeytarStore(options: KeytarStoreOptions = {}): SecretStorePort {
  const timeoutMs = options.timeoutMs ?? 3000;
  let api = options.keytar;
  const keytar = (): KeytarApi => (api ??= loadKeytar());
  return {
    kind: 'os-keyring',
    get: (service, account) => bounded('reading a password', timeoutMs, () => keytar().getPassword(service, account)),
    set: (service, account, secret) => bounded('storing a password', timeoutMs, () => keytar().setPassword(service, account, secret)),
    delete: (service, account) => bounded('deleting a password', timeoutMs, () => keytar().deletePassword(service, account)),
  };
}
