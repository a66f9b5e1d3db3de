/**
 * The Opus encoder of the media engine: libopus (WASM, see `opus-wasm.ts`)
 * at 48 kHz mono, application VOIP, one packet per `encode` call.
 */
import type { AudioEncoder, CodecDescriptor } from '../codec';
import { getRequestOf, OPUS_APPLICATION_VOIP, OPUS_MAX_ENCODED_BYTES, OPUS_SAMPLE_RATE, OpusCtl } from './opus-constants';
import { OPUS } from './opus-descriptor';
import { OpusError } from './opus-error';
import { OpusState } from './opus-state';
import { opusWasm } from './opus-wasm';

/** Variable bit rate, constrained VBR (close to the target on every packet) or constant bit rate. */
export type OpusRateControl = 'vbr' | 'constrained-vbr' | 'cbr';

/** The settings that can change during a stream (see {@link OpusEncoder.configure}). */
export interface OpusEncoderTuning {
  /** Target bit rate in bit/s, 6000-300000 (libopus caps mono at 300 kbit/s). Default 32000. */
  readonly bitrate?: number;
  /**
   * Encoder effort, 0-10. Default 5: the speech quality of 5 is within a
   * hair of 10 at these rates (complexity buys SILK's pitch and noise-shaping
   * search and CELT's analysis), while the encode cost is about a third (see
   * the timings in the README of this folder), and the same process also
   * runs echo cancellation, noise suppression and resampling every 20 ms.
   */
  readonly complexity?: number;
  /** Send SILK LBRR redundancy of each frame in the next packet (in-band FEC). Default true. */
  readonly inbandFec?: boolean;
  /**
   * The loss rate, 0-100 %, the encoder plans for: with FEC it decides how
   * many bits the redundancy gets (0 disables LBRR even with `inbandFec`).
   * Default 10; feed it the peer's RTCP fraction lost.
   */
  readonly packetLossPercent?: number;
  /** Discontinuous transmission: 1-2 byte packets during silence. Default false. */
  readonly dtx?: boolean;
  /**
   * Default `vbr`. With SRTP, packet sizes of VBR speech leak information
   * about what is said (RFC 6562); `cbr` or `constrained-vbr` leak less.
   */
  readonly rateControl?: OpusRateControl;
}

/** Options of the constructor. */
export interface OpusEncoderOptions extends OpusEncoderTuning {
  /** Packet duration: 10, 20, 40 or 60 ms (the SDP `ptime`). Default 20. */
  readonly frameMs?: 10 | 20 | 40 | 60;
}

/** What libopus reports it is using (read back with the GET requests). */
export interface OpusEncoderSettings {
  readonly bitrate: number;
  readonly complexity: number;
  readonly inbandFec: boolean;
  readonly packetLossPercent: number;
  readonly dtx: boolean;
  readonly rateControl: OpusRateControl;
  /** The encoder's look-ahead in samples at 48 kHz (the codec delay): 312 (6.5 ms) for VOIP. */
  readonly lookahead: number;
}

/** The defaults of {@link OpusEncoderTuning}. */
export const OPUS_ENCODER_DEFAULTS: Readonly<Required<OpusEncoderTuning>> = {
  bitrate: 32000,
  complexity: 5,
  inbandFec: true,
  packetLossPercent: 10,
  dtx: false,
  rateControl: 'vbr',
};

const FRAME_MS = [10, 20, 40, 60] as const;

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`Opus ${name} must be an integer in ${min}..${max}, not ${value}`);
}

/** Checks a tuning's ranges; throws `RangeError`. */
function validateTuning(t: OpusEncoderTuning): void {
  if (t.bitrate !== undefined) checkInteger('bitrate', t.bitrate, 6000, 300000);
  if (t.complexity !== undefined) checkInteger('complexity', t.complexity, 0, 10);
  if (t.packetLossPercent !== undefined) checkInteger('packetLossPercent', t.packetLossPercent, 0, 100);
}

/**
 * Opus encoder: 48 kHz mono PCM, exactly {@link OpusEncoder.frameSamples}
 * per `encode`. Call {@link OpusEncoder.dispose} when the stream ends (the
 * state lives in the WASM heap; a dropped encoder is only freed by GC).
 */
export class OpusEncoder implements AudioEncoder {
  readonly descriptor: CodecDescriptor = OPUS;
  readonly sampleRate = OPUS_SAMPLE_RATE;
  readonly frameSamples: number;
  readonly #state: OpusState;
  #tuning: Required<OpusEncoderTuning>;
  /** Smoothed loss the peer reported, % (undefined until the first report). */
  #lossEstimate: number | undefined;

  /** Throws `RangeError` for an option out of range, `OpusError` when libopus refuses one. */
  constructor(options: OpusEncoderOptions = {}) {
    const frameMs = options.frameMs ?? 20;
    if (!FRAME_MS.includes(frameMs)) throw new RangeError(`Opus frameMs must be 10, 20, 40 or 60, not ${String(frameMs)}`);
    validateTuning(options);
    this.frameSamples = (OPUS_SAMPLE_RATE / 1000) * frameMs;
    const { frameMs: _frameMs, ...tuning } = options;
    this.#tuning = { ...OPUS_ENCODER_DEFAULTS, ...tuning };
    const wasm = opusWasm();
    this.#state = new OpusState(this, 'OpusEncoder', wasm.api.opus_encoder_get_size(1), wasm);
    try {
      this.#init();
    } catch (e) {
      this.#state.free();
      throw e;
    }
  }

  /**
   * Encodes one frame (`frameSamples` samples) into one RTP payload. With
   * `dtx`, a payload of 2 bytes or fewer is a silence frame that need not be
   * sent (RFC 7587 §3.1.3). Throws `RangeError` for a wrong length.
   */
  encode(pcm: Int16Array): Uint8Array {
    if (pcm.length !== this.frameSamples) throw new RangeError(`Opus encodes frames of ${this.frameSamples} samples, not ${pcm.length}`);
    const st = this.#state.ptr;
    const wasm = this.#state.wasm;
    wasm.heap16().set(pcm, wasm.pcmPtr >> 1);
    let bytes: number;
    try {
      bytes = wasm.guard(() => wasm.api.opus_encode(st, wasm.pcmPtr, this.frameSamples, wasm.packetPtr, OPUS_MAX_ENCODED_BYTES));
    } catch (e) {
      this.#init();
      throw e;
    }
    this.#state.check(bytes, 'opus_encode');
    return wasm.heapU8().slice(wasm.packetPtr, wasm.packetPtr + bytes);
  }

  /**
   * Changes settings between two frames (bit rate from congestion control,
   * loss rate from RTCP, the peer's fmtp `maxaveragebitrate`, `usedtx`,
   * `cbr`). Unnamed settings keep their value. Each is read back from libopus.
   */
  configure(tuning: OpusEncoderTuning): void {
    validateTuning(tuning);
    this.#tuning = { ...this.#tuning, ...tuning };
    this.#apply();
  }

  /**
   * Follows the loss the peer reports (RTCP, each report): libopus's
   * expected-loss setting is a smoothed estimate of it (half the old
   * estimate plus half the new report, rounded, at most 30 %), so in-band FEC
   * costs nothing on a clean link and grows with the loss. Until the first
   * report the configured value (10 % by default) holds: the link is unknown.
   */
  adaptToLoss(lossPercent: number): void {
    if (!Number.isFinite(lossPercent)) return;
    const report = Math.min(100, Math.max(0, lossPercent));
    this.#lossEstimate = this.#lossEstimate === undefined ? report : (this.#lossEstimate + report) / 2;
    const next = Math.min(30, Math.round(this.#lossEstimate));
    if (next !== this.#tuning.packetLossPercent) this.configure({ packetLossPercent: next });
  }

  /** The settings as libopus reports them. */
  settings(): OpusEncoderSettings {
    const get = (request: number): number => this.#state.wasm.api.opus_encoder_ctl_get(this.#state.ptr, request);
    const vbr = get(getRequestOf(OpusCtl.SET_VBR)) === 1;
    const constrained = get(getRequestOf(OpusCtl.SET_VBR_CONSTRAINT)) === 1;
    return {
      bitrate: get(getRequestOf(OpusCtl.SET_BITRATE)),
      complexity: get(getRequestOf(OpusCtl.SET_COMPLEXITY)),
      inbandFec: get(getRequestOf(OpusCtl.SET_INBAND_FEC)) !== 0,
      packetLossPercent: get(getRequestOf(OpusCtl.SET_PACKET_LOSS_PERC)),
      dtx: get(getRequestOf(OpusCtl.SET_DTX)) === 1,
      rateControl: !vbr ? 'cbr' : constrained ? 'constrained-vbr' : 'vbr',
      lookahead: get(OpusCtl.GET_LOOKAHEAD),
    };
  }

  /** Forgets the coding state, as after construction; the current settings stay. No allocation. */
  reset(): void {
    this.#init();
  }

  /** Frees the WASM state. Idempotent; any other call afterwards throws `OpusError` `DISPOSED`. */
  dispose(): void {
    this.#state.free();
  }

  /** `opus_encoder_init` in place, then every setting. */
  #init(): void {
    const { api } = this.#state.wasm;
    this.#state.check(api.opus_encoder_init(this.#state.ptr, OPUS_SAMPLE_RATE, 1, OPUS_APPLICATION_VOIP), 'opus_encoder_init');
    this.#apply();
  }

  /** Sets every tuning value and reads each back. */
  #apply(): void {
    const t = this.#tuning;
    this.#set(OpusCtl.SET_BITRATE, t.bitrate);
    this.#set(OpusCtl.SET_COMPLEXITY, t.complexity);
    this.#set(OpusCtl.SET_INBAND_FEC, t.inbandFec ? 1 : 0);
    this.#set(OpusCtl.SET_PACKET_LOSS_PERC, t.packetLossPercent);
    this.#set(OpusCtl.SET_DTX, t.dtx ? 1 : 0);
    this.#set(OpusCtl.SET_VBR, t.rateControl === 'cbr' ? 0 : 1);
    this.#set(OpusCtl.SET_VBR_CONSTRAINT, t.rateControl === 'constrained-vbr' ? 1 : 0);
  }

  #set(request: number, value: number): void {
    const { api } = this.#state.wasm;
    const st = this.#state.ptr;
    this.#state.check(api.opus_encoder_ctl_set(st, request, value), `CTL ${request} = ${value}`);
    const actual = api.opus_encoder_ctl_get(st, getRequestOf(request));
    if (actual !== value) throw new OpusError('SETTING_NOT_APPLIED', `OpusEncoder: CTL ${request} = ${value} reads back ${actual}`);
  }
}
