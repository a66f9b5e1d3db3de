/**
 * Round-trip time from the LSR/DLSR exchange (RFC 3550 §6.4.1).
 *
 * We send an SR stamped with NTP time T. The peer echoes its middle 32 bits as
 * LSR in its next report block about us, with DLSR = how long it held the SR.
 * When that report arrives at time A (middle 32 bits of our NTP time):
 *
 *     RTT = A − LSR − DLSR        (all in 1/65536 s, modulo 2^32)
 *
 * Both sides of the exchange live here: {@link SrReceipt} remembers the peer's
 * SR so that our report blocks can carry LSR/DLSR, and {@link roundTripTimeMs}
 * computes the RTT from a block about us. Times are passed in.
 */
import { msToNtpShort, ntpFromUnixMs, ntpMiddle32, ntpShortToMs, type NtpTimestamp } from './ntp-time';

/** What we keep of the last SR received from a source, to fill LSR and DLSR. */
export interface SrReceipt {
  /** Middle 32 bits of the SR's NTP timestamp. */
  readonly lastSr: number;
  /** When it arrived, on any monotonic millisecond clock (only differences are used). */
  readonly receivedAtMs: number;
}

/** Records an SR's arrival. */
export function srReceipt(ntp: NtpTimestamp, receivedAtMs: number): SrReceipt {
  return { lastSr: ntpMiddle32(ntp), receivedAtMs };
}

/** LSR and DLSR for a report block at `nowMs` (same clock as `receivedAtMs`); zeros when no SR was received. */
export function lsrFields(receipt: SrReceipt | undefined, nowMs: number): { readonly lastSr: number; readonly delaySinceLastSr: number } {
  if (receipt === undefined) return { lastSr: 0, delaySinceLastSr: 0 };
  return { lastSr: receipt.lastSr, delaySinceLastSr: msToNtpShort(nowMs - receipt.receivedAtMs) };
}

/**
 * RTT in 1/65536 s from the three compact NTP values, or undefined when LSR is
 * 0 (the peer has not received an SR from us yet) or the result is negative
 * (clock went backwards or a bogus DLSR).
 */
export function roundTripTimeUnits(arrival: number, lastSr: number, delaySinceLastSr: number): number | undefined {
  if (lastSr === 0) return undefined;
  const rtt = (arrival - lastSr - delaySinceLastSr) | 0;
  return rtt < 0 ? undefined : rtt;
}

/**
 * RTT in ms for a report block about our stream, arriving at `arrivalWallMs`
 * on the same wall clock that stamped our SRs.
 */
export function roundTripTimeMs(
  arrivalWallMs: number,
  block: { readonly lastSr: number; readonly delaySinceLastSr: number },
): number | undefined {
  const units = roundTripTimeUnits(ntpMiddle32(ntpFromUnixMs(arrivalWallMs)), block.lastSr, block.delaySinceLastSr);
  return units === undefined ? undefined : ntpShortToMs(units);
}
