/**
 * Start at login. macOS and Windows: Electron's login item settings (with
 * `--minimized` passed on Windows when the user wants the tray only). Linux:
 * an XDG autostart entry, since `setLoginItemSettings` does nothing there.
 */
import { err, ok, type Result } from '../../common/result';
import { setLinuxAutostart } from './linux-desktop';

/** The parts of Electron's `app` used here. */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** Reads and changes start at login. */
export interface LoginItem {
  readonly supported: boolean;
  /** Applies the choice to the OS. */
  set(enabled: boolean, minimized: boolean): Promise<Result<void>>;
}

/** What {@link createLoginItem} needs. */
export interface LoginItemOptions {
  readonly platform: NodeJS.Platform;
  readonly app: LoginItemApp;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** The program to start (the AppImage path when there is one). */
  readonly executable: string;
  /** False in development, where the login item would start bare Electron. */
  readonly packaged: boolean;
}

/** Creates the login-item adapter for this platform. */
export function createLoginItem(options: LoginItemOptions): LoginItem {
  const supported = options.packaged && ['darwin', 'win32', 'linux'].includes(options.platform);
  return {
    supported,
    async set(enabled, minimized) {
      if (!supported) return err('NOT_AVAILABLE', 'Start at login is available only in the installed app.');
      try {
        if (options.platform === 'linux') await setLinuxAutostart(enabled, options.env, options.home, options.executable, minimized);
        else options.app.setLoginItemSettings({ openAtLogin: enabled, ...(options.platform === 'win32' && minimized ? { args: ['--minimized'] } : {}) });
        return ok(undefined);
      } catch (error) {
        return err('INTERNAL', `Could not change start at login: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
