/**
 * Audio codecs as pure, stateful processors: G.711 (PCMU, PCMA) and G.722.
 * See `codec.ts` for the interfaces and `fixtures/README.md` for how they are
 * proven bit-exact.
 */
export type { AudioDecoder, AudioEncoder, CodecDescriptor } from './codec';
export { rtpTimestampUnits, samplesPerFrame } from './codec';
export { G722, PCMA, PCMU } from './codec-descriptors';
export { alawToLinear, decodeAlaw, encodeAlaw, linearToAlaw } from './g711-alaw';
export { G711Decoder, G711Encoder, type G711Law } from './g711-codec';
export { decodeUlaw, encodeUlaw, linearToUlaw, ulawToLinear } from './g711-ulaw';
export { G722Decoder } from './g722-decoder';
export { G722Encoder } from './g722-encoder';
