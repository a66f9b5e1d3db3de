/**
 * The lifetime of one libopus state in the WASM heap, shared by the encoder
 * and the decoder: allocated once, re-initialised in place by `reset`, freed
 * by `dispose` or, as a safety net for a codec that was dropped without
 * `dispose`, by a `FinalizationRegistry` when it is garbage-collected.
 */
import { OPUS_STATUS_NAMES } from './opus-constants';
import { OpusError } from './opus-error';
import { opusWasm, type OpusWasm } from './opus-wasm';

const finalizer = new FinalizationRegistry<number>((ptr) => opusWasm().release(ptr));

/** One `OpusEncoder`/`OpusDecoder` struct in the heap. */
export class OpusState {
  readonly wasm: OpusWasm;
  readonly #what: string;
  #ptr: number;

  /**
   * @param owner the codec object whose collection frees the state
   * @param what  `OpusEncoder` or `OpusDecoder`, for messages
   * @param bytes `opus_*_get_size(channels)`
   */
  constructor(owner: object, what: string, bytes: number, wasm: OpusWasm) {
    this.wasm = wasm;
    this.#what = what;
    this.#ptr = wasm.alloc(bytes);
    finalizer.register(owner, this.#ptr, this);
  }

  /** The state's address; throws `OpusError` `DISPOSED` after {@link OpusState.free}. */
  get ptr(): number {
    if (this.#ptr === 0) throw new OpusError('DISPOSED', `${this.#what} used after dispose()`);
    return this.#ptr;
  }

  /** Throws `OpusError` `DISPOSED` after {@link OpusState.free}. */
  assertLive(): void {
    void this.ptr;
  }

  get disposed(): boolean {
    return this.#ptr === 0;
  }

  /** Frees the state (idempotent). */
  free(): void {
    if (this.#ptr === 0) return;
    finalizer.unregister(this);
    this.wasm.release(this.#ptr);
    this.#ptr = 0;
  }

  /** Throws `OpusError` with libopus's text when `status` is negative; returns it otherwise. */
  check(status: number, doing: string): number {
    if (status >= 0) return status;
    const name = this.wasm.statusText(status);
    throw new OpusError(OPUS_STATUS_NAMES[status] ?? 'OPUS_INTERNAL_ERROR', `${this.#what}: ${doing} failed (${name})`);
  }
}
