/**
 * The 48-bit SRTP packet index `i = 2^16 · ROC + SEQ` (RFC 3711 §3.3.1):
 * RTP carries only the 16-bit SEQ, so each side keeps the rollover counter
 * (ROC) and guesses which ROC a packet belongs to.
 *
 * State is one number per SSRC: the highest index authenticated (received)
 * or sent so far. RFC 3711 keeps `ROC` and `s_l` (the highest SEQ) apart,
 * but its update rule (§3.3.1: take `v` as the new ROC when `v = ROC + 1`;
 * take SEQ as `s_l` when `v = ROC` and `SEQ > s_l`) is exactly "keep the
 * larger index", so `ROC = floor(highest / 2^16)` and `s_l = highest mod 2^16`.
 *
 * Indices are plain numbers: 2^48 is far below 2^53.
 */

const SEQ_SPACE = 0x10000;
const HALF = 0x8000;

/**
 * Guesses the index of a packet with sequence number `seq`, given the
 * highest index of its stream (RFC 3711 Appendix A):
 * ```
 * if s_l < 2^15:  v = (SEQ - s_l > 2^15) ? ROC - 1 : ROC
 * else:           v = (s_l - 2^15 > SEQ) ? ROC + 1 : ROC
 * return v · 2^16 + SEQ
 * ```
 * The result is within 2^15 of `highest`: a packet just after a wrap gets
 * `ROC + 1`, a late packet from before the wrap gets `ROC - 1`. With
 * `ROC = 0` the guess `ROC - 1` gives a negative index: such a packet cannot
 * belong to the stream (it would precede the first packet), and the caller
 * treats it as too old. {@link rolloverCounterOf} maps it to ROC `2^32 - 1`,
 * as libsrtp's unsigned arithmetic does, so its tag fails to verify.
 */
export function guessIndex(seq: number, highest: number): number {
  const roc = Math.floor(highest / SEQ_SPACE);
  const sl = highest - roc * SEQ_SPACE;
  let v = roc;
  if (sl < HALF) {
    if (seq - sl > HALF) v = roc - 1;
  } else if (sl - HALF > seq) {
    v = roc + 1;
  }
  return v * SEQ_SPACE + seq;
}

/** The 32-bit ROC of an index (the unsigned wrap of `floor(index / 2^16)`). */
export function rolloverCounterOf(index: number): number {
  return Math.floor(index / SEQ_SPACE) >>> 0;
}
