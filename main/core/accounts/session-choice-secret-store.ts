/**
 * The secret store the app uses: the OS keyring, plus the user's explicit
 * choice to keep passwords in memory for this session only when there is no
 * usable keyring. Without that choice, a keyring failure reaches the user as
 * KEYCHAIN_UNAVAILABLE (whose guide offers the choice); nothing ever falls
 * back silently, and nothing is ever written to a file.
 *
 * With the choice on, passwords are read from and written to memory only: the
 * keyring is not asked (a locked one would cost its timeout on every lookup).
 * Deleting still reaches the keyring, so removing an account never leaves its
 * password behind there.
 */
import { ok, type Result } from '../../common/result';
import type { SecretStoreKind, SecretStorePort } from '../ports/secrets';
import { createSessionSecretStore } from './session-secret-store';

/** A SecretStorePort whose session-only mode the user switches. */
export interface SessionChoiceSecretStore extends SecretStorePort {
  /** Whether passwords are kept for this session only. */
  readonly sessionOnly: boolean;
  /** Turns session-only storage on or off (passwords held in memory are kept until the app quits). */
  setSessionOnly(enabled: boolean): void;
}

/** Wraps the keyring store `keyring`; `sessionOnly` is the starting choice (DIALTONE_SECRETS=session). */
export function createSessionChoiceSecretStore(keyring: SecretStorePort, sessionOnly = false): SessionChoiceSecretStore {
  const memory = createSessionSecretStore();
  let enabled = sessionOnly;
  return {
    get kind(): SecretStoreKind {
      return enabled ? 'session-only' : keyring.kind;
    },
    get sessionOnly() {
      return enabled;
    },
    setSessionOnly(value) {
      enabled = value;
    },
    async get(service, account): Promise<Result<string | null>> {
      const held = await memory.get(service, account);
      if (enabled || (held.ok && held.data !== null)) return held;
      return keyring.get(service, account);
    },
    async set(service, account, secret) {
      return enabled ? memory.set(service, account, secret) : keyring.set(service, account, secret);
    },
    async delete(service, account): Promise<Result<boolean>> {
      const held = await memory.delete(service, account);
      const stored = await keyring.delete(service, account);
      if (!stored.ok) return enabled ? ok(held.ok && held.data) : stored;
      return ok((held.ok && held.data) || stored.data);
    },
  };
}
