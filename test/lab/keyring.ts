/**
 * A private, unlocked Secret Service (gnome-keyring on a private D-Bus) so
 * keytar can be tested for real without touching the user's keyring.
 *
 * {@link startKeyring} runs:
 *  1. `dbus-daemon --nofork` with a generated config: a session-type bus on
 *     a Unix socket in the work dir, and **no service directories**, so the
 *     bus never auto-activates (spawns) anything we did not start;
 *  2. `gnome-keyring-daemon --foreground --unlock --components=secrets`
 *     with a private HOME / XDG_RUNTIME_DIR, the password on stdin;
 * then waits (bounded) until `org.freedesktop.secrets` is owned on the bus.
 * The returned `env` is what a child process (e.g. `node` using keytar)
 * needs. Nothing is written outside the work dir.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, runCommand, startProcess, type ManagedProcess } from './proc';
import { requireTool } from './tools';
import { makeWorkDir } from './workdir';

/** The name gnome-keyring's Secret Service owns on the bus. */
export const SECRETS_BUS_NAME = 'org.freedesktop.secrets';

/** Options for {@link startKeyring}. */
export interface KeyringOptions {
  /** Password of the login keyring created/unlocked. Default `lab-keyring-pw`. */
  readonly password?: string;
  readonly workDir?: string;
  /** Bound for the Secret Service to appear. Default 10 s. */
  readonly startTimeoutMs?: number;
}

/** A running private keyring. */
export interface KeyringHandle {
  /**
   * Full environment for a child that uses keytar/libsecret:
   * DBUS_SESSION_BUS_ADDRESS, HOME, XDG_RUNTIME_DIR, XDG_DATA_HOME,
   * XDG_CONFIG_HOME (DISPLAY removed).
   */
  readonly env: NodeJS.ProcessEnv;
  readonly busAddress: string;
  readonly workDir: string;
  readonly dbus: ManagedProcess;
  readonly keyring: ManagedProcess;
  /** Names currently on the private bus (bounded `dbus-send ListNames`). */
  listNames(): Promise<string[]>;
  stop(): Promise<void>;
}

function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Parse `dbus-send --print-reply … ListNames` output into names. */
export function parseListNames(out: string): string[] {
  return [...out.matchAll(/string "([^"]+)"/g)].map((m) => m[1] ?? '').filter(Boolean);
}

/**
 * Start dbus-daemon + unlocked gnome-keyring (see module docs). Fails with
 * a clear Error and both logs if the Secret Service does not appear.
 */
export async function startKeyring(opts: KeyringOptions = {}): Promise<KeyringHandle> {
  const dbusDaemon = requireTool('dbus-daemon');
  const dbusSend = requireTool('dbus-send');
  const gkd = requireTool('gnome-keyring-daemon');
  const dir = opts.workDir ?? makeWorkDir('keyring');
  const home = join(dir, 'home');
  const runtime = join(dir, 'rt');
  mkdirSync(home, { recursive: true });
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  mkdirSync(join(home, '.local', 'share'), { recursive: true });
  mkdirSync(join(home, '.config'), { recursive: true });
  const socketPath = join(dir, 'bus');
  const configPath = join(dir, 'bus.conf');
  writeFileSync(configPath, busConfig(socketPath));
  const busAddress = `unix:path=${socketPath}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: busAddress,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
  };
  delete env['DISPLAY'];
  delete env['GNOME_KEYRING_CONTROL'];
  delete env['SSH_AUTH_SOCK'];

  const dbus = await startProcess({
    name: 'dbus-daemon',
    command: dbusDaemon,
    args: [`--config-file=${configPath}`, '--nofork', '--nopidfile', '--nosyslog'],
    cwd: dir,
    env,
  });
  const listNames = async (): Promise<string[]> => {
    const r = await runCommand(
      dbusSend,
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.ListNames'],
      { timeoutMs: 3000, env },
    );
    if (r.code !== 0) throw new Error(`dbus-send ListNames failed: ${r.stderr.trim()}`);
    return parseListNames(r.stdout);
  };
  let keyring: ManagedProcess | undefined;
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  try {
    await pollUntil('private dbus-daemon', async () => ((await listNames()).length > 0 ? true : undefined), timeoutMs, 100);
    keyring = await startProcess({
      name: 'gnome-keyring-daemon',
      command: gkd,
      args: ['--foreground', '--unlock', '--components=secrets'],
      cwd: dir,
      env,
      stdin: { data: opts.password ?? 'lab-keyring-pw' },
    });
    const k = keyring;
    await pollUntil(
      `${SECRETS_BUS_NAME} on the private bus`,
      async () => {
        if (k.exitInfo()) throw new Error('gnome-keyring-daemon exited');
        return (await listNames()).includes(SECRETS_BUS_NAME) ? true : undefined;
      },
      timeoutMs,
      100,
    );
  } catch (err) {
    const logs = `--- dbus-daemon ---\n${dbus.tail(2000)}\n--- gnome-keyring-daemon ---\n${keyring?.tail(2000) ?? '(not started)'}`;
    await keyring?.stop();
    await dbus.stop();
    throw new Error(`lab: keyring did not start: ${err instanceof Error ? err.message : String(err)}\n${logs}`);
  }
  const kr = keyring;
  return {
    env,
    busAddress,
    workDir: dir,
    dbus,
    keyring: kr,
    listNames,
    stop: async () => {
      await kr.stop();
      await dbus.stop();
    },
  };
}
