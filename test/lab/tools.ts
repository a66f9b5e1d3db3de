/**
 * Locate the external binaries the lab needs, failing loudly.
 *
 * Lab tests must FAIL (never skip) when a peer cannot start, and the failure
 * must say what to install. {@link requireTool} resolves a binary on PATH
 * (plus the sbin directories, where Debian puts kamailio) and throws an Error
 * naming the missing binary and its Debian package.
 *
 * @module
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package that provides each binary the lab uses. */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  kamailio: 'kamailio',
  turnserver: 'coturn',
  kamcmd: 'kamailio',
  baresip: 'baresip-core',
  sipp: 'sip-tester',
  linphonec: 'linphone-cli',
  'gnome-keyring-daemon': 'gnome-keyring',
  'dbus-daemon': 'dbus',
  'dbus-send': 'dbus',
  'secret-tool': 'libsecret-tools',
  pulseaudio: 'pulseaudio',
  pactl: 'pulseaudio-utils',
  paplay: 'pulseaudio-utils',
  parecord: 'pulseaudio-utils',
  sox: 'sox',
  soxi: 'sox',
  'espeak-ng': 'espeak-ng',
  openssl: 'openssl',
  ss: 'iproute2',
  timeout: 'coreutils',
  mkfifo: 'coreutils',
  sh: 'dash',
  cc: 'build-essential',
  gcc: 'build-essential',
  sleep: 'coreutils',
  node: 'nodejs',
};

const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];
const cache = new Map<string, string>();

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `name` on PATH (or sbin), or undefined. */
export function findTool(name: string): string | undefined {
  const cached = cache.get(name);
  if (cached) return cached;
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) {
      cache.set(name, candidate);
      return candidate;
    }
  }
  return undefined;
}

/**
 * Absolute path of the binary `name`; throws
 * `Error("lab: required tool 'sipp' not found … apt-get install sip-tester")`
 * when it is missing, so the test fails with the reason.
 */
export function requireTool(name: string): string {
  const found = findTool(name);
  if (found) return found;
  const pkg = TOOL_PACKAGES[name];
  const hint = pkg ? `install the Debian package '${pkg}' (apt-get install ${pkg})` : 'install it';
  throw new Error(`lab: required tool '${name}' not found on PATH or in sbin; ${hint}`);
}

/** Where Debian's kamailio package installs its modules. */
export const KAMAILIO_MODULE_DIR = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
/** Where Debian's baresip package installs its modules. */
export const BARESIP_MODULE_DIR = '/usr/lib/baresip/modules';

/**
 * Throw a clear Error unless every Kamailio module `<name>.so` exists
 * (`tls` comes from the separate `kamailio-tls-modules` package).
 */
export function requireKamailioModules(names: readonly string[], dir = KAMAILIO_MODULE_DIR): void {
  const missing = names.filter((n) => !existsSync(join(dir, `${n}.so`)));
  if (missing.length === 0) return;
  const pkg = missing.includes('tls') ? 'kamailio-tls-modules (and kamailio)' : 'kamailio';
  throw new Error(`lab: Kamailio module(s) ${missing.join(', ')} missing in ${dir}; install ${pkg}`);
}

/** Throw a clear Error unless every baresip module `<name>.so` exists. */
export function requireBaresipModules(names: readonly string[], dir = BARESIP_MODULE_DIR): void {
  const missing = names.filter((n) => !existsSync(join(dir, `${n}.so`)));
  if (missing.length === 0) return;
  throw new Error(`lab: baresip module(s) ${missing.join(', ')} missing in ${dir}; install baresip-core`);
}
