/**
 * The shell settings kept in the settings store: the same synchronous
 * {@link ShellSettingsStore} the shell reads (hotkeys, confirm before dial,
 * start at login/minimized, call links), with every change also written to
 * the `settings.shell` document, in order. The stored value is validated on
 * restore; an invalid one falls back to the defaults with a logged warning.
 */
import { z } from 'zod';
import { HotkeyActionSchema, ShellPreferencesSchema } from '../../common/models/shell';
import { ok, type Result } from '../../common/result';
import type { ShellPersistence } from '../../core/data/persisted-settings';
import { SECTION_DOCUMENTS } from '../../core/data/persisted-settings';
import { createStoredSection } from '../../core/data/stored-section';
import type { Logger } from '../../core/ports/logger';
import type { StoragePort } from '../../core/ports/storage';
import { DEFAULT_HOTKEYS, type HotkeyBindings } from './hotkeys';
import type { ShellSettings, ShellSettingsStore } from './shell-settings';

/** The stored document: the preferences and every binding (null = unbound). */
export const StoredShellSettingsSchema = z.strictObject({
  ...ShellPreferencesSchema.shape,
  hotkeys: z.strictObject(Object.fromEntries(HotkeyActionSchema.options.map((a) => [a, z.string().min(1).max(64).nullable()])) as Record<z.infer<typeof HotkeyActionSchema>, z.ZodNullable<z.ZodString>>),
});

/** A shell settings store that also persists. */
export interface PersistentShellSettings extends ShellSettingsStore, ShellPersistence {}

/** What {@link createPersistentShellSettings} needs. */
export interface PersistentShellSettingsDeps {
  readonly memory: ShellSettingsStore;
  readonly storage: StoragePort;
  readonly logger: Logger;
  /** Called after a restore with the restored settings (the desktop shell re-registers hotkeys, the login item). */
  readonly onRestored?: (settings: ShellSettings) => void;
}

/** Wraps the in-memory store; nothing is read until `restore()`. */
export function createPersistentShellSettings(deps: PersistentShellSettingsDeps): PersistentShellSettings {
  const snapshot = (s: ShellSettings): z.infer<typeof StoredShellSettingsSchema> => ({
    confirmBeforeDial: s.confirmBeforeDial,
    startAtLogin: s.startAtLogin,
    startMinimized: s.startMinimized,
    handleCallLinks: s.handleCallLinks,
    hotkeys: { ...s.hotkeys },
  });
  // Nothing stored (or nothing valid): keep what the store started with (the defaults overlaid with bootstrap's values).
  const section = createStoredSection({ storage: deps.storage, logger: deps.logger, name: SECTION_DOCUMENTS.shell, schema: StoredShellSettingsSchema, defaults: snapshot(deps.memory.get()) });
  let pending: Promise<Result<void>> = Promise.resolve(ok(undefined));
  return {
    get: () => deps.memory.get(),
    update(patch) {
      const next = deps.memory.update(patch);
      pending = section.save(snapshot(next));
      return next;
    },
    async restore() {
      const stored = await section.load();
      const hotkeys: HotkeyBindings = { ...DEFAULT_HOTKEYS, ...stored.hotkeys };
      const restored = deps.memory.update({ ...stored, hotkeys });
      deps.onRestored?.(restored);
    },
    flush: () => pending,
  };
}
