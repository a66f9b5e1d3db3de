/**
 * The settings document: loaded once from storage (migrated, repaired
 * per section), changed only through validated patches, published as
 * `settings.changed`. Other services listen for the values they depend on
 * (the default region re-normalizes contacts; retention prunes history).
 */
import type { EventData, EventName } from '../../common/ipc/contract';
import { err, ok, type Result } from '../../common/result';
import { applySettingsPatch, loadSettings, SettingsSchema, type Settings, type SettingsPatch } from '../../common/settings/settings';
import { describeIssues } from '../../common/validation';
import type { Logger } from '../ports/logger';
import type { StoragePort } from '../ports/storage';
import { createSerial } from './serial';

/** The document name in storage. */
export const SETTINGS_DOCUMENT = 'settings';

/** Reads and changes the settings. */
export interface SettingsService {
  /** The current settings (the defaults when storage cannot be read; that failure is logged). */
  get(): Promise<Settings>;
  /** Validates and stores a change; publishes `settings.changed`. */
  update(patch: SettingsPatch): Promise<Result<Settings>>;
  /** Called after each stored change with the new and the previous settings. */
  onChange(listener: (next: Settings, previous: Settings) => void | Promise<void>): void;
}

/** What the settings service needs. */
export interface SettingsDeps {
  readonly storage: StoragePort;
  readonly logger: Logger;
  readonly publish: <K extends EventName>(event: K, data: EventData<K>) => void;
  /** The defaults (with the OS locale's region). */
  readonly defaults: Settings;
}

/** Creates the service; the stored document is read on first use. */
export function createSettingsService(deps: SettingsDeps): SettingsService {
  const log = deps.logger.child('settings');
  const serial = createSerial();
  const listeners: Array<(next: Settings, previous: Settings) => void | Promise<void>> = [];
  let loaded: Promise<Settings> | undefined;

  const load = (): Promise<Settings> =>
    (loaded ??= (async () => {
      const stored = await deps.storage.documents.read(SETTINGS_DOCUMENT);
      if (!stored.ok) {
        log.error('cannot read settings; using the defaults', { reason: stored.error.message });
        return deps.defaults;
      }
      const result = loadSettings(stored.data, deps.defaults);
      for (const note of result.notes) log.warn(note);
      if (result.rewrite) {
        const written = await deps.storage.documents.write(SETTINGS_DOCUMENT, result.settings);
        if (!written.ok) log.error('cannot store repaired settings', { reason: written.error.message });
      }
      return result.settings;
    })());

  return {
    get: load,
    update: (patch) =>
      serial(async () => {
        const previous = await load();
        const parsed = SettingsSchema.safeParse(applySettingsPatch(previous, patch));
        if (!parsed.success) return err('INVALID_ARGS', `settings: ${describeIssues(parsed.error)}`);
        const written = await deps.storage.documents.write(SETTINGS_DOCUMENT, parsed.data);
        if (!written.ok) return written;
        loaded = Promise.resolve(parsed.data);
        deps.publish('settings.changed', { settings: parsed.data });
        for (const listener of listeners) {
          try {
            await listener(parsed.data, previous);
          } catch (error) {
            log.error('settings listener failed', { error: String(error) });
          }
        }
        return ok(parsed.data);
      }),
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
