/**
 * Noise suppression: RNNoise (a small recurrent network from Xiph) compiled
 * to WASM (@echogarden/rnnoise-wasm). It removes stationary and non-speech
 * noise (fans, hum, keyboard) from the microphone. 48 kHz mono, 480-sample
 * frames of floats in the 16-bit range. Loaded lazily, once per thread.
 */
import { withoutAddedProcessHandlers } from './wasm-handlers';

/** Samples per frame (10 ms at 48 kHz), fixed by RNNoise. */
export const RNNOISE_FRAME = 480;

/** One noise suppressor (it keeps state between frames). */
export interface NoiseSuppressor {
  /** Denoises one 480-sample frame (16-bit range floats) in place; returns the voice probability 0..1. */
  process(frame: Float32Array): number;
  free(): void;
}

interface RnnoiseModule {
  readonly HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _rnnoise_create(model: number): number;
  _rnnoise_destroy(state: number): void;
  _rnnoise_get_frame_size(): number;
  _rnnoise_process_frame(state: number, out: number, input: number): number;
}

let loading: Promise<RnnoiseModule> | undefined;

function rnnoiseModule(): Promise<RnnoiseModule> {
  loading ??= withoutAddedProcessHandlers(async () => {
    const imported = await import('@echogarden/rnnoise-wasm');
    // The factory's module: the typed surface above is what this file uses of it.
    return (await imported.default()) as RnnoiseModule;
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Creates a noise suppressor. */
export async function createNoiseSuppressor(): Promise<NoiseSuppressor> {
  const m = await rnnoiseModule();
  const size = m._rnnoise_get_frame_size();
  if (size !== RNNOISE_FRAME) throw new Error(`RNNoise frames are ${size} samples, expected ${RNNOISE_FRAME}`);
  const state = m._rnnoise_create(0);
  if (state === 0) throw new Error('RNNoise could not be created');
  const buffer = m._malloc(RNNOISE_FRAME * 4);
  let freed = false;
  // A view on the frame's WASM buffer, made again only if the memory grew (HEAPF32 is then replaced): no allocation per frame.
  let heap = m.HEAPF32;
  let view = heap.subarray(buffer >> 2, (buffer >> 2) + RNNOISE_FRAME);
  return {
    process(frame) {
      if (freed) return 1;
      if (m.HEAPF32 !== heap) {
        heap = m.HEAPF32;
        view = heap.subarray(buffer >> 2, (buffer >> 2) + RNNOISE_FRAME);
      }
      view.set(frame);
      const vad = m._rnnoise_process_frame(state, buffer, buffer);
      if (m.HEAPF32 !== heap) {
        heap = m.HEAPF32;
        view = heap.subarray(buffer >> 2, (buffer >> 2) + RNNOISE_FRAME);
      }
      frame.set(view);
      return vad;
    },
    free() {
      if (freed) return;
      freed = true;
      m._rnnoise_destroy(state);
      m._free(buffer);
    },
  };
}
