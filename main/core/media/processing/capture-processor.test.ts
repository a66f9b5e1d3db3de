/**
 * The capture processor on sample fixtures (48 kHz, 20 ms device chunks):
 * AEC3 on a synthetic room echo (60 ms delay, decaying tail) with near-end
 * speech at times, RNNoise on a tone in stationary noise, runtime switching,
 * re-blocking of odd chunk sizes, and the problem report for an unusable rate.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingLogger } from '../../../../test/support/fakes';
import { add, convolve, echoPath, energy, meanPower, sine, speechLike, toInt16, tonePower, whiteNoise } from '../../../../test/support/speech-like';
import { CaptureProcessor, type ProcessingProblem } from './capture-processor';
import { createResampler } from '../audio/resampler';

const RATE = 48000;
const CHUNK = 960;

/** Runs mic/far through the processor chunk by chunk as the engine does (capture first, then what was played); returns the processed mic. */
function run(p: CaptureProcessor, mic: Int16Array, far: Int16Array, chunk = CHUNK, onChunk?: (index: number) => void): Int16Array {
  const out = new Int16Array(mic.length);
  const buf = new Int16Array(chunk);
  for (let at = 0, k = 0; at + chunk <= mic.length; at += chunk, k++) {
    onChunk?.(k);
    buf.set(mic.subarray(at, at + chunk));
    p.processCapture(buf);
    out.set(buf, at);
    p.analyzeRender(far.subarray(at, at + chunk));
  }
  return out;
}

/** The echo scenario: far-end speech, its echo through the room, near-end speech only in [4 s, 5 s). */
function echoScenario(seconds: number): { mic: Int16Array; far: Int16Array; echo: Int16Array; nearFrom: number; nearTo: number } {
  const farF = speechLike(seconds, { pitchHz: 120, seed: 11 });
  const echoF = convolve(farF, echoPath({ delayMs: 60, tailMs: 40, gain: 0.5 }));
  const nearF = speechLike(seconds, { pitchHz: 210, seed: 23 });
  const nearFrom = 4 * RATE;
  const nearTo = 5 * RATE;
  for (let i = 0; i < nearF.length; i++) if (i < nearFrom || i >= nearTo) nearF[i] = 0;
  return { mic: toInt16(add(echoF, nearF)), far: toInt16(farF), echo: toInt16(echoF), nearFrom, nearTo };
}

function erleDb(before: ArrayLike<number>, after: ArrayLike<number>, from: number, to: number): number {
  return 10 * Math.log10(energy(before, from, to) / Math.max(1, energy(after, from, to)));
}

test('echo cancellation removes a synthetic 60 ms room echo (ERLE > 10 dB after convergence); off, nothing changes', async () => {
  const s = echoScenario(7);
  const handlers = process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
  const on = new CaptureProcessor(RATE, CHUNK, recordingLogger());
  on.configure({ echoCancellation: true, noiseSuppression: false });
  await on.ready();
  assert.equal(process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length, handlers, 'the rethrowing handlers AEC3 installs are removed');
  assert.deepEqual(on.running, { echoCancellation: true, noiseSuppression: false });
  const cancelled = run(on, s.mic, s.far);
  on.dispose();
  // Far-end single talk after convergence: 2-4 s and 5.2-7 s (the near talker speaks 4-5 s).
  const erle1 = erleDb(s.mic, cancelled, 2 * RATE, s.nearFrom);
  const erle2 = erleDb(s.mic, cancelled, s.nearTo + 0.2 * RATE, s.mic.length);
  console.log(`ERLE on: ${erle1.toFixed(1)} dB (2-4 s), ${erle2.toFixed(1)} dB (5.2-7 s)`);
  assert.ok(erle1 > 10, `ERLE 2-4 s ${erle1.toFixed(1)} dB`);
  assert.ok(erle2 > 10, `ERLE 5.2-7 s ${erle2.toFixed(1)} dB`);
  // The near talker is kept during double talk (not suppressed along with the echo).
  const nearKept = 10 * Math.log10(energy(cancelled, s.nearFrom, s.nearTo) / energy(s.mic, s.nearFrom, s.nearTo));
  console.log(`double talk: processed/mic energy ${nearKept.toFixed(1)} dB`);
  assert.ok(nearKept > -10, `near speech kept during double talk (${nearKept.toFixed(1)} dB)`);

  const off = new CaptureProcessor(RATE, CHUNK, recordingLogger());
  off.configure({ echoCancellation: false, noiseSuppression: false });
  const untouched = run(off, s.mic, s.far);
  assert.deepEqual(untouched, s.mic, 'off: the samples are not touched');
  assert.equal(erleDb(s.mic, untouched, 2 * RATE, s.nearFrom), 0);
});

test('noise suppression lowers stationary noise around a tone by a measurable amount', async () => {
  const seconds = 3;
  const noise = whiteNoise(seconds, -30);
  const voice = speechLike(seconds, { pitchHz: 180, seed: 5 });
  const mic = toInt16(add(voice, noise));
  const far = new Int16Array(mic.length);
  const p = new CaptureProcessor(RATE, CHUNK, recordingLogger());
  p.configure({ echoCancellation: false, noiseSuppression: true });
  await p.ready();
  const out = run(p, mic, far);
  p.dispose();
  // Noise alone: where the voice is silent (its syllable pauses) after 0.5 s.
  let before = 0;
  let after = 0;
  let count = 0;
  for (let i = RATE / 2; i < mic.length - 480; i += 480) {
    if (energy(voice, i, i + 480) > 0) continue;
    before += energy(mic, i, i + 480);
    after += energy(out, i, i + 480);
    count++;
  }
  assert.ok(count > 20, `enough pauses (${count} frames)`);
  const reduction = 10 * Math.log10(before / Math.max(1, after));
  console.log(`noise reduction in pauses: ${reduction.toFixed(1)} dB over ${count} frames`);
  assert.ok(reduction > 10, `noise reduced by ${reduction.toFixed(1)} dB`);
});

test('noise suppression on a noisy tone: the noise around the tone drops, the tone is kept', async () => {
  const seconds = 2;
  const tone = sine(seconds, 1000, -12);
  const mic = toInt16(add(tone, whiteNoise(seconds, -35)));
  const p = new CaptureProcessor(RATE, CHUNK, recordingLogger());
  p.configure({ echoCancellation: false, noiseSuppression: true });
  await p.ready();
  const out = run(p, mic, new Int16Array(mic.length));
  p.dispose();
  const from = RATE / 2;
  const toneBefore = tonePower(mic, 1000, from);
  const toneAfter = tonePower(out, 1000, from);
  const restBefore = meanPower(mic, from) - toneBefore;
  const restAfter = meanPower(out, from) - toneAfter;
  const toneDb = 10 * Math.log10(toneAfter / toneBefore);
  const restDb = 10 * Math.log10(Math.max(1e-9, restAfter) / restBefore);
  console.log(`noisy tone: tone ${toneDb.toFixed(2)} dB, noise ${restDb.toFixed(1)} dB`);
  assert.ok(restDb < -6, `noise around the tone reduced (${restDb.toFixed(1)} dB)`);
  assert.ok(Math.abs(toneDb) < 1.5, `the tone itself is kept (${toneDb.toFixed(2)} dB)`);
});

test('switches take effect at runtime, mid-stream', async () => {
  const s = echoScenario(7);
  const p = new CaptureProcessor(RATE, CHUNK, recordingLogger());
  p.configure({ echoCancellation: false, noiseSuppression: false });
  const out = new Int16Array(s.mic.length);
  const buf = new Int16Array(CHUNK);
  for (let k = 0; (k + 1) * CHUNK <= s.mic.length; k++) {
    // Off for 1 s, echo cancellation 1-5 s, off 5-6 s, noise suppression alone from 6 s.
    if (k === 50) p.configure({ echoCancellation: true, noiseSuppression: false });
    if (k === 250) p.configure({ echoCancellation: false, noiseSuppression: false });
    if (k === 300) p.configure({ echoCancellation: false, noiseSuppression: true });
    // The engine keeps ticking while a module loads; here the clock waits for it so the switch point is exact.
    await p.ready();
    buf.set(s.mic.subarray(k * CHUNK, (k + 1) * CHUNK));
    p.processCapture(buf);
    out.set(buf, k * CHUNK);
    p.analyzeRender(s.far.subarray(k * CHUNK, (k + 1) * CHUNK));
  }
  p.dispose();
  assert.deepEqual(out.subarray(0, 50 * CHUNK), s.mic.subarray(0, 50 * CHUNK), 'untouched while off');
  const erle = erleDb(s.mic, out, 3 * RATE, s.nearFrom);
  assert.ok(erle > 10, `echo cancelled once switched on (ERLE ${erle.toFixed(1)} dB at 3-4 s)`);
  assert.deepEqual(out.subarray(250 * CHUNK, 300 * CHUNK), s.mic.subarray(250 * CHUNK, 300 * CHUNK), 'untouched again once switched off');
  assert.notDeepEqual(out.subarray(300 * CHUNK), s.mic.subarray(300 * CHUNK), 'noise suppression changes the signal once on');
});

test('odd chunk sizes are re-blocked into 10 ms frames with one frame of priming, and nothing is lost', async () => {
  // Echo cancellation on a chunk of 15 ms (720 samples): ERLE as good as with 20 ms chunks.
  const s = echoScenario(5);
  const p = new CaptureProcessor(RATE, 720, recordingLogger());
  p.configure({ echoCancellation: true, noiseSuppression: false });
  await p.ready();
  const out = run(p, s.mic, s.far, 720);
  p.dispose();
  // The output lags by one 10 ms frame of priming.
  const lagged = new Int16Array(s.mic.length);
  lagged.set(s.mic.subarray(0, s.mic.length - 480), 480);
  const erle = erleDb(lagged, out, 2 * RATE, s.nearFrom);
  assert.ok(erle > 10, `ERLE with 15 ms chunks ${erle.toFixed(1)} dB`);
});

test('a device at 44.1 kHz is resampled to 48 kHz and back around the processors: the echo is still cancelled', async () => {
  const s = echoScenario(5);
  const DEV = 44100;
  const down = await createResampler(RATE, DEV);
  const mic44 = down.process(s.mic);
  const far44 = (await createResampler(RATE, DEV)).process(s.far);
  const p = new CaptureProcessor(DEV, 882, recordingLogger());
  p.configure({ echoCancellation: true, noiseSuppression: true });
  await p.ready();
  assert.equal(p.active, true);
  const n = Math.floor(mic44.length / 882) * 882;
  const out = run(p, mic44.subarray(0, n), far44.subarray(0, n), 882);
  p.dispose();
  const from = 2 * DEV;
  const to = Math.floor((s.nearFrom / RATE) * DEV);
  const erle = erleDb(mic44, out, from, to);
  assert.ok(erle > 10, `ERLE at 44.1 kHz ${erle.toFixed(1)} dB`);
  const nearKept = 10 * Math.log10(energy(out, to + DEV / 10, to + DEV) / energy(mic44, to + DEV / 10, to + DEV));
  assert.ok(nearKept > -10, `near speech kept (${nearKept.toFixed(1)} dB)`);
});

test('a module that fails to load is reported once, and the microphone passes unprocessed', async () => {
  const problems: ProcessingProblem[] = [];
  const failing = new CaptureProcessor(RATE, CHUNK, recordingLogger(), (pr) => problems.push(pr), {
    echoCanceller: () => Promise.reject(new Error('WebAssembly.instantiate(): out of memory')),
    noiseSuppressor: () => Promise.reject(new Error('rnnoise.wasm missing')),
  });
  failing.configure({ echoCancellation: true, noiseSuppression: true });
  await failing.ready();
  failing.configure({ echoCancellation: true, noiseSuppression: true });
  await failing.ready();
  assert.equal(problems.length, 2);
  assert.match(problems[0]?.message ?? '', /Echo cancellation could not start \(WebAssembly.instantiate\(\): out of memory\); calls go on without it/);
  assert.match(problems[1]?.message ?? '', /Noise suppression could not start \(rnnoise.wasm missing\)/);
  assert.deepEqual(failing.running, { echoCancellation: false, noiseSuppression: false });
  const big = Int16Array.from({ length: CHUNK }, (_, i) => (i % 100) * 50);
  const bigCopy = Int16Array.from(big);
  failing.processCapture(big);
  assert.deepEqual(big, bigCopy, 'unprocessed, untouched');
});
