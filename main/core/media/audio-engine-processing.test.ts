/**
 * The audio engine with processing and the echo test, on a test-driven
 * device clock: a simulated room feeds what the engine plays back into the
 * microphone (60 ms delay, decaying tail), so echo cancellation is checked
 * end to end through the engine's own reference path; the echo test records
 * and plays back a tone. The audio tools (core) on top: events, refusals,
 * the bounded wait.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventData, EventName } from '../../common/ipc/contract';
import type { EchoTestProgress } from '../../common/models/audio-processing';
import { fakeClock, manualAudioPort, recordingLogger } from '../../../test/support/fakes';
import { add, echoPath, energy, seeded, sine, speechLike, toInt16, tonePower, whiteNoise } from '../../../test/support/speech-like';
import { AudioEngine, type AudioLeg } from './audio-engine';
import { createAudioTools } from './audio-tools';
import { LocalMediaEngine } from './engine/local-media-engine';
import { unreachableSockets } from '../../../test/support/fakes';

const RATE = 48000;
const CHUNK = 960;

/** A call leg at 48 kHz that plays `far` and records what it hears (the processed microphone). */
function callLeg(far: Int16Array): AudioLeg & { heard: Int16Array; at: number } {
  const leg = {
    sampleRate: RATE,
    heard: new Int16Array(far.length),
    at: 0,
    tick(captured: Int16Array): Int16Array {
      leg.heard.set(captured.subarray(0, Math.min(captured.length, far.length - leg.at)), leg.at);
      const out = far.slice(leg.at, leg.at + captured.length);
      leg.at += captured.length;
      return out;
    },
  };
  return leg;
}

/** A room: the microphone picks up what the speaker played through `h`, plus `near`. */
function room(h: Float64Array, near: Int16Array): { mic(k: number): Int16Array; played(k: number, out: Int16Array | undefined): void } {
  const playedAll = new Float64Array(near.length);
  const taps: Array<[number, number]> = [];
  h.forEach((v, k) => {
    if (v !== 0) taps.push([k, v]);
  });
  return {
    mic(k) {
      const chunk = new Int16Array(CHUNK);
      for (let j = 0; j < CHUNK; j++) {
        const i = k * CHUNK + j;
        let acc = (near[i] ?? 0) / 32768;
        for (const [d, v] of taps) if (i - d >= 0) acc += v * (playedAll[i - d] ?? 0);
        chunk[j] = Math.max(-32768, Math.min(32767, Math.round(acc * 32768)));
      }
      return chunk;
    },
    played(k, out) {
      if (out) for (let j = 0; j < out.length; j++) playedAll[k * CHUNK + j] = (out[j] ?? 0) / 32768;
    },
  };
}

test('in the engine, echo cancellation uses what the device plays as the reference; switched off at runtime the echo comes back', async () => {
  const seconds = 6;
  const far = toInt16(speechLike(seconds, { pitchHz: 120, seed: 11 }));
  const r = room(echoPath({ delayMs: 60, tailMs: 20, gain: 0.5 }), new Int16Array(far.length));
  const port = manualAudioPort(RATE);
  const engine = new AudioEngine(port, recordingLogger());
  engine.configureProcessing({ echoCancellation: true, noiseSuppression: false });
  const leg = callLeg(far);
  await engine.attach(leg);
  await engine.captureProcessor?.ready();
  assert.deepEqual(engine.captureProcessor?.running, { echoCancellation: true, noiseSuppression: false });
  const mics: Int16Array[] = [];
  const ticks = (seconds * RATE) / CHUNK;
  for (let k = 0; k < ticks; k++) {
    if (k === 200) engine.configureProcessing({ echoCancellation: false, noiseSuppression: false });
    const mic = r.mic(k);
    mics.push(Int16Array.from(mic));
    r.played(k, port.tick(mic));
  }
  const micAll = new Int16Array(ticks * CHUNK);
  mics.forEach((m, k) => micAll.set(m, k * CHUNK));
  const erleOn = 10 * Math.log10(energy(micAll, 2 * RATE, 4 * RATE) / Math.max(1, energy(leg.heard, 2 * RATE, 4 * RATE)));
  const erleOff = 10 * Math.log10(energy(micAll, 4.2 * RATE, 6 * RATE) / Math.max(1, energy(leg.heard, 4.2 * RATE, 6 * RATE)));
  assert.ok(erleOn > 10, `echo cancelled in the engine: ERLE ${erleOn.toFixed(1)} dB`);
  assert.ok(Math.abs(erleOff) < 0.5, `switched off, the call hears the echo again (${erleOff.toFixed(2)} dB)`);
  await engine.close();
});

test('noise suppression in the engine: a call hears less of the fan noise between words; with both off the microphone is untouched', async () => {
  const port = manualAudioPort(RATE);
  const engine = new AudioEngine(port, recordingLogger());
  const voice = speechLike(3, { pitchHz: 180, seed: 5 });
  const mic = toInt16(add(voice, whiteNoise(3, -30, 9)));
  const leg = callLeg(new Int16Array(mic.length));
  await engine.attach(leg);
  for (let k = 0; k < 50; k++) port.tick(mic.slice(k * CHUNK, (k + 1) * CHUNK));
  assert.deepEqual(leg.heard.subarray(0, 50 * CHUNK), mic.subarray(0, 50 * CHUNK), 'off: the call hears the microphone exactly');
  engine.configureProcessing({ echoCancellation: false, noiseSuppression: true });
  await engine.captureProcessor?.ready();
  for (let k = 50; k < 150; k++) port.tick(mic.slice(k * CHUNK, (k + 1) * CHUNK));
  // Noise alone: the voice's pauses from 1.5 s on.
  let before = 0;
  let after = 0;
  for (let i = 75 * CHUNK; i + 480 <= 150 * CHUNK; i += 480) {
    if (energy(voice, i, i + 480) > 0) continue;
    before += energy(mic, i, i + 480);
    after += energy(leg.heard, i, i + 480);
  }
  const reduction = 10 * Math.log10(before / Math.max(1, after));
  assert.ok(before > 0 && reduction > 10, `noise between words reduced by ${reduction.toFixed(1)} dB`);
  await engine.close();
});

test('the echo test records the microphone, plays it back, reports each second and the level, then releases the device', async () => {
  const port = manualAudioPort(RATE);
  const engine = new AudioEngine(port, recordingLogger());
  const steps: EchoTestProgress[] = [];
  const done = engine.echoTest(1, (p) => steps.push(p));
  await new Promise((r) => setImmediate(r));
  assert.equal(port.opened, 1, 'the device opened for the test');
  const second = await engine.echoTest(1, () => undefined);
  assert.equal(second.ok ? 'ok' : second.error.code, 'ECHO_TEST_BUSY');
  const tone = toInt16(sine(1, 440, -12));
  const played: number[] = [];
  for (let k = 0; k < 50; k++) port.tick(tone.slice(k * CHUNK, (k + 1) * CHUNK));
  for (let k = 0; k < 51; k++) played.push(...(port.tick(new Int16Array(CHUNK)) ?? []));
  const result = await done;
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.data.silent, false);
  assert.ok(Math.abs(result.data.inputDb - -15) < 1, `recorded level ${result.data.inputDb} dBFS (a -12 dBFS peak sine is -15 dBFS RMS)`);
  const back = Int16Array.from(played.slice(0, RATE));
  const toneDb = 10 * Math.log10(tonePower(back, 440) / tonePower(tone, 440));
  assert.ok(Math.abs(toneDb) < 0.5, `the tone comes back at the same level (${toneDb.toFixed(2)} dB)`);
  assert.deepEqual(steps, [
    { phase: 'recording', secondsLeft: 1 },
    { phase: 'playing', secondsLeft: 1 },
    { phase: 'finished', secondsLeft: 0 },
  ]);
  await new Promise((r) => setImmediate(r));
  assert.equal(port.closed, 1, 'the device is released after the test');
});

test('the echo test says when the microphone gave nothing', async () => {
  const port = manualAudioPort(RATE);
  const engine = new AudioEngine(port, recordingLogger());
  const done = engine.echoTest(1, () => undefined);
  await new Promise((r) => setImmediate(r));
  const rnd = seeded(4);
  for (let k = 0; k < 101; k++) port.tick(Int16Array.from({ length: CHUNK }, () => Math.round(rnd() * 4 - 2)));
  const result = await done;
  assert.ok(result.ok);
  assert.equal(result.data.silent, true, `peak ${result.data.peakDb} dBFS`);
});

test('audio tools: switches publish their state and problems; the echo test is refused during a call and bounded when the device never ticks', async () => {
  const port = manualAudioPort(16000);
  const clock = fakeClock();
  const engine = new LocalMediaEngine({ audio: port, sockets: unreachableSockets(), clock, logger: recordingLogger(), random: Math.random, devicePollMs: 0 });
  // As if the WASM could not be loaded (a damaged install).
  engine.audio.useProcessorLoaders({ echoCanceller: () => Promise.reject(new Error('aec3.wasm: ENOENT')), noiseSuppressor: () => Promise.reject(new Error('rnnoise.wasm: ENOENT')) });
  const events: Array<{ event: EventName; data: unknown }> = [];
  let inCall = false;
  const tools = createAudioTools({
    engine,
    clock,
    logger: recordingLogger(),
    publish: <K extends EventName>(event: K, data: EventData<K>) => void events.push({ event, data }),
    callsInProgress: () => inCall,
    initial: { echoCancellation: true, noiseSuppression: false },
    echoTestGraceMs: 1000,
  });
  assert.deepEqual(tools.processing(), { echoCancellation: true, noiseSuppression: false, problems: [] });
  assert.deepEqual(engine.audio.processingSettings, { echoCancellation: true, noiseSuppression: false }, 'the initial switches reach the engine');

  // The processors cannot load: the user is told, and audio goes on unprocessed.
  const changed = tools.configureProcessing({ noiseSuppression: true });
  assert.deepEqual(changed, { echoCancellation: true, noiseSuppression: true, problems: [] });
  inCall = true;
  const refused = await tools.echoTest(1);
  assert.equal(refused.ok ? 'ok' : refused.error.code, 'ECHO_TEST_BUSY');
  inCall = false;
  const running = tools.echoTest(1);
  for (let i = 0; i < 20 && tools.processing().problems.length < 2; i++) await new Promise((r) => setImmediate(r));
  const view = tools.processing();
  assert.deepEqual(view.problems.map((p) => p.processor).sort(), ['echoCancellation', 'noiseSuppression']);
  assert.match(view.problems.find((p) => p.processor === 'echoCancellation')?.message ?? '', /Echo cancellation could not start \(aec3.wasm: ENOENT\); calls go on without it/);
  assert.ok(events.some((e) => e.event === 'audio.processingChanged' && (e.data as typeof view).problems.length > 0), 'the problem is published');
  // The device never ticks: the test gives up after 2 × 1 s + the grace time, with a reason.
  clock.advance(3000);
  const gaveUp = await running;
  assert.equal(gaveUp.ok ? 'ok' : gaveUp.error.code, 'AUDIO_DEVICE_UNAVAILABLE');
  assert.match(gaveUp.ok ? '' : gaveUp.error.message, /no audio from the device/);
  // Switching a processor off forgets its problem.
  assert.deepEqual(tools.configureProcessing({ echoCancellation: false }).problems.map((p) => p.processor), ['noiseSuppression']);
  await engine.close();
});
