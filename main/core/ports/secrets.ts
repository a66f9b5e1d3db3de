/**
 * Where passwords live. The real one is the OS keychain (keytar, in native/);
 * when there is none the user may keep a password for this session only.
 * Plaintext files are never an option.
 */
import type { Result } from '../../common/result';

/** What kind of store this is, so the UI can warn when secrets do not persist. */
export type SecretStoreKind = 'os-keyring' | 'session-only';

/** A small async keychain. Every call settles, with a timeout, and never throws. */
export interface SecretStorePort {
  readonly kind: SecretStoreKind;
  /** The secret for (service, account), or null when none is stored. */
  get(service: string, account: string): Promise<Result<string | null>>;
  /** Stores or replaces the secret. */
  set(service: string, account: string, secret: string): Promise<Result<void>>;
  /** Removes the secret; true when one was there. */
  delete(service: string, account: string): Promise<Result<boolean>>;
}
