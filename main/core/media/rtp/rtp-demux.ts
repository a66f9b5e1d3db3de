/**
 * Telling RTCP from RTP when both share one port (rtcp-mux, RFC 5761 §4).
 *
 * The second octet of an RTCP packet is its packet type; RFC 5761 reserves
 * 192-223 for RTCP (SR 200, RR 201, SDES 202, BYE 203, APP 204, feedback
 * 205/206, XR 207). For RTP that octet is marker + payload type, and payload
 * types 64-95 are not used on a muxed port precisely so that M=1 with PT 64-95
 * cannot collide with this range.
 */

/** First RTCP packet type of the RFC 5761 range. */
export const RTCP_PT_MIN = 192;
/** Last RTCP packet type of the RFC 5761 range. */
export const RTCP_PT_MAX = 223;

/**
 * True when `buf` is RTCP rather than RTP: version 2 and a second octet in
 * 192-223. Anything else (including buffers too short to tell) is false and
 * goes to the RTP parser, which reports why it is not RTP either.
 */
export function isRtcp(buf: Uint8Array): boolean {
  const b0 = buf[0];
  const b1 = buf[1];
  if (b0 === undefined || b1 === undefined) return false;
  return b0 >> 6 === 2 && b1 >= RTCP_PT_MIN && b1 <= RTCP_PT_MAX;
}
