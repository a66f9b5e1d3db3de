/**
 * Benchmark: RTP pacing while Dialtone's main thread is busy: the reason the
 * media worker exists (DESIGN §4).
 *
 * Two Dialtone runtimes run inside this process, as in the Electron main
 * process: one with call media in the media worker (the app's wiring), one
 * with call media on the main thread (`bootstrap({ audio })`, the old
 * wiring). baresip sends beside them as the reference. Each calls its own
 * fake peer (bench/pacing-peer.ts), whose C receiver timestamps arrivals in
 * the kernel. Phases, in the same calls:
 *  - idle: the main thread does nothing else;
 *  - busy: the main thread spins `busyMs` of every `periodMs` (default 50 of
 *    100), plus a 250 ms block every 2 s (a large JSON parse, a GC pause, a
 *    slow synchronous call) — signaling, IPC and the UI bridge share it.
 *
 * Run: `node --import tsx bench/main-busy-pacing.ts [phaseSeconds=20] [busyMs=50] [periodMs=100]`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeToneWav } from '../test/lab/audio';
import { startBaresip } from '../test/lab/baresip';
import { makeWorkDir } from '../test/lab/workdir';
import { recordingLogger } from '../test/support/fakes';
import { createFileAudioPort } from '../main/electron/adapters/file-audio';
import { bootstrap, type Runtime } from '../main/electron/bootstrap';
import type { AppEvent } from '../main/common/ipc/contract';
import { compileReceiver, printTable, startPeer, summarise, type Peer, type Summary } from './pacing-peer';
import { sleep } from './support';

const phaseS = Number(process.argv[2] ?? 20);
const busyMs = Number(process.argv[3] ?? 50);
const periodMs = Number(process.argv[4] ?? 100);

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Busy on purpose: this is the load being measured against.
  }
}

/** Starts the main-thread load; returns the function that stops it. */
function loadMainThread(): () => void {
  const small = setInterval(() => spin(busyMs), periodMs);
  const big = setInterval(() => spin(250), 2000);
  return () => {
    clearInterval(small);
    clearInterval(big);
  };
}

async function startDialtone(name: string, peer: Peer, tone: string, onMain: boolean): Promise<{ runtime: Runtime; callId: string }> {
  const runtime = bootstrap({
    app: { name: 'Dialtone', version: 'bench', mode: 'headless' },
    env: { DIALTONE_PASSWORD: 'x' },
    onQuitRequested: () => undefined,
    ...(onMain ? { audio: createFileAudioPort({ input: tone }) } : { media: { kind: 'files', input: tone } }),
    overrides: { logger: recordingLogger() },
  });
  const events: AppEvent[] = [];
  runtime.core.subscribe((e) => events.push(e));
  const until = async (what: string, pred: (e: AppEvent) => boolean): Promise<void> => {
    const end = Date.now() + 20000;
    while (!events.some(pred)) {
      if (Date.now() > end) throw new Error(`${name}: timed out waiting for ${what}`);
      await sleep(20);
    }
  };
  const saved = await runtime.core.saveAccount({ aor: `sip:${name}@127.0.0.1`, username: name, server: `127.0.0.1:${peer.sipPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true });
  if (!saved.ok) throw new Error(saved.error.message);
  await until('registration', (e) => e.event === 'registration.changed' && e.data.state === 'registered');
  const dial = await runtime.core.dial(`sip:bob@127.0.0.1:${peer.sipPort}`);
  if (!dial.ok) throw new Error(dial.error.message);
  await until('an active call', (e) => e.event === 'call.updated' && e.data.callId === dial.data.callId && e.data.state === 'active');
  return { runtime, callId: dial.data.callId };
}

async function main(): Promise<void> {
  const dir = makeWorkDir('bench-main-busy');
  const bin = compileReceiver(dir);
  const lifetime = 2 * phaseS + 60;
  const tone = await makeToneWav(join(dir, 'tone-440-48k.wav'), { freq: 440, seconds: lifetime, rate: 48000 });
  const workerPeer = await startPeer(bin, lifetime);
  const mainPeer = await startPeer(bin, lifetime);
  const barePeer = await startPeer(bin, lifetime);
  writeFileSync(join(dir, 'note.txt'), 'bench work dir\n');
  const bare = await startBaresip({ user: 'dave', toneWav: tone, codecs: ['PCMU/8000/1'], autoAnswer: false });
  const results: Array<{ who: string; phase: string; s: Summary }> = [];
  let stopLoad: (() => void) | undefined;
  const runtimes: Runtime[] = [];
  try {
    const inWorker = await startDialtone('worker', workerPeer, tone, false);
    runtimes.push(inWorker.runtime);
    const onMain = await startDialtone('mainthread', mainPeer, tone, true);
    runtimes.push(onMain.runtime);
    const bc = bare.eventCursor();
    await bare.command('dial', `sip:peer@127.0.0.1:${barePeer.sipPort}`);
    await bare.waitForEvent('CALL_ESTABLISHED', 15000, { since: bc });
    await sleep(3000);
    const idleFrom = Date.now();
    await sleep(phaseS * 1000);
    const idleTo = Date.now();
    stopLoad = loadMainThread();
    await sleep(1000);
    const busyFrom = Date.now();
    // Sleeping here still lets the intervals above run: the load is on this thread.
    await sleep(phaseS * 1000);
    const busyTo = Date.now();
    stopLoad();
    stopLoad = undefined;
    await sleep(300);
    const busyLabel = `main thread busy (${busyMs} of every ${periodMs} ms + 250 ms every 2 s)`;
    for (const [who, peer] of [
      ['Dialtone, media worker (the app)', workerPeer],
      ['Dialtone, media on the main thread', mainPeer],
      ['baresip 1.0.0 (separate process)', barePeer],
    ] as const) {
      results.push({ who, phase: 'main thread idle', s: summarise(peer.arrivals, idleFrom, idleTo) });
      results.push({ who, phase: busyLabel, s: summarise(peer.arrivals, busyFrom, busyTo) });
    }
    await inWorker.runtime.core.hangup(inWorker.callId);
    await onMain.runtime.core.hangup(onMain.callId);
    await bare.command('hangup').catch(() => undefined);
    await sleep(500);
  } finally {
    stopLoad?.();
    for (const r of runtimes) await r.shutdown();
    await bare.stop();
    for (const p of [workerPeer, mainPeer, barePeer]) await p.close();
  }
  printTable(`RTP send-interval deviation from 20 ms with Dialtone's main thread idle and busy (kernel arrival time at the peer; ${phaseS} s per phase; ${new Date().toISOString()}), ms`, results);
}

await main();
process.exit(0);
