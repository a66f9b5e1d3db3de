/**
 * Benchmark: Dialtone's jitter buffer behind an impaired network (5 % loss,
 * 40 ± 20 ms one-way delay, uniform, so packets also reorder), in the real
 * pipeline: SIPp calls Dialtone directly (late offer, `allowDirectCalls`)
 * and its answer names a userspace impairing relay (`test/support/lossy-relay.ts`)
 * as the peer's media address; behind the relay a Node socket sends a PCMU
 * tone every 20 ms back to wherever Dialtone's RTP comes from. Only the
 * direction towards Dialtone is impaired.
 *
 * Measured, from Dialtone's `call.stats` (every 250 ms) and the relay's own
 * counters: network loss (relay drops / datagrams), late loss (packets that
 * arrived after their play time, per packet sent), and the mean buffering
 * delay (the jitter buffer's `bufferDelayMs`: the playout delay it adds on
 * top of the fastest packet's transit, averaged over the samples after a 3 s
 * warm-up).
 *
 * Run: `node --import tsx bench/jitter-impairment.ts [seconds=20] [seed]`.
 */
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { AppEvent } from '../main/common/ipc/contract';
import { createFileAudioPort } from '../main/electron/adapters/file-audio';
import { makeToneWav } from '../test/lab/audio';
import { startKamailio } from '../test/lab/kamailio';
import { findFreePort, LOOPBACK } from '../test/lab/ports';
import { startSipp } from '../test/lab/sipp-runner';
import { makeWorkDir } from '../test/lab/workdir';
import { mediaScenario, plainAnswerKeys } from '../test/support/fuzz-media-peer';
import { labAccount, registration, startCore } from '../test/support/core-driver';
import { startLossyRelay } from '../test/support/lossy-relay';
import { openSock, sendTone, waitUntil } from '../test/support/rtp-socket';
import { mean, sleep } from './support';

const seconds = Number(process.argv[2] ?? 20);
const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const cleanups: Array<() => unknown> = [];
const ctx = { after: (fn: () => unknown) => void cleanups.push(fn) } as unknown as TestContext;

const dir = makeWorkDir('bench-jitter');
const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
try {
  const tone = await makeToneWav(join(dir, 'tone-880.wav'), { freq: 880, seconds: seconds + 15, rate: 8000 });
  const sipPort = await findFreePort({ proto: 'udp' });
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: tone }), autoAnswer: true, sip: { localPort: sipPort, pingIntervalMs: 0 }, statsIntervalMs: 250 });
  cleanups.push(() => core.stop());
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcmu'], srtp: 'off', allowDirectCalls: true });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));

  const peer = await openSock(ctx);
  const impairment = { loss: 0.05, delayMs: 40, jitterMs: 20 };
  const relay = await startLossyRelay({ target: { port: peer.port }, down: impairment, ...(seed === undefined ? {} : { seed }), lifetimeMs: (seconds + 30) * 1000 });
  cleanups.push(() => relay.close());
  const since = core.events.length;
  const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: plainAnswerKeys(relay.port), maxCalls: 1, timeoutS: seconds + 20, extraArgs: ['-d', String((seconds + 4) * 1000)] });
  cleanups.push(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  await waitUntil('Dialtone RTP through the relay', () => peer.from !== undefined, 5000);
  const toPeerSide = peer.from as { address: string; port: number };
  const sender = sendTone(peer, toPeerSide, 440, 0x7e57_0001, 'pcmu');
  cleanups.push(() => sender.stop());
  const startedAt = core.events.length;
  await sleep(seconds * 1000);
  sender.stop();
  await sleep(500);
  const stats = core.events.slice(startedAt).filter((e): e is Extract<AppEvent, { event: 'call.stats' }> => e.event === 'call.stats' && e.data.callId === callId);
  const last = stats.at(-1)?.data;
  const warm = stats.slice(Math.ceil(3000 / 250)).map((e) => e.data.bufferDelayMs);
  const r = relay.stats().down;
  const sent = sender.sent();
  const networkLoss = (100 * r.dropped) / Math.max(1, r.received);
  const late = last?.lateFrames ?? NaN;
  const lateLoss = (100 * late) / Math.max(1, sent);
  console.log(`\nJitter buffer under ${impairment.loss * 100} % loss, ${impairment.delayMs} ± ${impairment.jitterMs} ms one-way delay (relay seed ${relay.seed}), ${seconds} s, ${new Date().toISOString()}:\n`);
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
