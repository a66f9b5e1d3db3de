/**
 * Benchmark: Dialtone's jitter buffer behind an impaired network (5 % loss,
 * 40 ± 20 ms one-way delay, uniform, so packets also reorder), in the real
 * pipeline: SIPp calls Dialtone directly (late offer, `allowDirectCalls`)
 * and its answer names a userspace impairing relay (`test/support/lossy-relay.ts`)
 * as the peer's media address; behind the relay a Node socket sends a PCMU
 * tone every 20 ms back to wherever Dialtone's RTP comes from. Relay and
 * sender run in their own process (`bench/jitter-peer.ts`), so their timers
 * do not share Dialtone's event loop. Only the direction towards Dialtone
 * is impaired.
 *
 * Measured, from Dialtone's `call.stats` (every 250 ms) and the relay's own
 * counters: network loss (relay drops / datagrams), late loss (packets that
 * arrived after their play time, per packet sent), and the mean buffering
 * delay (the jitter buffer's `bufferDelayMs`: the playout delay it adds on
 * top of the fastest packet's transit, averaged over the samples after a 3 s
 * warm-up).
 *
 * Run: `node --import tsx bench/jitter-impairment.ts [seconds=20] [seed|-] [loss=0.05 delayMs=40 jitterMs=20]`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AppEvent } from '../main/common/ipc/contract';
import { createFileAudioPort } from '../main/electron/adapters/file-audio';
import { makeToneWav } from '../test/lab/audio';
import { startKamailio } from '../test/lab/kamailio';
import { findFreePort, LOOPBACK } from '../test/lab/ports';
import { startSipp } from '../test/lab/sipp-runner';
import { makeWorkDir } from '../test/lab/workdir';
import { mediaScenario, plainAnswerKeys } from '../test/support/fuzz-media-peer';
import { labAccount, registration, startCore } from '../test/support/core-driver';
import type { DirectionStats } from '../test/support/lossy-relay';
import { mean, repoRoot, sleep } from './support';

const seconds = Number(process.argv[2] ?? 20);
const seed = process.argv[3] === undefined || process.argv[3] === '-' ? undefined : Number(process.argv[3]);
/** Optional: loss fraction, delay and jitter (ms) instead of the 0.05, 40, 20 (e.g. `0 0 0` for a baseline). */
const [lossArg, delayArg, jitterArg] = process.argv.slice(4).map(Number);
const cleanups: Array<() => unknown> = [];

const dir = makeWorkDir('bench-jitter');
const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
try {
  const tone = await makeToneWav(join(dir, 'tone-880.wav'), { freq: 880, seconds: seconds + 15, rate: 8000 });
  const sipPort = await findFreePort({ proto: 'udp' });
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: tone }), autoAnswer: true, sip: { localPort: sipPort, pingIntervalMs: 0 }, statsIntervalMs: 250 });
  cleanups.push(() => core.stop());
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcmu'], srtp: 'off', allowDirectCalls: true });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));

  const impairment = { loss: lossArg ?? 0.05, delayMs: delayArg ?? 40, jitterMs: jitterArg ?? 20 };
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/jitter-peer.ts'), String(impairment.loss), String(impairment.delayMs), String(impairment.jitterMs), String(seconds + 30), ...(seed === undefined ? [] : [String(seed)])], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  const nextLine = async (key: string, timeoutMs: number): Promise<Record<string, unknown>> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = lines.find((l) => key in l);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`jitter-peer did not report ${key} within ${timeoutMs} ms`);
      await sleep(50);
    }
  };
  const ready = await nextLine('relayPort', 20_000);
  const relayPort = Number(ready['relayPort']);
  const since = core.events.length;
  const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: plainAnswerKeys(relayPort), maxCalls: 1, timeoutS: seconds + 20, extraArgs: ['-d', String((seconds + 4) * 1000)] });
  cleanups.push(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  const startedAt = core.events.length;
  await sleep(seconds * 1000);
  child.stdin.write('stop\n');
  const done = await nextLine('sent', 5000);
  await sleep(300);
  const stats = core.events.slice(startedAt).filter((e): e is Extract<AppEvent, { event: 'call.stats' }> => e.event === 'call.stats' && e.data.callId === callId);
  const last = stats.at(-1)?.data;
  const warm = stats.slice(Math.ceil(3000 / 250)).map((e) => e.data.bufferDelayMs);
  const r = (done['relay'] as { down: DirectionStats }).down;
  const sent = Number(done['sent']);
  const networkLoss = (100 * r.dropped) / Math.max(1, r.received);
  const late = last?.lateFrames ?? NaN;
  const lateLoss = (100 * late) / Math.max(1, sent);
  console.log(`\nJitter buffer under ${impairment.loss * 100} % loss, ${impairment.delayMs} ± ${impairment.jitterMs} ms one-way delay (relay seed ${String(ready['seed'])}), ${seconds} s, ${new Date().toISOString()}:\n`);
  console.log('| receiver | packets sent | network loss % | late (dropped) | late loss % | lost (RFC 3550) | concealed frames | mean buffering ms | max buffering ms | jitter ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(`| Dialtone (PCMU, file port) | ${sent} | ${networkLoss.toFixed(2)} | ${late} | ${lateLoss.toFixed(2)} | ${last?.packetsLost} | ${last?.concealedFrames} | ${mean(warm).toFixed(1)} | ${Math.max(...warm).toFixed(1)} | ${last?.jitterMs.toFixed(1)} |`);
  console.log(`\nGoal: late loss <= 1 % above network loss (${lateLoss.toFixed(2)} %: ${lateLoss <= 1 ? 'met' : 'NOT met'}), mean buffering <= 80 ms (${mean(warm).toFixed(1)} ms: ${mean(warm) <= 80 ? 'met' : 'NOT met'}).`);
  console.log(`relay down: received ${r.received}, forwarded ${r.forwarded}, dropped ${r.dropped}, overflow ${r.overflow}; Dialtone packetsReceived ${last?.packetsReceived}`);
} finally {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  await kam.stop();
}
process.exit(0);
