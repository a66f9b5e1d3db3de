/**
 * The two errors of the Opus codec. A payload that cannot be decoded is an
 * {@link OpusPacketError}, a `RangeError` as the `AudioDecoder` contract
 * requires, so the caller can count it and drop the packet; everything else
 * (a setting libopus refused, use after `dispose`, a broken WASM build) is an
 * {@link OpusError}.
 */
import type { OpusStatusName } from './opus-constants';

/** Why an {@link OpusError} was thrown. */
export type OpusErrorCode =
  | OpusStatusName
  /** The WASM code trapped (a libopus bug or a damaged build); the stream was reset. */
  | 'WASM_TRAP'
  /** The WASM file is missing, does not compile, or lacks an export the glue needs. */
  | 'WASM_UNAVAILABLE'
  /** libopus accepted a SET but the GET read back another value. */
  | 'SETTING_NOT_APPLIED'
  /** The encoder or decoder was used after `dispose()`. */
  | 'DISPOSED';

/** Why an {@link OpusPacketError} was thrown. */
export type OpusPacketErrorCode =
  | 'OPUS_INVALID_PACKET'
  | 'OPUS_BUFFER_TOO_SMALL'
  | 'OPUS_BAD_ARG'
  | 'OPUS_INTERNAL_ERROR'
  /** A zero-length payload (libopus would silently run 120 ms of PLC on it). */
  | 'EMPTY_PAYLOAD'
  /** Larger than `OPUS_MAX_PAYLOAD_BYTES`. */
  | 'PAYLOAD_TOO_LARGE'
  /** The WASM code trapped on this payload; the decoder was reset. */
  | 'WASM_TRAP';

/** A failure of the Opus codec that is not about one received payload. */
export class OpusError extends Error {
  override readonly name = 'OpusError';
  readonly code: OpusErrorCode;

  constructor(code: OpusErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** A received payload that is not a decodable Opus packet. Drop it and go on. */
export class OpusPacketError extends RangeError {
  override readonly name = 'OpusPacketError';
  readonly code: OpusPacketErrorCode;

  constructor(code: OpusPacketErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
