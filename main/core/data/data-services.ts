/**
 * The services beside the core that own durable data: contacts, call history,
 * settings and stored account configurations, all over one StoragePort. They
 * publish their events through the core so that every event shares one `seq`.
 */
import { defaultSettings } from '../../common/settings/settings';
import type { Clock } from '../ports/clock';
import type { FilePort } from '../ports/files';
import type { Logger } from '../ports/logger';
import type { StoragePort } from '../ports/storage';
import type { SoftphoneCore } from '../softphone-core';
import { createAccountPersistence, type AccountPersistence } from './account-persistence';
import { createContactsService, type ContactsService } from './contacts-service';
import { createHistoryService, type HistoryService } from './history-service';
import { createSettingsService, type SettingsService } from './settings-service';

/** Every data service. */
export interface DataServices {
  readonly contacts: ContactsService;
  readonly history: HistoryService;
  readonly settings: SettingsService;
  readonly accounts: AccountPersistence;
  /** Waits for pending history writes, stops timers and closes storage. */
  shutdown(): Promise<void>;
}

/** What {@link createDataServices} needs. */
export interface DataDeps {
  readonly storage: StoragePort;
  readonly files: FilePort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly core: Pick<SoftphoneCore, 'subscribe' | 'publish'>;
  /** The region for the default settings (from the OS locale), e.g. `DE`. */
  readonly defaultRegion?: string;
}

/** Creates the data services and starts recording calls. */
export function createDataServices(deps: DataDeps): DataServices {
  const publish = deps.core.publish;
  const settings = createSettingsService({ storage: deps.storage, logger: deps.logger, publish, defaults: defaultSettings(deps.defaultRegion) });
  const contacts = createContactsService({ storage: deps.storage, files: deps.files, clock: deps.clock, logger: deps.logger, settings, publish });
  const history = createHistoryService({ storage: deps.storage, clock: deps.clock, logger: deps.logger, contacts, settings, subscribe: deps.core.subscribe, publish });
  const accounts = createAccountPersistence(deps.storage, deps.logger);
  let stopping: Promise<void> | undefined;
  return {
    contacts,
    history,
    settings,
    accounts,
    shutdown: () =>
      (stopping ??= (async () => {
        history.stop();
        await history.flush();
        await deps.storage.close();
      })()),
  };
}
