/**
 * Benchmark: time from start to the first REGISTER on the wire, for Dialtone
 * and baresip in the same run, against the same UDP "registrar" on loopback
 * (a socket that records when the first REGISTER datagram arrives).
 *
 * - dialtone (in-process): bootstrap() + account.save, as the Electron main
 *   process does it (no process start, no TypeScript compile);
 * - dialtone (headless process): spawning `node --import tsx …/headless.ts`,
 *   which includes Node start-up and compiling the TypeScript sources on the fly;
 * - baresip (process): spawning baresip with one account.
 *
 * Run: `node --import tsx bench/register-latency.ts [runs]`. Prints a Markdown table.
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootstrap } from '../main/electron/bootstrap';
import { withLoopbackBind } from '../test/lab/loopback-bind';
import { findFreePort } from '../test/lab/ports';
import { fakeSecrets, recordingLogger } from '../test/support/fakes';

const runs = Number(process.argv[2] ?? 10);
const root = join(tmpdir(), `dialtone-bench-${process.pid}`);
mkdirSync(root, { recursive: true });

async function registrar(): Promise<{ socket: Socket; port: number; firstRegister(timeoutMs: number): Promise<number> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  let waiter: ((t: number) => void) | undefined;
  socket.on('message', (msg) => {
    if (msg.toString('latin1').startsWith('REGISTER ') && waiter) {
      const w = waiter;
      waiter = undefined;
      w(performance.now());
    }
  });
  return {
    socket,
    port: socket.address().port,
    firstRegister: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no REGISTER')), timeoutMs);
        waiter = (t) => {
          clearTimeout(timer);
          resolve(t);
        };
      }),
  };
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return `${q(0.5).toFixed(1)} | ${q(0.9).toFixed(1)} | ${(s[0] ?? NaN).toFixed(1)} | ${(s.at(-1) ?? NaN).toFixed(1)}`;
}

async function dialtoneInProcess(): Promise<number> {
  const reg = await registrar();
  const wait = reg.firstRegister(10000);
  const t0 = performance.now();
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: 'bench', mode: 'headless' },
    env: { DIALTONE_PASSWORD: 'x' },
    onQuitRequested: () => undefined,
    overrides: { logger: recordingLogger(), secrets: fakeSecrets() },
  });
  await runtime.core.saveAccount({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${reg.port}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true });
  const t1 = await wait;
  await Promise.race([runtime.shutdown(), new Promise((r) => setTimeout(r, 3000))]);
  reg.socket.close();
  return t1 - t0;
}

async function processRun(command: string, args: string[], env: NodeJS.ProcessEnv, wait: Promise<number>): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    return (await wait) - t0;
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

async function dialtoneHeadless(i: number): Promise<number> {
  const reg = await registrar();
  const file = join(root, `account-${i}.json`);
  writeFileSync(file, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${reg.port}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true }));
  const t = await processRun(process.execPath, ['--import', 'tsx', 'main/electron/cli/headless.ts', '--account', file], { ...process.env, DIALTONE_PASSWORD: 'x' }, reg.firstRegister(15000));
  reg.socket.close();
  return t;
}

async function baresip(i: number): Promise<number> {
  const reg = await registrar();
  const dir = join(root, `baresip-${i}`);
  mkdirSync(dir, { recursive: true });
  const sipPort = await findFreePort({ proto: 'both', span: 2 });
  writeFileSync(
    join(dir, 'config'),
    [`sip_listen 127.0.0.1:${sipPort}`, 'net_interface 127.0.0.1', 'dns_server 127.0.0.1:53', 'audio_player none,none', 'audio_source none,none', 'module_path /usr/lib/baresip/modules', 'module g711.so', 'module_tmp account.so', 'statmode_default off', ''].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), `<sip:alice@127.0.0.1;transport=udp>;auth_pass=x;outbound="sip:127.0.0.1:${reg.port};transport=udp";regint=300\n`);
  writeFileSync(join(dir, 'contacts'), '');
  const env = await withLoopbackBind({ ...process.env, HOME: dir });
  const t = await processRun('baresip', ['-4', '-f', dir], env, reg.firstRegister(15000));
  reg.socket.close();
  return t;
}

const results: Record<string, number[]> = { 'Dialtone, in-process core start': [], 'Dialtone headless process (node + tsx)': [], 'baresip 1.0.0 process': [] };
for (let i = 0; i < runs; i++) {
  results['Dialtone, in-process core start']?.push(await dialtoneInProcess());
  results['Dialtone headless process (node + tsx)']?.push(await dialtoneHeadless(i));
  results['baresip 1.0.0 process']?.push(await baresip(i));
}
console.log(`\nStart to first REGISTER on the wire, UDP, loopback, ${runs} runs each, interleaved (ms):\n`);
console.log('| what | median | p90 | min | max |');
console.log('|---|---|---|---|---|');
for (const [name, samples] of Object.entries(results)) console.log(`| ${name} | ${stats(samples)} |`);
process.exit(0);
