/**
 * The RTCP packet types we build and parse (RFC 3550 §6.4-6.6), as plain data.
 * `rtcp-serialize.ts` writes them, `rtcp-parse.ts` reads them.
 */
import type { NtpTimestamp } from './ntp-time';

/** Sender report. */
export const RTCP_SR = 200;
/** Receiver report. */
export const RTCP_RR = 201;
/** Source description. */
export const RTCP_SDES = 202;
/** Goodbye. */
export const RTCP_BYE = 203;
/** Application-defined. */
export const RTCP_APP = 204;

/** SDES item types (RFC 3550 §6.5). */
export const SdesType = {
  END: 0,
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;

/** One reception report block (RFC 3550 §6.4.1), 24 octets on the wire. */
export interface ReportBlock {
  /** The source this block reports on. */
  readonly ssrc: number;
  /** 0-255: lost fraction since the last report × 256. */
  readonly fractionLost: number;
  /** Cumulative lost, 24-bit signed (−8388608 to 8388607). */
  readonly cumulativeLost: number;
  /** uint32. */
  readonly extendedHighestSeq: number;
  /** Interarrival jitter in RTP timestamp units (uint32). */
  readonly jitter: number;
  /** LSR: middle 32 bits of the NTP time of the last SR from this source, 0 if none. */
  readonly lastSr: number;
  /** DLSR: delay since that SR in 1/65536 s, 0 if none. */
  readonly delaySinceLastSr: number;
}

/** The sender info of an SR. */
export interface SenderInfo {
  /** Wall-clock time of this report. */
  readonly ntp: NtpTimestamp;
  /** The same instant on the RTP media clock. */
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  /** Payload octets sent. */
  readonly octetCount: number;
}

/** SR (PT 200). */
export interface RtcpSenderReport {
  readonly type: 'sr';
  readonly ssrc: number;
  readonly sender: SenderInfo;
  readonly reports: readonly ReportBlock[];
}

/** RR (PT 201). */
export interface RtcpReceiverReport {
  readonly type: 'rr';
  readonly ssrc: number;
  readonly reports: readonly ReportBlock[];
}

/** One SDES item; text is UTF-8 on the wire, at most 255 octets. */
export interface SdesItem {
  /** One of {@link SdesType} (1-8); unknown types are kept as they are. */
  readonly type: number;
  readonly text: string;
}

/** One SDES chunk: a source and its items. */
export interface SdesChunk {
  readonly ssrc: number;
  readonly items: readonly SdesItem[];
}

/** SDES (PT 202). */
export interface RtcpSourceDescription {
  readonly type: 'sdes';
  readonly chunks: readonly SdesChunk[];
}

/** BYE (PT 203). */
export interface RtcpBye {
  readonly type: 'bye';
  readonly ssrcs: readonly number[];
  readonly reason?: string;
}

/** Any other packet type (APP, feedback, XR): kept opaque. */
export interface RtcpOtherPacket {
  readonly type: 'other';
  /** The PT octet. */
  readonly packetType: number;
  /** The 5-bit count/subtype field. */
  readonly count: number;
  /** Everything after the 4-octet header, padding removed. */
  readonly body: Uint8Array;
}

/** One RTCP packet of a compound packet. */
export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpSourceDescription | RtcpBye | RtcpOtherPacket;
