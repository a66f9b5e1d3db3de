/**
 * Reading compound RTCP packets, with the validity checks of RFC 3550
 * Appendix A.2: version 2 throughout, the first packet an SR or RR without
 * padding, padding only on the last packet, and lengths that add up exactly to
 * the datagram. Each known packet type is then checked against its own
 * counts. Never throws: every malformed case is a typed failure.
 *
 * A missing SDES CNAME is accepted (be liberal in what you accept): some peers
 * omit it, and nothing we compute depends on it.
 */
import { viewOf } from '../rtp/byte-view';
import {
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  type ReportBlock,
  type RtcpPacket,
  type SdesChunk,
  type SdesItem,
} from './rtcp-packets';

/** Why a datagram is not a valid compound RTCP packet. */
export type RtcpParseFailure =
  | 'too-short'
  | 'bad-version'
  | 'bad-length'
  | 'not-compound'
  | 'bad-padding'
  | 'malformed-report'
  | 'malformed-sdes'
  | 'malformed-bye';

/** The packets of a compound RTCP datagram, or why it was rejected. */
export type RtcpParseResult =
  | { readonly ok: true; readonly packets: readonly RtcpPacket[] }
  | { readonly ok: false; readonly reason: RtcpParseFailure; readonly detail: string };

/** Parser options. */
export interface RtcpParseOptions {
  /**
   * Accept a first packet other than SR/RR (reduced-size RTCP, RFC 5506).
   * Off by default: RFC 3550 requires compound packets.
   */
  readonly allowReducedSize?: boolean;
}

const utf8 = new TextDecoder('utf-8');

class Malformed {
  constructor(
    readonly reason: RtcpParseFailure,
    readonly detail: string,
  ) {}
}

function reportBlocks(view: DataView, offset: number, n: number): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < n; i++) {
    const at = offset + 24 * i;
    const lost24 = (view.getUint8(at + 5) << 16) | view.getUint16(at + 6);
    blocks.push({
      ssrc: view.getUint32(at),
      fractionLost: view.getUint8(at + 4),
      cumulativeLost: lost24 & 0x800000 ? lost24 - 0x1000000 : lost24,
      extendedHighestSeq: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSr: view.getUint32(at + 16),
      delaySinceLastSr: view.getUint32(at + 20),
    });
  }
  return blocks;
}

function parseSdes(body: Uint8Array, chunkCount: number): SdesChunk[] {
  const view = viewOf(body);
  const chunks: SdesChunk[] = [];
  let at = 0;
  for (let c = 0; c < chunkCount; c++) {
    if (at + 4 > body.length) throw new Malformed('malformed-sdes', `chunk ${c} starts beyond the packet`);
    const ssrc = view.getUint32(at);
    at += 4;
    const items: SdesItem[] = [];
    for (;;) {
      const type = body[at];
      if (type === undefined) throw new Malformed('malformed-sdes', `chunk ${c} has no end marker`);
      if (type === 0) {
        // End of the item list: skip the null octet(s) to the next 32-bit boundary.
        at = (Math.floor(at / 4) + 1) * 4;
        break;
      }
      const length = body[at + 1];
      if (length === undefined || at + 2 + length > body.length) throw new Malformed('malformed-sdes', `item of chunk ${c} runs past the packet`);
      items.push({ type, text: utf8.decode(body.subarray(at + 2, at + 2 + length)) });
      at += 2 + length;
    }
    if (at > body.length) throw new Malformed('malformed-sdes', `chunk ${c} padding runs past the packet`);
    chunks.push({ ssrc, items });
  }
  return chunks;
}

function parseBye(body: Uint8Array, sourceCount: number): RtcpPacket {
  const view = viewOf(body);
  if (4 * sourceCount > body.length) throw new Malformed('malformed-bye', `${sourceCount} sources need ${4 * sourceCount} octets, body has ${body.length}`);
  const ssrcs: number[] = [];
  for (let i = 0; i < sourceCount; i++) ssrcs.push(view.getUint32(4 * i));
  const at = 4 * sourceCount;
  const length = body[at];
  if (length === undefined) return { type: 'bye', ssrcs };
  if (at + 1 + length > body.length) throw new Malformed('malformed-bye', `reason of ${length} octets runs past the packet`);
  return { type: 'bye', ssrcs, reason: utf8.decode(body.subarray(at + 1, at + 1 + length)) };
}

function parseOne(packetType: number, countField: number, body: Uint8Array): RtcpPacket {
  const view = viewOf(body);
  switch (packetType) {
    case RTCP_SR: {
      const need = 24 + 24 * countField;
      if (body.length < need) throw new Malformed('malformed-report', `SR with ${countField} blocks needs ${need + 4} octets, has ${body.length + 4}`);
      return {
        type: 'sr',
        ssrc: view.getUint32(0),
        sender: {
          ntp: { seconds: view.getUint32(4), fraction: view.getUint32(8) },
          rtpTimestamp: view.getUint32(12),
          packetCount: view.getUint32(16),
          octetCount: view.getUint32(20),
        },
        reports: reportBlocks(view, 24, countField),
      };
    }
    case RTCP_RR: {
      const need = 4 + 24 * countField;
      if (body.length < need) throw new Malformed('malformed-report', `RR with ${countField} blocks needs ${need + 4} octets, has ${body.length + 4}`);
      return { type: 'rr', ssrc: view.getUint32(0), reports: reportBlocks(view, 4, countField) };
    }
    case RTCP_SDES:
      return { type: 'sdes', chunks: parseSdes(body, countField) };
    case RTCP_BYE:
      return parseBye(body, countField);
    default:
      return { type: 'other', packetType, count: countField, body };
  }
}

/**
 * Parses a compound RTCP datagram. Byte fields of `other` packets are views
 * into `buf`.
 */
export function parseRtcp(buf: Uint8Array, options: RtcpParseOptions = {}): RtcpParseResult {
  if (buf.length < 4) return { ok: false, reason: 'too-short', detail: `${buf.length} octets, an RTCP header needs 4` };
  const view = viewOf(buf);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  try {
    while (offset < buf.length) {
      if (offset + 4 > buf.length) throw new Malformed('bad-length', `${buf.length - offset} trailing octets at ${offset}`);
      const b0 = view.getUint8(offset);
      if (b0 >> 6 !== 2) throw new Malformed('bad-version', `version ${b0 >> 6} in the packet at ${offset}`);
      const padded = (b0 & 0x20) !== 0;
      const countField = b0 & 0x1f;
      const packetType = view.getUint8(offset + 1);
      const size = (view.getUint16(offset + 2) + 1) * 4;
      const end = offset + size;
      if (end > buf.length) throw new Malformed('bad-length', `packet at ${offset} claims ${size} octets, ${buf.length - offset} remain`);
      if (offset === 0 && options.allowReducedSize !== true && packetType !== RTCP_SR && packetType !== RTCP_RR) {
        throw new Malformed('not-compound', `first packet type ${packetType}, expected SR (200) or RR (201)`);
      }
      let bodyEnd = end;
      if (padded) {
        if (end !== buf.length) throw new Malformed('bad-padding', `padding on the packet at ${offset}, which is not the last`);
        const pad = view.getUint8(end - 1);
        if (pad === 0 || pad > size - 4) throw new Malformed('bad-padding', `padding count ${pad} in a packet of ${size} octets`);
        bodyEnd = end - pad;
      }
      packets.push(parseOne(packetType, countField, buf.subarray(offset + 4, bodyEnd)));
      offset = end;
    }
  } catch (e: unknown) {
    if (e instanceof Malformed) return { ok: false, reason: e.reason, detail: e.detail };
    return { ok: false, reason: 'bad-length', detail: String(e) };
  }
  return { ok: true, packets };
}
