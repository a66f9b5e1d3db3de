/**
 * Keeps account configurations across restarts. Only the configuration is
 * stored (validated by the same schema as `account.save`, which has no
 * password field); passwords stay in the keychain through the SecretStorePort.
 */
import { AccountConfigSchema, accountIdOf, type AccountConfig } from '../../common/models/account';
import type { Result } from '../../common/result';
import { describeIssues } from '../../common/validation';
import type { Logger } from '../ports/logger';
import type { StoragePort } from '../ports/storage';
import type { SoftphoneCore } from '../softphone-core';

/** Stores and restores account configurations. */
export interface AccountPersistence {
  save(config: AccountConfig): Promise<Result<void>>;
  remove(accountId: string): Promise<Result<void>>;
  /** Adds every stored account the core does not have yet (an account given on the command line wins). */
  restore(core: Pick<SoftphoneCore, 'saveAccount' | 'snapshot'>): Promise<void>;
}

/** Creates the account persistence over storage. */
export function createAccountPersistence(storage: StoragePort, logger: Logger): AccountPersistence {
  const log = logger.child('accounts');
  return {
    save: (config) => storage.accounts.put(accountIdOf(config), config),
    remove: (accountId) => storage.accounts.remove(accountId),
    async restore(core) {
      const stored = await storage.accounts.list();
      if (!stored.ok) {
        log.error('cannot read stored accounts', { reason: stored.error.message });
        return;
      }
      for (const { id, config } of stored.data) {
        const parsed = AccountConfigSchema.safeParse(config);
        if (!parsed.success) {
          // Kept in storage untouched: a newer version may understand it.
          log.warn('stored account skipped', { account: id, reason: describeIssues(parsed.error) });
          continue;
        }
        if (core.snapshot().accounts.some((a) => a.id === id)) continue;
        const added = await core.saveAccount(parsed.data);
        if (!added.ok) log.warn('stored account not started', { account: id, code: added.error.code });
      }
    },
  };
}
