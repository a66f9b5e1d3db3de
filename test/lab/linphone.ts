/**
 * linphonec (linphone-cli) as a headless SIP peer for lab tests.
 *
 * linphonec reads commands from stdin; the lab gives it a FIFO in its work
 * dir. A bounded writer process (`sleep N > FIFO`) keeps the FIFO open so
 * linphonec never sees EOF; {@link LinphoneHandle.command} opens the FIFO
 * non-blocking, writes one line and closes it. (`linphonecsh` is avoided: it
 * uses a fixed per-uid socket, so parallel tests would collide.)
 *
 * The rc file is regenerated every run (linphonec rewrites it: the password
 * becomes `ha1`, a nat_policy appears). `HOME` is the work dir, with
 * `~/.local/share/linphone/` created first (else "Unable to open linphone
 * database"). SIP binds 127.0.0.1 only (`[sip] bind_address`), IPv6, SRV and
 * DNS search are off; RTP (which linphonec binds to 0.0.0.0) is forced onto
 * loopback by the `loopback-bind` LD_PRELOAD shim. "Could not find a suitable soundcard" is harmless.
 *
 * @module
 */
import { closeSync, constants, mkdirSync, openSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLoopbackBind } from './loopback-bind';
import { pollUntil, runChecked, startProcess, type ExitInfo, type ManagedProcess } from './proc';
import { assertPortsFree, findFreePort, LOOPBACK } from './ports';
import { requireTool } from './tools';
import { makeWorkDir } from './workdir';

/** Options for {@link startLinphone}. */
export interface LinphoneOptions {
  readonly user: string;
  readonly password?: string;
  /** Domain of the identity. Default: registrar host, or 127.0.0.1. */
  readonly domain?: string;
  /** Register here. Omit for a registrar-less peer. */
  readonly registrar?: { readonly host: string; readonly port: number; readonly transport: 'udp' | 'tcp' };
  /** Local SIP port. Default: random free. */
  readonly sipPort?: number;
  /** First of 20 RTP ports. Default: random free block. */
  readonly rtpPort?: number;
  /** `-a`: auto-answer incoming calls. Default true. */
  readonly autoAnswer?: boolean;
  readonly workDir?: string;
  /** Max lifetime of linphonec and its FIFO writer. Default 10 min. */
  readonly maxLifetimeMs?: number;
  /** Bound for start-up (prompt printed). Default 10 s. */
  readonly startTimeoutMs?: number;
  /** Preload the loopback-bind shim (default true): linphonec binds RTP to 0.0.0.0. */
  readonly loopbackOnly?: boolean;
}

/** A running linphonec. */
export interface LinphoneHandle {
  readonly user: string;
  readonly sipPort: number;
  readonly workDir: string;
  readonly rcPath: string;
  readonly fifoPath: string;
  readonly process: ManagedProcess;
  /** Write one command line to linphonec's FIFO (non-blocking). */
  command(line: string): void;
  /**
   * Send `line` and resolve with the first output match of `re` printed
   * after it (bounded, default 5 s).
   */
  commandAndWait(line: string, re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** `status register` → true when it prints `registered, identity=…`. */
  isRegistered(): Promise<boolean>;
  /** Poll `status register` until registered (bounded, default 10 s). */
  waitForRegistration(timeoutMs?: number): Promise<void>;
  logs(): string;
  /** `quit`, then SIGTERM/SIGKILL if needed; also stops the FIFO writer. */
  stop(): Promise<ExitInfo>;
}

function rcFile(p: {
  user: string;
  password?: string;
  domain: string;
  sipPort: number;
  rtpPort: number;
  registrar?: { host: string; port: number; transport: 'udp' | 'tcp' };
}): string {
  const udp = p.registrar?.transport === 'tcp' ? -1 : p.sipPort;
  const tcp = p.registrar?.transport === 'tcp' ? p.sipPort : -1;
  const lines = [
    '[sip]',
    `sip_port=${udp}`,
    `sip_tcp_port=${tcp}`,
    'sip_tls_port=-1',
    `bind_address=${LOOPBACK}`,
    `default_proxy=${p.registrar ? 0 : -1}`,
    'use_ipv6=0',
    'ipv6_migration_done=1',
    'guess_hostname=1',
    'register_only_when_network_is_up=0',
    '',
    '[net]',
    'dns_srv_enabled=0',
    'dns_search_enabled=0',
    'ipv6_enabled=0',
    '',
    '[rtp]',
    `audio_rtp_port=${p.rtpPort}-${p.rtpPort + 19}`,
    '',
    '[video]',
    'enabled=0',
    'capture=0',
    'display=0',
    '',
    '[sound]',
    'echocancellation=0',
    '',
  ];
  if (p.registrar) {
    lines.push(
      '[proxy_0]',
      `reg_proxy=<sip:${p.registrar.host}:${p.registrar.port};transport=${p.registrar.transport}>`,
      `reg_identity=<sip:${p.user}@${p.domain}>`,
      'reg_expires=300',
      'reg_sendregister=1',
      'publish=0',
      'dial_escape_plus=0',
      '',
    );
  }
  if (p.password !== undefined) {
    lines.push(
      '[auth_info_0]',
      `username=${p.user}`,
      `passwd=${p.password}`,
      `realm=${p.domain}`,
      `domain=${p.domain}`,
      '',
    );
  }
  return lines.join('\n');
}

/**
 * Start linphonec headless on a FIFO (see module docs). Fails with a clear
 * Error (and its log) if it does not come up within the bound.
 */
export async function startLinphone(opts: LinphoneOptions): Promise<LinphoneHandle> {
  const linphonec = requireTool('linphonec');
  const sh = requireTool('sh');
  const dir = opts.workDir ?? makeWorkDir(`linphone-${opts.user}`);
  mkdirSync(join(dir, '.local', 'share', 'linphone'), { recursive: true });
  mkdirSync(join(dir, '.config'), { recursive: true });
  const sipPort = opts.sipPort ?? (await findFreePort({ proto: 'both' }));
  if (opts.sipPort !== undefined) await assertPortsFree([sipPort], 'both');
  const rtpPort = opts.rtpPort ?? (await findFreePort({ proto: 'udp', span: 20 }));
  const domain = opts.domain ?? opts.registrar?.host ?? LOOPBACK;
  const rcPath = join(dir, 'rc');
  writeFileSync(
    rcPath,
    rcFile({
      user: opts.user,
      domain,
      sipPort,
      rtpPort,
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(opts.registrar ? { registrar: opts.registrar } : {}),
    }),
  );
  const fifoPath = join(dir, 'cmd.fifo');
  await runChecked(requireTool('mkfifo'), ['-m', '600', fifoPath], { timeoutMs: 5000 });

  const lifetime = opts.maxLifetimeMs ?? 10 * 60 * 1000;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_DATA_HOME: join(dir, '.local', 'share') };
  delete env['DISPLAY'];
  const peerEnv = opts.loopbackOnly === false ? env : await withLoopbackBind(env);
  // The writer holds the FIFO open (bounded by its own lifetime) so linphonec
  // never reads EOF between our commands. The shells open the FIFO, not Node
  // (an open() on a FIFO blocks until the other end appears).
  const writer = await startProcess({
    name: `linphone-fifo-writer(${opts.user})`,
    command: sh,
    args: ['-c', 'exec sleep "$1" > "$2"', 'sh', String(Math.ceil(lifetime / 1000)), fifoPath],
    cwd: dir,
    maxLifetimeMs: lifetime + 5000,
  });
  const args = ['-c', rcPath, '-d', '0', ...(opts.autoAnswer === false ? [] : ['-a'])];
  let proc: ManagedProcess;
  try {
    proc = await startProcess({
      name: `linphonec(${opts.user})`,
      command: sh,
      args: ['-c', 'f="$1"; shift; exec "$@" < "$f"', 'sh', fifoPath, linphonec, ...args],
      cwd: dir,
      env: peerEnv,
      maxLifetimeMs: lifetime,
    });
  } catch (err) {
    await writer.stop();
    throw err;
  }

  const command = (line: string): void => {
    if (line.includes('\n')) throw new Error('linphonec command must be one line');
    let fd: number;
    try {
      fd = openSync(fifoPath, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      throw new Error(`linphonec(${opts.user}) is not reading its FIFO: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      writeSync(fd, `${line}\n`);
    } finally {
      closeSync(fd);
    }
  };
  const commandAndWait = async (line: string, re: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> => {
    const since = proc.cursor();
    command(line);
    return proc.waitForOutput(re, timeoutMs, since);
  };
  const isRegistered = async (): Promise<boolean> => {
    const m = await commandAndWait('status register', /registered(, identity=\S+|=-?\d+)/);
    return m[1]?.startsWith(', identity=') === true;
  };

  try {
    await pollUntil(
      `linphonec(${opts.user}) to read commands`,
      async () => {
        if (proc.exitInfo()) throw new Error('linphonec exited');
        try {
          await commandAndWait('help status', /status/i, 1000);
          return true;
        } catch {
          return undefined;
        }
      },
      opts.startTimeoutMs ?? 10_000,
      200,
    );
  } catch (err) {
    await proc.stop();
    await writer.stop();
    throw new Error(
      `lab: linphonec(${opts.user}) did not start: ${err instanceof Error ? err.message : String(err)}\n--- linphonec log ---\n${proc.tail(4000)}`,
    );
  }

  return {
    user: opts.user,
    sipPort,
    workDir: dir,
    rcPath,
    fifoPath,
    process: proc,
    command,
    commandAndWait,
    isRegistered,
    waitForRegistration: async (timeoutMs = 10_000) => {
      try {
        await pollUntil(
          `linphonec(${opts.user}) registration`,
          async () => ((await isRegistered()) ? true : undefined),
          timeoutMs,
          300,
        );
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- linphonec log tail ---\n${proc.tail(3000)}`);
      }
    },
    logs: () => proc.output(),
    stop: async () => {
      let exit: ExitInfo;
      try {
        if (!proc.exitInfo()) command('quit');
        exit = await proc.waitForExit(3000);
      } catch {
        exit = await proc.stop();
      }
      await writer.stop();
      return exit;
    },
  };
}
