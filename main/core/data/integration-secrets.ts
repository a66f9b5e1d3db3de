/**
 * Where integration secrets live in the keychain: the same service as the
 * account passwords (`Dialtone`), under account names that cannot be an
 * account id (those never contain `:`). They never reach SQLite or a log.
 */
import { KEYCHAIN_SERVICE } from '../accounts/credentials';
import type { Result } from '../../common/result';
import type { SecretStorePort } from '../ports/secrets';

/** The keychain account of a webhook's HMAC secret. */
export const webhookSecretAccount = (hookId: string): string => `webhook:${hookId}`;

/** The keychain account of the control API token. */
export const CONTROL_TOKEN_ACCOUNT = 'control-api:token';

/** One named secret in the keychain. */
export interface NamedSecret {
  get(): Promise<Result<string | null>>;
  set(value: string): Promise<Result<void>>;
  delete(): Promise<Result<boolean>>;
}

/** The secret stored under `account` in Dialtone's keychain service. */
export function namedSecret(secrets: SecretStorePort, account: string): NamedSecret {
  return {
    get: () => secrets.get(KEYCHAIN_SERVICE, account),
    set: (value) => secrets.set(KEYCHAIN_SERVICE, account, value),
    delete: () => secrets.delete(KEYCHAIN_SERVICE, account),
  };
}
