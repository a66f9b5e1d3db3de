/**
 * Linux desktop entries the app writes itself:
 * - for the AppImage, which installs nothing: `~/.local/share/applications/<desktopName>`
 *   with `Exec="$APPIMAGE" %U` and the call-link MimeTypes, rewritten on every
 *   launch (the AppImage may have moved), then `update-desktop-database`;
 * - start at login: `~/.config/autostart/<desktopName>` (Electron's
 *   `setLoginItemSettings` does nothing on Linux).
 * The deb package gets its entry (with the same MimeType) from electron-builder.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CALL_LINK_SCHEMES } from '../../common/links/call-link';

/** The reverse-DNS desktop file name (package.json `desktopName`), also the Wayland app id. */
export const DESKTOP_NAME = 'com.dialtone.softphone.desktop';

/** The MimeType value for the call-link schemes. */
export const CALL_LINK_MIME_TYPES = CALL_LINK_SCHEMES.map((s) => `x-scheme-handler/${s}`);

/** Quotes a path for `Exec=` (Desktop Entry spec, "The Exec key"): reserved characters escaped, `%` doubled. */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/%/g, '%%');
  return /[\s"'\\><~|&;$*?#()`]/.test(arg) ? `"${escaped}"` : escaped;
}

/** What goes into a desktop entry. */
export interface DesktopEntryOptions {
  readonly executable: string;
  readonly args?: readonly string[];
  /** Adds `%U` so the OS passes clicked links. */
  readonly acceptsLinks: boolean;
  readonly icon?: string;
  readonly autostart?: boolean;
}

/** Renders a desktop entry for Dialtone. */
export function renderDesktopEntry(options: DesktopEntryOptions): string {
  const exec = [quoteExecArg(options.executable), ...(options.args ?? []).map(quoteExecArg), ...(options.acceptsLinks ? ['%U'] : [])].join(' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Dialtone',
    'Comment=SIP softphone',
    `Exec=${exec}`,
    `TryExec=${quoteExecArg(options.executable)}`,
    `Icon=${options.icon ?? 'dialtone'}`,
    'Terminal=false',
    'Categories=Network;Telephony;',
    'StartupWMClass=Dialtone',
    ...(options.acceptsLinks ? [`MimeType=${CALL_LINK_MIME_TYPES.join(';')};`] : []),
    ...(options.autostart ? ['X-GNOME-Autostart-enabled=true', 'NoDisplay=false'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs a program without a shell, best effort (update-desktop-database may be missing). */
export type RunProgram = (file: string, args: readonly string[]) => Promise<void>;

/** XDG directories, from the environment with the spec's defaults. */
export function xdgDirs(env: Readonly<Record<string, string | undefined>>, home: string): { dataHome: string; configHome: string } {
  return {
    dataHome: env['XDG_DATA_HOME'] || join(home, '.local', 'share'),
    configHome: env['XDG_CONFIG_HOME'] || join(home, '.config'),
  };
}

/**
 * For an AppImage (`$APPIMAGE` set): writes its desktop entry so the desktop
 * knows Dialtone handles call links; returns the path written, or undefined
 * when not running from an AppImage.
 */
export async function installAppImageEntry(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  run: RunProgram,
): Promise<string | undefined> {
  const appImage = env['APPIMAGE'];
  if (!appImage) return undefined;
  const dir = join(xdgDirs(env, home).dataHome, 'applications');
  await mkdir(dir, { recursive: true });
  const path = join(dir, DESKTOP_NAME);
  await writeFile(path, renderDesktopEntry({ executable: appImage, acceptsLinks: true }), { mode: 0o644 });
  await run('update-desktop-database', [dir]).catch(() => undefined);
  return path;
}

/** Turns start-at-login on (writes the autostart entry) or off (removes it). */
export async function setLinuxAutostart(
  enabled: boolean,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  executable: string,
  minimized: boolean,
): Promise<void> {
  const dir = join(xdgDirs(env, home).configHome, 'autostart');
  const path = join(dir, DESKTOP_NAME);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path, renderDesktopEntry({ executable, args: minimized ? ['--minimized'] : [], acceptsLinks: false, autostart: true }), { mode: 0o644 });
}
