/**
 * The desktop shell as the command handlers see it: settings, global hotkeys,
 * password storage choice and OS integration. The Electron shell implements
 * it; browser and headless modes get the same object without the desktop
 * parts, so `shell.settings` works everywhere and reports what is missing.
 */
import type { HotkeyAction, ShellPreferences, ShellSettingsView } from '../../common/models/shell';
import type { Result } from '../../common/result';

/** Preferences to change; a missing (or undefined) key stays as it is. */
export type ShellPreferenceChanges = { readonly [K in keyof ShellPreferences]?: ShellPreferences[K] | undefined };

/** Shell controls reachable through commands. */
export interface ShellPort {
  /** Current settings, hotkey states and capabilities. */
  settings(): ShellSettingsView;
  /** Applies changed preferences (start at login is applied to the OS at once). */
  configure(changes: ShellPreferenceChanges): Promise<Result<ShellSettingsView>>;
  /** Binds or unbinds a hotkey; on failure the old binding stays and the error says why. */
  setHotkey(action: HotkeyAction, accelerator: string | null): Promise<Result<ShellSettingsView>>;
  /** Waits up to `timeoutMs` for the user to press `action`'s hotkey. */
  testHotkey(action: HotkeyAction, timeoutMs: number): Promise<Result<{ fired: boolean }>>;
  /** Turns the session-only password store on or off. */
  keepSecretsForSession(enabled: boolean): Result<ShellSettingsView>;
  /** Opens the OS default-apps page, where there is one. */
  openDefaultApps(): Promise<Result<void>>;
}
