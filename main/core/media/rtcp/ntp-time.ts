/**
 * NTP timestamps for RTCP (RFC 3550 §4): 32 bits of seconds since 1900-01-01
 * and 32 bits of fraction. SR carries the full 64 bits; LSR and the RTT
 * arithmetic use the "middle 32 bits" (16.16 fixed point seconds).
 *
 * The wall-clock time is passed in (ms since the Unix epoch, from the injected
 * `Clock.now()`); nothing here reads a clock. RTT only needs the SR times and
 * the RR arrival times to come from the same clock.
 */

/** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

const TWO_32 = 0x1_0000_0000;

/** A 64-bit NTP timestamp as two unsigned 32-bit halves. */
export interface NtpTimestamp {
  /** Seconds since 1900 modulo 2^32 (era wrap in 2036 is harmless: only differences are used). */
  readonly seconds: number;
  /** Fraction of a second in units of 2^-32 s. */
  readonly fraction: number;
}

/** The NTP timestamp of a Unix time in milliseconds. Non-finite input maps to the epoch. */
export function ntpFromUnixMs(unixMs: number): NtpTimestamp {
  const ms = Number.isFinite(unixMs) ? unixMs : 0;
  const wholeSeconds = Math.floor(ms / 1000);
  const fractionMs = ms - wholeSeconds * 1000;
  const seconds = (((wholeSeconds + NTP_UNIX_OFFSET_SECONDS) % TWO_32) + TWO_32) % TWO_32;
  const fraction = Math.min(TWO_32 - 1, Math.floor((fractionMs / 1000) * TWO_32));
  return { seconds, fraction };
}

/** The middle 32 bits of an NTP timestamp (LSR format, RFC 3550 §6.4.1): 16.16 fixed point seconds. */
export function ntpMiddle32(ntp: NtpTimestamp): number {
  return ((ntp.seconds & 0xffff) * 0x1_0000 + (ntp.fraction >>> 16)) >>> 0;
}

/** A duration in ms as 1/65536 s units (the DLSR format), clamped to uint32. */
export function msToNtpShort(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.min(0xffffffff, Math.round((ms / 1000) * 0x1_0000));
}

/** A 1/65536 s duration in ms. */
export function ntpShortToMs(units: number): number {
  return (units / 0x1_0000) * 1000;
}
