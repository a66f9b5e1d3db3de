/**
 * libopus as WebAssembly, loaded with our own glue from the `.wasm` files that
 * ship inside `@evan/opus`.
 *
 * Why hand-written: the package's public `Encoder`/`Decoder` hide the two
 * decoder calls a VoIP receiver needs most: packet-loss concealment (libopus
 * `opus_decode(st, NULL, 0, pcm, frame_size, 0)`) and in-band FEC
 * (`decode_fec = 1` on the packet after a loss); `decode(new Uint8Array(0))`
 * throws `BadArgument`, and the native addon does not expose the C API. The
 * package's WASM build does: it exports the libopus C API itself
 * (`opus_encoder_init`, `opus_encode`, `opus_decoder_init`, `opus_decode`,
 * non-variadic `opus_*_ctl_set(st, request, value)` / `opus_*_ctl_get(st,
 * request)` wrappers, `malloc`, `free`, `memory`) and imports only WASI stubs
 * and a memory-growth notification. So the glue is this file: compile the
 * SIMD build when the engine validates a SIMD probe (as the package does),
 * else the baseline one; instantiate it once per process; hand out heap
 * views, a shared scratch area and a trap guard. No second copy of libopus
 * is shipped, and the package's own loader is never run.
 *
 * Loading is synchronous (about 50 ms for 400 kB, once) so that codecs can be
 * constructed synchronously like the G.711 and G.722 ones.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OPUS_MAX_PACKET_SAMPLES, OPUS_MAX_PAYLOAD_BYTES, OPUS_STATUS_NAMES } from './opus-constants';
import { OpusError } from './opus-error';

/** The exports of the libopus WASM build that the glue uses (pointers are byte offsets in `memory`). */
export interface OpusWasmExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  _initialize(): void;
  malloc(bytes: number): number;
  free(ptr: number): void;
  stackSave(): number;
  stackRestore(sp: number): void;
  opus_strerror(code: number): number;
  opus_encoder_get_size(channels: number): number;
  opus_encoder_init(st: number, sampleRate: number, channels: number, application: number): number;
  opus_encode(st: number, pcm: number, frameSize: number, data: number, maxBytes: number): number;
  opus_encoder_ctl_set(st: number, request: number, value: number): number;
  opus_encoder_ctl_get(st: number, request: number): number;
  opus_decoder_get_size(channels: number): number;
  opus_decoder_init(st: number, sampleRate: number, channels: number): number;
  opus_decode(st: number, data: number, len: number, pcm: number, frameSize: number, decodeFec: number): number;
  opus_decoder_ctl_set(st: number, request: number, value: number): number;
  opus_decoder_ctl_get(st: number, request: number): number;
}

/** Which of the two builds was loaded. */
export type OpusWasmBuild = 'simd' | 'baseline';

/** The process-wide libopus instance. */
export interface OpusWasm {
  readonly build: OpusWasmBuild;
  /** The raw C API. */
  readonly api: OpusWasmExports;
  /** Byte view of the heap, renewed after the memory grew. */
  heapU8(): Uint8Array;
  /** Int16 view of the heap, renewed after the memory grew. */
  heap16(): Int16Array;
  /**
   * Scratch for one call's PCM (`OPUS_MAX_PACKET_SAMPLES` int16) and packet
   * (`OPUS_MAX_PAYLOAD_BYTES`), shared by every codec: each call copies in,
   * runs and copies out synchronously, and JS runs one call at a time.
   */
  readonly pcmPtr: number;
  readonly packetPtr: number;
  /** `malloc` that throws `OPUS_ALLOC_FAIL` instead of returning 0, and counts live blocks. */
  alloc(bytes: number): number;
  /** `free` of a block from {@link OpusWasm.alloc}. */
  release(ptr: number): void;
  /** Blocks allocated through {@link OpusWasm.alloc} and not yet released (codec states). */
  readonly liveAllocations: number;
  /** Size of the WASM memory in bytes (it only grows). */
  readonly memoryBytes: number;
  /**
   * Runs `call`. If the WASM code traps (or calls `abort`), the C stack
   * pointer is restored and an `OpusError` `WASM_TRAP` is thrown; the caller
   * must then re-initialise the state it was working on.
   */
  guard<T>(call: () => T): T;
  /** libopus's text for a return code (`opus_strerror`). */
  statusText(code: number): string;
}

/** The package's probe: a function using `i8x16.splat`; valid only where WASM SIMD is. */
const SIMD_PROBE = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11);

/** The WASI `ENOSYS` errno: the stubs say "not supported" rather than pretend a write succeeded. */
const ENOSYS = 52;

/** The part of the `WebAssembly` global used here (typed locally: the core's lib has no DOM types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, (...args: number[]) => number | void>>) => {
    readonly exports: object;
  };
}

const EXPORTED_FUNCTIONS = [
  '_initialize', 'malloc', 'free', 'stackSave', 'stackRestore', 'opus_strerror',
  'opus_encoder_get_size', 'opus_encoder_init', 'opus_encode', 'opus_encoder_ctl_set', 'opus_encoder_ctl_get',
  'opus_decoder_get_size', 'opus_decoder_init', 'opus_decode', 'opus_decoder_ctl_set', 'opus_decoder_ctl_get',
] as const;

function isWasmApi(x: unknown): x is WasmApi {
  return (
    typeof x === 'object' && x !== null &&
    typeof Reflect.get(x, 'validate') === 'function' &&
    typeof Reflect.get(x, 'Module') === 'function' &&
    typeof Reflect.get(x, 'Instance') === 'function'
  );
}

function isOpusExports(x: object): x is OpusWasmExports {
  const memory: unknown = Reflect.get(x, 'memory');
  return (
    typeof memory === 'object' && memory !== null && Reflect.get(memory, 'buffer') instanceof ArrayBuffer &&
    EXPORTED_FUNCTIONS.every((name) => typeof Reflect.get(x, name) === 'function')
  );
}

/** Path of the package's `.wasm` file for a build. */
export function opusWasmPath(build: OpusWasmBuild): string {
  const packageJson = createRequire(import.meta.url).resolve('@evan/opus/package.json');
  return join(dirname(packageJson), 'wasm', build === 'simd' ? 'simd.wasm' : 'opus.wasm');
}

function instantiate(): OpusWasm {
  const wasm: unknown = Reflect.get(globalThis, 'WebAssembly');
  if (!isWasmApi(wasm)) throw new OpusError('WASM_UNAVAILABLE', 'this JavaScript engine has no WebAssembly');
  const build: OpusWasmBuild = wasm.validate(SIMD_PROBE) ? 'simd' : 'baseline';
  let exports: object;
  try {
    const module = new wasm.Module(readFileSync(opusWasmPath(build)));
    exports = new wasm.Instance(module, {
      wasi_snapshot_preview1: {
        fd_seek: () => ENOSYS,
        fd_write: () => ENOSYS,
        fd_close: () => ENOSYS,
        proc_exit: (status) => {
          throw new OpusError('WASM_TRAP', `libopus called exit(${status})`);
        },
      },
      // Views are renewed lazily (heapU8/heap16 compare buffers), so growth needs no work here.
      env: { emscripten_notify_memory_growth: () => undefined },
    }).exports;
  } catch (cause) {
    throw new OpusError('WASM_UNAVAILABLE', `cannot load the libopus ${build} WASM of @evan/opus`, { cause });
  }
  if (!isOpusExports(exports)) throw new OpusError('WASM_UNAVAILABLE', 'the @evan/opus WASM lacks part of the libopus C API');
  const api = exports;
  api._initialize(); // WASI reactor contract: run the C constructors once before any other export.

  let u8 = new Uint8Array(api.memory.buffer);
  let i16 = new Int16Array(api.memory.buffer);
  const heapU8 = (): Uint8Array => {
    if (u8.buffer !== api.memory.buffer) u8 = new Uint8Array(api.memory.buffer);
    return u8;
  };
  const heap16 = (): Int16Array => {
    if (i16.buffer !== api.memory.buffer) i16 = new Int16Array(api.memory.buffer);
    return i16;
  };
  const malloc = (bytes: number): number => {
    const ptr = api.malloc(bytes);
    if (ptr === 0) throw new OpusError('OPUS_ALLOC_FAIL', `WASM malloc(${bytes}) failed`);
    return ptr;
  };
  // The scratch lives as long as the process; it is not counted as codec state.
  const pcmPtr = malloc(OPUS_MAX_PACKET_SAMPLES * 2);
  const packetPtr = malloc(OPUS_MAX_PAYLOAD_BYTES);
  let live = 0;

  return {
    build,
    api,
    pcmPtr,
    packetPtr,
    heapU8,
    heap16,
    alloc(bytes) {
      const ptr = malloc(bytes);
      live++;
      return ptr;
    },
    release(ptr) {
      api.free(ptr);
      live--;
    },
    get liveAllocations() {
      return live;
    },
    get memoryBytes() {
      return api.memory.buffer.byteLength;
    },
    guard(call) {
      const sp = api.stackSave();
      try {
        return call();
      } catch (cause) {
        api.stackRestore(sp);
        if (cause instanceof OpusError && cause.code === 'WASM_TRAP') throw cause;
        throw new OpusError('WASM_TRAP', `libopus trapped: ${String(cause)}`, { cause });
      }
    },
    statusText(code) {
      const heap = heapU8();
      const start = api.opus_strerror(code);
      let end = start;
      while (end < heap.length && heap[end] !== 0) end++;
      const text = new TextDecoder().decode(heap.subarray(start, end));
      return `${OPUS_STATUS_NAMES[code] ?? `status ${code}`}: ${text}`;
    },
  };
}

let instance: OpusWasm | undefined;

/** The process-wide libopus WASM instance, loaded on first use. Throws `OpusError` `WASM_UNAVAILABLE`. */
export function opusWasm(): OpusWasm {
  instance ??= instantiate();
  return instance;
}
