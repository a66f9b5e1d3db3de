/**
 * Records what the real pipeline feeds the jitter buffer (every `push` with
 * its arrival time, every `pop` with its tick time) and how long each played
 * frame waited in it, so that a benchmark run
 * on this machine can be replayed offline through the buffer with other
 * tunings (`bench/jitter-replay.ts`) and its internals inspected: the live
 * figures depend on the machine's clocks, which a simulation does not have.
 *
 * Works only when the buffer runs in this process (the bench's file audio
 * port uses the in-process media engine, not the worker): it wraps
 * `JitterBuffer.prototype.push`/`pop` of the module the media stream imports.
 */
import { writeFileSync } from 'node:fs';
import { JitterBuffer } from '../main/core/media/jitter';

/** One recorded call: `p` = push (arrival ms, seq, timestamp, marker), `t` = tick (ms). */
export type TraceEvent = { readonly k: 'p'; readonly at: number; readonly seq: number; readonly ts: number; readonly m: boolean; readonly ssrc?: number } | { readonly k: 't'; readonly at: number };

/** A recorded run: the buffer's clock rate and every event, in call order. */
export interface JitterTrace {
  readonly clockRate: number;
  readonly events: TraceEvent[];
}

/** What the recorder measured while recording, over all buffers. */
export interface TraceSummary {
  /** Mean of play time − arrival time over the frames played as audio (Little's law: the mean audio queued). */
  readonly meanArrivalToPlayMs: number;
  readonly framesPlayed: number;
}

/**
 * Starts recording every JitterBuffer created from now on in this process
 * (the bench has one call); `stop` restores the prototype and returns the
 * traces, one per buffer. `summary` measures each played frame's time in
 * the buffer (first arrival to play), from `sinceMs` on the buffer's clock.
 */
export function recordJitterTraces(): { stop(): JitterTrace[]; summary(sinceMs: number): TraceSummary } {
  const proto = JitterBuffer.prototype;
  const originalPush = proto.push;
  const originalPop = proto.pop;
  const traces = new WeakMap<JitterBuffer, JitterTrace>();
  const all: JitterTrace[] = [];
  const arrivals = new WeakMap<JitterBuffer, Map<number, number>>();
  const waits: Array<{ at: number; wait: number }> = [];
  const traceOf = (jb: JitterBuffer): JitterTrace => {
    let t = traces.get(jb);
    if (!t) {
      t = { clockRate: jb.clockRate, events: [] };
      traces.set(jb, t);
      all.push(t);
    }
    return t;
  };
  proto.push = function push(this: JitterBuffer, packet, arrivalMs) {
    traceOf(this).events.push({ k: 'p', at: arrivalMs, seq: packet.seq, ts: packet.timestamp, m: packet.marker === true, ...(packet.ssrc === undefined ? {} : { ssrc: packet.ssrc }) });
    let seen = arrivals.get(this);
    if (!seen) arrivals.set(this, (seen = new Map()));
    if (!seen.has(packet.seq)) seen.set(packet.seq, arrivalMs);
    return originalPush.call(this, packet, arrivalMs);
  };
  proto.pop = function pop(this: JitterBuffer, nowMs) {
    traceOf(this).events.push({ k: 't', at: nowMs });
    const out = originalPop.call(this, nowMs);
    if (out.kind === 'audio') {
      const seen = arrivals.get(this);
      const arrived = seen?.get(out.seq);
      if (arrived !== undefined) waits.push({ at: nowMs, wait: nowMs - arrived });
      seen?.delete(out.seq); // sequence numbers wrap: forget played ones
    }
    return out;
  };
  return {
    stop() {
      proto.push = originalPush;
      proto.pop = originalPop;
      return all;
    },
    summary(sinceMs) {
      const w = waits.filter((x) => x.at >= sinceMs).map((x) => x.wait);
      return { meanArrivalToPlayMs: w.reduce((a, b) => a + b, 0) / Math.max(1, w.length), framesPlayed: w.length };
    },
  };
}

/** Writes traces as JSON (one file, an array). */
export function saveJitterTraces(path: string, traces: readonly JitterTrace[]): void {
  writeFileSync(path, JSON.stringify(traces));
}
