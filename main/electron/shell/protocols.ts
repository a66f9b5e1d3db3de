/**
 * Makes Dialtone the handler of tel:, sip:, sips: and callto: links.
 * - macOS: Launch Services, for the schemes the bundle declares (electron-builder `protocols`).
 * - Linux: the default `x-scheme-handler/*` for the installed desktop entry.
 * - Windows: `setAsDefaultProtocolClient` writes HKCU\Software\Classes\<scheme>,
 *   but Windows 8+ ignores it for tel:/callto: when the user has chosen
 *   another app; the NSIS installer registers Dialtone as a capable app
 *   (build/installer.nsh), and the user picks it in Default Apps, which
 *   {@link openDefaultApps} opens.
 * In development on Windows the command needs the app path (Electron docs,
 * "Launching your app from a URL").
 */
import { CALL_LINK_SCHEMES, type CallLinkScheme } from '../../common/links/call-link';
import { err, ok, type Result } from '../../common/result';

/** The parts of Electron's `app` used here. */
export interface ProtocolApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

/** Where the app runs from. */
export interface ProtocolHost {
  readonly platform: NodeJS.Platform;
  /** `process.defaultApp`: true when started as `electron <path>` (development). */
  readonly defaultApp: boolean;
  readonly execPath: string;
  /** The app path passed to bare Electron in development. */
  readonly appPath: string;
}

/** Registers every call-link scheme; returns the schemes the OS refused. */
export function registerCallLinkHandlers(app: ProtocolApp, host: ProtocolHost): CallLinkScheme[] {
  const refused: CallLinkScheme[] = [];
  for (const scheme of CALL_LINK_SCHEMES) {
    let done: boolean;
    try {
      done = host.defaultApp && host.platform === 'win32'
        ? app.setAsDefaultProtocolClient(scheme, host.execPath, [host.appPath])
        : app.setAsDefaultProtocolClient(scheme);
    } catch {
      done = false;
    }
    if (!done) refused.push(scheme);
  }
  return refused;
}

/** The Windows Settings page where the user makes Dialtone the default for its links. */
export const WINDOWS_DEFAULT_APPS_URL = 'ms-settings:defaultapps?registeredAppUser=Dialtone';

/** Opens the OS's default-apps page (Windows only). */
export async function openDefaultApps(shell: { openExternal(url: string): Promise<void> }, platform: NodeJS.Platform): Promise<Result<void>> {
  if (platform !== 'win32') return err('NOT_AVAILABLE', 'Only Windows has a Default Apps page; on this system Dialtone registers itself for call links at start.');
  try {
    await shell.openExternal(WINDOWS_DEFAULT_APPS_URL);
    return ok(undefined);
  } catch (error) {
    try {
      await shell.openExternal('ms-settings:defaultapps');
      return ok(undefined);
    } catch {
      return err('NOT_AVAILABLE', `Windows could not open Default Apps: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Runs a program without a shell (reg.exe here). */
export type RunRegistry = (file: string, args: readonly string[]) => Promise<void>;

/**
 * Windows, packaged: writes the same per-user registration as the installer
 * (build/installer.nsh) again, because the ProgID keys can disappear after an
 * install or an update; `reg add /f` makes it idempotent. HKCU only: no admin.
 * Returns the number of registry writes that failed.
 */
export async function refreshWindowsCapabilities(run: RunRegistry, executable: string): Promise<number> {
  const writes: string[][] = [
    ['HKCU\\Software\\Dialtone\\Capabilities', '/v', 'ApplicationName', '/d', 'Dialtone'],
    ['HKCU\\Software\\Dialtone\\Capabilities', '/v', 'ApplicationDescription', '/d', 'SIP softphone: calls tel:, sip: and callto: links'],
  ];
  for (const scheme of CALL_LINK_SCHEMES) {
    const progId = `HKCU\\Software\\Classes\\Dialtone.${scheme}`;
    writes.push(
      [progId, '/ve', '/d', `Dialtone ${scheme} link`],
      [progId, '/v', 'URL Protocol', '/d', ''],
      [`${progId}\\shell\\open\\command`, '/ve', '/d', `"${executable}" "%1"`],
      ['HKCU\\Software\\Dialtone\\Capabilities\\URLAssociations', '/v', scheme, '/d', `Dialtone.${scheme}`],
    );
  }
  writes.push(['HKCU\\Software\\RegisteredApplications', '/v', 'Dialtone', '/d', 'Software\\Dialtone\\Capabilities']);
  let failed = 0;
  for (const write of writes) {
    await run('reg', ['add', ...write, '/f']).catch(() => void failed++);
  }
  return failed;
}
