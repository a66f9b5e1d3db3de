/**
 * The ShellPort the command handlers use: reads and changes the shell
 * settings and applies each change to the OS (login item, hotkeys, password
 * storage). A change the OS refuses is not saved, and the error says why.
 * In browser and headless modes the same controller runs without the desktop
 * parts, and its capabilities say so.
 */
import type { HotkeyView, ShellSettingsView } from '../../common/models/shell';
import { HotkeyActionSchema } from '../../common/models/shell';
import { err, ok, type Result } from '../../common/result';
import type { SessionChoiceSecretStore } from '../../core/accounts/session-choice-secret-store';
import type { ShellPort } from '../../core/ports/shell';
import type { HotkeyManager } from './hotkeys';
import type { LoginItem } from './login-item';
import type { ShellSettingsStore } from './shell-settings';

/** What {@link createShellController} needs; the desktop parts are optional. */
export interface ShellControllerDeps {
  readonly settings: ShellSettingsStore;
  readonly secrets: SessionChoiceSecretStore;
  readonly hotkeys?: HotkeyManager;
  /** False on Wayland, where a registration may report success and not work. */
  readonly hotkeysReliable?: boolean;
  readonly loginItem?: LoginItem;
  readonly openDefaultApps?: () => Promise<Result<void>>;
}

/** True when the session runs on Wayland (global hotkeys go through a portal there). */
export function isWaylandSession(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(env['WAYLAND_DISPLAY']);
}

/** Creates the controller. */
export function createShellController(deps: ShellControllerDeps): ShellPort {
  const hotkeyViews = (): HotkeyView[] => {
    if (deps.hotkeys) return deps.hotkeys.views();
    const bindings = deps.settings.get().hotkeys;
    return HotkeyActionSchema.options.map((action) => ({ action, accelerator: bindings[action], status: 'unavailable' as const }));
  };
  const view = (): ShellSettingsView => {
    const { hotkeys: _bindings, ...prefs } = deps.settings.get();
    return {
      ...prefs,
      hotkeys: hotkeyViews(),
      secrets: { kind: deps.secrets.kind },
      capabilities: {
        hotkeys: deps.hotkeys !== undefined,
        hotkeysReliable: deps.hotkeys !== undefined && (deps.hotkeysReliable ?? true),
        loginItem: deps.loginItem?.supported ?? false,
        defaultApps: deps.openDefaultApps !== undefined,
      },
    };
  };
  return {
    settings: view,
    async configure(changes) {
      const before = deps.settings.get();
      const startAtLogin = changes.startAtLogin ?? before.startAtLogin;
      const startMinimized = changes.startMinimized ?? before.startMinimized;
      const loginChanged = startAtLogin !== before.startAtLogin || (startAtLogin && startMinimized !== before.startMinimized);
      if (loginChanged) {
        if (!deps.loginItem?.supported) {
          if (changes.startAtLogin !== undefined && changes.startAtLogin !== before.startAtLogin) {
            return err('NOT_AVAILABLE', 'Start at login is available only in the installed desktop app.');
          }
        } else {
          const applied = await deps.loginItem.set(startAtLogin, startMinimized);
          if (!applied.ok) return applied;
        }
      }
      const patch = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      deps.settings.update(patch);
      return ok(view());
    },
    async setHotkey(action, accelerator) {
      if (!deps.hotkeys) return err('NOT_AVAILABLE', 'Global hotkeys exist only in the desktop app.');
      const r = deps.hotkeys.set(action, accelerator);
      if (!r.ok) return r;
      deps.settings.update({ hotkeys: r.data });
      return ok(view());
    },
    async testHotkey(action, timeoutMs) {
      if (!deps.hotkeys) return err('NOT_AVAILABLE', 'Global hotkeys exist only in the desktop app.');
      if (deps.hotkeys.views().find((v) => v.action === action)?.status !== 'registered') {
        return err('HOTKEY_UNAVAILABLE', `The ${action} hotkey is not registered, so it cannot be tested.`);
      }
      return ok({ fired: await deps.hotkeys.test(action, timeoutMs) });
    },
    keepSecretsForSession(enabled) {
      deps.secrets.setSessionOnly(enabled);
      return ok(view());
    },
    openDefaultApps: () => (deps.openDefaultApps ? deps.openDefaultApps() : Promise.resolve(err('NOT_AVAILABLE', 'There is no Default Apps page on this system.'))),
  };
}
