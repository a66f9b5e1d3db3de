/**
 * The shell's settings: confirm before dial, start at login, start
 * minimized, call-link handling and the hotkey bindings. Held in memory
 * behind a small interface; bootstrap passes the starting values. Persisting
 * them belongs to the settings store (SQLite), which plugs in behind the same
 * interface.
 */
import type { ShellPreferences } from '../../common/models/shell';
import { DEFAULT_HOTKEYS, type HotkeyBindings } from './hotkeys';

/** Every shell setting. */
export interface ShellSettings extends ShellPreferences {
  readonly hotkeys: HotkeyBindings;
}

/** Reads and changes the shell settings. */
export interface ShellSettingsStore {
  get(): ShellSettings;
  /** Applies `patch` and returns the new settings. */
  update(patch: Partial<ShellSettings>): ShellSettings;
}

/** What a new user gets: links are confirmed, links are handled, nothing starts on its own. */
export const DEFAULT_SHELL_SETTINGS: ShellSettings = {
  confirmBeforeDial: true,
  startAtLogin: false,
  startMinimized: false,
  handleCallLinks: true,
  hotkeys: DEFAULT_HOTKEYS,
};

/** An in-memory store starting from the defaults overlaid with `initial`. */
export function createMemoryShellSettings(initial: Partial<ShellSettings> = {}): ShellSettingsStore {
  let current: ShellSettings = { ...DEFAULT_SHELL_SETTINGS, ...initial, hotkeys: { ...DEFAULT_HOTKEYS, ...initial.hotkeys } };
  return {
    get: () => current,
    update(patch) {
      current = { ...current, ...patch, hotkeys: { ...current.hotkeys, ...patch.hotkeys } };
      return current;
    },
  };
}
