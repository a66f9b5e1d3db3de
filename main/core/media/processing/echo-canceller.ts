/**
 * Acoustic echo cancellation: WebRTC's AEC3 compiled to WASM
 * (@ennuicastr/webrtcaec3.js). It learns what we play (the far-end
 * reference, `analyze`) and removes its echo from the microphone
 * (`process`), adapting to the room and to the delay between speaker and
 * microphone on its own. 48 kHz mono, 10 ms frames of floats in -1..1.
 *
 * The module is loaded lazily, once per thread, and only where audio runs
 * (the media worker): see `wasm-handlers.ts` for why it must not be loaded
 * carelessly.
 */
import { withoutAddedProcessHandlers } from './wasm-handlers';

/** Samples per 10 ms frame at the only rate used (48 kHz). */
export const AEC_RATE = 48000;
export const AEC_FRAME = 480;

/** One echo canceller (one microphone, one speaker). */
export interface EchoCanceller {
  /** Feeds one 10 ms frame of what the speaker played. */
  analyze(far: Float32Array): void;
  /** Removes the echo from one 10 ms microphone frame into `out` (same length). */
  process(near: Float32Array, out: Float32Array): void;
  /** Frees the WASM state. */
  free(): void;
}

interface Aec3Instance {
  analyze(data: Float32Array[]): void;
  processSize(data: Float32Array[]): number;
  process(out: Float32Array[], data: Float32Array[]): void;
  free(): void;
}
interface Aec3Module {
  AEC3: new (sampleRate: number, renderChannels: number, captureChannels: number) => Aec3Instance;
}

let loading: Promise<Aec3Module> | undefined;

/** Loads the AEC3 module (once per thread); rejects with the loader's reason. */
function aec3Module(): Promise<Aec3Module> {
  loading ??= withoutAddedProcessHandlers(async () => {
    const imported = (await import('@ennuicastr/webrtcaec3.js')) as { default: () => Promise<Aec3Module> };
    return imported.default();
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Creates an echo canceller at 48 kHz. */
export async function createEchoCanceller(): Promise<EchoCanceller> {
  const m = await aec3Module();
  const aec = new m.AEC3(AEC_RATE, 1, 1);
  // The library takes arrays of channels; these wrappers are reused so a frame allocates nothing here.
  const farChannels: Float32Array[] = [new Float32Array(0)];
  const nearChannels: Float32Array[] = [new Float32Array(0)];
  const outChannels: Float32Array[] = [new Float32Array(0)];
  let freed = false;
  return {
    analyze(far) {
      if (freed) return;
      farChannels[0] = far;
      aec.analyze(farChannels);
    },
    process(near, out) {
      if (freed) {
        out.set(near);
        return;
      }
      nearChannels[0] = near;
      outChannels[0] = out;
      aec.process(outChannels, nearChannels);
    },
    free() {
      if (freed) return;
      freed = true;
      aec.free();
    },
  };
}
