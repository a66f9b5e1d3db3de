/**
 * Where Dialtone keeps its data when no `--data-dir` is given outside Electron
 * (browser mode): the same folder Electron's `app.getPath('userData')` uses,
 * so the desktop app and browser mode share contacts and history.
 */
import { join } from 'node:path';

/** The OS facts the choice depends on (injected for tests). */
export interface UserDataEnv {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `%APPDATA%\Dialtone`, `~/Library/Application Support/Dialtone`, or `$XDG_CONFIG_HOME/Dialtone` (default `~/.config`). */
export function defaultUserDataDir(appName: string, os: UserDataEnv): string {
  if (os.platform === 'win32') return join(os.env['APPDATA'] || join(os.home, 'AppData', 'Roaming'), appName);
  if (os.platform === 'darwin') return join(os.home, 'Library', 'Application Support', appName);
  const xdg = os.env['XDG_CONFIG_HOME'];
  return join(xdg && xdg.startsWith('/') ? xdg : join(os.home, '.config'), appName);
}

/** The region of the OS locale (`en-GB` → `GB`), or undefined when the locale names none. */
export function localeRegion(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}
