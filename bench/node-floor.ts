/**
 * Benchmark: the floor of one call's packet pattern with no media work at
 * all, in Node and in C, side by side in one run. Each program does only
 * what every call costs before any audio is touched: a 20 ms send clock
 * paced on its start time, one 172-byte UDP datagram per tick to a peer, and
 * a socket that receives the peer's datagram every 20 ms (and drops it). A
 * peer process of the same kind sends and receives the same way.
 *
 * Cases, alternated round by round so that the machine's state moves them
 * alike:
 * - `node timer`: Node with only the 50 Hz timer (no socket), the cost of
 *   waking JavaScript 50 times a second;
 * - `node i/o`: Node with the timer, the sends and the receives;
 * - `C i/o`: the same I/O in C (`bench/native/io-floor.c`, built here with
 *   `cc`; skipped, saying so, where there is no compiler).
 *
 * CPU is the scheduler's own run time of the process (all threads, from
 * schedstat), as % of one core. These figures are read next to
 * `call-cpu.ts`'s: the Node floor is the part of a call's cost that a Node
 * packet path pays whatever its codec and SRTP do.
 *
 * Run: `node --import tsx bench/node-floor.ts [windowSeconds=15] [rounds=3]`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuNanos, repoRoot, sleep } from './support';

const windowS = Number(process.argv[2] ?? 15);
const rounds = Number(process.argv[3] ?? 3);
const warmupS = 3;

/** The Node program: bind, then send every 20 ms (paced on its start time) and count what arrives; `timerOnly` drops the socket. */
const nodeProgram = (port: number, peerPort: number, timerOnly: boolean): string => `
const dgram = require('node:dgram');
const timerOnly = ${String(timerOnly)};
const s = timerOnly ? undefined : dgram.createSocket('udp4');
const payload = Buffer.alloc(172, 0x55);
const go = () => {
  const start = performance.now();
  let tick = 0;
  const run = () => {
    if (s) s.send(payload, ${peerPort}, '127.0.0.1');
    tick += 1;
    setTimeout(run, Math.max(0, start + tick * 20 - performance.now()));
  };
  setTimeout(run, 20);
  process.stdout.write('ready\\n');
};
if (s) { s.on('message', () => {}); s.bind(${port}, '127.0.0.1', go); } else go();
`;

function started(child: ChildProcess, what: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 5 s`)), 5000);
    child.once('exit', (code) => reject(new Error(`${what} exited (${String(code)}) before it was ready`)));
    child.stdout?.setEncoding('utf8').once('data', () => {
      clearTimeout(timer);
      resolve(child);
    });
  });
}

/** Builds the C program; undefined (with the reason printed) where it cannot be built. */
function buildC(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'dialtone-floor-')), 'io-floor');
  const cc = spawnSync('cc', ['-O2', '-o', out, join(repoRoot, 'bench/native/io-floor.c')], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    console.log(`C i/o: skipped, no C build here (${cc.error?.message ?? cc.stderr.trim()})`);
    return undefined;
  }
  return out;
}

type Case = 'node timer' | 'node i/o' | 'C i/o';

async function measure(kind: Case, cBinary: string | undefined, port: number): Promise<number> {
  const spawnOne = (p: number, peer: number): ChildProcess =>
    kind === 'C i/o'
      ? spawn(cBinary ?? '', [String(p), String(peer)], { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(process.execPath, ['-e', nodeProgram(p, peer, kind === 'node timer')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const a = await started(spawnOne(port, port + 2), kind);
  const b = kind === 'node timer' ? undefined : await started(spawnOne(port + 2, port), `${kind} peer`);
  try {
    await sleep(warmupS * 1000);
    const pid = a.pid ?? 0;
    const n0 = cpuNanos(pid);
    const t0 = performance.now();
    await sleep(windowS * 1000);
    return ((cpuNanos(pid) - n0) / 1e9 / ((performance.now() - t0) / 1000)) * 100;
  } finally {
    a.kill('SIGKILL');
    b?.kill('SIGKILL');
  }
}

const cBinary = buildC();
const cases: Case[] = ['node timer', 'node i/o', ...(cBinary ? (['C i/o'] as const) : [])];
const results = new Map<Case, number[]>(cases.map((c) => [c, []]));
let port = 47010;
for (let round = 0; round < rounds; round++) {
  for (const kind of cases) {
    const pct = await measure(kind, cBinary, port);
    port += 4;
    results.get(kind)?.push(pct);
    console.log(`round ${round + 1} ${kind}: ${pct.toFixed(2)} % of one core`);
  }
}
console.log(`\nFloor of one call's I/O, no media work, ${windowS} s windows (${new Date().toISOString()}, Node ${process.version}):`);
for (const [kind, runs] of results) console.log(`  ${kind.padEnd(10)} ${runs.map((r) => r.toFixed(2)).join(' / ')} %`);
