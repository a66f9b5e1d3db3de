/** Reads the app's name and version from the root package.json. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above this file). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Name and version of the app, from package.json. */
export function readPackageInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { productName?: string; version?: string };
  return { name: pkg.productName ?? 'Dialtone', version: pkg.version ?? '0.0.0' };
}
