/**
 * The descriptor of Opus (RFC 7587). `codec-descriptors.ts` holds the static
 * RFC 3551 codecs and leaves Opus to live next to its encoder.
 */
import type { CodecDescriptor } from '../codec';

/**
 * Opus, mono at 48 kHz. Dynamic payload type (the SDP catalog offers 111);
 * `a=rtpmap:<pt> opus/48000/2` always says 2 channels even for mono
 * (RFC 7587 §7), while the PCM the codec takes and returns here is mono.
 */
export const OPUS: CodecDescriptor = {
  name: 'opus',
  encodingName: 'opus',
  staticPayloadType: undefined,
  clockRate: 48000,
  rtpmapChannels: 2,
  sampleRate: 48000,
  channels: 1,
};
