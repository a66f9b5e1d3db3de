/**
 * AudioDevicePort over PortAudio through naudiodon (Node-API, so one build
 * serves Node and Electron). It runs inside the media worker, which owns every
 * stream (see `main/electron/media-worker.ts`).
 *
 * - Device ids are stable strings (`hostApi:name`), not PortAudio's indexes,
 *   which change whenever the list is enumerated again after a hot-plug.
 * - A stream is a capture and a playback stream (mono S16 at the microphone's
 *   native rate), with small PortAudio buffers (≤ 320 frames) and reads of
 *   exactly one frame, so each captured frame is one tick of the audio clock.
 * - `closeOnError` is off: PortAudio status flags (an underflow) must not end
 *   a call. Errors and a stalled device (no capture for `stallMs`) arrive
 *   through `onError` instead, and the audio engine falls back to the default
 *   device.
 * - naudiodon's `index.js` loads `segfault-handler`, which is not Node-API;
 *   package.json overrides it with a no-op stub (`native/stubs`).
 *
 * - A playback-only stream (`playbackOnly`, the ringer) opens no microphone;
 *   a drift-corrected timer is its clock (see `runPlayback`).
 *
 * Known limits: PortAudio enumerates devices once per `Pa_Initialize`, and an
 * open stream holds one, so a hot-plugged device appears in the list only when
 * no stream is open. With closeOnError off, naudiodon `printf`s status flags to
 * stdout ("AudioIO: portAudio status - output underflow").
 */
import { createRequire } from 'node:module';
import { err, ok, type Result } from '../../main/common/result';
import type { AudioDevice, AudioDevicePort, AudioStream, AudioStreamOptions, AudioTick } from '../../main/core/ports/audio';

/** A device as naudiodon reports it. */
export interface NaudiodonDeviceInfo {
  readonly id: number;
  readonly name: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
  readonly hostAPIName: string;
}

/** A host API as naudiodon reports it. */
export interface NaudiodonHostApi {
  readonly id: number;
  readonly name: string;
  readonly defaultInput: number;
  readonly defaultOutput: number;
}

/** A naudiodon stream (a Node Readable or Writable plus start/quit). */
export interface NaudiodonIo {
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  write(chunk: Buffer, callback?: (error?: Error | null) => void): boolean;
  start(): void;
  /** Stops and closes the PortAudio stream (its `abort()` passes two arguments to a one-argument native method and always throws). */
  quit(callback?: () => void): Promise<void>;
  destroy(): void;
}

/** The part of naudiodon this adapter uses (injectable for tests). */
export interface NaudiodonApi {
  getDevices(): NaudiodonDeviceInfo[];
  getHostAPIs(): { defaultHostAPI: number; HostAPIs: NaudiodonHostApi[] };
  AudioIO(options: Record<string, unknown>): NaudiodonIo;
}

/** Options of {@link createNaudiodonPort}. */
export interface NaudiodonPortOptions {
  /** Injected naudiodon, for tests; by default the real module is loaded on first use. */
  readonly naudiodon?: NaudiodonApi;
  /** PortAudio frames per buffer; default 320 at ≥ 32 kHz, 160 below. */
  readonly framesPerBuffer?: number;
  /** A capture silent this long means the device is gone (default 1000 ms). */
  readonly stallMs?: number;
}

let loaded: NaudiodonApi | undefined;
function loadNaudiodon(): NaudiodonApi {
  loaded ??= createRequire(import.meta.url)('naudiodon') as NaudiodonApi;
  return loaded;
}

/** The stable id of a device: its host API and name. */
export function deviceKey(d: Pick<NaudiodonDeviceInfo, 'hostAPIName' | 'name'>): string {
  return `${d.hostAPIName}:${d.name}`;
}

/** Maps naudiodon's list to the port's devices, marking the default host API's defaults. */
export function toAudioDevices(devices: readonly NaudiodonDeviceInfo[], hosts: ReturnType<NaudiodonApi['getHostAPIs']>): AudioDevice[] {
  const host = hosts.HostAPIs.find((h) => h.id === hosts.defaultHostAPI) ?? hosts.HostAPIs[0];
  return devices.map((d) => ({
    id: deviceKey(d),
    name: d.name,
    hostApi: d.hostAPIName,
    maxInputChannels: d.maxInputChannels,
    maxOutputChannels: d.maxOutputChannels,
    defaultSampleRate: d.defaultSampleRate,
    isDefaultInput: host !== undefined && d.id === host.defaultInput,
    isDefaultOutput: host !== undefined && d.id === host.defaultOutput,
  }));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Finds the PortAudio index for a stable id, or the default device when `id` is undefined. */
function resolveDevice(api: NaudiodonApi, id: string | undefined, kind: 'input' | 'output'): Result<NaudiodonDeviceInfo> {
  const devices = api.getDevices();
  const usable = devices.filter((d) => (kind === 'input' ? d.maxInputChannels : d.maxOutputChannels) > 0);
  if (id !== undefined) {
    const found = usable.find((d) => deviceKey(d) === id);
    return found ? ok(found) : err('AUDIO_DEVICE_UNAVAILABLE', `The ${kind === 'input' ? 'microphone' : 'speaker'} "${id}" is not connected.`);
  }
  const hosts = api.getHostAPIs();
  const host = hosts.HostAPIs.find((h) => h.id === hosts.defaultHostAPI);
  const wanted = kind === 'input' ? host?.defaultInput : host?.defaultOutput;
  const found = usable.find((d) => d.id === wanted) ?? usable[0];
  return found ? ok(found) : err('AUDIO_DEVICE_UNAVAILABLE', `No ${kind === 'input' ? 'microphone' : 'speaker'} was found. Connect one, or check that the sound system is running.`);
}

/** Why PortAudio could not open a device, as a code and words a user can act on. */
export function explainOpenError(reason: string): Result<never> {
  if (/busy|unavailable|in use/i.test(reason)) return err('AUDIO_DEVICE_BUSY', `The audio device is in use by another application (${reason}). Close it, or choose another device.`);
  if (/permission|denied|not permitted/i.test(reason)) return err('AUDIO_ACCESS_DENIED', `Access to the audio device was denied (${reason}). Allow microphone access for Dialtone in the system settings.`);
  if (/sample rate/i.test(reason)) return err('AUDIO_DEVICE_UNAVAILABLE', `The audio device does not support the sample rate (${reason}). Choose another device.`);
  return err('AUDIO_DEVICE_UNAVAILABLE', `The audio device could not be opened (${reason}).`);
}

/** Creates the port. */
export function createNaudiodonPort(options: NaudiodonPortOptions = {}): AudioDevicePort {
  const api = (): NaudiodonApi => options.naudiodon ?? loadNaudiodon();
  return {
    async listDevices() {
      try {
        const a = api();
        return ok(toAudioDevices(a.getDevices(), a.getHostAPIs()));
      } catch (error) {
        return err('AUDIO_DEVICE_UNAVAILABLE', `The audio devices could not be listed: ${message(error)}`);
      }
    },
    async open(streamOptions: AudioStreamOptions) {
      let a: NaudiodonApi;
      try {
        a = api();
      } catch (error) {
        return err('AUDIO_DEVICE_UNAVAILABLE', `The audio library could not be loaded: ${message(error)}`);
      }
      let input: Result<NaudiodonDeviceInfo> | undefined;
      let output: Result<NaudiodonDeviceInfo>;
      try {
        input = streamOptions.playbackOnly === true ? undefined : resolveDevice(a, streamOptions.inputId, 'input');
        output = resolveDevice(a, streamOptions.outputId, 'output');
      } catch (error) {
        return err('AUDIO_DEVICE_UNAVAILABLE', `The audio devices could not be listed: ${message(error)}`);
      }
      if (input && !input.ok) return input;
      if (!output.ok) return output;
      if (!input) return openPlaybackOnly(a, output.data, streamOptions, options);
      // One PortAudio stream runs at one rate: the microphone's native one.
      const sampleRate = input.data.defaultSampleRate > 0 ? Math.round(input.data.defaultSampleRate) : streamOptions.sampleRate;
      const frameSamples = Math.round((sampleRate * streamOptions.frameMs) / 1000);
      const framesPerBuffer = options.framesPerBuffer ?? (sampleRate >= 32000 ? 320 : 160);
      const common = { channelCount: 1, sampleFormat: 16, sampleRate, framesPerBuffer, closeOnError: false };
      // Two streams, not one duplex: PortAudio's ALSA duplex path fails on
      // the PulseAudio plugin ("ContinuePoll … failed", no frames ever), and
      // separate streams let the microphone and speaker be different devices.
      let capture: NaudiodonIo;
      let playback: NaudiodonIo;
      try {
        capture = a.AudioIO({ inOptions: { ...common, deviceId: input.data.id, highwaterMark: frameSamples * 2 } });
      } catch (error) {
        return explainOpenError(message(error));
      }
      try {
        playback = a.AudioIO({ outOptions: { ...common, deviceId: output.data.id, highwaterMark: frameSamples * 2, maxQueue: 4 } });
      } catch (error) {
        void capture.quit();
        return explainOpenError(message(error));
      }
      return ok(runStream(capture, playback, sampleRate, frameSamples, options.stallMs ?? 1000));
    },
  };
}

/** A playback stream alone (the ringer), at the speaker's native rate. */
function openPlaybackOnly(a: NaudiodonApi, output: NaudiodonDeviceInfo, streamOptions: AudioStreamOptions, options: NaudiodonPortOptions): Result<AudioStream> {
  const sampleRate = output.defaultSampleRate > 0 ? Math.round(output.defaultSampleRate) : streamOptions.sampleRate;
  const frameSamples = Math.round((sampleRate * streamOptions.frameMs) / 1000);
  const framesPerBuffer = options.framesPerBuffer ?? (sampleRate >= 32000 ? 320 : 160);
  let playback: NaudiodonIo;
  try {
    playback = a.AudioIO({ outOptions: { channelCount: 1, sampleFormat: 16, sampleRate, framesPerBuffer, closeOnError: false, deviceId: output.id, highwaterMark: frameSamples * 2, maxQueue: 4 } });
  } catch (error) {
    return explainOpenError(message(error));
  }
  return ok(runPlayback(playback, sampleRate, frameSamples));
}

/** The tick listener, error listeners and closed flag an open stream shares with its drivers. */
interface StreamControls {
  readonly listener: AudioTick | undefined;
  readonly closed: boolean;
  /** Reports an error to the listeners, unless the stream is closed. */
  fail(reason: string): void;
  /** The `AudioStream` handed out; `release` runs once, on the first close. */
  stream(sampleRate: number, frameSamples: number, release: () => Promise<void>): AudioStream;
}

function streamControls(): StreamControls {
  let listener: AudioTick | undefined;
  const errorListeners: Array<(reason: string) => void> = [];
  let closed = false;
  return {
    get listener() {
      return listener;
    },
    get closed() {
      return closed;
    },
    fail(reason) {
      if (!closed) for (const l of errorListeners) l(reason);
    },
    stream: (sampleRate, frameSamples, release) => ({
      sampleRate,
      frameSamples,
      onTick(l) {
        listener = l;
      },
      onError(l) {
        errorListeners.push(l);
      },
      async close() {
        if (closed) return;
        closed = true;
        await release();
      },
    }),
  };
}

/**
 * Drives a playback stream alone with a drift-corrected timer: tick n is due
 * at start + n × frame. naudiodon's write callbacks are no clock (measured on
 * the ALSA pulse device: 25-40 callbacks a second instead of 50, varying run
 * to run), and a ringtone needs no sample-exact clock: two frames of silence
 * queued first absorb the timer's jitter. After a stall of more than five
 * frames (a suspended laptop) the schedule restarts instead of bursting.
 * Each tick's captured frame is silence.
 */
function runPlayback(playback: NaudiodonIo, sampleRate: number, frameSamples: number): AudioStream {
  const c = streamControls();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silence = new Int16Array(frameSamples);
  const frameBytes = frameSamples * 2;
  const frameMs = (frameSamples * 1000) / sampleRate;
  playback.on('error', (error) => {
    c.fail(message(error));
  });
  let start = performance.now();
  let n = 0;
  const tick = (): void => {
    if (c.closed) return;
    silence.fill(0);
    const out = c.listener ? c.listener(silence) : silence;
    playback.write(Buffer.from(out.buffer, out.byteOffset, Math.min(out.byteLength, frameBytes)));
    n += 1;
    let due = start + n * frameMs;
    const now = performance.now();
    if (now - due > 5 * frameMs) {
      start = now;
      n = 0;
      due = now;
    }
    timer = setTimeout(tick, Math.max(0, due - now));
  };
  playback.write(Buffer.alloc(frameBytes * 2));
  playback.start();
  tick();
  return c.stream(sampleRate, frameSamples, async () => {
    if (timer) clearTimeout(timer);
    await stop(playback);
  });
}

/**
 * Stops a naudiodon stream, bounded: its quit waits (on a libuv thread) for
 * the playback queue to drain, which never happens when the device is gone.
 */
function stop(io: NaudiodonIo): Promise<void> {
  return new Promise<void>((resolve) => {
    const guard = setTimeout(resolve, 1000);
    io.quit(() => {
      clearTimeout(guard);
      resolve();
    }).catch(() => {
      clearTimeout(guard);
      resolve();
    });
  });
}

/** Drives an open capture and playback pair: each captured frame is a tick. */
function runStream(capture: NaudiodonIo, playback: NaudiodonIo, sampleRate: number, frameSamples: number, stallMs: number): AudioStream {
  const c = streamControls();
  let pending: Buffer = Buffer.alloc(0);
  // The first frame can take over a second (the ALSA PulseAudio plugin starts slowly): allow 5 s.
  let lastCapture = Date.now() + Math.max(0, 5000 - stallMs);
  const frameBytes = frameSamples * 2;
  const fail = (reason: string): void => c.fail(reason);
  capture.on('error', (error) => fail(message(error)));
  playback.on('error', (error) => fail(message(error)));
  capture.on('data', (chunk: Buffer) => {
    if (c.closed) return;
    lastCapture = Date.now();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      // Copy into an aligned buffer: a Buffer's byteOffset may be odd.
      const captured = new Int16Array(frameSamples);
      Buffer.from(captured.buffer).set(pending.subarray(0, frameBytes));
      pending = pending.subarray(frameBytes);
      const out = c.listener ? c.listener(captured) : new Int16Array(frameSamples);
      playback.write(Buffer.from(out.buffer, out.byteOffset, Math.min(out.byteLength, frameBytes)));
    }
  });
  // Prime the output with one frame of silence, so playback never starts with an underflow.
  playback.write(Buffer.alloc(frameBytes));
  playback.start();
  capture.start();
  const watchdog = setInterval(() => {
    if (Date.now() - lastCapture > stallMs) {
      lastCapture = Date.now();
      fail(`The audio device stopped delivering audio for ${stallMs} ms (unplugged?).`);
    }
  }, Math.max(50, Math.floor(stallMs / 4)));
  watchdog.unref();
  return c.stream(sampleRate, frameSamples, async () => {
    clearInterval(watchdog);
    await Promise.all([stop(capture), stop(playback)]);
  });
}
