/**
 * Benchmark: the microphone processors, per 10 ms frame at 48 kHz.
 *
 * - AEC3 (@ennuicastr/webrtcaec3.js): `analyze` + `process` of one frame;
 * - RNNoise (@echogarden/rnnoise-wasm): one frame;
 * - the whole capture processor (both, FIFOs, Int16 ↔ float) per 20 ms
 *   device chunk, at 48 kHz and at 44.1 kHz (resampled to 48 kHz and back);
 * - ERLE of AEC3 on the synthetic room echo of the unit tests (60 ms delay,
 *   40 ms decaying tail, far-end speech-like signal; near-end talker 4-5 s),
 *   measured on far-end single talk after 2 s of convergence;
 * - RNNoise's reduction of white noise (-30 dBFS) between the words of a
 *   speech-like signal.
 *
 * Run once: `node --import tsx bench/audio-processing.ts [seconds=20]`.
 * Prints a Markdown table, with the load average at the start and the end.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { recordingLogger } from '../test/support/fakes';
import { add, convolve, echoPath, energy, speechLike, toInt16, whiteNoise } from '../test/support/speech-like';
import { createResampler } from '../main/core/media/audio/resampler';
import { CaptureProcessor } from '../main/core/media/processing/capture-processor';
import { createEchoCanceller } from '../main/core/media/processing/echo-canceller';
import { createNoiseSuppressor } from '../main/core/media/processing/noise-suppressor';

const seconds = Number(process.argv[2] ?? 20);
const RATE = 48000;
const FRAME = 480;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' / ');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function stats(samplesUs: number[]): string {
  const s = [...samplesUs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `${mean.toFixed(0)} | ${quantile(s, 0.5).toFixed(0)} | ${quantile(s, 0.99).toFixed(0)}`;
}

async function main(): Promise<void> {
  const loadStart = load();
  const far = speechLike(seconds, { pitchHz: 120, seed: 11 });
  const near = whiteNoise(seconds, -30, 5);
  const farF = Float32Array.from(far);
  const nearF = Float32Array.from(add(near, far.map((v) => v * 0.3)));
  const rows: string[] = [];

  const aec = await createEchoCanceller();
  const out = new Float32Array(FRAME);
  const aecUs: number[] = [];
  for (let at = 0; at + FRAME <= farF.length; at += FRAME) {
    const t0 = performance.now();
    aec.analyze(farF.subarray(at, at + FRAME));
    aec.process(nearF.subarray(at, at + FRAME), out);
    aecUs.push((performance.now() - t0) * 1000);
  }
  aec.free();
  rows.push(`| AEC3 analyze + process, 10 ms frame | ${aecUs.length} | ${stats(aecUs.slice(100))} |`);

  const ns = await createNoiseSuppressor();
  const frame = new Float32Array(FRAME);
  const nsUs: number[] = [];
  for (let at = 0; at + FRAME <= nearF.length; at += FRAME) {
    for (let i = 0; i < FRAME; i++) frame[i] = (nearF[at + i] ?? 0) * 32768;
    const t0 = performance.now();
    ns.process(frame);
    nsUs.push((performance.now() - t0) * 1000);
  }
  ns.free();
  rows.push(`| RNNoise, 10 ms frame | ${nsUs.length} | ${stats(nsUs.slice(100))} |`);

  for (const rate of [48000, 44100]) {
    const chunk = rate / 50;
    const mic = toInt16(Float64Array.from(nearF));
    const farI = toInt16(far);
    const micR = rate === RATE ? mic : (await createResampler(RATE, rate)).process(mic);
    const farR = rate === RATE ? farI : (await createResampler(RATE, rate)).process(farI);
    const p = new CaptureProcessor(rate, chunk, recordingLogger());
    p.configure({ echoCancellation: true, noiseSuppression: true });
    await p.ready();
    const buf = new Int16Array(chunk);
    const us: number[] = [];
    for (let at = 0; at + chunk <= micR.length; at += chunk) {
      buf.set(micR.subarray(at, at + chunk));
      const t0 = performance.now();
      p.processCapture(buf);
      p.analyzeRender(farR.subarray(at, at + chunk));
      us.push((performance.now() - t0) * 1000);
    }
    p.dispose();
    rows.push(`| Capture processor (AEC3 + RNNoise), 20 ms chunk at ${rate / 1000} kHz | ${us.length} | ${stats(us.slice(50))} |`);
  }

  // ERLE on the synthetic room (as in capture-processor.test.ts).
  const erleSeconds = 7;
  const farE = speechLike(erleSeconds, { pitchHz: 120, seed: 11 });
  const echo = convolve(farE, echoPath({ delayMs: 60, tailMs: 40, gain: 0.5 }));
  const talker = speechLike(erleSeconds, { pitchHz: 210, seed: 23 });
  for (let i = 0; i < talker.length; i++) if (i < 4 * RATE || i >= 5 * RATE) talker[i] = 0;
  const micE = toInt16(add(echo, talker));
  const farEI = toInt16(farE);
  const erle: string[] = [];
  for (const on of [true, false]) {
    const p = new CaptureProcessor(RATE, 960, recordingLogger());
    p.configure({ echoCancellation: on, noiseSuppression: false });
    await p.ready();
    const cleaned = new Int16Array(micE.length);
    const buf = new Int16Array(960);
    for (let at = 0; at + 960 <= micE.length; at += 960) {
      buf.set(micE.subarray(at, at + 960));
      p.processCapture(buf);
      cleaned.set(buf, at);
      p.analyzeRender(farEI.subarray(at, at + 960));
    }
    p.dispose();
    const db = (from: number, to: number): string => (10 * Math.log10(energy(micE, from, to) / Math.max(1, energy(cleaned, from, to)))).toFixed(1);
    erle.push(`| ERLE, AEC ${on ? 'on' : 'off'} | ${db(2 * RATE, 4 * RATE)} dB (2-4 s) | ${db(5.2 * RATE, erleSeconds * RATE)} dB (5.2-7 s) |`);
  }

  // RNNoise between words.
  const voice = speechLike(5, { pitchHz: 180, seed: 5 });
  const noisy = toInt16(add(voice, whiteNoise(5, -30)));
  const pn = new CaptureProcessor(RATE, 960, recordingLogger());
  pn.configure({ echoCancellation: false, noiseSuppression: true });
  await pn.ready();
  const den = new Int16Array(noisy.length);
  const b = new Int16Array(960);
  for (let at = 0; at + 960 <= noisy.length; at += 960) {
    b.set(noisy.subarray(at, at + 960));
    pn.processCapture(b);
    den.set(b, at);
  }
  pn.dispose();
  let before = 0;
  let after = 0;
  for (let i = RATE / 2; i + 480 <= noisy.length; i += 480) {
    if (energy(voice, i, i + 480) > 0) continue;
    before += energy(noisy, i, i + 480);
    after += energy(den, i, i + 480);
  }

  console.log(`Load average (1/5/15 min) at start: ${loadStart}; at end: ${load()}. Node ${process.version}.`);
  console.log('');
  console.log('| Step | frames | mean µs | p50 µs | p99 µs |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
  console.log('| Echo path: 60 ms delay, 40 ms tail | far-end single talk | after double talk |');
  console.log('|---|---|---|');
  for (const r of erle) console.log(r);
  console.log('');
  console.log(`RNNoise: white noise at -30 dBFS between words reduced by ${(10 * Math.log10(before / Math.max(1, after))).toFixed(1)} dB.`);
}

void main();
