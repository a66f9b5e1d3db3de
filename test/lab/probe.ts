/**
 * Run a TypeScript probe script (see `test/lab/probes/`) in a child `node`
 * with a given environment, bounded in time, and parse its `RESULT {json}`
 * line.
 *
 * Native add-ons that depend on process-wide environment (keytar → D-Bus
 * session bus, naudiodon → ALSA config) must see the lab env from their first
 * load, so they are exercised in a child process rather than in the test
 * runner. The child uses tsx with its cache disabled and TMPDIR pointing into
 * the work dir, so it writes nothing outside it.
 *
 * @module
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExit, runCommand, type CommandResult } from './proc';
import { makeWorkDir } from './workdir';

/** Directory holding the lab's probe scripts. */
export const PROBE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'probes');

/** The parsed result plus the raw process outcome. */
export interface ProbeRun<T> {
  readonly result: T;
  readonly run: CommandResult;
}

/**
 * Run `probes/<name>.ts ARGS` with `env` (bounded by `timeoutMs`) and
 * return its parsed `RESULT` JSON. Throws, with the child's stdout/stderr,
 * if it times out or prints no RESULT line (a non-zero exit with a RESULT
 * line is returned: the result says what failed).
 */
export async function runProbe<T>(
  name: 'keytar-probe' | 'naudiodon-probe',
  args: readonly string[],
  opts: { readonly env: NodeJS.ProcessEnv; readonly timeoutMs: number },
): Promise<ProbeRun<T>> {
  const tmp = makeWorkDir(`${name}-tmp`);
  const env: NodeJS.ProcessEnv = { ...opts.env, TSX_DISABLE_CACHE: '1', TMPDIR: tmp };
  const script = join(PROBE_DIR, `${name}.ts`);
  const run = await runCommand(process.execPath, ['--import', 'tsx', script, ...args], {
    timeoutMs: opts.timeoutMs,
    env,
    cwd: dirname(PROBE_DIR),
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    const status = run.timedOut ? `timed out after ${opts.timeoutMs} ms` : describeExit(run);
    throw new Error(`probe ${name} gave no RESULT (${status})\n--- stdout ---\n${run.stdout.slice(-3000)}\n--- stderr ---\n${run.stderr.slice(-3000)}`);
  }
  return { result: JSON.parse(line.slice('RESULT '.length)) as T, run };
}
