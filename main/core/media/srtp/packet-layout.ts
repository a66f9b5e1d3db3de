/**
 * The little of RTP and RTCP framing that SRTP needs: where the RTP header
 * ends (it is authenticated but not encrypted; RFC 3711 §3.1) and whether a
 * buffer can be RTCP at all. Bounds-checked reads only, so hostile input
 * yields a reason instead of a RangeError. Full RTP parsing lives in
 * `media/rtp`; this stays local so that SRTP depends on nothing but
 * `node:crypto`.
 */
import { type Buffer } from 'node:buffer';
import { type SrtpResult, srtpFail, srtpOk } from './srtp-types';

/** RTP fixed header size (RFC 3550 §5.1). */
export const RTP_FIXED_HEADER = 12;
/** RTCP header with the sender SSRC (RFC 3550 §6.4), the minimum SRTCP encrypts after. */
export const RTCP_HEADER = 8;

/**
 * The length of the RTP header of `packet`, counting CSRCs and the header
 * extension (RFC 3550 §5.3.1), looking only at its first `end` bytes (the
 * rest is the SRTP tag). The payload, padding included, is what follows.
 */
export function rtpHeaderLength(packet: Buffer, end: number): SrtpResult<number, 'malformed'> {
  if (end < RTP_FIXED_HEADER) return srtpFail('malformed', `RTP packet of ${Math.max(end, 0)} bytes is shorter than the ${RTP_FIXED_HEADER}-byte header`);
  const b0 = packet.readUInt8(0);
  if (b0 >> 6 !== 2) return srtpFail('malformed', `RTP version ${b0 >> 6}, expected 2`);
  const csrcs = b0 & 0x0f;
  let length = RTP_FIXED_HEADER + 4 * csrcs;
  if (length > end) return srtpFail('malformed', `${csrcs} CSRCs need ${length} bytes, the packet has ${end}`);
  if ((b0 & 0x10) !== 0) {
    if (length + 4 > end) return srtpFail('malformed', `header extension at byte ${length} lies beyond the ${end}-byte packet`);
    const words = packet.readUInt16BE(length + 2);
    length += 4 + 4 * words;
    if (length > end) return srtpFail('malformed', `header extension of ${words} words ends at byte ${length}, the packet has ${end}`);
  }
  return srtpOk(length);
}

/** Checks that the first `end` bytes of `packet` can be an RTCP compound packet. */
export function checkRtcp(packet: Buffer, end: number): SrtpResult<true, 'malformed'> {
  if (end < RTCP_HEADER) return srtpFail('malformed', `RTCP packet of ${Math.max(end, 0)} bytes is shorter than the ${RTCP_HEADER}-byte header`);
  const version = packet.readUInt8(0) >> 6;
  if (version !== 2) return srtpFail('malformed', `RTCP version ${version}, expected 2`);
  return srtpOk(true);
}
