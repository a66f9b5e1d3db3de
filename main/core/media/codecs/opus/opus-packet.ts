/**
 * Reads of an Opus packet's framing (RFC 6716 §3: the TOC byte and the
 * code 0-3 frame packing) without decoding it, for two questions the decoder
 * and the jitter buffer ask before handing a packet to libopus: how long is
 * it, and does it carry in-band FEC (SILK LBRR data) for the frame before it.
 *
 * The validity rules are libopus's `opus_packet_parse_impl` (1275-byte frame
 * limit, 120 ms packet limit, padding and length coding), so a packet this
 * parser rejects is one libopus would reject with `OPUS_INVALID_PACKET`.
 */

/** The three coding modes of RFC 6716 §2. */
export type OpusMode = 'silk' | 'hybrid' | 'celt';

/** What the TOC byte says (RFC 6716 §3.1). */
export interface OpusToc {
  /** The configuration number, 0-31 (mode, bandwidth and frame duration). */
  readonly config: number;
  readonly mode: OpusMode;
  /** Samples per frame at 48 kHz: 120 (2.5 ms) to 2880 (60 ms). */
  readonly frameSamples: number;
  /** The `s` bit: the frames are coded in stereo. */
  readonly stereo: boolean;
  /** The frame-count code `c`, 0-3. */
  readonly code: 0 | 1 | 2 | 3;
}

/** One frame inside a packet: where its bytes are. */
export interface OpusFrameSpan {
  readonly offset: number;
  readonly length: number;
}

/** A packet's framing. */
export interface OpusPacketInfo {
  readonly toc: OpusToc;
  /** The frames, in order (1 to 48). A zero-length frame is a DTX/lost frame. */
  readonly frames: readonly OpusFrameSpan[];
  /** Duration at 48 kHz: `frames.length × toc.frameSamples`. */
  readonly samples: number;
}

const SILK_SAMPLES = [480, 960, 1920, 2880] as const;
const CELT_SAMPLES = [120, 240, 480, 960] as const;
const MAX_FRAME_BYTES = 1275;
const MAX_PACKET_SAMPLES = 5760;

/** Decodes a TOC byte. */
export function parseOpusToc(toc: number): OpusToc {
  const config = (toc >> 3) & 0x1f;
  const stereo = (toc & 0x04) !== 0;
  const code = (toc & 0x03) as 0 | 1 | 2 | 3;
  if (config < 12) return { config, mode: 'silk', frameSamples: SILK_SAMPLES[config & 3] ?? 960, stereo, code };
  if (config < 16) return { config, mode: 'hybrid', frameSamples: (config & 1) === 0 ? 480 : 960, stereo, code };
  return { config, mode: 'celt', frameSamples: CELT_SAMPLES[config & 3] ?? 960, stereo, code };
}

/** A frame length (RFC 6716 §3.2.1): one byte below 252, else two. `undefined` when truncated. */
function frameLength(packet: Uint8Array, at: number): { readonly length: number; readonly bytes: number } | undefined {
  const b0 = packet[at];
  if (b0 === undefined) return undefined;
  if (b0 < 252) return { length: b0, bytes: 1 };
  const b1 = packet[at + 1];
  return b1 === undefined ? undefined : { length: 4 * b1 + b0, bytes: 2 };
}

/** Equal-length frames from `offset` to `end`, or `undefined` when they do not divide evenly or are too long. */
function cbrFrames(offset: number, end: number, count: number): OpusFrameSpan[] | undefined {
  const length = (end - offset) / count;
  if (!Number.isInteger(length) || length < 0 || length > MAX_FRAME_BYTES) return undefined;
  return Array.from({ length: count }, (_, i) => ({ offset: offset + i * length, length }));
}

/** Frames with explicit lengths (`lengths`, all but the last) packed from `offset` to `end`. */
function vbrFrames(offset: number, end: number, lengths: readonly number[]): OpusFrameSpan[] | undefined {
  const frames: OpusFrameSpan[] = [];
  let at = offset;
  for (const length of lengths) {
    frames.push({ offset: at, length });
    at += length;
  }
  const last = end - at;
  if (last < 0 || last > MAX_FRAME_BYTES) return undefined;
  frames.push({ offset: at, length: last });
  return frames;
}

/** The frames of a code 3 packet (RFC 6716 §3.2.5), after the TOC. */
function code3Frames(packet: Uint8Array, frameSamples: number): OpusFrameSpan[] | undefined {
  const header = packet[1];
  if (header === undefined) return undefined;
  const count = header & 0x3f;
  if (count === 0 || count * frameSamples > MAX_PACKET_SAMPLES) return undefined;
  let at = 2;
  let end = packet.length;
  if ((header & 0x40) !== 0) {
    let more = true;
    while (more) {
      const p = packet[at++];
      if (p === undefined) return undefined;
      more = p === 255;
      end -= more ? 254 : p;
    }
    if (end < at) return undefined;
  }
  if ((header & 0x80) === 0) return cbrFrames(at, end, count);
  const lengths: number[] = [];
  for (let i = 0; i < count - 1; i++) {
    const f = frameLength(packet, at);
    if (f === undefined || at + f.bytes > end) return undefined;
    at += f.bytes;
    lengths.push(f.length);
  }
  return vbrFrames(at, end, lengths);
}

/** The framing of a packet, or `undefined` when libopus would reject it as invalid. */
export function parseOpusPacket(packet: Uint8Array): OpusPacketInfo | undefined {
  const first = packet[0];
  if (first === undefined) return undefined;
  const toc = parseOpusToc(first);
  let frames: OpusFrameSpan[] | undefined;
  switch (toc.code) {
    case 0:
      frames = cbrFrames(1, packet.length, 1);
      break;
    case 1:
      frames = cbrFrames(1, packet.length, 2);
      break;
    case 2: {
      const f = frameLength(packet, 1);
      frames = f === undefined || 1 + f.bytes + f.length > packet.length ? undefined : vbrFrames(1 + f.bytes, packet.length, [f.length]);
      break;
    }
    case 3:
      frames = code3Frames(packet, toc.frameSamples);
      break;
  }
  return frames === undefined ? undefined : { toc, frames, samples: frames.length * toc.frameSamples };
}

/**
 * Whether a packet carries in-band FEC: SILK low-bit-rate redundancy (LBRR)
 * of the previous frame (RFC 6716 §4.2.4). Its flag is the bit after the
 * first frame's voice-activity flags, one per 20 ms SILK frame, in the first
 * byte of the range-coded data (each a symbol of probability ½, so it reads
 * as a plain bit); stereo adds the side channel's flags. CELT-only packets
 * never carry FEC. The same test as libopus 1.5's `opus_packet_has_lbrr`.
 */
export function opusPacketHasFec(packet: Uint8Array): boolean {
  const info = parseOpusPacket(packet);
  if (info === undefined || info.toc.mode === 'celt') return false;
  const frame = info.frames[0];
  const firstByte = frame === undefined || frame.length === 0 ? undefined : packet[frame.offset];
  if (firstByte === undefined) return false;
  const silkFrames = Math.max(1, info.toc.frameSamples / 960);
  const midLbrr = (firstByte >> (7 - silkFrames)) & 1;
  const sideLbrr = info.toc.stereo ? (firstByte >> (6 - 2 * silkFrames)) & 1 : 0;
  return midLbrr === 1 || sideLbrr === 1;
}
