/**
 * The descriptors of the codecs implemented in this folder (RFC 3551 static
 * payload types). Opus adds its own descriptor next to its encoder.
 */
import type { CodecDescriptor } from './codec';

/** G.711 µ-law: 8 kHz, one byte per sample, static payload type 0. */
export const PCMU: CodecDescriptor = {
  name: 'pcmu',
  encodingName: 'PCMU',
  staticPayloadType: 0,
  clockRate: 8000,
  rtpmapChannels: 1,
  sampleRate: 8000,
  channels: 1,
};

/** G.711 A-law: 8 kHz, one byte per sample, static payload type 8. */
export const PCMA: CodecDescriptor = {
  name: 'pcma',
  encodingName: 'PCMA',
  staticPayloadType: 8,
  clockRate: 8000,
  rtpmapChannels: 1,
  sampleRate: 8000,
  channels: 1,
};

/**
 * G.722 at 64 kbit/s: samples at 16 kHz, one byte per two samples, static
 * payload type 9, and an RTP clock of 8000 Hz kept from an erratum of RFC 1890
 * (RFC 3551 §4.5.2).
 */
export const G722: CodecDescriptor = {
  name: 'g722',
  encodingName: 'G722',
  staticPayloadType: 9,
  clockRate: 8000,
  rtpmapChannels: 1,
  sampleRate: 16000,
  channels: 1,
};
