/**
 * A SecretStorePort that keeps secrets in memory for this session only: the
 * user's choice when no OS keyring exists. Nothing is ever written to disk.
 */
import { ok } from '../../common/result';
import type { SecretStorePort } from '../ports/secrets';

/** Creates an empty in-memory secret store. */
export function createSessionSecretStore(): SecretStorePort {
  const secrets = new Map<string, string>();
  const key = (service: string, account: string): string => JSON.stringify([service, account]);
  return {
    kind: 'session-only',
    get: async (service, account) => ok(secrets.get(key(service, account)) ?? null),
    set: async (service, account, secret) => {
      secrets.set(key(service, account), secret);
      return ok(undefined);
    },
    delete: async (service, account) => ok(secrets.delete(key(service, account))),
  };
}
