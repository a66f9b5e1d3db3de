/**
 * The Dialtone leg of `bench/jitter-impairment.ts`: Dialtone in-process (its
 * real pipeline: sockets, SRTP off, PCMU, jitter buffer, file audio port
 * clock), called by SIPp directly with a late offer whose answer names the
 * impairing relay as the peer's media address. Figures come from
 * `call.stats` (every 250 ms) and from the jitter-buffer recorder
 * (`jitter-trace.ts`: each played frame's arrival → play time).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AppEvent } from '../main/common/ipc/contract';
import { createFileAudioPort } from '../main/electron/adapters/file-audio';
import { makeToneWav } from '../test/lab/audio';
import { startKamailio } from '../test/lab/kamailio';
import { findFreePort, LOOPBACK } from '../test/lab/ports';
import { startSipp } from '../test/lab/sipp-runner';
import { labAccount, registration, startCore } from '../test/support/core-driver';
import { mediaScenario, plainAnswerKeys } from '../test/support/fuzz-media-peer';
import { startJitterPeer, type Impairment } from './jitter-peer-client';
import type { JitterRow } from './jitter-row';
import { recordJitterTraces, saveJitterTraces } from './jitter-trace';
import { mean, sleep } from './support';

/** Runs the Dialtone receiver for `seconds` behind the relay and measures it. */
export async function runDialtoneReceiver(p: { readonly dir: string; readonly seconds: number; readonly impairment: Impairment; readonly seed: number; readonly warmupMs: number; readonly tracePath?: string }): Promise<JitterRow> {
  const cleanups: Array<() => unknown> = [];
  const recorder = recordJitterTraces();
  cleanups.push(() => recorder.stop());
  try {
    const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
    cleanups.push(() => kam.stop());
    const tone = await makeToneWav(join(p.dir, 'tone-880.wav'), { freq: 880, seconds: p.seconds + 15, rate: 8000 });
    const sipPort = await findFreePort({ proto: 'udp' });
    const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: tone }), autoAnswer: true, sip: { localPort: sipPort, pingIntervalMs: 0 }, statsIntervalMs: 250 });
    cleanups.push(() => core.stop());
    await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcmu'], srtp: 'off', allowDirectCalls: true });
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));

    const peer = await startJitterPeer(p.impairment, p.seconds + 30, p.seed);
    cleanups.push(() => peer.kill());
    const since = core.events.length;
    const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: plainAnswerKeys(peer.relayPort), maxCalls: 1, timeoutS: p.seconds + 20, extraArgs: ['-d', String((p.seconds + 4) * 1000)] });
    cleanups.push(() => sipp.stop());
    const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.state === 'active', 10_000, since);
    const callId = active.event === 'call.updated' ? active.data.callId : '';
    const startedAt = core.events.length;
    const warmEnd = performance.now() + p.warmupMs;
    await sleep(p.seconds * 1000);
    const done = await peer.stop();
    await sleep(300);
    const traces = recorder.stop();
    if (p.tracePath) saveJitterTraces(p.tracePath, traces);
    const stats = core.events.slice(startedAt).filter((e): e is Extract<AppEvent, { event: 'call.stats' }> => e.event === 'call.stats' && e.data.callId === callId);
    const last = stats.at(-1)?.data;
    const warm = stats.slice(Math.ceil(p.warmupMs / 250)).map((e) => e.data.bufferDelayMs);
    const summary = recorder.summary(warmEnd);
    return {
      receiver: 'Dialtone (PCMU, file port)',
      sent: done.sent,
      networkLossPct: (100 * done.down.dropped) / Math.max(1, done.down.received),
      late: last?.lateFrames,
      concealed: last?.concealedFrames,
      meanBufferingMs: mean(warm),
      maxBufferingMs: Math.max(...warm),
      meanArrivalToPlayMs: summary.meanArrivalToPlayMs,
      notes: `RFC 3550 lost ${last?.packetsLost}, jitter ${last?.jitterMs.toFixed(1)} ms; relay down: received ${done.down.received}, forwarded ${done.down.forwarded}, dropped ${done.down.dropped}; Dialtone packetsReceived ${last?.packetsReceived}.`,
    };
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  }
}
