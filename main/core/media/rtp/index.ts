/**
 * RTP (RFC 3550) as pure processors: the packet codec, the sender's sequencer,
 * the receiver's statistics and the RTP/RTCP demultiplexer. No sockets, no
 * timers: times and sample counts are passed in.
 */
export { isRtcp, RTCP_PT_MAX, RTCP_PT_MIN } from './rtp-demux';
export {
  parseRtp,
  RTP_HEADER_SIZE,
  RTP_VERSION,
  serializeRtp,
  type RtpHeaderExtension,
  type RtpPacket,
  type RtpPacketInit,
  type RtpParseFailure,
  type RtpParseResult,
  type RtpSerializeResult,
} from './rtp-packet';
export {
  MAX_DROPOUT,
  MAX_MISORDER,
  MIN_SEQUENTIAL,
  RtpReceiverStats,
  type ReceiveOptions,
  type ReceiveResult,
  type ReceiverSnapshot,
  type ReceptionReport,
  type SequenceVerdict,
} from './rtp-receiver-stats';
export { RtpSequencer, type RtpHeaderFields, type RtpSenderCounts, type RtpSequencerOptions } from './rtp-sequencer';
