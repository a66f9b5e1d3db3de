/**
 * Finds the Electron binary without `require('electron')`, which since Electron
 * 42 tries to download it on first use (and fails offline). Looks where the
 * electron package keeps it (`path.txt` + `dist/`), or ELECTRON_OVERRIDE_DIST_PATH.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the binary is, or why there is none. */
export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly reason: string };

/** Looks for the Electron binary for this platform. */
export function findElectronBinary(repoRoot: string, env: Readonly<Record<string, string | undefined>>): ElectronBinary {
  const pkgDir = join(repoRoot, 'node_modules', 'electron');
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (!existsSync(pkgDir) && !override) return { found: false, reason: 'the electron package is not installed (run npm ci)' };
  let relative: string;
  try {
    relative = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    relative = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  }
  const path = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  if (existsSync(path)) return { found: true, path };
  return {
    found: false,
    reason: override
      ? `ELECTRON_OVERRIDE_DIST_PATH has no ${relative}`
      : 'the Electron binary was never downloaded (this machine cannot reach its download server)',
  };
}
