/**
 * The jitter buffer against simulated networks and clocks (seeded, no real
 * time). Each test prints its figures with `t.diagnostic` (visible in the spec
 * reporter) so they can be copied into BENCHMARKS.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate, type SimulationResult, type TracePoint } from './jitter-simulation';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const fixed = (x: number, digits = 1): string => x.toFixed(digits);

function between(trace: readonly TracePoint[], from: number, to: number): TracePoint[] {
  return trace.filter((p) => p.t >= from && p.t < to);
}

test('a run is reproducible from its seed', () => {
  const config = { seed: 42, durationMs: 20_000, buffer: { clockRate: 48_000 }, lossRate: 0.05, delayMs: (_t: number, r: () => number) => 20 + 40 * r() };
  assert.deepEqual(simulate(config), simulate(config));
});

test('5% random loss: about 5% of frames concealed, reported as loss', (t) => {
  const r = simulate({ seed: 5, durationMs: 60_000, buffer: { clockRate: 8000 }, lossRate: 0.05, delayMs: (_t, rnd) => 40 + 10 * rnd() });
  const concealedPct = (100 * (r.outputs.loss + r.outputs.underrun)) / r.sent;
  const lossPct = (100 * r.outputs.loss) / r.sent;
  t.diagnostic(
    `network loss ${fixed(r.networkLossPct, 2)}%, concealed ${fixed(concealedPct, 2)}% (as loss ${fixed(lossPct, 2)}%, the rest had no later frame buffered yet: underrun), ` +
      `lost frames skipped to shrink ${r.stats.droppedAdaptation}, late ${fixed(r.lateLossPct, 2)}%`,
  );
  assert.ok(r.networkLossPct > 4 && r.networkLossPct < 6);
  assert.ok(Math.abs(concealedPct - r.networkLossPct) < 0.5, `concealed ${concealedPct}% vs lost ${r.networkLossPct}%`);
  assert.ok(r.outputs.loss > r.networkLost / 2, 'most are reported as loss');
  assert.ok(Math.abs(r.stats.packetsLost - r.networkLost) <= 2);
  assert.equal(r.stats.concealedLoss, r.outputs.loss);
  assert.ok(r.lateLossPct < 0.2);
});

test('jitter rising from ±5 to ±60 ms: the target follows within a few hundred ms, and falls back over seconds', (t) => {
  const jitterAt = (ms: number): number => (ms >= 20_000 && ms < 40_000 ? 60 : 5);
  const r = simulate({ seed: 3, durationMs: 70_000, buffer: { clockRate: 48_000 }, delayMs: (ms, rnd) => 70 + jitterAt(ms) * (2 * rnd() - 1), traceEveryMs: 20 });
  const calm = mean(between(r.trace, 15_000, 20_000).map((p) => p.targetDelayMs));
  const high = mean(between(r.trace, 30_000, 40_000).map((p) => p.targetDelayMs));
  const riseTarget = (between(r.trace, 20_000, 40_000).find((p) => p.targetDelayMs >= 0.75 * high)?.t ?? Infinity) - 20_000;
  const riseTarget90 = (between(r.trace, 20_000, 40_000).find((p) => p.targetDelayMs >= 0.9 * high)?.t ?? Infinity) - 20_000;
  const riseDelay = (between(r.trace, 20_000, 40_000).find((p) => p.delayMs >= 0.9 * high)?.t ?? Infinity) - 20_000;
  const halfWay = (calm + high) / 2;
  const fallHalf = (between(r.trace, 40_000, 70_000).find((p) => p.targetDelayMs <= halfWay)?.t ?? Infinity) - 40_000;
  const fallBack = (between(r.trace, 40_000, 70_000).find((p) => p.targetDelayMs <= calm + 5)?.t ?? Infinity) - 40_000;
  const lateInHigh = r.lateLossPct;
  t.diagnostic(
    `target ${fixed(calm)} ms (±5) → ${fixed(high)} ms (±60): 75% reached after ${riseTarget} ms, 90% after ${riseTarget90} ms; playout delay at 90% after ${riseDelay} ms`,
  );
  t.diagnostic(`jitter back to ±5: target half-way down after ${fixed(fallHalf / 1000)} s, within 5 ms of calm after ${fixed(fallBack / 1000)} s`);
  t.diagnostic(`late loss over the run ${fixed(lateInHigh, 2)}%; inserted ${r.stats.insertedAdaptation}, dropped ${r.stats.droppedAdaptation}`);
  assert.ok(high > 100 && high < 130, `±60 ms jitter → target ${high}`);
  assert.ok(calm <= 25);
  assert.ok(riseTarget <= 400, `target rose in ${riseTarget} ms`);
  assert.ok(riseTarget90 <= 1500, `target at 90% in ${riseTarget90} ms`);
  assert.ok(riseDelay <= 500, `playout delay rose in ${riseDelay} ms`);
  assert.ok(fallHalf >= 2000 && fallHalf <= 6000, `half-way down after ${fallHalf} ms`);
  assert.ok(fallBack >= 4000 && fallBack <= 12_000, `back down after ${fallBack} ms`);
  assert.ok(lateInHigh < 1);
});

/** Late loss and delay under 5% loss and 40 ± 20 ms uniform delay, over ten seeds (= ten clock phases). */
function lateLossRuns(tickJitterMs: number): SimulationResult[] {
  return SEEDS.map((seed) =>
    simulate({ seed, durationMs: 120_000, buffer: { clockRate: 48_000 }, lossRate: 0.05, delayMs: (_t, rnd) => 20 + 40 * rnd(), tickJitterMs }),
  );
}

function describe(runs: readonly SimulationResult[]): string {
  const late = runs.map((r) => r.lateLossPct);
  const e2e = runs.map((r) => r.meanEndToEndMs);
  const buffered = runs.map((r) => r.meanBufferDelayMs);
  return (
    `network loss ${fixed(mean(runs.map((r) => r.networkLossPct)), 2)}%, late loss mean ${fixed(mean(late), 3)}% max ${fixed(Math.max(...late), 3)}%; ` +
    `mean delay send→play ${fixed(mean(e2e))} ms (runs ${fixed(Math.min(...e2e))}-${fixed(Math.max(...e2e))}), ` +
    `arrival→play ${fixed(mean(buffered))} ms (${fixed(Math.min(...buffered))}-${fixed(Math.max(...buffered))})`
  );
}

test('late loss goal: 5% loss + 40±20 ms → late loss ≤ 1% above network loss, mean delay ≤ 80 ms', (t) => {
  const runs = lateLossRuns(0);
  t.diagnostic(describe(runs));
  for (const r of runs) {
    assert.ok(r.lateLossPct <= 1, `late loss ${r.lateLossPct}%`);
    assert.ok(r.meanEndToEndMs <= 80, `mean send→play delay ${r.meanEndToEndMs} ms`);
    assert.ok(Math.abs(r.stats.packetsLost - r.networkLost) <= 2, 'RFC 3550 loss (losses after the last packet received are not seen)');
  }
});

test('late loss goal with the audio clock jittering ±3 ms per tick', (t) => {
  const runs = lateLossRuns(3);
  t.diagnostic(describe(runs));
  for (const r of runs) assert.ok(r.lateLossPct <= 1, `late loss ${r.lateLossPct}%`);
  assert.ok(mean(runs.map((r) => r.meanEndToEndMs)) <= 80);
  assert.ok(Math.max(...runs.map((r) => r.meanEndToEndMs)) <= 82.5);
});

test('late loss goal with a busy event loop (blocked 50 ms every second): the catch-up ticks are not answered by drops and inserts', (t) => {
  const runs = SEEDS.slice(0, 5).map((seed) =>
    simulate({ seed, durationMs: 60_000, buffer: { clockRate: 48_000 }, lossRate: 0.05, delayMs: (_t, rnd) => 20 + 40 * rnd(), busyLoop: { everyMs: 1000, stallMs: 50 } }),
  );
  const adjustments = runs.map((r) => r.stats.insertedAdaptation + r.stats.droppedAdaptation);
  t.diagnostic(`${describe(runs)}; inserted + dropped per run ${adjustments.join(', ')} (59 stalls each)`);
  for (const r of runs) assert.ok(r.lateLossPct <= 1, `late loss ${r.lateLossPct}%`);
  // One adjustment per stall would be a discontinuity every second; the stalls' packets do widen the spread, once.
  assert.ok(Math.max(...adjustments) <= 20, `adjustments ${adjustments.join(', ')}`);
  // The stalled packets are 0-50 ms later than the network made them: the buffer covers that, and no more.
  assert.ok(mean(runs.map((r) => r.meanEndToEndMs)) <= 100);
});

test('clock drift ±300 ppm over 10 minutes: the delay stays near target, corrections match the drift', (t) => {
  const tenMinutes = 600_000;
  const run = (senderPpm: number): SimulationResult =>
    simulate({ seed: 11, durationMs: tenMinutes, buffer: { clockRate: 8000 }, senderPpm, delayMs: (_t, rnd) => 30 + 20 * rnd(), traceEveryMs: 100 });
  const control = run(0);
  const net = (r: SimulationResult): number => r.stats.droppedAdaptation + r.stats.droppedDrift - r.stats.insertedAdaptation - r.stats.insertedDrift;
  // 300 ppm of 10 min = 180 ms = 9 frames of 20 ms.
  const expected = (300e-6 * tenMinutes) / 20;
  for (const ppm of [300, -300]) {
    const r = run(ppm);
    const steady = r.trace.filter((p) => p.t >= 10_000);
    const excess = steady.map((p) => p.delayMs - p.targetDelayMs);
    const corrections = net(r) - net(control);
    const driftAttributed = ppm > 0 ? r.stats.droppedDrift : r.stats.insertedDrift;
    t.diagnostic(
      `${ppm > 0 ? '+' : ''}${ppm} ppm: estimated ${fixed(r.stats.driftPpm ?? Number.NaN)} ppm; net ${corrections > 0 ? 'dropped' : 'inserted'} ${Math.abs(corrections)} frames ` +
        `(expected ${expected}), ${driftAttributed} attributed to drift; delay − target in [${fixed(Math.min(...excess))}, ${fixed(Math.max(...excess))}] ms; ` +
        `late ${r.stats.late}, mean send→play ${fixed(r.meanEndToEndMs)} ms (no drift: ${fixed(control.meanEndToEndMs)})`,
    );
    assert.ok(Math.abs(Math.abs(corrections) - expected) <= 1, `net corrections ${corrections}`);
    assert.equal(Math.sign(corrections), ppm > 0 ? 1 : -1);
    assert.ok(driftAttributed >= expected - 2 && driftAttributed <= expected + 1, `attributed to drift: ${driftAttributed}`);
    assert.ok(Math.abs((r.stats.driftPpm ?? 0) - ppm) < 30, `estimated ${r.stats.driftPpm} ppm`);
    assert.ok(Math.min(...excess) >= -5 && Math.max(...excess) <= 25, 'the delay stays within a frame of target');
    assert.ok(Math.abs(r.meanEndToEndMs - control.meanEndToEndMs) < 15);
    assert.ok(r.lateLossPct < 0.1);
  }
  assert.equal(control.stats.droppedDrift + control.stats.insertedDrift, 0);
});

test('16-bit sequence and 32-bit timestamp wraps change nothing: same run, same outcome', () => {
  const base = { seed: 9, durationMs: 30_000, buffer: { clockRate: 48_000 }, lossRate: 0.03, delayMs: (_t: number, rnd: () => number) => 30 + 30 * rnd() };
  const plain = simulate({ ...base, firstSeq: 0, firstTimestamp: 0 });
  // 30 s at 48 kHz is 1.44 M timestamp units and 1500 packets: start just before both wraps.
  const wrapped = simulate({ ...base, firstSeq: 65_000, firstTimestamp: 0x1_0000_0000 - 700_000 });
  assert.deepEqual(wrapped.outputs, plain.outputs);
  // The RFC 3550 jitter differs in the last bits (larger timestamps, other rounding).
  assert.deepEqual({ ...wrapped.stats, jitterMs: 0 }, { ...plain.stats, jitterMs: 0 });
  assert.ok(Math.abs(wrapped.stats.jitterMs - plain.stats.jitterMs) < 1e-6);
  assert.deepEqual(
    wrapped.playedSeqs,
    plain.playedSeqs.map((s) => (s + 65_000) & 0xffff),
  );
  assert.ok(wrapped.playedSeqs.includes(65_535) && wrapped.playedSeqs.includes(0));
});

test('duplicated packets in a jittery network are all caught', () => {
  const r = simulate({ seed: 4, durationMs: 30_000, buffer: { clockRate: 8000 }, duplicateRate: 0.1, delayMs: (_t, rnd) => 30 + 30 * rnd() });
  assert.ok(r.stats.duplicates > 100);
  assert.equal(r.stats.packetsLost, 0);
  assert.equal(new Set(r.playedSeqs).size, r.playedSeqs.length);
});

test('DTX: talkspurts separated by sender silence are not loss, and the playout re-aligns in the gaps', (t) => {
  // 1.5 s talk, 1 s silence, repeated; jitter ±15 ms.
  const r = simulate({
    seed: 8,
    durationMs: 60_000,
    buffer: { clockRate: 48_000 },
    delayMs: (_t, rnd) => 40 + 30 * rnd(),
    silent: (k) => k % 125 >= 75,
  });
  t.diagnostic(`late ${fixed(r.lateLossPct, 2)}%, mean arrival→play ${fixed(r.meanBufferDelayMs)} ms, adjustments +${r.stats.insertedAdaptation}/−${r.stats.droppedAdaptation}`);
  assert.equal(r.outputs.loss, 0);
  assert.equal(r.stats.packetsLost, 0);
  assert.ok(r.lateLossPct < 1);
  assert.ok(r.outputs.insert === 0, 'the gaps absorb the growth');
});
