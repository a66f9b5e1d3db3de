/**
 * Shared helpers for the call benchmarks (`call-cpu.ts`, `rtp-pacing.ts`):
 * a headless Dialtone process spawned as `node --import tsx …/headless.ts`
 * directly (not through npm, so that the child's PID is the Node process whose
 * CPU we read), CPU time from /proc, quantiles and load generators.
 * Every wait is bounded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export type Line = Record<string, unknown>;

export interface HeadlessProc {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  readonly lines: Line[];
  stderr(): string;
  waitFor(pred: (l: Line) => boolean, timeoutMs: number, what: string): Promise<Line>;
  request(cmd: string, args?: unknown, timeoutMs?: number): Promise<Line>;
  /** `quit`, then SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

let nextId = 1;

/** Spawns `node --import tsx main/electron/cli/headless.ts ARGS` in the repository root. */
export function spawnHeadless(args: readonly string[], env: NodeJS.ProcessEnv): HeadlessProc {
  // BENCH_PROFILE_DIR=DIR: write a V8 CPU profile of each headless process there (skews CPU figures).
  const prof = process.env['BENCH_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'main/electron/cli/headless.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let err = '';
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        lines.push({ raw: text });
      }
      for (const w of [...waiters]) w();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err = (err + c).slice(-20000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waitFor = (pred: (l: Line) => boolean, timeoutMs: number, what: string): Promise<Line> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.find(pred);
        if (hit) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`dialtone: no ${what} within ${timeoutMs} ms\nstdout tail: ${JSON.stringify(lines.slice(-5))}\nstderr tail: ${err.slice(-3000)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    child,
    pid: child.pid ?? -1,
    lines,
    stderr: () => err,
    waitFor,
    request(cmd, args, timeoutMs = 10000) {
      const id = nextId++;
      child.stdin.write(`${JSON.stringify(args === undefined ? { id, cmd } : { id, cmd, args })}\n`);
      return waitFor((l) => l['id'] === id, timeoutMs, `reply to ${cmd}`);
    },
    async stop(timeoutMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.stdin.write(`${JSON.stringify({ id: nextId++, cmd: 'quit' })}\n`);
      } catch {
        // already closing
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** utime+stime of a process (all its threads), in clock ticks (USER_HZ = 100 on Linux). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU time actually run by a process (all its live threads), in nanoseconds,
 * from the scheduler's own accounting (`/proc/PID/task/TID/schedstat`, first
 * field). Unlike utime+stime, which the kernel samples at its tick, this is
 * exact for a process that wakes 100 times a second for a few microseconds
 * (a tick-sampled figure can over- or under-charge such a process, depending
 * on how its timer wakeups line up with the tick).
 */
export function cpuNanos(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // thread gone
    }
  }
  return total;
}

/** utime+stime per thread of a process, keyed by `TID comm`. */
export function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${tid} ${comm}`, Number(fields[11]) + Number(fields[12]));
    } catch {
      // thread gone
    }
  }
  return out;
}

/** The PID in `pids` whose /proc comm is `comm` (e.g. the baresip under the `timeout` wrapper). */
export function pidByComm(pids: readonly number[], comm: string): number {
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return pid;
    } catch {
      // gone
    }
  }
  throw new Error(`no process named ${comm} among ${pids.join(', ')}`);
}

export const USER_HZ = 100;

/** Quantile by nearest rank on a sorted copy. */
export function quantile(samples: readonly number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
}

export function mean(samples: readonly number[]): number {
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/**
 * Starts `n` busy-loop processes (plain `node -e`), each bounded to
 * `seconds`, and returns a function that kills them (by their own PIDs).
 */
export function startCpuHogs(n: number, seconds: number): () => Promise<void> {
  const kids = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', `const end=Date.now()+${seconds * 1000};let x=0;while(Date.now()<end){x+=Math.sqrt(x+1)}`], { stdio: 'ignore' }),
  );
  return async () => {
    await Promise.all(
      kids.map(
        (k) =>
          new Promise<void>((r) => {
            if (k.exitCode !== null || k.signalCode !== null) return r();
            k.once('exit', () => r());
            k.kill('SIGKILL');
          }),
      ),
    );
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const dataOf = (l: Line): Record<string, unknown> => (l['data'] ?? {}) as Record<string, unknown>;
