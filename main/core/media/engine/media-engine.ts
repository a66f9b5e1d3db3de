/**
 * The media engine as the rest of the core sees it: it creates each call's
 * media and owns the audio devices. Two implementations share this shape:
 *
 * - {@link LocalMediaEngine}: everything on the calling thread (the audio
 *   engine and every call's MediaStream). Core tests use it with fake audio.
 * - {@link WorkerMediaEngine}: a proxy on the main thread; the same local
 *   engine runs inside a `worker_thread` that owns the devices and the RTP
 *   sockets, so the audio clock is never delayed by main-thread work
 *   (signaling, IPC, the UI bridge). Only control messages cross.
 *
 * The call manager cannot tell them apart, which is the point: the worker is
 * a deployment choice made in `bootstrap.ts`.
 */
import type { Result } from '../../../common/result';
import type { AudioDevice } from '../../ports/audio';
import type { CallMedia } from '../call-media';
import type { JitterStats } from '../jitter';
import type { MediaStreamStats } from '../media-stream';
import type { ToneSpec } from '../tones';
import type { AudioLevels, EngineDeviceProblem, EngineDevices } from '../audio-engine';
import type { ProcessingProblem, ProcessingSettings } from '../processing/capture-processor';
import type { EchoTestProgress, EchoTestResult } from '../../../common/models/audio-processing';

/** What a call asks for when its media is created. */
export interface CallMediaOptions {
  /** The local address for RTP (the one SIP uses). */
  readonly localAddress: string;
  /** Accept media from where it really comes (NAT mode). */
  readonly latch?: boolean;
  /** Received DTMF digits (RFC 4733). */
  readonly onDtmf?: (digit: string) => void;
}

/** One call's media, plus what the call manager reads for `call.stats`. */
export interface ManagedCallMedia extends CallMedia {
  /** Counters (in the worker engine: as of the last report, at most ~0.5 s old). */
  readonly stats: Readonly<MediaStreamStats>;
  /** Jitter buffer figures, once receiving. */
  jitterStats(): JitterStats | undefined;
  /** Sends silence instead of the microphone (the stream keeps running, so NATs and peers see no gap). */
  setMuted(muted: boolean): void;
}

/** Which devices calls use (the audio engine's pair plus the ringer); undefined follows the OS default. */
export interface DeviceSelection extends EngineDevices {
  /** Where incoming calls ring (may differ from the call's speaker). */
  readonly ringerId?: string | undefined;
}

/** A device problem the user should see (busy, denied, unplugged with a fallback): the audio engine's report. */
export type DeviceProblem = EngineDeviceProblem;

/** The engine. */
export interface MediaEngine {
  createCallMedia(options: CallMediaOptions): ManagedCallMedia;
  listDevices(): Promise<Result<readonly AudioDevice[]>>;
  /** Chooses devices; applies at once to a running stream (which reopens). */
  selectDevices(selection: DeviceSelection): Promise<Result<void>>;
  /** The current selection. */
  readonly selection: DeviceSelection;
  /** Called with the new list whenever polling finds a device added or removed. */
  onDevicesChanged(listener: (devices: readonly AudioDevice[]) => void): void;
  /** Called when a device fails to open or disappears. */
  onDeviceProblem(listener: (problem: DeviceProblem) => void): void;
  /**
   * Plays a tone: on the calls' devices, or on the ringer (which may be
   * another device, to ring on speakers while calls use a headset). Returns
   * the function that stops it; one-shot tones stop by themselves.
   */
  playTone(tone: ToneSpec, where?: 'calls' | 'ringer'): () => void;
  /** Mixes these calls together (a local 3-way conference); fewer than two splits them. */
  setConference(members: readonly ManagedCallMedia[]): void;
  /** Microphone and speaker gain, 0..2 (1 = unchanged). */
  setVolume(volume: { readonly input?: number; readonly output?: number }): void;
  /** Throttled input/output levels (about 10 per second) while a device is open; undefined stops them. */
  onLevels(listener: ((levels: AudioLevels) => void) | undefined): void;
  /** Switches echo cancellation and noise suppression on the microphone (at once, also mid-call). */
  configureProcessing(settings: ProcessingSettings): void;
  /** Called when a switched-on processor cannot run (its WASM did not load, an unusable rate). */
  onProcessingProblem(listener: (problem: ProcessingProblem) => void): void;
  /** Records the microphone for `seconds`, then plays it back; resolves with the levels heard. */
  echoTest(seconds: number, onProgress: (progress: EchoTestProgress) => void): Promise<Result<EchoTestResult>>;
  /** Ends a running echo test early (it resolves with `reason`). */
  stopEchoTest(reason: string): void;
  /** Stops every stream and releases devices (and the worker). */
  close(): Promise<void>;
}
