/**
 * Managed child processes for the real-peer test lab.
 *
 * Every peer (Kamailio, baresip, SIPp, linphonec, dbus-daemon, …) is started
 * through {@link startProcess}, which:
 *  - wraps the command in `timeout(1)` so that nothing outlives a hard
 *    lifetime even if the test runner itself is killed with SIGKILL;
 *  - starts it in its own process group (`detached`), so `stop()` can signal
 *    exactly the group we created (the peer and its own workers) and nothing
 *    else;
 *  - keeps stdout+stderr in memory, bounded, for `waitForOutput()` and for
 *    error messages;
 *  - registers it, so anything still running is killed when the Node process
 *    exits (normally, or on SIGINT/SIGTERM/SIGHUP).
 *
 * Child handles are `unref()`ed: a forgotten peer never keeps a test file
 * alive; the exit hook kills it instead.
 *
 * @module
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { requireTool } from './tools';

/** How a process ended. `code` is null when it was killed by a signal. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options for {@link startProcess}. */
export interface StartProcessOptions {
  /** Short label used in error messages and logs (e.g. `kamailio`). */
  readonly name: string;
  /** Binary to run (absolute path preferred, see `requireTool`). */
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Complete environment for the child. Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * `'ignore'` (default) gives the child `/dev/null`; `'pipe'` lets you use
   * `write()`/`closeStdin()`; a string is written to stdin, which is then
   * closed (e.g. a keyring password).
   */
  readonly stdin?: 'ignore' | 'pipe' | { readonly data: string };
  /** Bytes of combined stdout+stderr kept in memory (oldest dropped). Default 1 MiB. */
  readonly maxOutputChars?: number;
  /** Hard lifetime enforced by `timeout(1)`. Default 10 minutes. */
  readonly maxLifetimeMs?: number;
  /** Grace between SIGTERM and SIGKILL in `stop()`. Default 3 s. */
  readonly stopGraceMs?: number;
}

/** A running (or finished) child started by {@link startProcess}. */
export interface ManagedProcess {
  readonly name: string;
  /** PID of the process-group leader we spawned (the `timeout` wrapper). */
  readonly pid: number;
  /** Retained combined stdout+stderr (possibly truncated at the front). */
  output(): string;
  /**
   * Absolute position at the end of the output seen so far. Pass it as
   * `since` to `waitForOutput()` to only match text printed after now.
   */
  cursor(): number;
  /**
   * Resolve with the first match of `re` in the output (after `since`);
   * reject after `timeoutMs`, or as soon as the process exits without a
   * match. The rejection message includes the output tail.
   */
  waitForOutput(re: RegExp, timeoutMs: number, since?: number): Promise<RegExpMatchArray>;
  /** Exit status, or undefined while running. */
  exitInfo(): ExitInfo | undefined;
  /** Resolve when the process exits; reject after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ExitInfo>;
  /** Write to stdin (only with `stdin: 'pipe'`). */
  write(data: string): void;
  /** Close stdin (only with `stdin: 'pipe'`). */
  closeStdin(): void;
  /**
   * SIGTERM to our process group, then SIGKILL after the grace period.
   * Idempotent; resolves once the process has exited.
   */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** The last `chars` characters of output, for error messages. */
  tail(chars?: number): string;
  /**
   * PIDs of every live process in our process group (the wrapper, the peer
   * and its workers), from /proc. Empty once the group is gone.
   */
  groupPids(): number[];
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;
const DEFAULT_GRACE_MS = 3000;

const live = new Set<ManagedProcessImpl>();
const exitHooks: Array<() => void> = [];
let hooksInstalled = false;

/**
 * Register a synchronous function run when the Node process exits, after
 * every live managed process has been SIGKILLed (used by `workdir.ts` to
 * remove the temp directory once nothing writes into it any more).
 */
export function onProcessExit(fn: () => void): void {
  installHooks();
  exitHooks.push(fn);
}

function killAllSync(): void {
  for (const p of live) p.killGroupSync('SIGKILL');
  live.clear();
}

function runExitHooks(): void {
  killAllSync();
  for (const fn of exitHooks.splice(0)) {
    try {
      fn();
    } catch {
      // Exit hooks must not throw during exit.
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', runExitHooks);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      runExitHooks();
      process.removeListener(sig, handler);
      // Re-raise with the default action unless someone else handles it.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

class ManagedProcessImpl implements ManagedProcess {
  readonly name: string;
  readonly pid: number;
  private buf = '';
  private bufStart = 0;
  private total = 0;
  private exit: ExitInfo | undefined;
  private readonly listeners = new Set<() => void>();
  private stopping: Promise<ExitInfo> | undefined;

  constructor(
    private readonly child: ChildProcess,
    name: string,
    private readonly maxChars: number,
    private readonly graceMs: number,
  ) {
    this.name = name;
    if (child.pid === undefined) throw new Error(`${name}: spawn gave no pid`);
    this.pid = child.pid;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.append(chunk));
      unrefStream(stream);
    }
    if (child.stdin) unrefStream(child.stdin);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      live.delete(this);
      this.notify();
    });
    child.unref();
  }

  private append(chunk: string): void {
    this.buf += chunk;
    this.total += chunk.length;
    if (this.buf.length > this.maxChars) {
      const drop = this.buf.length - this.maxChars;
      this.buf = this.buf.slice(drop);
      this.bufStart += drop;
    }
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  output(): string {
    return this.buf;
  }

  cursor(): number {
    return this.total;
  }

  tail(chars = 3000): string {
    return this.buf.slice(-chars);
  }

  exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  groupPids(): number[] {
    return this.exit ? [] : processGroupMembers(this.pid);
  }

  waitForOutput(re: RegExp, timeoutMs: number, since = 0): Promise<RegExpMatchArray> {
    const pattern = new RegExp(re.source, re.flags.replace('g', '').replace('y', ''));
    const search = (): RegExpMatchArray | null => {
      const from = Math.max(0, since - this.bufStart);
      return this.buf.slice(from).match(pattern);
    };
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = search();
        if (m) {
          done();
          resolve(m);
        } else if (this.exit) {
          done();
          reject(
            new Error(
              `${this.name} exited (${describeExit(this.exit)}) before printing ${String(re)}\n--- output tail ---\n${this.tail()}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `${this.name}: no output matching ${String(re)} within ${timeoutMs} ms\n--- output tail ---\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  waitForExit(timeoutMs: number): Promise<ExitInfo> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.exit) {
          done();
          resolve(this.exit);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} (pid ${this.pid}) still running after ${timeoutMs} ms\n--- output tail ---\n${this.tail()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  write(data: string): void {
    if (!this.child.stdin) throw new Error(`${this.name}: stdin is not a pipe`);
    this.child.stdin.write(data);
  }

  closeStdin(): void {
    this.child.stdin?.end();
  }

  /**
   * Signal our process group (negative pid) while its leader is alive (so the
   * group id cannot have been reused by someone else); ignore ESRCH.
   */
  killGroupSync(sig: NodeJS.Signals): void {
    if (this.exit) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      // Group already gone.
    }
  }

  stop(graceMs = this.graceMs): Promise<ExitInfo> {
    if (this.exit) return Promise.resolve(this.exit);
    this.stopping ??= (async () => {
      this.killGroupSync('SIGTERM');
      try {
        return await this.waitForExit(graceMs);
      } catch {
        this.killGroupSync('SIGKILL');
        return await this.waitForExit(5000);
      } finally {
        live.delete(this);
      }
    })();
    return this.stopping;
  }
}

/** PIDs whose process group is `pgid` (scans /proc; zombies excluded). */
export function processGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …": comm may contain spaces and parens.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) out.push(Number(name));
  }
  return out;
}

function unrefStream(stream: object): void {
  const s = stream as { unref?: () => void };
  if (typeof s.unref === 'function') s.unref();
}

/** Human-readable exit status. */
export function describeExit(e: ExitInfo): string {
  return e.signal ? `signal ${e.signal}` : `code ${String(e.code)}`;
}

/**
 * Start a managed, registered, bounded child process (see module docs).
 * Resolves once the OS has spawned it; rejects if it cannot be spawned.
 */
export async function startProcess(opts: StartProcessOptions): Promise<ManagedProcess> {
  installHooks();
  const lifetimeS = Math.max(1, Math.ceil((opts.maxLifetimeMs ?? DEFAULT_LIFETIME_MS) / 1000));
  const stdinMode = opts.stdin === undefined || opts.stdin === 'ignore' ? 'ignore' : 'pipe';
  const child = spawn(requireTool('timeout'), ['--kill-after=5s', `${lifetimeS}s`, opts.command, ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: [stdinMode, 'pipe', 'pipe'],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (err) => reject(new Error(`${opts.name}: cannot spawn ${opts.command}: ${err.message}`)));
  });
  const p = new ManagedProcessImpl(child, opts.name, opts.maxOutputChars ?? DEFAULT_MAX_OUTPUT, opts.stopGraceMs ?? DEFAULT_GRACE_MS);
  live.add(p);
  if (typeof opts.stdin === 'object') {
    child.stdin?.end(opts.stdin.data);
  }
  return p;
}

/** Stop every managed process still running (e.g. in a file-level `after`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** Result of {@link runCommand}. */
export interface CommandResult {
  /** Exit code; null if killed (e.g. by the timeout). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the command was killed for exceeding `timeoutMs`. */
  readonly timedOut: boolean;
}

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Data written to stdin (stdin is closed afterwards). */
  readonly input?: string;
  /** Max bytes captured per stream. Default 4 MiB. */
  readonly maxBuffer?: number;
}

/**
 * Run a short helper command (sox, openssl, kamcmd, ss, dbus-send…) to
 * completion, bounded by `timeoutMs` (SIGKILL on expiry). Never throws for a
 * non-zero exit: inspect `code`. Throws only if the binary cannot be spawned.
 */
export function runCommand(command: string, args: readonly string[], opts: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      [...args],
      {
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: opts.maxBuffer ?? 4 * 1024 * 1024,
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error(`cannot run ${command}: not found`));
          return;
        }
        const e = err as (Error & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals | null }) | null;
        resolve({
          code: child.exitCode ?? (typeof e?.code === 'number' ? e.code : e ? null : 0),
          signal: child.signalCode ?? e?.signal ?? null,
          stdout,
          stderr,
          timedOut: Boolean(e?.killed) && child.signalCode === 'SIGKILL',
        });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/**
 * {@link runCommand}, but throw a descriptive Error (command, exit status,
 * stderr) unless it exits with code 0. Returns stdout.
 */
export async function runChecked(command: string, args: readonly string[], opts: RunCommandOptions): Promise<string> {
  const r = await runCommand(command, args, opts);
  if (r.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${r.timedOut ? `timed out after ${opts.timeoutMs} ms` : describeExit(r)})\n${r.stderr || r.stdout}`,
    );
  }
  return r.stdout;
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Poll `probe` every `intervalMs` until it returns a non-undefined value, or
 * throw after `timeoutMs` with `what` in the message. The bounded loop used
 * by every "wait until …" helper in the lab.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}
