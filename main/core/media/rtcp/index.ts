/**
 * RTCP (RFC 3550 §6) as pure processors: SR/RR/SDES/BYE codecs and compound
 * packets, NTP time, round-trip time, the report schedule, and the E-model
 * call-quality estimate. Times are passed in.
 */
export {
  DEFAULT_R0,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateCallQuality,
  lossPercentFromFraction,
  mosFromR,
  oneWayDelayMs,
  type CallQuality,
  type CallQualityInput,
  type DelayParts,
} from './call-quality';
export {
  codecImpairment,
  G711_WITH_PLC,
  G711_WITHOUT_PLC,
  OPUS_NARROWBAND,
  type CodecImpairment,
  type QualityCodec,
} from './codec-impairment';
export { msToNtpShort, NTP_UNIX_OFFSET_SECONDS, ntpFromUnixMs, ntpMiddle32, ntpShortToMs, type NtpTimestamp } from './ntp-time';
export { reportBlockFor, senderInfoAt } from './report-fields';
export { lsrFields, roundTripTimeMs, roundTripTimeUnits, srReceipt, type SrReceipt } from './round-trip';
export {
  RTCP_APP,
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  SdesType,
  type ReportBlock,
  type RtcpBye,
  type RtcpOtherPacket,
  type RtcpPacket,
  type RtcpReceiverReport,
  type RtcpSenderReport,
  type RtcpSourceDescription,
  type SdesChunk,
  type SdesItem,
  type SenderInfo,
} from './rtcp-packets';
export { parseRtcp, type RtcpParseFailure, type RtcpParseOptions, type RtcpParseResult } from './rtcp-parse';
export { RTCP_MIN_INTERVAL_MS, RtcpScheduler, rtcpIntervalMs, type RtcpSchedulerOptions } from './rtcp-scheduler';
export { buildRtcpCompound, RTCP_MAX_COUNT, serializeRtcp, type RtcpReportInit, type RtcpSerializeResult } from './rtcp-serialize';
