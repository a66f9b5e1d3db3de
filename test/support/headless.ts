/**
 * Drives headless mode exactly as a script would: `npm run headless -- …`,
 * JSON lines in, JSON lines out. Every wait is bounded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A parsed stdout line. */
export type OutLine = Record<string, unknown>;

/** A running headless process. */
export interface Headless {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line, parsed; a non-JSON line is kept as `{ raw }` so tests can fail on it. */
  readonly lines: OutLine[];
  stderr(): string;
  send(frame: unknown): void;
  /** Waits for the first line matching `pred`. */
  waitFor(pred: (line: OutLine) => boolean, timeoutMs?: number): Promise<OutLine>;
  /** Sends a command and waits for its reply. */
  request(id: number, cmd: string, args?: unknown): Promise<OutLine>;
  /** Resolves with the exit code (kills the process after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | null>;
}

/** Starts `npm run headless -- ...args`. */
export function startHeadless(args: readonly string[], env: NodeJS.ProcessEnv = {}): Headless {
  const child = spawn('npm', ['run', 'headless', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: OutLine[] = [];
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
        lines.push(JSON.parse(text) as OutLine);
      } catch {
        lines.push({ raw: text });
      }
      for (const w of [...waiters]) w();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pred: (line: OutLine) => boolean, timeoutMs = 15000): Promise<OutLine> =>
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
        reject(new Error(`timed out after ${timeoutMs} ms; stdout: ${JSON.stringify(lines)}; stderr: ${err}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    child,
    lines,
    stderr: () => err,
    send: (frame) => child.stdin.write(`${typeof frame === 'string' ? frame : JSON.stringify(frame)}\n`),
    waitFor,
    request(id, cmd, args) {
      child.stdin.write(`${JSON.stringify(args === undefined ? { id, cmd } : { id, cmd, args })}\n`);
      return waitFor((l) => l['id'] === id);
    },
    async exited(timeoutMs = 15000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
