/**
 * SIPp runs for lab tests: bounded scenario runs (UAC) and background
 * instances (UAS), on 127.0.0.1 only.
 *
 * SIPp binds its SIP port, a media port pair and a control port; all get
 * 127.0.0.1 and free random ports here (its defaults are 6000/6002 and
 * 0.0.0.0:8888).
 *
 * Every run is bounded with `-m` (calls), `-timeout` + `-timeout_error` and a
 * process-level deadline. The scenario file is copied into the run's work
 * dir and SIPp runs there, so its logs (`-trace_err`, `-trace_screen`) stay
 * in the temp dir. Scenarios shipped with the lab live in `test/lab/sipp/`.
 *
 * SIPp exit codes: 0 = all calls succeeded, 1 = at least one failed,
 * 97 = exit on internal command, 99 = no call processed, 255/-1/-2 = fatal.
 *
 * @module
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type ManagedProcess, type ExitInfo } from './proc';
import { findFreePort, LOOPBACK } from './ports';
import { requireTool } from './tools';
import { makeWorkDir } from './workdir';

/** Directory of the lab's bundled SIPp scenarios. */
export const SIPP_SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sipp');

/** Path of a bundled scenario, e.g. `sippScenario('register')`. */
export function sippScenario(name: 'register'): string {
  return join(SIPP_SCENARIO_DIR, `${name}.xml`);
}

/** Options shared by {@link runSipp} and {@link startSipp}. */
export interface SippOptions {
  /** Scenario XML path (see {@link sippScenario}). */
  readonly scenario: string;
  /** Remote host:port (omit for a UAS). */
  readonly remote?: { readonly host: string; readonly port: number };
  /** Local SIP port (`-p`). Default: a random free UDP+TCP port. */
  readonly localPort?: number;
  /** SIPp transport mode. Default `u1` (UDP, one socket). */
  readonly transport?: 'u1' | 'un' | 't1' | 'tn';
  /** Written to `users.csv` (SEQUENTIAL, `user;pass`) and passed with `-inf`. */
  readonly users?: ReadonlyArray<{ readonly username: string; readonly password: string }>;
  /** Digest credentials (`-au`/`-ap`). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Request-URI user (`-s`). */
  readonly service?: string;
  /** `-key NAME VALUE` pairs for `[NAME]` keywords in the scenario. */
  readonly keys?: Readonly<Record<string, string | number>>;
  /**
   * Media port (`-mi 127.0.0.1 -mp N`); SIPp also binds N+2. Default: a
   * random free block (SIPp binds media ports even for REGISTER-only runs).
   */
  readonly mediaPort?: number;
  /** Calls to place/answer before exiting (`-m`). Default 1. */
  readonly maxCalls?: number;
  /** Global SIPp timeout in seconds (`-timeout`, with `-timeout_error`). Default 15. */
  readonly timeoutS?: number;
  readonly extraArgs?: readonly string[];
  readonly workDir?: string;
}

/** Outcome of a bounded SIPp run. */
export interface SippResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True iff SIPp exited 0 (all calls succeeded). */
  readonly ok: boolean;
  /** Console output plus the final screen and error log, if written. */
  readonly output: string;
  readonly args: readonly string[];
  readonly workDir: string;
}

interface Prepared {
  readonly args: string[];
  readonly dir: string;
  readonly localPort: number;
}

async function prepare(opts: SippOptions): Promise<Prepared> {
  if (!existsSync(opts.scenario)) throw new Error(`lab: SIPp scenario not found: ${opts.scenario}`);
  const dir = opts.workDir ?? makeWorkDir('sipp');
  const scenario = join(dir, basename(opts.scenario));
  copyFileSync(opts.scenario, scenario);
  const localPort = opts.localPort ?? (await findFreePort({ proto: 'both' }));
  const timeoutS = opts.timeoutS ?? 15;
  const args: string[] = [];
  if (opts.remote) args.push(`${opts.remote.host}:${opts.remote.port}`);
  args.push('-sf', scenario, '-t', opts.transport ?? 'u1', '-i', LOOPBACK, '-nostdin', '-p', String(localPort));
  args.push('-m', String(opts.maxCalls ?? 1), '-timeout', `${timeoutS}s`, '-timeout_error');
  args.push('-trace_err', '-trace_screen');
  if (opts.users) {
    const csv = join(dir, 'users.csv');
    writeFileSync(csv, `SEQUENTIAL\n${opts.users.map((u) => `${u.username};${u.password}`).join('\n')}\n`);
    args.push('-inf', csv);
  }
  if (opts.auth) args.push('-au', opts.auth.username, '-ap', opts.auth.password);
  if (opts.service) args.push('-s', opts.service);
  // SIPp always binds a media port pair (default 6000/6002) and a control
  // socket (default 0.0.0.0:8888): give both explicit loopback addresses and
  // free ports so parallel runs never collide and nothing binds 0.0.0.0.
  const mediaPort = opts.mediaPort ?? (await findFreePort({ proto: 'udp', span: 4 }));
  const controlPort = await findFreePort({ proto: 'udp' });
  args.push('-mi', LOOPBACK, '-mp', String(mediaPort), '-ci', LOOPBACK, '-cp', String(controlPort));
  for (const [k, v] of Object.entries(opts.keys ?? {})) args.push('-key', k, String(v));
  args.push(...(opts.extraArgs ?? []));
  return { args, dir, localPort };
}

function collectLogs(dir: string): string {
  let out = '';
  for (const f of readdirSync(dir)) {
    if (/_(screen|errors)\.log$/.test(f)) out += `\n--- ${f} ---\n${readFileSync(join(dir, f), 'utf8').slice(-8000)}`;
  }
  return out;
}

/**
 * Run SIPp to completion (bounded: `-m`, `-timeout`, `-timeout_error`, plus
 * a hard kill 10 s after the SIPp timeout). Never throws for a failed
 * scenario: check `ok`/`code`.
 */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  const sipp = requireTool('sipp');
  const { args, dir } = await prepare(opts);
  const timeoutS = opts.timeoutS ?? 15;
  const proc = await startProcess({
    name: 'sipp',
    command: sipp,
    args,
    cwd: dir,
    maxLifetimeMs: (timeoutS + 20) * 1000,
  });
  let exit: ExitInfo;
  try {
    exit = await proc.waitForExit((timeoutS + 10) * 1000);
  } catch {
    exit = await proc.stop();
  }
  const output = `${proc.output().slice(-20000)}${collectLogs(dir)}`;
  return { code: exit.code, signal: exit.signal, ok: exit.code === 0, output, args, workDir: dir };
}

/** A background SIPp (e.g. a UAS). */
export interface SippHandle {
  readonly process: ManagedProcess;
  readonly localPort: number;
  readonly workDir: string;
  /** Wait (bounded) for SIPp to finish and return its result. */
  wait(timeoutMs: number): Promise<SippResult>;
  stop(): Promise<ExitInfo>;
}

/** Start SIPp in the background (still bounded by `-m`/`-timeout`). */
export async function startSipp(opts: SippOptions): Promise<SippHandle> {
  const sipp = requireTool('sipp');
  const { args, dir, localPort } = await prepare(opts);
  const timeoutS = opts.timeoutS ?? 15;
  const proc = await startProcess({ name: 'sipp', command: sipp, args, cwd: dir, maxLifetimeMs: (timeoutS + 20) * 1000 });
  return {
    process: proc,
    localPort,
    workDir: dir,
    wait: async (timeoutMs) => {
      const exit = await proc.waitForExit(timeoutMs);
      const output = `${proc.output().slice(-20000)}${collectLogs(dir)}`;
      return { code: exit.code, signal: exit.signal, ok: exit.code === 0, output, args, workDir: dir };
    },
    stop: () => proc.stop(),
  };
}

/**
 * REGISTER `username` at `registrar` with digest auth using the bundled
 * `register.xml` scenario. `contactPort` (default: the local port) lets one
 * registration point at another SIPp (e.g. a UAS); `expires: 0` unregisters.
 */
export function runSippRegister(p: {
  readonly registrar: { readonly host: string; readonly port: number };
  readonly username: string;
  readonly password: string;
  readonly localPort?: number;
  readonly contactPort?: number;
  readonly expires?: number;
  readonly timeoutS?: number;
  readonly workDir?: string;
}): Promise<SippResult> {
  return (async () => {
    const localPort = p.localPort ?? (await findFreePort({ proto: 'both' }));
    return runSipp({
      scenario: sippScenario('register'),
      remote: p.registrar,
      localPort,
      users: [{ username: p.username, password: p.password }],
      auth: { username: p.username, password: p.password },
      keys: { contact_port: p.contactPort ?? localPort, expires: p.expires ?? 120 },
      maxCalls: 1,
      timeoutS: p.timeoutS ?? 10,
      ...(p.workDir !== undefined ? { workDir: p.workDir } : {}),
    });
  })();
}
