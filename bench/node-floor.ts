/**
 * Benchmark: the floor of Node's event loop for one call's packet pattern,
 * with no media work at all. A child Node process does only what every call
 * costs before any audio is touched: a drift-corrected 20 ms timer that sends
 * one 172-byte UDP datagram per tick to a peer, and a socket that receives
 * the peer's 172-byte datagram every 20 ms (and drops it). The peer (another
 * process) sends and receives the same way. The child's CPU over the window
 * is the part of a call's cost that a Node implementation pays whatever its
 * codec and SRTP do; it is read next to `call-cpu.ts`'s figures.
 *
 * Run: `node --import tsx bench/node-floor.ts [windowSeconds=20] [warmupSeconds=3]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { cpuTicks, sleep, USER_HZ } from './support';

const windowS = Number(process.argv[2] ?? 20);
const warmupS = Number(process.argv[3] ?? 3);

/** The child's program: bind, then send every 20 ms (paced on its start time) and count what arrives. */
const program = (port: number, peerPort: number): string => `
const dgram = require('node:dgram');
const s = dgram.createSocket('udp4');
const payload = Buffer.alloc(172, 0x55);
let received = 0;
s.on('message', () => { received += 1; });
s.bind(${port}, '127.0.0.1', () => {
  const start = performance.now();
  let tick = 0;
  const run = () => {
    s.send(payload, ${peerPort}, '127.0.0.1');
    tick += 1;
    setTimeout(run, Math.max(0, start + tick * 20 - performance.now()));
  };
  setTimeout(run, 20);
  process.stdout.write('ready\\n');
});
process.on('SIGTERM', () => { process.stdout.write('received ' + received + '\\n'); process.exit(0); });
`;

function start(port: number, peerPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', program(port, peerPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the floor process did not start in 5 s')), 5000);
    child.stdout?.setEncoding('utf8').once('data', () => {
      clearTimeout(timer);
      resolve(child);
    });
  });
}

const a = await start(47010, 47012);
const b = await start(47012, 47010);
try {
  await sleep(warmupS * 1000);
  const pid = a.pid ?? 0;
  const c0 = cpuTicks(pid);
  const t0 = performance.now();
  await sleep(windowS * 1000);
  const pct = ((cpuTicks(pid) - c0) / USER_HZ / ((performance.now() - t0) / 1000)) * 100;
  console.log(`Node event-loop floor (50 timer ticks, 50 sends, 50 receives a second, no media work): ${pct.toFixed(2)} % of one core over ${windowS} s (${new Date().toISOString()}, Node ${process.version})`);
} finally {
  a.kill('SIGTERM');
  b.kill('SIGTERM');
}
