/**
 * Finds the password of an account: first the environment variable that
 * headless scripts use, then the OS keychain. Never a file.
 */
import { err, ok, type Result } from '../../common/result';
import type { SecretStorePort } from '../ports/secrets';

/** The keychain service name under which Dialtone stores account passwords. */
export const KEYCHAIN_SERVICE = 'Dialtone';

/** The environment variable headless mode reads the password from. */
export const PASSWORD_ENV = 'DIALTONE_PASSWORD';

/** Where a password was found, for the log (never the password itself). */
export type PasswordSource = 'environment' | 'keychain';

/** Resolves the password for `accountId`. */
export async function resolvePassword(
  accountId: string,
  env: Readonly<Record<string, string | undefined>>,
  secrets: SecretStorePort,
): Promise<Result<{ password: string; source: PasswordSource }>> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return ok({ password: fromEnv, source: 'environment' });
  const stored = await secrets.get(KEYCHAIN_SERVICE, accountId);
  if (!stored.ok) return stored;
  if (stored.data === null || stored.data === '') {
    return err(
      'NO_PASSWORD',
      `No password for ${accountId}: set ${PASSWORD_ENV}, or store it in the system keychain under service "${KEYCHAIN_SERVICE}", account "${accountId}".`,
    );
  }
  return ok({ password: stored.data, source: 'keychain' });
}
