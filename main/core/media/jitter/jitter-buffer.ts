/**
 * Dialtone's adaptive jitter buffer: a pure, clock-injected processor.
 *
 * The media worker's audio clock ticks every frame (20 ms); on each tick it
 * calls `pop(now)` once and gets exactly one decision: play this payload,
 * conceal one frame, or play silence. Packets are `push`ed whenever they
 * arrive, with their arrival time on the same clock. No timers, no I/O, no
 * allocation beyond the buffered frames: deterministic under test.
 *
 * Hand-written: DESIGN.md §3 found nothing usable on npm (the package index
 * has backoff-with-jitter helpers, no RTP playout buffer), and what the media
 * worker needs is specific: a pull API (one frame per audio tick), an
 * injected clock, adaptation, drift handling and loss/late accounting.
 *
 * ## Model
 *
 * Playout follows the RTP timestamps: `playoutTs` is the timestamp of the
 * frame to play on this tick, and it advances one frame per tick. The
 * playout delay `D = now − ts(playoutTs)` (in the same "relative transit"
 * units as each packet's `r = arrival − ts(packet)`) is what we control.
 * The delay window (`target-delay.ts`) gives `min r` (the fastest packet)
 * and the target `T` (a high percentile of `r − min r`); the goal is
 * `D ≥ min r + T`. The "delay" statistic is `D − min r`: how long the
 * fastest packet waits in the buffer.
 *
 * ## Adaptation (grow fast, shrink slowly and cheaply)
 *
 * With `err = D − (min r + T)`, D taken at the tick's nominal time (see
 * below), once per tick:
 * - **Grow** (`err < 0`): if the due frame is missing (loss or underrun) the
 *   tick conceals it *without advancing* (the concealment we owed anyway
 *   becomes the insertion, and the missing packet keeps its chance to arrive);
 *   if the frame is present and `err < −growTolerance`, a frame is inserted
 *   (`conceal`/`insert`). One frame per tick at most, so a 60 ms rise takes
 *   three ticks.
 * - **Shrink** (`err ≥ frame + hysteresis`, so the drop leaves `err ≥ 0`):
 *   cheapest first: skip lost frames instead of concealing them (free); drop
 *   a low-cost frame (DTX/comfort noise, see `isLowCost`); otherwise, after
 *   `dropPatienceMs` of excess, drop a speech frame. The target itself falls
 *   slowly (`decayMs`), so drops are rare and spread out. Three frames or
 *   more over (the ticks stalled, a restart), the whole excess is dropped in
 *   one jump: one discontinuity instead of many.
 * - **Talkspurts**: when the due slot is empty and the timestamps up to the
 *   next buffered packet span more frames than its sequence number explains,
 *   the sender paused (DTX, VAD; usually the marker bit is set too, but it is
 *   not relied on): the playout point is re-aligned so the new talkspurt
 *   starts exactly at the goal, stretching or shortening silence at no cost.
 * - The playout delay is measured at the tick's *nominal* time
 *   (`tick-schedule.ts`: the schedule of the earliest recent ticks), not at
 *   the time the tick reached us: a tick that comes late, or a burst of
 *   overdue ticks after the event loop was busy, is the clock catching up,
 *   neither delay to shed nor jitter to cover. A real tick is never earlier
 *   than its nominal time, so covering the packets' spread at the nominal
 *   time covers it at the real one.
 *
 * ## Clock drift
 *
 * A sender fast by ε makes `r` fall by ε ms per ms (a slow one, rise); the
 * window's `min r` follows that trend, so the same controller drops (or
 * inserts) one frame each time the level has moved by a frame: about one
 * frame per 67 s at 300 ppm. `drift-estimator.ts` measures the trend
 * (`driftPpm`) and corrections are attributed to drift as long as the drift
 * "owes" one, else to adaptation.
 *
 * ## Discontinuities
 *
 * A new SSRC, a sequence jump of more than 3000, a packet far earlier than
 * any transit seen (forward timestamp jump) once the next packet in sequence
 * confirms it, or one far later for `resyncConfirmMs` (backward jump; at
 * once with the marker bit; in practice the late-run rule below acts after
 * half a second) starts the stream over: buffer (frames of the
 * old stream not yet played included), windows and sequence state are
 * cleared and the next pops buffer up to the target (kept as the prior) as
 * at call start. The forward jump waits for its confirmation because one
 * stray packet with the call's SSRC and a wild timestamp would otherwise
 * silence the call while the buffer refills; the held packet is played once
 * confirmed, so a real jump loses nothing. A backward jump cannot be
 * confirmed that way: a network stall's burst of stale packets is in
 * sequence too, and is dropped as late, not taken as a jump. But when every
 * packet for half a second (and at least 10 of them) comes after its play
 * time, the timeline is wrong rather than the network (a sender's
 * timestamps stepped back by less than the jump margin, or forged packets
 * dragged the transit minimum down), and the stream starts over at once
 * instead of waiting seconds for the windows to forget. If the ticks stall
 * while packets keep coming, the buffer keeps the newest `capacityFrames`.
 *
 * Limits: one packet carries one frame of `frameMs` (ptime = frame), as the
 * SDP negotiates; the buffer neither decodes nor time-stretches.
 */
import { DriftEstimator } from './drift-estimator';
import { FrameQueue, type QueuedFrame } from './frame-queue';
import { InterarrivalJitter } from './interarrival-jitter';
import type { ConcealReason, JitterBufferOptions, JitterOutput, JitterStats, PushOutcome, RtpFrameIn } from './jitter-types';
import { extendSeq, extendTimestamp } from './rtp-sequence';
import { TargetDelay } from './target-delay';
import { TickSchedule } from './tick-schedule';

/** A forward or backward sequence jump larger than this starts a new stream (RFC 3550 §A.1 MAX_DROPOUT). */
const MAX_SEQ_JUMP = 3000;
/**
 * Late packets in a row, over at least `LATE_RUN_MS`, after which the stream
 * starts over. A stall's burst of stale packets arrives within a few ms, so
 * it is not a run; half a second of nothing but late packets is a buffer
 * that has played silence for half a second with the audio right there.
 */
const MIN_LATE_RUN = 10;
const LATE_RUN_MS = 500;
/** Sequence numbers remembered for duplicate detection. */
const SEEN_RING = 1024;
/** Ticks that define the audio clock's nominal schedule (1 s: a burst of overdue ticks must end within them). */
const TICK_WINDOW = 50;
/** A tick this many frames late is a clock jump (a long stall), not a catch-up: the schedule moves at once. */
const TICK_REBASE_FRAMES = 50;
/** Weight of one tick in the mean tick lateness (reported delay only). */
const LATENESS_SMOOTHING = 1 / 32;
/** This many frames over target: drop at once (no patience, no waiting for a cheap frame), all the excess in one jump. */
const URGENT_EXCESS_FRAMES = 3;
/** Bound on the drift attribution account, in frames. */
const MAX_DRIFT_DEBT_FRAMES = 3;

type ResolvedOptions = Required<JitterBufferOptions>;

type Counters = { -readonly [K in keyof JitterStats]: JitterStats[K] };

function resolveOptions(o: JitterBufferOptions): ResolvedOptions {
  if (!(o.clockRate > 0)) throw new RangeError(`clockRate must be positive, got ${o.clockRate}`);
  const frameMs = o.frameMs ?? 20;
  const maxDelayMs = o.maxDelayMs ?? 300;
  const minDelayMs = o.minDelayMs ?? 20;
  if (!(frameMs > 0) || !(minDelayMs >= 0) || !(maxDelayMs >= minDelayMs)) {
    throw new RangeError(`need frameMs > 0 and 0 ≤ minDelayMs ≤ maxDelayMs (got ${frameMs}, ${minDelayMs}, ${maxDelayMs})`);
  }
  return {
    clockRate: o.clockRate,
    frameMs,
    minDelayMs,
    maxDelayMs,
    initialDelayMs: o.initialDelayMs ?? 40,
    quantile: o.quantile ?? 0.98,
    marginMs: o.marginMs ?? 0,
    windowMs: o.windowMs ?? 3000,
    decayMs: o.decayMs ?? 2000,
    shrinkHysteresisMs: o.shrinkHysteresisMs ?? 1,
    growToleranceMs: o.growToleranceMs ?? 5,
    dropPatienceMs: o.dropPatienceMs ?? 1000,
    maxConcealMs: o.maxConcealMs ?? 100,
    isLowCost: o.isLowCost ?? ((payload) => payload.length <= 2),
    resyncMs: o.resyncMs ?? 1000,
    resyncConfirmMs: o.resyncConfirmMs ?? 1000,
    capacityFrames: o.capacityFrames ?? Math.ceil((2 * maxDelayMs) / frameMs) + 10,
  };
}

/**
 * The adaptive jitter buffer (see the module comment for the strategy).
 * One instance per received stream; not thread-safe, not re-entrant.
 */
/** Clock values beyond this (about 3,000 years in ms) are bogus, not time. */
const MAX_CLOCK_MS = 1e14;

export class JitterBuffer {
  private readonly o: ResolvedOptions;
  /** One frame in timestamp units (clockRate × frameMs / 1000). */
  private readonly spf: number;
  private readonly target: TargetDelay;
  private readonly drift = new DriftEstimator();
  private readonly rfcJitter: InterarrivalJitter;
  private readonly queue = new FrameQueue();
  private readonly seen = new Float64Array(SEEN_RING).fill(Number.NaN);
  private readonly c: Counters;
  /** The audio clock's nominal tick times. */
  private readonly ticks: TickSchedule;
  /** Mean of how late ticks come after their nominal time (the delay the listener hears on top). */
  private meanLatenessMs = 0;

  private phase: 'idle' | 'buffering' | 'playing' = 'idle';
  private ssrc: number | undefined;
  /** Extended timestamp of the stream's first packet: the origin of every ms figure. */
  private epochTs = 0;
  private baseExtSeq = 0;
  private highestExtSeq = 0;
  private highestExtTs = 0;
  private distinct = 0;
  private lostInPastStreams = 0;
  /** Extended timestamp of the frame due on the next tick. */
  private playoutTs = 0;
  /** Extended sequence number expected at `playoutTs`. */
  private expectedSeq = 0;
  /** Playout delay at the current tick's nominal time: nominal now − ts(playoutTs). */
  private playoutDelay = 0;
  private lastPopMs: number | undefined;
  private concealRunMs = 0;
  private excessSinceMs: number | undefined;
  /** Since when, and how many, packets in a row came after their play time. */
  private lateRunSinceMs: number | undefined;
  private lateRunCount = 0;
  private driftDebtMs = 0;
  private pendingJumpSinceMs: number | undefined;
  /** A packet far ahead of the stream, waiting for the next one in sequence to confirm the jump. */
  private heldJump: { readonly packet: RtpFrameIn; readonly arrivalMs: number; readonly seq: number; readonly transit: number } | undefined;

  constructor(options: JitterBufferOptions) {
    this.o = resolveOptions(options);
    this.spf = (this.o.clockRate * this.o.frameMs) / 1000;
    this.target = new TargetDelay({
      windowPackets: Math.max(1, Math.round(this.o.windowMs / this.o.frameMs)),
      quantile: this.o.quantile,
      marginMs: this.o.marginMs,
      minDelayMs: this.o.minDelayMs,
      maxDelayMs: this.o.maxDelayMs,
      decayMs: this.o.decayMs,
      initialDelayMs: this.o.initialDelayMs,
    });
    this.rfcJitter = new InterarrivalJitter(this.o.clockRate);
    this.ticks = new TickSchedule(this.o.frameMs, TICK_WINDOW, TICK_REBASE_FRAMES * this.o.frameMs);
    this.c = {
      delayMs: 0,
      targetDelayMs: 0,
      bufferedMs: 0,
      jitterMs: 0,
      jitterTimestampUnits: 0,
      driftPpm: undefined,
      packetsReceived: 0,
      packetsLost: 0,
      late: 0,
      duplicates: 0,
      reordered: 0,
      overflow: 0,
      framesPlayed: 0,
      concealedFrames: 0,
      concealedLoss: 0,
      concealedUnderrun: 0,
      concealedInsert: 0,
      silenceFrames: 0,
      insertedAdaptation: 0,
      insertedDrift: 0,
      droppedAdaptation: 0,
      droppedDrift: 0,
      resets: 0,
      unconfirmedJumps: 0,
    };
  }

  /** The frame duration in ms. */
  get frameMs(): number {
    return this.o.frameMs;
  }

  /** The RTP clock rate the buffer was made for (Hz). */
  get clockRate(): number {
    return this.o.clockRate;
  }

  /**
   * Takes one received packet, `arrivalMs` on the same clock as `pop`'s
   * `nowMs`. Duplicates and packets whose play time has passed are dropped
   * and counted; others are queued in timestamp order.
   */
  push(packet: RtpFrameIn, arrivalMs: number): PushOutcome {
    if (!Number.isFinite(arrivalMs) || Math.abs(arrivalMs) > MAX_CLOCK_MS || !Number.isFinite(packet.seq) || !Number.isFinite(packet.timestamp)) return 'invalid';
    this.c.packetsReceived++;
    return this.place(packet, arrivalMs);
  }

  /** `push` after validation and counting (also replays a held packet once its jump is confirmed). */
  private place(packet: RtpFrameIn, arrivalMs: number): PushOutcome {
    const seq = packet.seq & 0xffff;
    const ts = packet.timestamp >>> 0;
    const marker = packet.marker === true;

    if (packet.ssrc !== undefined && this.ssrc !== undefined && packet.ssrc !== this.ssrc) this.resetStream();
    if (packet.ssrc !== undefined) this.ssrc = packet.ssrc;
    if (this.phase === 'idle') this.beginStream(seq, ts);

    let extSeq = extendSeq(seq, this.highestExtSeq);
    if (Math.abs(extSeq - this.highestExtSeq) > MAX_SEQ_JUMP) {
      this.restartWith(seq, ts);
      extSeq = seq;
    }
    const slot = ((extSeq % SEEN_RING) + SEEN_RING) % SEEN_RING;
    if (this.seen[slot] === extSeq) {
      this.c.duplicates++;
      return 'duplicate';
    }

    let extTs = extendTimestamp(ts, this.highestExtTs);
    let transit = arrivalMs - this.tsMs(extTs);
    let suspect = this.classifyJump(transit, arrivalMs, marker);
    const held = this.heldJump;
    this.heldJump = undefined;
    if (suspect === 'ahead') {
      if (held === undefined || ((held.seq + 1) & 0xffff) !== seq || Math.abs(transit - held.transit) >= this.o.resyncMs) {
        if (held !== undefined) this.c.unconfirmedJumps++;
        this.heldJump = { packet, arrivalMs, seq, transit };
        return 'held';
      }
      // Confirmed: the stream starts over at the held packet, which is played too.
      this.resetStream();
      this.place(held.packet, held.arrivalMs);
      return this.place(packet, arrivalMs);
    }
    if (held !== undefined) this.c.unconfirmedJumps++;
    if (suspect === 'restart') {
      this.restartWith(seq, ts);
      extSeq = seq;
      extTs = ts;
      transit = arrivalMs;
      suspect = 'normal';
    }

    this.seen[((extSeq % SEEN_RING) + SEEN_RING) % SEEN_RING] = extSeq;
    this.distinct++;
    if (extSeq < this.baseExtSeq) this.baseExtSeq = extSeq;
    if (extSeq > this.highestExtSeq) this.highestExtSeq = extSeq;
    else if (extSeq < this.highestExtSeq) this.c.reordered++;
    if (extTs > this.highestExtTs) this.highestExtTs = extTs;

    this.rfcJitter.observe(arrivalMs, extTs);
    if (suspect === 'normal') {
      this.target.observe(transit);
      this.drift.observe(arrivalMs, transit);
    }

    if (this.phase === 'playing' && extTs < this.playoutTs - this.spf / 2) {
      this.lateRunSinceMs ??= arrivalMs;
      this.lateRunCount++;
      if (this.lateRunCount >= MIN_LATE_RUN && arrivalMs - this.lateRunSinceMs >= LATE_RUN_MS) {
        // Every packet for half a second missed its slot: the playout timeline is wrong, not the
        // network. Start over at this packet (as for a confirmed jump), which is then played.
        this.resetStream();
        return this.place(packet, arrivalMs);
      }
      this.c.late++;
      return 'late';
    }
    this.lateRunSinceMs = undefined;
    this.lateRunCount = 0;
    if (this.queue.length >= this.o.capacityFrames) {
      // Far more than the maximum delay is queued (the ticks stalled): the oldest audio is the least useful.
      this.queue.shift();
      this.c.overflow++;
    }
    const frame: QueuedFrame = { extSeq, extTs, seq, timestamp: ts, payload: packet.payload, marker, arrivalMs };
    if (this.queue.insert(frame)) {
      this.c.duplicates++;
      return 'duplicate';
    }
    return 'queued';
  }

  /**
   * One tick of the audio clock: exactly one frame decision. Call once per
   * frame with the current time on the clock used for `push`.
   */
  pop(nowMs: number): JitterOutput {
    // A clock that is not a number must not poison the gauges for the rest of the call.
    if (!Number.isFinite(nowMs) || Math.abs(nowMs) > MAX_CLOCK_MS) return this.silence();
    const elapsed = this.lastPopMs === undefined ? this.o.frameMs : Math.min(1000, Math.max(0, nowMs - this.lastPopMs));
    this.lastPopMs = nowMs;
    const nominalMs = this.ticks.tick(nowMs);
    this.meanLatenessMs += LATENESS_SMOOTHING * (Math.min(this.ticks.latenessMs, this.o.frameMs) - this.meanLatenessMs);
    this.target.update(elapsed);
    const ppm = this.drift.ppm();
    if (ppm !== undefined) {
      const bound = MAX_DRIFT_DEBT_FRAMES * this.o.frameMs;
      this.driftDebtMs = Math.min(bound, Math.max(-bound, this.driftDebtMs + ppm * 1e-6 * elapsed));
    }
    if (this.phase === 'idle') return this.silence();
    if (this.phase === 'buffering' && !this.tryStart(nominalMs)) return this.silence();
    return this.playTick(nominalMs);
  }

  /** Current counters and gauges. */
  stats(): JitterStats {
    const minTransit = this.target.minTransitMs;
    return {
      ...this.c,
      delayMs: this.phase === 'playing' && minTransit !== undefined ? this.playoutDelay + this.meanLatenessMs - minTransit : 0,
      targetDelayMs: this.targetMs(),
      bufferedMs: this.queue.length * this.o.frameMs,
      jitterMs: this.rfcJitter.ms,
      jitterTimestampUnits: this.rfcJitter.timestampUnits,
      driftPpm: this.drift.ppm(),
      packetsLost: this.lostInPastStreams + this.currentStreamLost(),
    };
  }

  /**
   * Forgets the current stream (e.g. after hold or a media change) but keeps
   * the counters and the target delay as the prior for the next stream.
   */
  reset(): void {
    this.resetStream();
    this.ssrc = undefined;
  }

  // ---- push helpers ----

  /** `normal`, `suspect` (far late: kept out of the windows), `restart` (a backward timestamp jump) or `ahead` (a forward one, to confirm). */
  private classifyJump(transit: number, arrivalMs: number, marker: boolean): 'normal' | 'suspect' | 'restart' | 'ahead' {
    const minTransit = this.target.minTransitMs;
    if (minTransit === undefined) return 'normal';
    if (transit < minTransit - this.o.resyncMs) return 'ahead';
    if (transit > minTransit + this.o.maxDelayMs + this.o.resyncMs) {
      this.pendingJumpSinceMs ??= arrivalMs;
      if (marker || arrivalMs - this.pendingJumpSinceMs >= this.o.resyncConfirmMs) return 'restart';
      return 'suspect';
    }
    this.pendingJumpSinceMs = undefined;
    return 'normal';
  }

  private beginStream(seq: number, ts: number): void {
    this.epochTs = ts;
    this.highestExtTs = ts;
    this.highestExtSeq = seq;
    this.baseExtSeq = seq;
    this.distinct = 0;
    this.phase = 'buffering';
  }

  private restartWith(seq: number, ts: number): void {
    this.resetStream();
    this.beginStream(seq, ts);
  }

  private resetStream(): void {
    if (this.phase === 'idle') return;
    this.lostInPastStreams += this.currentStreamLost();
    this.c.resets++;
    this.queue.clear();
    this.seen.fill(Number.NaN);
    this.target.resetWindow();
    this.drift.reset();
    this.rfcJitter.reset();
    this.phase = 'idle';
    this.pendingJumpSinceMs = undefined;
    this.heldJump = undefined;
    this.lateRunSinceMs = undefined;
    this.lateRunCount = 0;
    this.excessSinceMs = undefined;
    this.driftDebtMs = 0;
    this.concealRunMs = 0;
  }

  private currentStreamLost(): number {
    if (this.phase === 'idle') return 0;
    return Math.max(0, this.highestExtSeq - this.baseExtSeq + 1 - this.distinct);
  }

  // ---- pop helpers ----

  /** ms of the extended timestamp since the stream's origin. */
  private tsMs(extTs: number): number {
    return ((extTs - this.epochTs) * 1000) / this.o.clockRate;
  }

  /**
   * The target delay, from the network's spread alone: the delay is measured
   * at nominal tick times, which no tick precedes, so the audio clock's own
   * jitter needs no margin of its own.
   */
  private targetMs(): number {
    return this.target.ms;
  }

  /** The playout delay we aim for, in relative-transit units: min r + target. */
  private goalDelay(): number {
    return (this.target.minTransitMs ?? 0) + this.targetMs();
  }

  /** Starts playout once the earliest buffered frame has waited long enough. */
  private tryStart(nowMs: number): boolean {
    const head = this.queue.peek();
    if (head === undefined) return false;
    const headDelay = nowMs - this.tsMs(head.extTs);
    if (headDelay < this.goalDelay()) return false;
    this.phase = 'playing';
    this.playoutTs = head.extTs;
    this.expectedSeq = head.extSeq;
    this.playoutDelay = headDelay;
    this.excessSinceMs = undefined;
    this.concealRunMs = 0;
    return true;
  }

  /** One playing tick; `nowMs` is the tick's nominal time (as in every pop helper). */
  private playTick(nowMs: number): JitterOutput {
    this.playoutDelay = nowMs - this.tsMs(this.playoutTs);
    const err = this.playoutDelay - this.goalDelay();
    const half = this.spf / 2;
    // Frames behind the playout point cannot normally be queued (push refuses them); guard anyway.
    for (let f = this.queue.peek(); f !== undefined && f.extTs < this.playoutTs - half; f = this.queue.peek()) {
      this.queue.shift();
      this.c.late++;
    }
    const head = this.queue.peek();
    if (head !== undefined && head.extTs < this.playoutTs + half) return this.playPresent(nowMs, err, head);
    return this.handleMissing(nowMs, err, head);
  }

  /** The due frame is here: maybe insert before it or drop it, else play it. */
  private playPresent(nowMs: number, err: number, head: QueuedFrame): JitterOutput {
    if (err < -this.o.growToleranceMs) {
      this.adjust(+1);
      return this.conceal('insert');
    }
    const hysteresis = this.o.shrinkHysteresisMs;
    if (err < this.o.frameMs + hysteresis) {
      this.excessSinceMs = undefined;
      return this.play(head);
    }
    this.excessSinceMs ??= nowMs;
    // Far over target (ticks stalled, a restart): one jump to the goal, one discontinuity.
    if (err >= URGENT_EXCESS_FRAMES * this.o.frameMs + hysteresis) return this.skipAhead(head, Math.floor((err - hysteresis) / this.o.frameMs));
    if (this.o.isLowCost(head.payload) || nowMs - this.excessSinceMs >= this.o.dropPatienceMs) return this.skipAhead(head, 1);
    return this.play(head);
  }

  /**
   * Drops buffered frames from the head so that playout moves ahead by at
   * most `frames` slots (and never past the last buffered frame), then plays.
   */
  private skipAhead(head: QueuedFrame, frames: number): JitterOutput {
    let landing = head;
    for (let next = this.queue.at(1); next !== undefined && Math.round((next.extTs - head.extTs) / this.spf) <= frames; next = this.queue.at(1)) {
      this.queue.shift();
      landing = next;
    }
    const slots = Math.round((landing.extTs - head.extTs) / this.spf);
    if (slots > 0) {
      this.playoutTs += slots * this.spf;
      this.adjust(-slots);
    }
    return this.play(landing);
  }

  /** The due slot is empty: underrun, sender pause, or loss. */
  private handleMissing(nowMs: number, err: number, head: QueuedFrame | undefined): JitterOutput {
    if (head === undefined) {
      if (err < 0) {
        this.adjust(+1); // hold: conceal without advancing, the packet may still come
        return this.concealOrSilence();
      }
      this.advance();
      return this.concealOrSilence();
    }
    // More timestamp than sequence numbers between here and the head: the sender was silent.
    const gapFrames = Math.round((head.extTs - this.playoutTs) / this.spf);
    if (gapFrames > head.extSeq - this.expectedSeq) return this.realign(nowMs, head);

    if (err < 0) {
      this.adjust(+1); // hold on the missing frame: it may be reordered rather than lost
      return this.conceal('loss');
    }
    // Over target: skipping missing frames costs nothing (as many as the excess allows).
    const skip = Math.min(gapFrames, Math.floor((err - this.o.shrinkHysteresisMs) / this.o.frameMs));
    if (skip >= 1) {
      this.playoutTs += skip * this.spf;
      this.expectedSeq += skip;
      this.adjust(-skip);
      if (skip === gapFrames) return this.playPresent(nowMs, err - skip * this.o.frameMs, head);
    }
    const nextAdjacent = head.extTs < this.playoutTs + this.spf + this.spf / 2;
    this.advance();
    return this.conceal('loss', nextAdjacent ? head.payload : undefined);
  }

  /**
   * The sender paused (DTX, VAD) and `head` starts the next talkspurt: place
   * the playout point so that it plays exactly at the goal delay, stretching
   * or shortening the silence (free adaptation).
   */
  private realign(nowMs: number, head: QueuedFrame): JitterOutput {
    const headDelay = nowMs - this.tsMs(head.extTs);
    const waitFrames = Math.max(0, Math.ceil((this.goalDelay() - headDelay) / this.o.frameMs));
    const newPlayout = head.extTs - waitFrames * this.spf;
    const shift = Math.round((newPlayout - this.playoutTs) / this.spf);
    if (shift !== 0) this.adjust(-shift);
    this.playoutTs = newPlayout;
    this.playoutDelay = nowMs - this.tsMs(newPlayout);
    this.expectedSeq = head.extSeq;
    this.excessSinceMs = undefined;
    if (waitFrames === 0) return this.play(head);
    this.playoutTs += this.spf;
    return this.concealOrSilence();
  }

  /** Plays the queue's head (which must be `frame`) and moves the playout point past it. */
  private play(frame: QueuedFrame): JitterOutput {
    this.queue.shift();
    // Snap to the frame's own timestamp (a sender's grid may be offset by a fraction of a frame).
    this.playoutDelay -= this.tsMs(frame.extTs) - this.tsMs(this.playoutTs);
    this.playoutTs = frame.extTs + this.spf;
    this.expectedSeq = frame.extSeq + 1;
    this.concealRunMs = 0;
    this.c.framesPlayed++;
    return { kind: 'audio', payload: frame.payload, seq: frame.seq, timestamp: frame.timestamp };
  }

  /** Passes one empty slot. */
  private advance(): void {
    this.playoutTs += this.spf;
    this.expectedSeq++;
  }

  /** Records `frames` of delay added (positive) or removed (negative) and moves the playout delay with it. */
  private adjust(frames: number): void {
    const half = this.o.frameMs / 2;
    this.playoutDelay += frames * this.o.frameMs;
    for (let i = 0; i < Math.abs(frames); i++) {
      if (frames > 0) {
        if (this.driftDebtMs <= -half) {
          this.c.insertedDrift++;
          this.driftDebtMs += this.o.frameMs;
        } else {
          this.c.insertedAdaptation++;
        }
      } else if (this.driftDebtMs >= half) {
        this.c.droppedDrift++;
        this.driftDebtMs -= this.o.frameMs;
      } else {
        this.c.droppedAdaptation++;
      }
    }
    if (frames < 0) this.excessSinceMs = undefined;
  }

  private conceal(reason: ConcealReason, nextPayload?: Uint8Array): JitterOutput {
    this.concealRunMs += this.o.frameMs;
    this.c.concealedFrames++;
    if (reason === 'loss') this.c.concealedLoss++;
    else if (reason === 'underrun') this.c.concealedUnderrun++;
    else this.c.concealedInsert++;
    return nextPayload === undefined ? { kind: 'conceal', reason } : { kind: 'conceal', reason, nextPayload };
  }

  /** Underrun: conceal for up to `maxConcealMs`, then silence (the concealment has faded out by then). */
  private concealOrSilence(): JitterOutput {
    if (this.concealRunMs >= this.o.maxConcealMs) return this.silence();
    return this.conceal('underrun');
  }

  private silence(): JitterOutput {
    this.c.silenceFrames++;
    return { kind: 'silence' };
  }
}
