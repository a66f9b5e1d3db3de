/**
 * Numbers of the libopus C API that the glue passes to the WASM build
 * (values from `include/opus_defines.h`; every GET request is its SET + 1,
 * which the encoder relies on to read each setting back).
 */

/** `OPUS_APPLICATION_VOIP`: speech, with the encoder's voice tuning (high-pass, formant emphasis). */
export const OPUS_APPLICATION_VOIP = 2048;

/** CTL request numbers (`OPUS_SET_*_REQUEST` / `OPUS_GET_*_REQUEST`). */
export const OpusCtl = {
  SET_BITRATE: 4002,
  SET_VBR: 4006,
  SET_COMPLEXITY: 4010,
  SET_INBAND_FEC: 4012,
  SET_PACKET_LOSS_PERC: 4014,
  SET_DTX: 4016,
  SET_VBR_CONSTRAINT: 4020,
  GET_LOOKAHEAD: 4027,
  GET_LAST_PACKET_DURATION: 4039,
} as const;

/** The GET request that reads back what a SET request wrote. */
export function getRequestOf(setRequest: number): number {
  return setRequest + 1;
}

/** libopus return codes (`OPUS_OK` and the negative errors), by name. */
export const OPUS_STATUS_NAMES: Readonly<Record<number, OpusStatusName>> = {
  [-1]: 'OPUS_BAD_ARG',
  [-2]: 'OPUS_BUFFER_TOO_SMALL',
  [-3]: 'OPUS_INTERNAL_ERROR',
  [-4]: 'OPUS_INVALID_PACKET',
  [-5]: 'OPUS_UNIMPLEMENTED',
  [-6]: 'OPUS_INVALID_STATE',
  [-7]: 'OPUS_ALLOC_FAIL',
};

/** The name of a negative libopus return code. */
export type OpusStatusName =
  | 'OPUS_BAD_ARG'
  | 'OPUS_BUFFER_TOO_SMALL'
  | 'OPUS_INTERNAL_ERROR'
  | 'OPUS_INVALID_PACKET'
  | 'OPUS_UNIMPLEMENTED'
  | 'OPUS_INVALID_STATE'
  | 'OPUS_ALLOC_FAIL';

/** Opus always runs at 48 kHz here (the RTP clock of RFC 7587; no resampling inside the codec). */
export const OPUS_SAMPLE_RATE = 48000;

/** 2.5 ms at 48 kHz: the granularity of every Opus frame, PLC and FEC length. */
export const OPUS_GRANULE_SAMPLES = 120;

/** 120 ms at 48 kHz: the longest packet (and so the most samples one decode can return). */
export const OPUS_MAX_PACKET_SAMPLES = 5760;

/** The `max_data_bytes` libopus recommends for `opus_encode` (always enough for one packet). */
export const OPUS_MAX_ENCODED_BYTES = 4000;

/**
 * The largest payload `decode` accepts: the largest UDP payload. Valid Opus
 * packets are far smaller except for code-3 padding, which may be any length.
 */
export const OPUS_MAX_PAYLOAD_BYTES = 65_536;
