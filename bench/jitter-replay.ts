/**
 * Replays a jitter-buffer trace recorded by `bench/jitter-impairment.ts
 * --trace FILE` (the real pipeline's pushes and ticks, with this machine's
 * clock) through a fresh JitterBuffer, with the default tuning or with
 * options given as JSON, and prints the bench's figures (late, lost, mean
 * buffering after the warm-up) plus what the buffer saw: the spread of the
 * packets' transit and of the tick intervals. Deterministic: one trace, one
 * answer, so tunings can be compared on the same real timing.
 *
 * Run: `node --import tsx bench/jitter-replay.ts TRACE.json ['{"initialDelayMs":40}']`.
 */
import { readFileSync } from 'node:fs';
import { JitterBuffer, type JitterBufferOptions } from '../main/core/media/jitter';
import type { JitterTrace } from './jitter-trace';
import { mean } from './support';

const [path, optionsJson] = process.argv.slice(2);
if (path === undefined) {
  console.error('usage: jitter-replay.ts TRACE.json [options-json]');
  process.exit(2);
}
const traces = JSON.parse(readFileSync(path, 'utf8')) as JitterTrace[];
const extra = (optionsJson === undefined ? {} : JSON.parse(optionsJson)) as Partial<JitterBufferOptions>;

/** The nearest-rank quantile of a sorted copy. */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}

for (const [i, trace] of traces.entries()) {
  const jb = new JitterBuffer({ clockRate: trace.clockRate, frameMs: 20, ...extra });
  const ticks = trace.events.filter((e) => e.k === 't').map((e) => e.at);
  const start = ticks[0] ?? 0;
  const samples: number[] = [];
  let nextSample = start + 3000;
  let playing = false;
  for (const e of trace.events) {
    if (e.k === 'p') {
      jb.push({ seq: e.seq, timestamp: e.ts, payload: Uint8Array.of(1, 2, 3), marker: e.m, ...(e.ssrc === undefined ? {} : { ssrc: e.ssrc }) }, e.at);
      continue;
    }
    const out = jb.pop(e.at);
    if (out.kind === 'audio') playing = true;
    if (playing && e.at >= nextSample) {
      samples.push(jb.stats().delayMs);
      nextSample += 250;
    }
  }
  const s = jb.stats();
  const intervals = ticks.slice(1).map((t, k) => t - (ticks[k] ?? t));
  const pushes = trace.events.filter((e) => e.k === 'p');
  const first = pushes[0];
  const transits = first === undefined ? [] : pushes.map((e) => e.at - (((e.ts - first.ts) | 0) * 1000) / trace.clockRate);
  const minT = Math.min(...transits);
  console.log(
    JSON.stringify({
      trace: i,
      options: extra,
      seconds: +((ticks.at(-1) ?? 0) - start).toFixed(0) / 1000,
      packets: s.packetsReceived,
      lost: s.packetsLost,
      late: s.late,
      latePct: +((100 * s.late) / Math.max(1, s.packetsReceived + s.packetsLost)).toFixed(2),
      meanBufferingMs: +mean(samples).toFixed(1),
      maxBufferingMs: +Math.max(...samples).toFixed(1),
      finalTargetMs: +s.targetDelayMs.toFixed(1),
      inserted: s.insertedAdaptation + s.insertedDrift,
      dropped: s.droppedAdaptation + s.droppedDrift,
      concealed: s.concealedFrames,
      driftPpm: s.driftPpm === undefined ? null : +s.driftPpm.toFixed(0),
      transitSpreadMs: { p50: +(quantile(transits, 0.5) - minT).toFixed(1), p98: +(quantile(transits, 0.98) - minT).toFixed(1), max: +(Math.max(...transits) - minT).toFixed(1) },
      tickIntervalMs: { p1: +quantile(intervals, 0.01).toFixed(1), p50: +quantile(intervals, 0.5).toFixed(1), p99: +quantile(intervals, 0.99).toFixed(1), max: +Math.max(...intervals).toFixed(1) },
    }),
  );
}
