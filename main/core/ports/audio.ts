/**
 * Audio devices, as a port. The audio clock drives everything: a stream calls
 * its tick listener once per captured frame with the captured samples, and
 * plays what the listener returns. No setInterval pacing anywhere else.
 *
 * The real port (native/audio, over naudiodon in a worker) and the file-backed
 * port (WAV in, WAV out, paced by its own clock) implement it; tests use fakes.
 */
import type { Result } from '../../common/result';

/** One audio device as the OS lists it. */
export interface AudioDevice {
  readonly id: string;
  readonly name: string;
  readonly hostApi: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
  readonly isDefaultInput: boolean;
  readonly isDefaultOutput: boolean;
}

/** What to open. Mono 16-bit PCM at `sampleRate`, `frameMs` per tick. */
export interface AudioStreamOptions {
  /** Device ids; undefined = the system default. */
  readonly inputId?: string | undefined;
  readonly outputId?: string | undefined;
  readonly sampleRate: number;
  /** Frame length in ms (20 for VoIP). */
  readonly frameMs: number;
  /**
   * Only play (the ringer): no microphone is opened, so ringing never takes a
   * headset's microphone or lights the OS's microphone indicator. The clock
   * is then the output device's, and each tick's captured frame is silence.
   */
  readonly playbackOnly?: boolean;
}

/**
 * Called once per audio clock tick with the captured frame; returns the frame
 * to play (same length). Must not block: no I/O, no locks, no awaiting.
 */
export type AudioTick = (captured: Int16Array) => Int16Array;

/** An open duplex stream. */
export interface AudioStream {
  readonly sampleRate: number;
  /** Samples per tick. */
  readonly frameSamples: number;
  /** Sets the tick listener (one at a time; the media engine owns it). */
  onTick(listener: AudioTick): void;
  /** Reports device errors (unplugged, busy) without throwing. */
  onError(listener: (reason: string) => void): void;
  /** Stops the clock and releases the device or file. */
  close(): Promise<void>;
}

/** Lists and opens audio devices. */
export interface AudioDevicePort {
  listDevices(): Promise<Result<readonly AudioDevice[]>>;
  open(options: AudioStreamOptions): Promise<Result<AudioStream>>;
}
