import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JitterBuffer } from './jitter-buffer';
import type { JitterBufferOptions, JitterOutput, RtpFrameIn } from './jitter-types';

// G.711 at 8 kHz: 160 timestamp units per 20 ms frame.
const SPF = 160;

interface StreamSpec {
  readonly seq0?: number;
  readonly ts0?: number;
  readonly ssrc?: number;
}

/** Frame `i` of a stream: payload byte 0 is `i` so outputs can be read back. */
function frame(i: number, spec: StreamSpec = {}, extra: Partial<RtpFrameIn> = {}): RtpFrameIn {
  return {
    seq: ((spec.seq0 ?? 1000) + i) & 0xffff,
    timestamp: ((spec.ts0 ?? 123_456) + i * SPF) >>> 0,
    payload: Uint8Array.of(i & 0xff, 0xaa, 0x55),
    ...(spec.ssrc === undefined ? {} : { ssrc: spec.ssrc }),
    ...extra,
  };
}

interface Arrival {
  readonly at: number;
  readonly packet: RtpFrameIn;
}

/** Compact form of one output: `a7` audio of frame 7, `L` / `L>8` loss (with FEC payload of frame 8), `U` underrun, `I` insert, `.` silence. */
function show(out: JitterOutput): string {
  if (out.kind === 'audio') return `a${out.payload[0]}`;
  if (out.kind === 'silence') return '.';
  if (out.reason === 'loss') return out.nextPayload === undefined ? 'L' : `L>${out.nextPayload[0]}`;
  return out.reason === 'underrun' ? 'U' : 'I';
}

/** Ticks every 20 ms from 0, pushing what has arrived by each tick first. */
function drive(jb: JitterBuffer, arrivals: readonly Arrival[], ticks: number, push?: (a: Arrival, outcome: string) => void): string[] {
  const queue = [...arrivals].sort((a, b) => a.at - b.at);
  const shown: string[] = [];
  let k = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const now = tick * 20;
    for (let a = queue[k]; a !== undefined && a.at <= now; a = queue[++k]) {
      const outcome = jb.push(a.packet, a.at);
      push?.(a, outcome);
    }
    shown.push(show(jb.pop(now)));
  }
  return shown;
}

/** Frames 0..n-1 sent every 20 ms from `start`, each arriving `delay(i)` ms later. */
function stream(n: number, delay: (i: number) => number, spec: StreamSpec = {}, start = 0): Arrival[] {
  return Array.from({ length: n }, (_, i) => ({ at: start + i * 20 + delay(i), packet: frame(i, spec) }));
}

const steady: JitterBufferOptions = { clockRate: 8000, initialDelayMs: 20 };

/** The outputs between the first and the last audio frame. */
function playing(shown: readonly string[]): string[] {
  const first = shown.findIndex((s) => s.startsWith('a'));
  const last = shown.findLastIndex((s) => s.startsWith('a'));
  return shown.slice(first, last + 1);
}

test('in order with constant delay: buffering silence, then every tick is audio in order, nothing lost', () => {
  const jb = new JitterBuffer({ clockRate: 8000 });
  const shown = drive(jb, stream(500, () => 35), 515);
  const first = shown.findIndex((s) => s !== '.');
  assert.ok(first > 0 && first <= 5, `starts after the initial buffering (tick ${first})`);
  const played = playing(shown);
  assert.ok(played.every((s) => s.startsWith('a')), `only audio once started: ${played.filter((s) => !s.startsWith('a')).join(' ')}`);
  const s = jb.stats();
  // The initial 60 ms target decays to the 20 ms floor: the excess goes as adaptation drops, nothing else.
  assert.equal(s.framesPlayed + s.droppedAdaptation, 500);
  assert.ok(s.droppedAdaptation <= 2);
  assert.deepEqual([s.packetsLost, s.late, s.duplicates, s.reordered, s.concealedLoss, s.concealedInsert], [0, 0, 0, 0, 0, 0]);
  assert.equal(s.packetsReceived, 500);
  assert.ok(s.targetDelayMs < 21, `target ${s.targetDelayMs} back near the 20 ms floor`);
  assert.equal(s.jitterMs, 0);
});

test('in order, steady start: the played sequence is exactly the sent one', () => {
  const jb = new JitterBuffer(steady);
  const played = playing(drive(jb, stream(100, () => 35), 110));
  assert.deepEqual(played, Array.from({ length: 100 }, (_, i) => `a${i}`));
});

test('reordering within the target delay is fully absorbed', () => {
  const jb = new JitterBuffer({ clockRate: 8000, initialDelayMs: 40 });
  // Every pair swapped: odd frames overtake the even ones by 5 ms.
  const arrivals = stream(100, (i) => (i % 2 === 0 ? 55 : 30));
  const played = playing(drive(jb, arrivals, 115));
  assert.deepEqual(played, Array.from({ length: 100 }, (_, i) => `a${i}`));
  const s = jb.stats();
  assert.equal(s.reordered, 50);
  assert.deepEqual([s.late, s.packetsLost, s.concealedLoss, s.concealedInsert], [0, 0, 0, 0]);
});

test('duplicates are dropped and counted, including a copy of a frame already played', () => {
  const jb = new JitterBuffer(steady);
  const arrivals = [...stream(60, () => 35), ...stream(60, () => 38), { at: 900, packet: frame(3) }];
  const outcomes: string[] = [];
  const played = playing(drive(jb, arrivals, 70, (_a, o) => outcomes.push(o)));
  assert.deepEqual(played, Array.from({ length: 60 }, (_, i) => `a${i}`));
  assert.equal(outcomes.filter((o) => o === 'duplicate').length, 61);
  assert.equal(jb.stats().duplicates, 61);
  assert.equal(jb.stats().packetsReceived, 121);
});

test('a lost frame is concealed as loss, with the next payload offered for FEC', () => {
  const jb = new JitterBuffer(steady);
  const arrivals = stream(50, () => 35).filter((a) => a.packet.payload[0] !== 10);
  const played = playing(drive(jb, arrivals, 60));
  const at = played.indexOf('a9');
  assert.deepEqual(played.slice(at, at + 3), ['a9', 'L>11', 'a11']);
  const s = jb.stats();
  assert.deepEqual([s.packetsLost, s.concealedLoss, s.late], [1, 1, 0]);
});

test('two lost in a row: the first conceal has no FEC payload, the second has it', () => {
  const jb = new JitterBuffer({ clockRate: 8000, minDelayMs: 60 });
  const arrivals = stream(50, () => 35).filter((a) => a.packet.payload[0] !== 10 && a.packet.payload[0] !== 11);
  const played = playing(drive(jb, arrivals, 60));
  const at = played.indexOf('a9');
  assert.deepEqual(played.slice(at, at + 4), ['a9', 'L', 'L>12', 'a12']);
  assert.equal(jb.stats().packetsLost, 2);
});

test('a packet arriving after its play time is dropped and counted as late', () => {
  const jb = new JitterBuffer(steady);
  // Frame 170 is 300 ms late; 169 others in the window keep the 98th percentile where it was.
  const arrivals = stream(200, (i) => (i === 170 ? 335 : 35));
  const outcomes = new Map<number, string>();
  const shown = drive(jb, arrivals, 215, (a, o) => outcomes.set(a.packet.payload[0] ?? -1, o));
  assert.equal(outcomes.get(170), 'late');
  const played = playing(shown);
  const at = played.indexOf('a169');
  assert.deepEqual(played.slice(at, at + 3), ['a169', 'L>171', 'a171']);
  const s = jb.stats();
  assert.deepEqual([s.late, s.packetsLost], [1, 0]);
});

test('underrun: concealment for up to 100 ms, then silence', () => {
  const jb = new JitterBuffer(steady);
  const shown = drive(jb, stream(30, () => 35), 50);
  const afterLast = shown.slice(shown.lastIndexOf('a29') + 1);
  assert.deepEqual(afterLast.slice(0, 7), ['U', 'U', 'U', 'U', 'U', '.', '.']);
  assert.equal(jb.stats().concealedUnderrun, 5);
});

test('a stream across the 16-bit sequence and 32-bit timestamp wraps plays straight through', () => {
  const jb = new JitterBuffer(steady);
  const spec = { seq0: 65_520, ts0: 0x1_0000_0000 - 20 * SPF };
  const seqs: number[] = [];
  const ts: number[] = [];
  const arrivals = stream(60, (i) => (i % 3 === 0 ? 50 : 35), spec);
  const queue = [...arrivals].sort((a, b) => a.at - b.at);
  let k = 0;
  for (let tick = 0; tick < 75; tick++) {
    for (let a = queue[k]; a !== undefined && a.at <= tick * 20; a = queue[++k]) jb.push(a.packet, a.at);
    const out = jb.pop(tick * 20);
    if (out.kind === 'audio') {
      seqs.push(out.seq);
      ts.push(out.timestamp);
    }
  }
  assert.equal(seqs.length, 60);
  assert.deepEqual(seqs, Array.from({ length: 60 }, (_, i) => (65_520 + i) & 0xffff));
  assert.ok(seqs.includes(65_535) && seqs.includes(0));
  assert.deepEqual(ts, Array.from({ length: 60 }, (_, i) => (0x1_0000_0000 - 20 * SPF + i * SPF) >>> 0));
  assert.ok(ts.includes(0));
  const s = jb.stats();
  assert.deepEqual([s.packetsLost, s.late, s.resets], [0, 0, 0]);
});

test('a new SSRC resets the buffer cleanly and the new stream plays from its first frame', () => {
  const jb = new JitterBuffer(steady);
  const a = stream(30, () => 35, { ssrc: 1, seq0: 100, ts0: 5000 });
  const b = stream(30, () => 35, { ssrc: 2, seq0: 40_000, ts0: 3_000_000_000 }, 700);
  const shown = drive(jb, [...a, ...b], 80);
  const played = shown.filter((s) => s.startsWith('a'));
  assert.deepEqual(played, [...Array.from({ length: 30 }, (_, i) => `a${i}`), ...Array.from({ length: 30 }, (_, i) => `a${i}`)]);
  const s = jb.stats();
  assert.deepEqual([s.resets, s.packetsLost, s.late, s.concealedLoss], [1, 0, 0, 0]);
});

test('a forward timestamp jump (same SSRC) starts over instead of waiting for the far future', () => {
  const jb = new JitterBuffer(steady);
  const before = stream(30, () => 35, { seq0: 10, ts0: 1000 });
  // Same sequence space continues, but the timestamps jump 10 s ahead.
  const after = stream(30, () => 35, { seq0: 40, ts0: 1000 + 30 * SPF + 80_000 }, 700);
  const outcomes: string[] = [];
  const shown = drive(jb, [...before, ...after], 80, (_a, o) => outcomes.push(o));
  // The first packet after the jump waits for the second to confirm it, and is played too.
  assert.equal(outcomes[30], 'held');
  assert.equal(shown.filter((s) => s.startsWith('a')).length, 60);
  assert.equal(shown.filter((s) => s.startsWith('L')).length, 0);
  assert.deepEqual([jb.stats().resets, jb.stats().unconfirmedJumps], [1, 0]);
});

test('one stray packet with a wild timestamp far ahead (same SSRC, in sequence) neither restarts nor silences the stream', () => {
  for (const strayOffset of [1, 3, 25]) {
    const jb = new JitterBuffer(steady);
    const good = stream(100, () => 35, { seq0: 10, ts0: 1000 });
    // Between two good packets comes a copy of a sequence number near the stream's, with a timestamp 1-3 hours ahead.
    const strayAt = 40 * 20 + 36;
    const stray: Arrival = { at: strayAt, packet: { ...frame(40 + strayOffset, { seq0: 10, ts0: 1000 }), timestamp: (1000 + 0x7000_0000 - strayOffset * 7777) >>> 0, payload: Uint8Array.of(0xee) } };
    const outcomes: string[] = [];
    const shown = drive(jb, [...good, stray], 110, (a, o) => {
      if (a === stray) outcomes.push(o);
    });
    assert.deepEqual(outcomes, ['held'], `offset ${strayOffset}`);
    const played = playing(shown);
    assert.equal(played.length, 100, `offset ${strayOffset}: every good frame plays, none concealed: ${played.join(' ')}`);
    assert.ok(played.every((s, i) => s === `a${i}`), `offset ${strayOffset}: in order`);
    assert.deepEqual([jb.stats().resets, jb.stats().unconfirmedJumps], [0, 1], `offset ${strayOffset}`);
  }
});

test('a stream that every packet finds late (a 500 ms timestamp step back) starts over after half a second, not when the windows age out', () => {
  const jb = new JitterBuffer(steady);
  const before = stream(50, () => 35, { seq0: 10, ts0: 100_000 });
  // Sequence numbers continue; the sender's timestamps step back by 500 ms: within the
  // resync margin, so not a jump, but every packet is now 500 ms past its play time.
  const after = stream(250, () => 35, { seq0: 60, ts0: 100_000 + 50 * SPF - 25 * SPF }, 1000);
  const outcomes: string[] = [];
  const shown = drive(jb, [...before, ...after], 320, (_a, o) => outcomes.push(o));
  const lateRun = outcomes.slice(50).findIndex((o) => o !== 'late');
  assert.ok(lateRun >= 20 && lateRun <= 30, `late for ${lateRun} packets (about half a second) before starting over`);
  assert.equal(jb.stats().resets, 1);
  // After the restart, buffering (under 20 ticks), then audio until the stream ends (tick 300).
  const restartTick = 50 + lateRun + 1;
  const resumed = shown.slice(restartTick).findIndex((x) => x.startsWith('a'));
  assert.ok(resumed >= 0 && resumed < 20, `audio again ${resumed} ticks after the restart`);
  const rest = shown.slice(restartTick + resumed, 295);
  assert.ok(rest.every((x) => x.startsWith('a')), `then audio only: ${rest.filter((x) => !x.startsWith('a')).join('')}`);
});

test('a backward timestamp jump with the marker bit restarts at once; without it, after half a second of late packets', () => {
  for (const marker of [true, false]) {
    const jb = new JitterBuffer(steady);
    const before = stream(30, () => 35, { seq0: 10, ts0: 900_000 });
    const after = stream(150, () => 35, { seq0: 40, ts0: 100_000 }, 700).map((a, i) =>
      i === 0 && marker ? { ...a, packet: { ...a.packet, marker: true } } : a,
    );
    const outcomes: string[] = [];
    const shown = drive(jb, [...before, ...after], 200, (_a, o) => outcomes.push(o));
    const playedAfter = shown.slice(35).filter((s) => s.startsWith('a')).length;
    assert.equal(shown.slice(0, 35).filter((s) => s.startsWith('a')).length, 30);
    assert.equal(jb.stats().resets, 1);
    if (marker) {
      assert.equal(playedAfter, 150);
      assert.equal(jb.stats().late, 0);
    } else {
      // About half a second of the new stream is refused as late: then the run of late packets starts it over.
      assert.ok(playedAfter >= 120 && playedAfter <= 130, `played ${playedAfter} of 150`);
    }
  }
});

test('a sender pause (DTX) is not loss: the next talkspurt starts at the target delay', () => {
  const jb = new JitterBuffer(steady);
  const talk1 = stream(40, () => 35, { seq0: 500, ts0: 0 });
  // 1 s of silence: timestamps advance by 50 frames, sequence numbers do not; marker on the first.
  const talk2 = stream(40, () => 35, { seq0: 540, ts0: 90 * SPF }, 1800).map((a, i) =>
    i === 0 ? { ...a, packet: { ...a.packet, marker: true } } : a,
  );
  const played: Array<{ tick: number; frame: number }> = [];
  const shown = drive(jb, [...talk1, ...talk2], 200);
  shown.forEach((s, tick) => {
    if (s.startsWith('a')) played.push({ tick, frame: Number(s.slice(1)) });
  });
  assert.equal(played.length, 80);
  assert.equal(shown.filter((s) => s.startsWith('L')).length, 0);
  assert.equal(jb.stats().packetsLost, 0);
  // First frame of talkspurt 2 arrives at 1835 ms; it is played within target (20) + one frame.
  const resume = played[40];
  assert.ok(resume !== undefined);
  const wait = resume.tick * 20 - 1835;
  assert.ok(wait >= 0 && wait < 20 + 20, `talkspurt waited ${wait} ms`);
});

test('a long sender pause is shortened when the target fell meanwhile (free adaptation)', () => {
  const jb = new JitterBuffer({ clockRate: 8000, initialDelayMs: 100, decayMs: 500 });
  const talk1 = stream(20, () => 35, { ts0: 0 });
  const talk2 = stream(20, () => 35, { seq0: 1020, ts0: 120 * SPF }, 2400).map((a, i) =>
    i === 0 ? { ...a, packet: { ...a.packet, marker: true } } : a,
  );
  const shown = drive(jb, [...talk1, ...talk2], 200);
  const resumeTick = shown.findIndex((s, i) => i > shown.indexOf('a19') && s.startsWith('a'));
  const wait = resumeTick * 20 - 2435;
  const s = jb.stats();
  const firstWait = shown.indexOf('a0') * 20 - 35;
  assert.ok(firstWait >= 100, `talkspurt 1 waited ${firstWait} ms`);
  assert.ok(wait < 40, `talkspurt 2 waited ${wait} ms`);
  assert.ok(s.droppedAdaptation >= 3, `the silence was shortened by ${s.droppedAdaptation} frames`);
  assert.equal(s.framesPlayed, 40);
  assert.equal(s.concealedLoss, 0);
});

test('shrinking prefers low-cost (DTX / comfort noise) frames', () => {
  const jb = new JitterBuffer({ clockRate: 8000, initialDelayMs: 60, decayMs: 1000 });
  const arrivals = stream(250, () => 35).map((a, i) => (i % 7 === 3 ? { ...a, packet: { ...a.packet, payload: Uint8Array.of(i & 0xff) } } : a));
  const shown = drive(jb, arrivals, 265);
  const played = new Set(shown.filter((s) => s.startsWith('a')).map((s) => Number(s.slice(1))));
  const skipped = Array.from({ length: 250 }, (_, i) => i).filter((i) => !played.has(i));
  const dropped = jb.stats().droppedAdaptation;
  assert.ok(dropped >= 1, 'the excess delay was shed');
  assert.equal(skipped.length, dropped);
  assert.ok(skipped.every((i) => i % 7 === 3), `dropped frames ${skipped.join(',')} are all low-cost`);
});

test('invalid numbers are ignored; reset() forgets the stream but keeps the counters', () => {
  const jb = new JitterBuffer(steady);
  assert.equal(jb.push(frame(0), Number.NaN), 'invalid');
  drive(jb, stream(20, () => 35), 25);
  const before = jb.stats().framesPlayed;
  jb.reset();
  assert.deepEqual(jb.pop(1000), { kind: 'silence' });
  assert.equal(jb.stats().framesPlayed, before);
  assert.equal(jb.stats().resets, 1);
  assert.throws(() => new JitterBuffer({ clockRate: 0 }), RangeError);
});

test('stalled ticks: the buffer keeps the newest frames and skips the missing span for free when ticks resume', () => {
  const jb = new JitterBuffer(steady);
  const arrivals = [...stream(300, () => 35)].sort((a, b) => a.at - b.at);
  const shown: string[] = [];
  let k = 0;
  for (let tick = 0; tick < 320; tick++) {
    const now = tick * 20;
    for (let a = arrivals[k]; a !== undefined && a.at <= now; a = arrivals[++k]) jb.push(a.packet, a.at);
    if (tick >= 50 && tick < 150) continue; // the audio clock stalls for 2 s; packets keep coming
    shown.push(show(jb.pop(now)));
  }
  const s = jb.stats();
  assert.ok(s.overflow > 0, 'the oldest frames were evicted');
  const resumed = shown.slice(50);
  // Within a few ticks the playout is back at the live edge, without a long run of concealment.
  assert.ok(resumed.slice(0, 3).filter((x) => x.startsWith('L') || x === 'U').length <= 1, resumed.slice(0, 5).join(' '));
  assert.ok(s.delayMs - s.targetDelayMs < 25, `delay ${s.delayMs} vs target ${s.targetDelayMs}`);
  assert.ok(resumed.slice(10, 140).every((x) => x.startsWith('a')));
});

test('the marker bit alone does not turn a loss into a silence gap', () => {
  const jb = new JitterBuffer(steady);
  // Frame 10 lost, frame 11 carries the marker (a sender that marks liberally): still a loss.
  const arrivals = stream(30, () => 35)
    .filter((a) => a.packet.payload[0] !== 10)
    .map((a) => (a.packet.payload[0] === 11 ? { ...a, packet: { ...a.packet, marker: true } } : a));
  const played = playing(drive(jb, arrivals, 40));
  const at = played.indexOf('a9');
  assert.deepEqual(played.slice(at, at + 3), ['a9', 'L>11', 'a11']);
});

test('a busy event loop: a late tick and the burst of overdue ticks after it are the clock catching up, not delay to shed or jitter to cover', () => {
  const jb = new JitterBuffer(steady);
  const arrivals = stream(1000, (i) => 35 + ((i * 7) % 5));
  const shown: string[] = [];
  let k = 0;
  const stallEvery = 50; // ticks: one stall a second
  const stallMs = 70;
  let stalledUntil = -Infinity;
  let before = jb.stats();
  for (let tick = 0; tick < 1000; tick++) {
    const due = tick * 20;
    if (tick === 100) before = jb.stats();
    if (tick >= 100 && tick % stallEvery === 0) stalledUntil = due + stallMs;
    // A tick due while the loop was blocked fires when it frees up, the overdue ones 1 ms apart after it.
    const now = due < stalledUntil ? stalledUntil + (tick - Math.ceil((stalledUntil - stallMs) / 20)) : due;
    for (let a = arrivals[k]; a !== undefined && a.at <= now; a = arrivals[++k]) jb.push(a.packet, a.at);
    shown.push(show(jb.pop(now)));
  }
  const s = jb.stats();
  const steadyPart = shown.slice(100, 950);
  assert.ok(steadyPart.every((x) => x.startsWith('a')), `only audio while the clock catches up: ${steadyPart.filter((x) => !x.startsWith('a')).slice(0, 10).join(' ')}`);
  assert.equal(s.insertedAdaptation - before.insertedAdaptation, 0, 'nothing inserted');
  assert.equal(s.droppedAdaptation - before.droppedAdaptation, 0, 'nothing dropped');
  assert.equal(s.late, 0);
  assert.ok(s.targetDelayMs <= 25, `target ${s.targetDelayMs} ms: the stalls did not count as jitter`);
  assert.ok(s.delayMs < 50, `delay ${s.delayMs} ms`);
});
