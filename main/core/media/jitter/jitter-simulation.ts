/**
 * A deterministic network-and-clock simulation around {@link JitterBuffer},
 * for its tests and for BENCHMARKS.md: a sender emitting one frame per
 * `frameMs` of *its* clock (offset by `senderPpm` from ours), a network with
 * a delay model, random loss and duplication, and our audio clock popping one
 * frame per tick (optionally with tick jitter). Everything is driven by a
 * seeded PRNG, so a run is reproducible to the bit. No timers, no sockets.
 */
import { JitterBuffer } from './jitter-buffer';
import type { JitterBufferOptions, JitterOutput, JitterStats } from './jitter-types';
import { wireSeq, wireTimestamp } from './rtp-sequence';
import { seededRandom } from '../../../common/seeded-random';

export { seededRandom } from '../../../common/seeded-random';

/** One simulated run. Times in ms on the receiver's clock. */
export interface SimulationConfig {
  readonly seed: number;
  readonly durationMs: number;
  readonly buffer: JitterBufferOptions;
  /** One-way network delay of a packet sent at `sendMs` (receiver clock). */
  readonly delayMs: (sendMs: number, random: () => number) => number;
  /** Probability that a packet is lost. Default 0. */
  readonly lossRate?: number;
  /** Probability that a packet is delivered twice (the copy 0-30 ms later). Default 0. */
  readonly duplicateRate?: number;
  /** Sender clock rate versus ours, ppm (+ = sender fast). Default 0. */
  readonly senderPpm?: number;
  /** Our audio clock's tick jitter, uniform ±this. Default 0. */
  readonly tickJitterMs?: number;
  /** First sequence number and timestamp (to exercise the wraps). Default 0. */
  readonly firstSeq?: number;
  readonly firstTimestamp?: number;
  /** When the sender's first frame leaves, relative to our first tick. Default: random in [0, frameMs) (the phase between the two clocks). */
  readonly senderOffsetMs?: number;
  /** Frames the sender does not send (DTX / VAD silence); the first frame after a pause carries the marker. */
  readonly silent?: (frameIndex: number) => boolean;
  /**
   * Our event loop is blocked for `stallMs` every `everyMs` (from `everyMs` on): ticks due
   * meanwhile fire when it frees up (the first at once, the overdue ones 1 ms apart after it,
   * as a clock that catches up), and packets that arrived meanwhile are read right after the
   * first of those ticks, stamped with that time. Default: never blocked.
   */
  readonly busyLoop?: { readonly everyMs: number; readonly stallMs: number };
  /** Record one trace point every this many ms of simulated time. Default: no trace. */
  readonly traceEveryMs?: number;
}

/** One trace point. */
export interface TracePoint {
  readonly t: number;
  readonly targetDelayMs: number;
  readonly delayMs: number;
}

/** What a run measured. */
export interface SimulationResult {
  /** Frames the sender sent. */
  readonly sent: number;
  /** Lost in the network (never delivered). */
  readonly networkLost: number;
  /** network loss and late loss (arrived after play time), in % of sent. */
  readonly networkLossPct: number;
  readonly lateLossPct: number;
  /** Mean of play time − arrival time over played frames (time spent in the buffer). */
  readonly meanBufferDelayMs: number;
  /** Mean of play time − send time over played frames (network + buffer). */
  readonly meanEndToEndMs: number;
  /** Frames that arrived in time but were dropped to shrink the delay (lost frames skipped for free are not counted). */
  readonly skippedFrames: number;
  /** Maximum of the buffer delay statistic once playing. */
  readonly maxDelayStatMs: number;
  /** Count of each pop outcome. */
  readonly outputs: Readonly<Record<'audio' | 'loss' | 'underrun' | 'insert' | 'silence', number>>;
  /** Sequence numbers played as audio, in play order (wire values). */
  readonly playedSeqs: readonly number[];
  readonly stats: JitterStats;
  readonly trace: readonly TracePoint[];
}

interface Delivery {
  readonly arrivalMs: number;
  readonly frameIndex: number;
  readonly seq: number;
  readonly marker: boolean;
}

/** Runs a simulation and measures late loss, delays and the buffer's counters. */
export function simulate(config: SimulationConfig): SimulationResult {
  const random = seededRandom(config.seed);
  const frameMs = config.buffer.frameMs ?? 20;
  const spf = (config.buffer.clockRate * frameMs) / 1000;
  const ppm = config.senderPpm ?? 0;
  const lossRate = config.lossRate ?? 0;
  const dupRate = config.duplicateRate ?? 0;
  const firstSeq = config.firstSeq ?? 0;
  const firstTs = config.firstTimestamp ?? 0;
  const sendPeriod = frameMs / (1 + ppm * 1e-6);
  const offset = config.senderOffsetMs ?? random() * frameMs;

  const deliveries: Delivery[] = [];
  const sendTimes: number[] = [];
  let sent = 0;
  let networkLost = 0;
  let seqCounter = 0;
  let previousSilent = false;
  for (let k = 0; k * sendPeriod < config.durationMs; k++) {
    const sendMs = offset + k * sendPeriod;
    sendTimes.push(sendMs);
    if (config.silent?.(k) === true) {
      previousSilent = true;
      continue;
    }
    const seq = seqCounter++;
    const marker = previousSilent;
    previousSilent = false;
    sent++;
    if (random() < lossRate) {
      networkLost++;
      continue;
    }
    const arrivalMs = sendMs + config.delayMs(sendMs, random);
    deliveries.push({ arrivalMs, frameIndex: k, seq, marker });
    if (random() < dupRate) deliveries.push({ arrivalMs: arrivalMs + 30 * random(), frameIndex: k, seq, marker });
  }
  const busy = config.busyLoop;
  /** When the event loop is free again if it is blocked at `t` (else undefined). */
  const stallEnd = (t: number): number | undefined => {
    if (busy === undefined || t < busy.everyMs) return undefined;
    const start = Math.floor(t / busy.everyMs) * busy.everyMs;
    return t < start + busy.stallMs ? start + busy.stallMs : undefined;
  };
  if (busy !== undefined) {
    for (const [i, d] of deliveries.entries()) {
      const end = stallEnd(d.arrivalMs);
      if (end !== undefined) deliveries[i] = { ...d, arrivalMs: end + 0.5 };
    }
  }
  deliveries.sort((a, b) => a.arrivalMs - b.arrivalMs);

  const jb = new JitterBuffer(config.buffer);
  const arrivalOf = new Map<number, number>();
  const outputs = { audio: 0, loss: 0, underrun: 0, insert: 0, silence: 0 };
  const playedSeqs: number[] = [];
  const trace: TracePoint[] = [];
  let bufferDelaySum = 0;
  let endToEndSum = 0;
  let maxDelayStat = 0;
  let nextTrace = 0;
  let d = 0;
  const tickJitter = config.tickJitterMs ?? 0;
  for (let tick = 0; tick * frameMs < config.durationMs + 1000; tick++) {
    const due = tick * frameMs + (tickJitter > 0 ? (2 * random() - 1) * tickJitter : 0);
    const freeAt = stallEnd(due);
    const now = freeAt === undefined ? due : freeAt + Math.floor((due - (freeAt - (busy?.stallMs ?? 0))) / frameMs);
    for (let next = deliveries[d]; next !== undefined && next.arrivalMs <= now; next = deliveries[++d]) {
      jb.push(
        {
          seq: wireSeq(firstSeq + next.seq),
          timestamp: wireTimestamp(firstTs + next.frameIndex * spf),
          payload: Uint8Array.of(next.seq & 0xff, (next.seq >> 8) & 0xff, 1),
          marker: next.marker,
        },
        next.arrivalMs,
      );
      if (!arrivalOf.has(next.frameIndex)) arrivalOf.set(next.frameIndex, next.arrivalMs);
    }
    const out: JitterOutput = jb.pop(now);
    if (out.kind === 'audio') {
      outputs.audio++;
      playedSeqs.push(out.seq);
      const frameIndex = Math.round(wireTimestamp(out.timestamp - firstTs) / spf);
      bufferDelaySum += now - (arrivalOf.get(frameIndex) ?? now);
      endToEndSum += now - (sendTimes[frameIndex] ?? now);
      maxDelayStat = Math.max(maxDelayStat, jb.stats().delayMs);
    } else if (out.kind === 'conceal') {
      outputs[out.reason]++;
    } else {
      outputs.silence++;
    }
    if (config.traceEveryMs !== undefined && now >= nextTrace) {
      const s = jb.stats();
      trace.push({ t: now, targetDelayMs: s.targetDelayMs, delayMs: s.delayMs });
      nextTrace += config.traceEveryMs;
    }
  }
  const stats = jb.stats();
  const played = Math.max(1, outputs.audio);
  return {
    sent,
    networkLost,
    networkLossPct: (100 * networkLost) / Math.max(1, sent),
    lateLossPct: (100 * stats.late) / Math.max(1, sent),
    meanBufferDelayMs: bufferDelaySum / played,
    meanEndToEndMs: endToEndSum / played,
    skippedFrames: arrivalOf.size - stats.late - new Set(playedSeqs).size,
    maxDelayStatMs: maxDelayStat,
    outputs,
    playedSeqs,
    stats,
    trace,
  };
}
