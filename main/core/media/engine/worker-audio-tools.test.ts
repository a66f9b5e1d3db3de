/**
 * Processing switches and the echo test through the worker proxy: the
 * WorkerMediaEngine and the worker runtime joined by a real MessageChannel
 * (structured clone, as between threads), the local engine on the far side
 * over a test-driven audio clock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import type { EchoTestProgress } from '../../../common/models/audio-processing';
import { manualAudioPort, recordingLogger, unreachableSockets, type ManualAudioPort } from '../../../../test/support/fakes';
import { createSystemClock } from '../../../electron/adapters/system-clock';
import type { ProcessingProblem } from '../processing/capture-processor';
import { LocalMediaEngine } from './local-media-engine';
import { WorkerMediaEngine } from './worker-media-engine';
import { serveMediaWorker } from './worker-runtime';
import type { FromWorker, MediaWorkerHandle, ToWorker } from './worker-protocol';

function harness(rate: number): { engine: WorkerMediaEngine; audio: ManualAudioPort; local: () => LocalMediaEngine | undefined } {
  const audio = manualAudioPort(rate);
  let local: LocalMediaEngine | undefined;
  const spawn = (): MediaWorkerHandle => {
    const { port1, port2 } = new MessageChannel();
    const engine = new LocalMediaEngine({ audio, sockets: unreachableSockets(), clock: createSystemClock(), logger: recordingLogger(), random: Math.random, devicePollMs: 0 });
    engine.audio.useProcessorLoaders({ echoCanceller: () => Promise.reject(new Error('aec3.wasm: ENOENT')), noiseSuppressor: () => Promise.reject(new Error('rnnoise.wasm: ENOENT')) });
    local = engine;
    const stop = serveMediaWorker({ postMessage: (m) => port2.postMessage(m), onMessage: (l) => port2.on('message', l as (m: ToWorker) => void) }, engine);
    return {
      postMessage: (m) => port1.postMessage(m),
      onMessage: (l) => port1.on('message', l as (m: FromWorker) => void),
      onExit: () => undefined,
      terminate: async () => {
        port1.close();
        port2.close();
        await stop();
      },
    };
  };
  return { engine: new WorkerMediaEngine({ spawn, logger: recordingLogger() }), audio, local: () => local };
}

const until = async (what: string, check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('through the worker: switches set before the worker starts reach it, a processing problem comes back, the echo test reports progress and its result', { timeout: 20_000 }, async (t) => {
  const h = harness(16000);
  t.after(() => h.engine.close());
  const problems: ProcessingProblem[] = [];
  h.engine.onProcessingProblem((p) => problems.push(p));
  h.engine.configureProcessing({ echoCancellation: true, noiseSuppression: false });
  const steps: EchoTestProgress[] = [];
  const done = h.engine.echoTest(1, (p) => steps.push(p));
  await until('the worker opens the device', () => h.audio.opened === 1);
  assert.deepEqual(h.local()?.audio.processingSettings, { echoCancellation: true, noiseSuppression: false }, 'the worker got the switches on start');
  await until('the load problem', () => problems.length === 1);
  assert.equal(problems[0]?.processor, 'echoCancellation');
  assert.match(problems[0]?.message ?? '', /Echo cancellation could not start \(aec3.wasm: ENOENT\)/);
  const tone = Int16Array.from({ length: 320 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 500 * i) / 16000)));
  const played: number[] = [];
  // The leg attaches once its resamplers exist: tick until the test says it is recording.
  let ticks = 0;
  for (const end = Date.now() + 3000; steps.length === 0 && Date.now() < end; ticks++) {
    h.audio.tick(tone);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(steps[0], { phase: 'recording', secondsLeft: 1 });
  for (let k = 0; k < 50; k++) h.audio.tick(tone);
  for (let k = 0; k < 51; k++) played.push(...(h.audio.tick(new Int16Array(320)) ?? []));
  const result = await done;
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.data.silent, false);
  assert.ok(played.slice(1000, 15000).some((v) => Math.abs(v) > 4000), 'the recording was played back');
  await until('the last step', () => steps.length === 3);
  assert.deepEqual(steps.map((s) => s.phase), ['recording', 'playing', 'finished']);
  h.engine.configureProcessing({ echoCancellation: false, noiseSuppression: false });
  await until('the switch reaches the worker', () => h.local()?.audio.processingSettings.echoCancellation === false);
  await h.engine.close();
});
