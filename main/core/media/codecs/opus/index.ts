/**
 * Opus (RFC 6716, RTP per RFC 7587) for the media engine: libopus compiled to
 * WASM (shipped by `@evan/opus`, loaded by our own glue in `opus-wasm.ts`),
 * with packet-loss concealment and in-band FEC on the decoding side.
 *
 * `new OpusEncoder({ bitrate, packetLossPercent, ... })` per outgoing stream,
 * `new OpusDecoder()` per incoming one; `dispose()` both at the end. See
 * `OpusDecoder` for how the jitter buffer's outputs map to `decode`,
 * `decodeFec` and `conceal`.
 */
export { OPUS } from './opus-descriptor';
export {
  OpusEncoder,
  OPUS_ENCODER_DEFAULTS,
  type OpusEncoderOptions,
  type OpusEncoderTuning,
  type OpusEncoderSettings,
  type OpusRateControl,
} from './opus-encoder';
export { OpusDecoder, type OpusDecoderStats } from './opus-decoder';
export { OpusError, OpusPacketError, type OpusErrorCode, type OpusPacketErrorCode } from './opus-error';
export { parseOpusPacket, parseOpusToc, opusPacketHasFec, type OpusMode, type OpusToc, type OpusPacketInfo, type OpusFrameSpan } from './opus-packet';
export { opusWasm, type OpusWasm, type OpusWasmBuild } from './opus-wasm';
