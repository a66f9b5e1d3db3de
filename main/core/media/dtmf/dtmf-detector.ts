/**
 * Receiving RFC 4733 telephone-events: exactly one digit per key press, with
 * its duration, whatever the network did to the packets.
 *
 * A press is identified by its RTP timestamp (all packets of one event share
 * it, §2.5.1.1) and event code. Then:
 * - duplicates and growing-duration updates only raise the known duration;
 * - a lost start packet does not matter: the first packet seen opens the press;
 * - an end packet (E bit) closes it at once, so an only-end press is reported;
 * - the second and third end copies, and late packets of a closed press, hit
 *   the "recently closed" set and are dropped;
 * - a press whose end packets were all lost closes when a newer press starts
 *   or after `timeoutMs` without packets ({@link DtmfDetector.poll});
 * - a late packet of an older press that was never seen is reported at once.
 * A long press split into segments (§2.5.1.3: next timestamp = previous
 * timestamp + previous duration, same event) is joined into one.
 *
 * One detector per SSRC; time is passed in (ms, monotonic).
 */
import { eventToDigit, type DtmfDigit } from './dtmf-digits';
import { parseTelephoneEvent } from './telephone-event';

/** A detected key press. */
export interface DetectedDigit {
  readonly digit: DtmfDigit;
  /** RTP timestamp of the press (its first segment). */
  readonly timestamp: number;
  /** Duration in RTP timestamp units. */
  readonly duration: number;
  /** Duration in ms. */
  readonly durationMs: number;
  /** True when an end packet was seen; false when closed by timeout or by a newer press. */
  readonly ended: boolean;
}

/** Detector options. */
export interface DtmfDetectorOptions {
  /** RTP clock rate of telephone-event. Default 8000. */
  readonly clockRate?: number;
  /** Close a press after this long without packets. Default 300 ms (≥ 5 update intervals of 50 ms, §2.5.1.2). */
  readonly timeoutMs?: number;
}

/** A received telephone-event packet: its RTP timestamp and payload. */
export interface TelephoneEventInput {
  readonly timestamp: number;
  readonly payload: Uint8Array;
}

interface OpenPress {
  readonly event: number;
  readonly firstTimestamp: number;
  /** Timestamp of the current segment. */
  segmentTimestamp: number;
  /** Durations of the completed segments before the current one. */
  priorDuration: number;
  /** Highest duration seen in the current segment. */
  duration: number;
  lastSeenMs: number;
  readonly keys: string[];
}

const RECENT_LIMIT = 64;

function key(timestamp: number, event: number): string {
  return `${timestamp}:${event}`;
}

/** True when timestamp `a` is before `b` in RTP serial arithmetic. */
function before(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** Turns telephone-event packets into one {@link DetectedDigit} per key press. */
export class DtmfDetector {
  readonly #clockRate: number;
  readonly #timeoutMs: number;
  #open: OpenPress | undefined;
  readonly #closed = new Set<string>();

  constructor(options: DtmfDetectorOptions = {}) {
    const rate = options.clockRate ?? 8000;
    this.#clockRate = Number.isFinite(rate) && rate > 0 ? rate : 8000;
    const timeout = options.timeoutMs ?? 300;
    this.#timeoutMs = Number.isFinite(timeout) && timeout > 0 ? timeout : 300;
  }

  /** Feeds one packet received at `nowMs`; returns the presses it completed (usually none or one). */
  receive(packet: TelephoneEventInput, nowMs: number): DetectedDigit[] {
    const parsed = parseTelephoneEvent(packet.payload);
    if (!parsed.ok || eventToDigit(parsed.event.event) === undefined) return [];
    const { event, end, duration } = parsed.event;
    const ts = packet.timestamp >>> 0;
    if (this.#closed.has(key(ts, event))) return [];
    const out: DetectedDigit[] = [];
    const open = this.#open;

    if (open !== undefined && open.event === event && open.segmentTimestamp === ts) {
      open.duration = Math.max(open.duration, duration);
      open.lastSeenMs = nowMs;
      if (end) out.push(this.#close(open, true));
      return out;
    }
    if (open !== undefined && open.event === event && ts === ((open.segmentTimestamp + open.duration) >>> 0) && !before(ts, open.segmentTimestamp)) {
      // Next segment of a long press.
      open.priorDuration += open.duration;
      open.segmentTimestamp = ts;
      open.duration = duration;
      open.lastSeenMs = nowMs;
      open.keys.push(key(ts, event));
      if (end) out.push(this.#close(open, true));
      return out;
    }
    const press: OpenPress = { event, firstTimestamp: ts, segmentTimestamp: ts, priorDuration: 0, duration, lastSeenMs: nowMs, keys: [key(ts, event)] };
    if (open !== undefined && before(ts, open.firstTimestamp)) {
      // A late packet of an older press we never saw: report it now.
      out.push(this.#close(press, end));
      return out;
    }
    if (open !== undefined) out.push(this.#close(open, false));
    if (end) out.push(this.#close(press, true));
    else this.#open = press;
    return out;
  }

  /** Closes a press that has had no packets for `timeoutMs`. Call it on each audio tick. */
  poll(nowMs: number): DetectedDigit[] {
    const open = this.#open;
    if (open === undefined || nowMs - open.lastSeenMs < this.#timeoutMs) return [];
    return [this.#close(open, false)];
  }

  /** Forgets everything (new SSRC or new call). */
  reset(): void {
    this.#open = undefined;
    this.#closed.clear();
  }

  #close(press: OpenPress, ended: boolean): DetectedDigit {
    if (this.#open === press) this.#open = undefined;
    for (const k of press.keys) {
      this.#closed.add(k);
      if (this.#closed.size > RECENT_LIMIT) {
        const oldest = this.#closed.values().next();
        if (oldest.done !== true) this.#closed.delete(oldest.value);
      }
    }
    const duration = press.priorDuration + press.duration;
    return {
      digit: eventToDigit(press.event) ?? '0',
      timestamp: press.firstTimestamp,
      duration,
      durationMs: (duration / this.#clockRate) * 1000,
      ended,
    };
  }
}
