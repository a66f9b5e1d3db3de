/**
 * Creates the encoder and decoder for a negotiated codec name. One place that
 * knows every codec class, so the media stream stays codec-agnostic.
 */
import { G711Decoder, G711Encoder, G722Decoder, G722Encoder, type AudioDecoder, type AudioEncoder } from './codecs';
import { OpusDecoder, OpusEncoder } from './codecs/opus';
import type { AudioCodecName } from './sdp';

/** An encoder for `name`, framing `ptime` ms per packet. */
export function createEncoder(name: AudioCodecName, ptime: number): AudioEncoder {
  switch (name) {
    case 'pcmu':
      return new G711Encoder('pcmu', Math.round(8 * ptime));
    case 'pcma':
      return new G711Encoder('pcma', Math.round(8 * ptime));
    case 'g722':
      return new G722Encoder(Math.round(16 * ptime));
    case 'opus':
      return new OpusEncoder({ frameMs: ptime === 10 || ptime === 40 || ptime === 60 ? ptime : 20 });
  }
}

/** A decoder for `name`. */
export function createDecoder(name: AudioCodecName): AudioDecoder {
  switch (name) {
    case 'pcmu':
      return new G711Decoder('pcmu');
    case 'pcma':
      return new G711Decoder('pcma');
    case 'g722':
      return new G722Decoder();
    case 'opus':
      return new OpusDecoder();
  }
}
