/**
 * Sending DTMF as RFC 4733 telephone-events, driven by the audio clock.
 *
 * One key press becomes one packet per audio tick (the packet interval, 20 ms
 * by default) while the tone lasts, all with the RTP timestamp of the event
 * start (§2.5.1.1) and a duration that grows by one tick each time (§2.5.1.2);
 * the first has the marker bit. The last carries the E bit and the full
 * duration, and is sent three times in all (§2.5.1.4) so that losing one copy
 * does not lose the end. Then comes the inter-digit gap, during which normal
 * audio flows.
 *
 * Durations are capped at 65535 timestamp units (8.19 s at 8 kHz, 1.36 s at
 * 48 kHz) so that every press fits one segment; the §2.5.1.3 long-event
 * segmentation is not needed for key presses.
 *
 * No timers: {@link DtmfSender.tick} is called once per captured audio chunk
 * with the media timestamp of that chunk (`RtpSequencer.timestamp`).
 */
import { digitToEvent, toDtmfDigit, type DtmfDigit } from './dtmf-digits';
import { encodeTelephoneEvent, type TelephoneEvent } from './telephone-event';

/** Timing and level of generated presses. */
export interface DtmfTiming {
  /** RTP clock rate of telephone-event (the audio codec's rate). Default 8000. */
  readonly clockRate?: number;
  /** Audio tick = packet interval in ms. Default 20. */
  readonly tickMs?: number;
  /** Tone length per digit in ms. Default 100. */
  readonly durationMs?: number;
  /** Silence between digits in ms. Default 70. */
  readonly gapMs?: number;
  /** Power level in −dBm0 (0-63). Default 10. */
  readonly volume?: number;
}

/** One telephone-event packet to send: the payload plus the RTP fields it needs. */
export interface TelephoneEventPacket {
  readonly digit: DtmfDigit;
  readonly event: TelephoneEvent;
  /** The 4-octet payload. */
  readonly payload: Uint8Array;
  /** Marker bit: set on the first packet of the event. */
  readonly marker: boolean;
  /** RTP timestamp: the event start, the same for every packet of the press. */
  readonly timestamp: number;
}

/** Resolved timing. */
interface Plan {
  readonly samplesPerTick: number;
  readonly durationUnits: number;
  /** Ticks from one press start to the next (tone + gap), at least the press's packets. */
  readonly cycleTicks: number;
  readonly volume: number;
}

function positive(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

function plan(timing: DtmfTiming): Plan {
  const clockRate = positive(timing.clockRate, 8000);
  const tickMs = positive(timing.tickMs, 20);
  const durationMs = positive(timing.durationMs, 100);
  const gapMs = timing.gapMs !== undefined && Number.isFinite(timing.gapMs) && timing.gapMs >= 0 ? timing.gapMs : 70;
  const samplesPerTick = Math.max(1, Math.round((clockRate * tickMs) / 1000));
  const durationUnits = Math.min(0xffff, Math.max(1, Math.round((clockRate * durationMs) / 1000)));
  // Ticks from one press start to the next. The sender never cuts the two end
  // repeats short, so with a gap under two ticks the next press starts later.
  const cycleTicks = Math.ceil((durationMs + gapMs) / tickMs);
  const volume = Math.min(63, Math.max(0, Math.round(timing.volume ?? 10)));
  return { samplesPerTick, durationUnits, cycleTicks, volume };
}

function pressPackets(digit: DtmfDigit, timestamp: number, p: Plan): TelephoneEventPacket[] {
  const packets: TelephoneEventPacket[] = [];
  const ts = timestamp >>> 0;
  const toneTicks = Math.ceil(p.durationUnits / p.samplesPerTick);
  for (let k = 1; k <= toneTicks; k++) {
    const end = k === toneTicks;
    const event: TelephoneEvent = {
      event: digitToEvent(digit),
      end,
      volume: p.volume,
      duration: end ? p.durationUnits : k * p.samplesPerTick,
    };
    const packet: TelephoneEventPacket = { digit, event, payload: encodeTelephoneEvent(event), marker: k === 1, timestamp: ts };
    packets.push(packet);
    if (end) packets.push({ ...packet, marker: false }, { ...packet, marker: false });
  }
  return packets;
}

/**
 * The packets of one key press starting at RTP `timestamp`, one per tick:
 * the growing-duration packets, then the end packet three times.
 */
export function digitPressPackets(digit: DtmfDigit, timestamp: number, timing: DtmfTiming = {}): TelephoneEventPacket[] {
  return pressPackets(digit, timestamp, plan(timing));
}

/** The outcome of {@link DtmfSender.enqueue}. */
export type EnqueueResult = { readonly ok: true; readonly queued: number } | { readonly ok: false; readonly invalid: string };

/**
 * Plays a string of digits as telephone-events, one tick at a time.
 *
 * On each audio tick call `tick(mediaTimestamp)`: a packet means "send this
 * instead of the audio frame" (the caller gets its header from
 * `RtpSequencer.event()` and advances the media clock with `skip()`);
 * undefined means "send audio as usual" (between digits, or when idle).
 */
export class DtmfSender {
  readonly #plan: Plan;
  readonly #queue: DtmfDigit[] = [];
  /** The current press's per-tick slots: a packet, or undefined for a gap tick. */
  #slots: (TelephoneEventPacket | undefined)[] = [];

  constructor(timing: DtmfTiming = {}) {
    this.#plan = plan(timing);
  }

  /** Queues digits such as "123#" (a-d in any case). Nothing is queued if any character is not a digit. */
  enqueue(digits: string): EnqueueResult {
    const parsed: DtmfDigit[] = [];
    for (const ch of digits) {
      const digit = toDtmfDigit(ch);
      if (digit === undefined) return { ok: false, invalid: ch };
      parsed.push(digit);
    }
    this.#queue.push(...parsed);
    return { ok: true, queued: parsed.length };
  }

  /** True while a press or its gap is in progress or digits are queued. */
  get busy(): boolean {
    return this.#slots.length > 0 || this.#queue.length > 0;
  }

  /** Drops queued digits; a press in progress finishes (its end packets still go out). */
  clearQueue(): void {
    this.#queue.length = 0;
  }

  /** What to send on the audio tick whose media timestamp is `mediaTimestamp`. */
  tick(mediaTimestamp: number): TelephoneEventPacket | undefined {
    if (this.#slots.length === 0) {
      const digit = this.#queue.shift();
      if (digit === undefined) return undefined;
      const packets = pressPackets(digit, mediaTimestamp, this.#plan);
      const gap = Math.max(0, this.#plan.cycleTicks - packets.length);
      this.#slots = [...packets, ...Array.from({ length: gap }, (): undefined => undefined)];
    }
    return this.#slots.shift();
  }
}
