/**
 * The Opus decoder of the media engine: libopus (WASM, see `opus-wasm.ts`)
 * at 48 kHz mono, with the two loss tools the package's own API hides:
 * packet-loss concealment (PLC) and in-band FEC.
 */
import type { AudioDecoder, CodecDescriptor } from '../codec';
import { OPUS_GRANULE_SAMPLES, OPUS_MAX_PACKET_SAMPLES, OPUS_MAX_PAYLOAD_BYTES, OPUS_SAMPLE_RATE, OPUS_STATUS_NAMES } from './opus-constants';
import { OPUS } from './opus-descriptor';
import { OpusError, OpusPacketError, type OpusPacketErrorCode } from './opus-error';
import { opusPacketHasFec, parseOpusToc } from './opus-packet';
import { OpusState } from './opus-state';
import { opusWasm } from './opus-wasm';

/** Counters since construction (they survive `reset`). */
export interface OpusDecoderStats {
  /** Payloads decoded by `decode`. */
  readonly packetsDecoded: number;
  /** Payloads `decode` rejected with `OpusPacketError`. */
  readonly invalidPackets: number;
  /** Frames made by PLC: `conceal`, and `decodeFec` when the next packet had no FEC. */
  readonly framesConcealed: number;
  /** Frames rebuilt by `decodeFec` from the next packet's in-band FEC. */
  readonly framesRecoveredByFec: number;
}

const PACKET_ERRORS: ReadonlySet<string> = new Set<OpusPacketErrorCode>(['OPUS_INVALID_PACKET', 'OPUS_BUFFER_TOO_SMALL', 'OPUS_BAD_ARG', 'OPUS_INTERNAL_ERROR']);

function isPacketErrorCode(code: string): code is OpusPacketErrorCode {
  return PACKET_ERRORS.has(code);
}

/** Checks a PLC/FEC length: whole 2.5 ms steps up to 120 ms. Throws `RangeError`. */
function checkConcealLength(samples: number): void {
  if (!Number.isInteger(samples) || samples <= 0 || samples > OPUS_MAX_PACKET_SAMPLES || samples % OPUS_GRANULE_SAMPLES !== 0) {
    throw new RangeError(`Opus conceals whole 2.5 ms steps (multiples of ${OPUS_GRANULE_SAMPLES} samples up to ${OPUS_MAX_PACKET_SAMPLES}), not ${samples}`);
  }
}

/**
 * Opus decoder: any Opus packet (mono or stereo, any mode and duration) in,
 * 48 kHz mono PCM out. Call {@link OpusDecoder.dispose} when the stream ends.
 *
 * How the playout loop drives it, one `JitterOutput` of the jitter buffer per
 * tick of `frameMs` (`n` = frameMs × 48 samples, 960 for 20 ms):
 * - `{ kind: 'audio', payload }` → `decode(payload)`. On `OpusPacketError`
 *   (a `RangeError`) count the packet and play `conceal(n)` instead.
 * - `{ kind: 'conceal', reason: 'loss', nextPayload }` → `decodeFec(nextPayload, n)`:
 *   the lost frame rebuilt from the redundancy the encoder put in the next
 *   packet, or PLC when that packet has none. It does not consume the next
 *   packet: the buffer returns it as `audio` on the next tick and it is
 *   `decode`d as usual. The order matters: FEC for frame k must come after
 *   frame k-1 and before frame k+1 is decoded.
 * - any other `conceal` (loss without the next packet buffered, `underrun`,
 *   `insert`) → `conceal(n)`: libopus PLC, which extends the last pitch
 *   period and fades it out over consecutive losses.
 * - `{ kind: 'silence' }` → play zeros without calling the decoder; the next
 *   `decode` blends from the decoder's old state by itself.
 * - a new stream (SSRC change, a reset of the jitter buffer) → `reset()`.
 */
export class OpusDecoder implements AudioDecoder {
  readonly descriptor: CodecDescriptor = OPUS;
  readonly sampleRate = OPUS_SAMPLE_RATE;
  readonly #state: OpusState;
  #packetsDecoded = 0;
  #invalidPackets = 0;
  #framesConcealed = 0;
  #framesRecoveredByFec = 0;

  constructor() {
    const wasm = opusWasm();
    this.#state = new OpusState(this, 'OpusDecoder', wasm.api.opus_decoder_get_size(1), wasm);
    try {
      this.#init();
    } catch (e) {
      this.#state.free();
      throw e;
    }
  }

  /**
   * Decodes one RTP payload into its 2.5-120 ms of PCM (960 samples for a
   * 20 ms packet). An empty, oversized or invalid payload throws
   * `OpusPacketError` (a `RangeError`) and leaves the state as it was. A
   * 1-byte payload (TOC only) is a valid "no data" frame: libopus conceals it.
   */
  decode(payload: Uint8Array): Int16Array {
    this.#state.assertLive();
    if (payload.length === 0) throw this.#invalid('EMPTY_PAYLOAD', 'an empty payload is not an Opus packet (use conceal() for a lost one)');
    if (payload.length > OPUS_MAX_PAYLOAD_BYTES) throw this.#invalid('PAYLOAD_TOO_LARGE', `a ${payload.length}-byte payload is larger than any Opus packet`);
    let n: number;
    try {
      n = this.#run(payload, OPUS_MAX_PACKET_SAMPLES, 0);
    } catch (e) {
      if (e instanceof OpusError && e.code === 'WASM_TRAP') throw this.#invalid('WASM_TRAP', e.message, e);
      throw e;
    }
    if (n < 0) {
      const name = OPUS_STATUS_NAMES[n] ?? 'OPUS_INTERNAL_ERROR';
      const code = isPacketErrorCode(name) ? name : 'OPUS_INVALID_PACKET';
      throw this.#invalid(code, `cannot decode a ${payload.length}-byte payload (${this.#state.wasm.statusText(n)})`);
    }
    this.#packetsDecoded++;
    return this.#output(n);
  }

  /**
   * Opus PLC: `samples` samples (a multiple of 120, i.e. of 2.5 ms, up to
   * 5760) for a lost packet, extrapolated from the decoder's state (libopus
   * `opus_decode(st, NULL, 0, pcm, samples, 0)`). Throws `RangeError` for
   * another length.
   */
  conceal(samples: number): Int16Array {
    checkConcealLength(samples);
    const out = this.#plc(samples);
    this.#framesConcealed++;
    return out;
  }

  /**
   * The lost frame of `samples` samples, rebuilt from the in-band FEC (SILK
   * LBRR) that `nextPayload`, the packet after the loss, carries for it
   * (libopus `decode_fec = 1` with `frame_size = samples`). Falls back to PLC,
   * exactly as {@link OpusDecoder.conceal}, when the next packet carries no
   * FEC (CELT mode, the sender's FEC off or its loss estimate 0, the first
   * packet of a stream), is shorter than needed (then libopus could only
   * conceal) or is invalid. When `samples` is longer than the next packet's
   * frame, the first part is PLC and the end is FEC. Never throws for a bad
   * payload; throws `RangeError` for a bad `samples`.
   */
  decodeFec(nextPayload: Uint8Array, samples: number): Int16Array {
    checkConcealLength(samples);
    const first = nextPayload[0];
    const usable =
      first !== undefined &&
      nextPayload.length <= OPUS_MAX_PAYLOAD_BYTES &&
      samples >= parseOpusToc(first).frameSamples &&
      opusPacketHasFec(nextPayload);
    if (usable) {
      const n = this.#tryRun(nextPayload, samples);
      if (n === samples) {
        this.#framesRecoveredByFec++;
        return this.#output(n);
      }
    }
    this.#framesConcealed++;
    return this.#plc(samples);
  }

  /** Counters since construction. */
  stats(): OpusDecoderStats {
    return {
      packetsDecoded: this.#packetsDecoded,
      invalidPackets: this.#invalidPackets,
      framesConcealed: this.#framesConcealed,
      framesRecoveredByFec: this.#framesRecoveredByFec,
    };
  }

  /** Forgets the decoding state, as after construction (`opus_decoder_init` in place, no allocation). */
  reset(): void {
    this.#init();
  }

  /** Frees the WASM state. Idempotent; any other call afterwards throws `OpusError` `DISPOSED`. */
  dispose(): void {
    this.#state.free();
  }

  #init(): void {
    const { api } = this.#state.wasm;
    this.#state.check(api.opus_decoder_init(this.#state.ptr, OPUS_SAMPLE_RATE, 1), 'opus_decoder_init');
  }

  /** PLC of `samples` (already checked). */
  #plc(samples: number): Int16Array {
    const n = this.#run(undefined, samples, 0);
    this.#state.check(n, 'PLC');
    return this.#output(n);
  }

  /** FEC decode of `payload`: libopus's status, or -1 when the WASM trapped (the state was reset). */
  #tryRun(payload: Uint8Array, samples: number): number {
    try {
      return this.#run(payload, samples, 1);
    } catch (e) {
      if (e instanceof OpusError && e.code === 'WASM_TRAP') return -1;
      throw e;
    }
  }

  /**
   * One `opus_decode` into the PCM scratch: of `payload`, or the PLC when it
   * is undefined. Returns libopus's status. A WASM trap re-initialises the
   * state and throws `OpusError` `WASM_TRAP`.
   */
  #run(payload: Uint8Array | undefined, frameSize: number, decodeFec: 0 | 1): number {
    const st = this.#state.ptr;
    const wasm = this.#state.wasm;
    if (payload !== undefined) wasm.heapU8().set(payload, wasm.packetPtr);
    const data = payload === undefined ? 0 : wasm.packetPtr;
    const length = payload === undefined ? 0 : payload.length;
    try {
      return wasm.guard(() => wasm.api.opus_decode(st, data, length, wasm.pcmPtr, frameSize, decodeFec));
    } catch (e) {
      this.#init();
      throw e;
    }
  }

  /** A copy of the first `n` samples of the PCM scratch. */
  #output(n: number): Int16Array {
    const wasm = this.#state.wasm;
    const at = wasm.pcmPtr >> 1;
    return wasm.heap16().slice(at, at + n);
  }

  #invalid(code: OpusPacketErrorCode, message: string, cause?: unknown): OpusPacketError {
    this.#invalidPackets++;
    return new OpusPacketError(code, `OpusDecoder: ${message}`, cause === undefined ? undefined : { cause });
  }
}
