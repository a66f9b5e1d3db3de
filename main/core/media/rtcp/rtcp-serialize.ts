/**
 * Writing RTCP packets (RFC 3550 §6.4-6.6) and compound packets (§6.1).
 *
 * Our own writer rather than werift-rtp's RTCP classes: werift has SR/RR/SDES
 * but no BYE with a reason, and it neither validates field ranges nor builds
 * the compound rules; with ~40 lines per type, owning the byte layout keeps
 * the tests against hand-built buffers meaningful. Nothing here throws: a
 * field outside its wire range is a typed failure.
 */
import { viewOf } from '../rtp/byte-view';
import {
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  SdesType,
  type ReportBlock,
  type RtcpPacket,
  type SdesChunk,
  type SenderInfo,
} from './rtcp-packets';

/** Bytes, or why they could not be written. */
export type RtcpSerializeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'invalid-field' | 'missing-cname'; readonly detail: string };

/** The most report blocks, SDES chunks or BYE sources one packet can carry (5-bit count). */
export const RTCP_MAX_COUNT = 31;
const REPORT_BLOCK_SIZE = 24;
const utf8 = new TextEncoder();

class FieldError {
  constructor(readonly detail: string) {}
}

function uint(value: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new FieldError(`${name} ${value} is out of range 0-${max}`);
  return value;
}

const u32 = (value: number, name: string): number => uint(value, 0xffffffff, name);

function count(n: number, what: string): number {
  if (n > RTCP_MAX_COUNT) throw new FieldError(`${n} ${what}, at most ${RTCP_MAX_COUNT} fit in one packet`);
  return n;
}

function text(value: string, what: string): Uint8Array {
  const bytes = utf8.encode(value);
  if (bytes.length > 255) throw new FieldError(`${what} is ${bytes.length} octets of UTF-8, at most 255 fit`);
  return bytes;
}

/** A packet of `size` octets (a multiple of 4) with its common header written. */
function packet(size: number, countField: number, packetType: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  const view = viewOf(bytes);
  view.setUint8(0, 0x80 | countField);
  view.setUint8(1, packetType);
  view.setUint16(2, size / 4 - 1);
  return { bytes, view };
}

function writeReportBlock(view: DataView, offset: number, block: ReportBlock): void {
  view.setUint32(offset, u32(block.ssrc, 'report ssrc'));
  view.setUint8(offset + 4, uint(block.fractionLost, 0xff, 'fractionLost'));
  const lost = block.cumulativeLost;
  if (!Number.isInteger(lost) || lost < -0x800000 || lost > 0x7fffff) throw new FieldError(`cumulativeLost ${lost} does not fit 24-bit signed`);
  const lost24 = lost & 0xffffff;
  view.setUint8(offset + 5, lost24 >> 16);
  view.setUint16(offset + 6, lost24 & 0xffff);
  view.setUint32(offset + 8, u32(block.extendedHighestSeq, 'extendedHighestSeq'));
  view.setUint32(offset + 12, u32(block.jitter, 'jitter'));
  view.setUint32(offset + 16, u32(block.lastSr, 'lastSr'));
  view.setUint32(offset + 20, u32(block.delaySinceLastSr, 'delaySinceLastSr'));
}

function writeSenderInfo(view: DataView, offset: number, sender: SenderInfo): void {
  view.setUint32(offset, u32(sender.ntp.seconds, 'ntp seconds'));
  view.setUint32(offset + 4, u32(sender.ntp.fraction, 'ntp fraction'));
  view.setUint32(offset + 8, u32(sender.rtpTimestamp, 'rtpTimestamp'));
  view.setUint32(offset + 12, u32(sender.packetCount, 'packetCount'));
  view.setUint32(offset + 16, u32(sender.octetCount, 'octetCount'));
}

function encodeReport(ssrc: number, sender: SenderInfo | undefined, reports: readonly ReportBlock[]): Uint8Array {
  const fixed = sender !== undefined ? 28 : 8;
  const { bytes, view } = packet(fixed + REPORT_BLOCK_SIZE * reports.length, count(reports.length, 'report blocks'), sender !== undefined ? RTCP_SR : RTCP_RR);
  view.setUint32(4, u32(ssrc, 'ssrc'));
  if (sender !== undefined) writeSenderInfo(view, 8, sender);
  reports.forEach((block, i) => writeReportBlock(view, fixed + REPORT_BLOCK_SIZE * i, block));
  return bytes;
}

function encodeSdes(chunks: readonly SdesChunk[]): Uint8Array {
  const encoded = chunks.map((chunk) => ({
    ssrc: u32(chunk.ssrc, 'sdes ssrc'),
    items: chunk.items.map((item) => ({ type: uint(item.type, 0xff, 'sdes item type'), bytes: text(item.text, 'sdes item') })),
  }));
  if (encoded.some((c) => c.items.some((i) => i.type === SdesType.END))) throw new FieldError('sdes item type 0 is the end marker');
  // Each chunk: SSRC, items, at least one null octet, padded to 32 bits.
  const sizes = encoded.map((c) => Math.ceil((4 + c.items.reduce((n, i) => n + 2 + i.bytes.length, 0) + 1) / 4) * 4);
  const { bytes, view } = packet(4 + sizes.reduce((a, b) => a + b, 0), count(chunks.length, 'sdes chunks'), RTCP_SDES);
  let offset = 4;
  encoded.forEach((chunk, i) => {
    view.setUint32(offset, chunk.ssrc);
    let at = offset + 4;
    for (const item of chunk.items) {
      view.setUint8(at, item.type);
      view.setUint8(at + 1, item.bytes.length);
      bytes.set(item.bytes, at + 2);
      at += 2 + item.bytes.length;
    }
    offset += sizes[i] ?? 0;
  });
  return bytes;
}

function encodeBye(ssrcs: readonly number[], reason: string | undefined): Uint8Array {
  const reasonBytes = reason !== undefined ? text(reason, 'bye reason') : undefined;
  const reasonSize = reasonBytes !== undefined ? Math.ceil((1 + reasonBytes.length) / 4) * 4 : 0;
  const { bytes, view } = packet(4 + 4 * ssrcs.length + reasonSize, count(ssrcs.length, 'bye sources'), RTCP_BYE);
  ssrcs.forEach((ssrc, i) => view.setUint32(4 + 4 * i, u32(ssrc, 'bye ssrc')));
  if (reasonBytes !== undefined) {
    const at = 4 + 4 * ssrcs.length;
    view.setUint8(at, reasonBytes.length);
    bytes.set(reasonBytes, at + 1);
  }
  return bytes;
}

function encodeOne(p: RtcpPacket): Uint8Array {
  switch (p.type) {
    case 'sr':
      return encodeReport(p.ssrc, p.sender, p.reports);
    case 'rr':
      return encodeReport(p.ssrc, undefined, p.reports);
    case 'sdes':
      return encodeSdes(p.chunks);
    case 'bye':
      return encodeBye(p.ssrcs, p.reason);
    case 'other': {
      if (p.body.length % 4 !== 0) throw new FieldError(`packet type ${p.packetType} body of ${p.body.length} octets is not whole 32-bit words`);
      const { bytes } = packet(4 + p.body.length, uint(p.count, RTCP_MAX_COUNT, 'count'), uint(p.packetType, 0xff, 'packetType'));
      bytes.set(p.body, 4);
      return bytes;
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Writes RTCP packets back to back, in the order given. It checks field ranges
 * but not the compound rules; {@link buildRtcpCompound} does those.
 */
export function serializeRtcp(packets: readonly RtcpPacket[]): RtcpSerializeResult {
  try {
    return { ok: true, bytes: concat(packets.map(encodeOne)) };
  } catch (e: unknown) {
    if (e instanceof FieldError) return { ok: false, reason: 'invalid-field', detail: e.detail };
    return { ok: false, reason: 'invalid-field', detail: String(e) };
  }
}

/** What one regular RTCP report of ours holds. */
export interface RtcpReportInit {
  /** Our SSRC. */
  readonly ssrc: number;
  /** Our canonical name, required in every compound packet (RFC 3550 §6.1). */
  readonly cname: string;
  /** Set when we sent RTP since the previous report: the report is then an SR. */
  readonly sender?: SenderInfo;
  /** One block per source we heard from since the previous report. */
  readonly reports?: readonly ReportBlock[];
  /** Set to end the stream: a BYE goes last. */
  readonly bye?: { readonly reason?: string };
}

/**
 * Builds a compound RTCP packet by the rules of RFC 3550 §6.1: SR (when we
 * sent) or RR first, extra RRs when there are more than 31 report blocks,
 * then SDES with our CNAME, then BYE if leaving.
 */
export function buildRtcpCompound(init: RtcpReportInit): RtcpSerializeResult {
  if (init.cname.length === 0) return { ok: false, reason: 'missing-cname', detail: 'every compound RTCP packet needs an SDES CNAME' };
  const reports = init.reports ?? [];
  const packets: RtcpPacket[] = [];
  const first = reports.slice(0, RTCP_MAX_COUNT);
  packets.push(init.sender !== undefined ? { type: 'sr', ssrc: init.ssrc, sender: init.sender, reports: first } : { type: 'rr', ssrc: init.ssrc, reports: first });
  for (let i = RTCP_MAX_COUNT; i < reports.length; i += RTCP_MAX_COUNT) {
    packets.push({ type: 'rr', ssrc: init.ssrc, reports: reports.slice(i, i + RTCP_MAX_COUNT) });
  }
  packets.push({ type: 'sdes', chunks: [{ ssrc: init.ssrc, items: [{ type: SdesType.CNAME, text: init.cname }] }] });
  if (init.bye !== undefined) {
    packets.push({ type: 'bye', ssrcs: [init.ssrc], ...(init.bye.reason !== undefined ? { reason: init.bye.reason } : {}) });
  }
  return serializeRtcp(packets);
}
