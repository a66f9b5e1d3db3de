/**
 * Global hotkeys: registers one accelerator per action with the OS, records
 * what the OS answered for each, and rebinds safely: the new accelerator is
 * checked first, the old one is released, and when the OS refuses the new one
 * the old one is registered again, so a failed change never leaves the user
 * without a shortcut that worked.
 *
 * Takes Electron's `globalShortcut` as a narrow interface so it is tested with
 * a fake. Note: on Wayland (GlobalShortcuts portal) `register()` may return
 * true before the user has agreed, so success there is best effort.
 */
import { normalizeAccelerator } from '../../common/hotkeys/accelerator';
import type { HotkeyAction, HotkeyView } from '../../common/models/shell';
import { err, ok, type Result } from '../../common/result';
import { HotkeyActionSchema } from '../../common/models/shell';

/** The part of Electron's `globalShortcut` used here. */
export interface GlobalShortcutLike {
  /** True when registered; false when another application holds it. Throws on bad syntax. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** Hotkey bindings: action to accelerator (null = unbound). */
export type HotkeyBindings = Readonly<Record<HotkeyAction, string | null>>;

/** Defaults: unusual combinations, so that no other application's shortcut is taken. */
export const DEFAULT_HOTKEYS: HotkeyBindings = {
  answer: 'CommandOrControl+Alt+Shift+A',
  hangup: 'CommandOrControl+Alt+Shift+H',
  toggleMute: 'CommandOrControl+Alt+Shift+M',
  toggleHold: 'CommandOrControl+Alt+Shift+P',
  dialClipboard: 'CommandOrControl+Alt+Shift+D',
  toggleWindow: 'CommandOrControl+Alt+Shift+S',
};

const ACTIONS = HotkeyActionSchema.options;

/** Registers and rebinds global hotkeys. */
export interface HotkeyManager {
  /** Registers every bound action; returns the views of those the OS refused. */
  registerAll(bindings: HotkeyBindings): HotkeyView[];
  /** Rebinds one action (null unbinds). On failure the old binding is registered again. */
  set(action: HotkeyAction, accelerator: string | null): Result<HotkeyBindings>;
  /** The current bindings (what `set` succeeded with). */
  bindings(): HotkeyBindings;
  /** Every action with its accelerator and status. */
  views(): HotkeyView[];
  /** Releases every registration (on quit). */
  unregisterAll(): void;
  /**
   * Self-test: resolves true when the user presses `action`'s hotkey within
   * `timeoutMs` (the press is not acted on), false otherwise. On Wayland a
   * registration can report success and still never fire; this finds out.
   */
  test(action: HotkeyAction, timeoutMs: number): Promise<boolean>;
}

/** Creates the manager; `run` is called with the action when its hotkey fires. */
export function createHotkeyManager(globalShortcut: GlobalShortcutLike, run: (action: HotkeyAction) => void): HotkeyManager {
  const current: Record<HotkeyAction, string | null> = Object.fromEntries(ACTIONS.map((a) => [a, null])) as Record<HotkeyAction, string | null>;
  const status = new Map<HotkeyAction, { status: HotkeyView['status']; reason?: string }>();
  const testing = new Map<HotkeyAction, (fired: boolean) => void>();
  const fire = (action: HotkeyAction): void => {
    const waiting = testing.get(action);
    if (waiting) waiting(true);
    else run(action);
  };

  /** Asks the OS; never throws. */
  const tryRegister = (action: HotkeyAction, accelerator: string): string | undefined => {
    try {
      return globalShortcut.register(accelerator, () => fire(action))
        ? undefined
        : `${accelerator} is already used by another application or the system refused it.`;
    } catch (error) {
      return `${accelerator} was refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const release = (accelerator: string | null): void => {
    if (accelerator === null) return;
    try {
      globalShortcut.unregister(accelerator);
    } catch {
      // Unregistering something the OS never accepted is harmless.
    }
  };
  const view = (action: HotkeyAction): HotkeyView => {
    const accelerator = current[action];
    const s = status.get(action) ?? { status: accelerator === null ? 'unbound' : 'registered' };
    return { action, accelerator, status: s.status, ...(s.reason === undefined ? {} : { reason: s.reason }) };
  };

  return {
    registerAll(bindings) {
      const failed: HotkeyView[] = [];
      for (const action of ACTIONS) {
        release(status.get(action)?.status === 'registered' ? current[action] : null);
        const wanted = bindings[action] ?? null;
        current[action] = wanted;
        if (wanted === null) {
          status.set(action, { status: 'unbound' });
          continue;
        }
        const normal = normalizeAccelerator(wanted);
        const reason = normal.ok ? tryRegister(action, normal.accelerator) : normal.message;
        if (normal.ok) current[action] = normal.accelerator;
        status.set(action, reason === undefined ? { status: 'registered' } : { status: 'failed', reason });
        if (reason !== undefined) failed.push(view(action));
      }
      return failed;
    },
    set(action, accelerator) {
      let wanted: string | null = null;
      if (accelerator !== null) {
        const normal = normalizeAccelerator(accelerator);
        if (!normal.ok) return err('HOTKEY_UNAVAILABLE', normal.message);
        wanted = normal.accelerator;
        const other = ACTIONS.find((a) => a !== action && current[a] === wanted);
        if (other !== undefined) return err('HOTKEY_UNAVAILABLE', `${wanted} is already the shortcut for ${other}.`);
      }
      const old = current[action];
      const oldStatus = status.get(action);
      if (old === wanted && oldStatus?.status === 'registered') return ok({ ...current });
      if (oldStatus?.status === 'registered') release(old);
      if (wanted !== null) {
        const reason = tryRegister(action, wanted);
        if (reason !== undefined) {
          // Put the old binding back exactly as it was.
          if (old !== null && oldStatus?.status === 'registered') {
            const again = tryRegister(action, old);
            if (again !== undefined) status.set(action, { status: 'failed', reason: again });
          }
          return err('HOTKEY_UNAVAILABLE', reason);
        }
      }
      current[action] = wanted;
      status.set(action, { status: wanted === null ? 'unbound' : 'registered' });
      return ok({ ...current });
    },
    bindings: () => ({ ...current }),
    views: () => ACTIONS.map(view),
    unregisterAll() {
      for (const action of ACTIONS) if (status.get(action)?.status === 'registered') release(current[action]);
      status.clear();
      for (const done of [...testing.values()]) done(false);
    },
    test(action, timeoutMs) {
      testing.get(action)?.(false);
      return new Promise<boolean>((resolve) => {
        const done = (fired: boolean): void => {
          clearTimeout(timer);
          testing.delete(action);
          resolve(fired);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        testing.set(action, done);
      });
    },
  };
}
