/**
 * Glue from the RTP side to RTCP packet fields: the SR sender info from the
 * sequencer's counters and a wall-clock time, and a report block from the
 * receiver statistics plus the LSR/DLSR of the last SR heard.
 */
import type { ReceptionReport } from '../rtp/rtp-receiver-stats';
import type { RtpSenderCounts } from '../rtp/rtp-sequencer';
import { ntpFromUnixMs } from './ntp-time';
import type { ReportBlock, SenderInfo } from './rtcp-packets';
import { lsrFields, type SrReceipt } from './round-trip';

/**
 * SR sender info at wall-clock `nowWallMs` (the injected `Clock.now()`),
 * paired with the media clock position taken at the same tick.
 */
export function senderInfoAt(nowWallMs: number, counts: RtpSenderCounts): SenderInfo {
  return {
    ntp: ntpFromUnixMs(nowWallMs),
    rtpTimestamp: counts.rtpTimestamp,
    packetCount: counts.packetCount,
    octetCount: counts.octetCount,
  };
}

/**
 * A report block about source `ssrc` from its reception statistics and the
 * last SR it sent us (if any), at `nowMs` on the clock of `lastSr.receivedAtMs`.
 */
export function reportBlockFor(ssrc: number, reception: ReceptionReport, lastSr: SrReceipt | undefined, nowMs: number): ReportBlock {
  return { ssrc: ssrc >>> 0, ...reception, ...lsrFields(lastSr, nowMs) };
}
