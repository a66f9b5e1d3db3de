/**
 * The RFC 4733 telephone-event payload (§2.3):
 *
 * ```
 *  0                   1                   2                   3
 * |     event     |E|R| volume    |          duration             |
 * ```
 *
 * `duration` is in RTP timestamp units since the event's timestamp; `volume`
 * is the power level in −dBm0 (0-63); the R bit is sent as 0, ignored on
 * receipt.
 */
import { viewOf } from '../rtp/byte-view';

/** Octets in one telephone-event payload. */
export const TELEPHONE_EVENT_SIZE = 4;

/** One telephone-event payload. */
export interface TelephoneEvent {
  /** Event code (0-15 for DTMF digits). */
  readonly event: number;
  /** The E bit: this is (a copy of) the final packet of the event. */
  readonly end: boolean;
  /** Power level, 0-63 (−dBm0). */
  readonly volume: number;
  /** Duration so far in RTP timestamp units, 0-65535. */
  readonly duration: number;
}

/** A parsed payload or why it is not one. */
export type TelephoneEventParseResult =
  | { readonly ok: true; readonly event: TelephoneEvent }
  | { readonly ok: false; readonly reason: 'too-short'; readonly detail: string };

function clampInt(n: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(0, Math.round(n))) : 0;
}

/** Encodes a payload; fields are clamped to their widths (event 0-255, volume 0-63, duration 0-65535). */
export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  const bytes = new Uint8Array(TELEPHONE_EVENT_SIZE);
  const view = viewOf(bytes);
  view.setUint8(0, clampInt(e.event, 0xff));
  view.setUint8(1, (e.end ? 0x80 : 0) | clampInt(e.volume, 0x3f));
  view.setUint16(2, clampInt(e.duration, 0xffff));
  return bytes;
}

/** Parses a payload (the first 4 octets; RFC 4733 puts one event per payload). Never throws. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEventParseResult {
  if (payload.length < TELEPHONE_EVENT_SIZE) {
    return { ok: false, reason: 'too-short', detail: `${payload.length} octets, a telephone-event needs ${TELEPHONE_EVENT_SIZE}` };
  }
  const view = viewOf(payload);
  const flags = view.getUint8(1);
  return {
    ok: true,
    event: { event: view.getUint8(0), end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: view.getUint16(2) },
  };
}
