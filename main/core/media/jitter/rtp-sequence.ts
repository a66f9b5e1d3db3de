/**
 * Wrap-aware arithmetic for RTP sequence numbers (16 bits) and timestamps
 * (32 bits). The jitter buffer keeps "extended" values (plain numbers that
 * keep counting past the wrap) so that ordering and differences are ordinary
 * comparisons; these helpers turn the wire values into extended ones.
 *
 * Hand-written: it is two lines of modular arithmetic, and doing it in one
 * place keeps the wrap rules (RFC 3550 §A.1) consistent across the buffer.
 */

/** 2^16: the RTP sequence-number space. */
export const SEQ_MODULUS = 0x1_0000;
/** 2^32: the RTP timestamp space. */
export const TS_MODULUS = 0x1_0000_0000;

/**
 * The signed distance from `from` to `to` in a space of size `modulus`,
 * in `[-modulus/2, modulus/2)`: how far ahead (positive) or behind (negative)
 * `to` is, taking the shortest way around the wrap.
 */
export function wrappedDelta(from: number, to: number, modulus: number): number {
  const half = modulus / 2;
  const d = (((to - from) % modulus) + modulus) % modulus;
  return d >= half ? d - modulus : d;
}

/**
 * The extended value of the 16-bit `seq` nearest to the extended reference
 * `refExt` (e.g. the highest extended sequence number seen so far).
 */
export function extendSeq(seq: number, refExt: number): number {
  return refExt + wrappedDelta(refExt, seq & 0xffff, SEQ_MODULUS);
}

/**
 * The extended value of the 32-bit `timestamp` nearest to the extended
 * reference `refExt`. Valid while the two are less than 2^31 ticks apart
 * (12 hours at 48 kHz), which a live stream always is.
 */
export function extendTimestamp(timestamp: number, refExt: number): number {
  return refExt + wrappedDelta(refExt, timestamp >>> 0, TS_MODULUS);
}

/** The wire (16-bit) form of an extended sequence number. */
export function wireSeq(ext: number): number {
  return ((ext % SEQ_MODULUS) + SEQ_MODULUS) % SEQ_MODULUS;
}

/** The wire (32-bit) form of an extended timestamp. */
export function wireTimestamp(ext: number): number {
  return ((ext % TS_MODULUS) + TS_MODULUS) % TS_MODULUS;
}
