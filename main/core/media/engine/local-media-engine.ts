/**
 * The media engine on the calling thread: one AudioEngine (the audio clock
 * and the mix) and a MediaStream per call. The worker runs exactly this
 * engine; core tests use it directly with fake audio ports.
 *
 * Devices are watched by polling the port and diffing the list (PortAudio has
 * no hot-plug events).
 */
import type { Result } from '../../../common/result';
import type { AudioDevice, AudioDevicePort } from '../../ports/audio';
import type { Clock, TimerHandle } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { SocketFactory } from '../../ports/network';
import { AudioEngine, type AudioLevels } from '../audio-engine';
import { tonePattern, type ToneSpec } from '../tones';
import { MediaStream } from '../media-stream';
import type { SdesKey } from '../sdp';
import { diffDevices } from './device-diff';
import type { ProcessingProblem, ProcessingSettings } from '../processing/capture-processor';
import type { EchoTestProgress, EchoTestResult } from '../../../common/models/audio-processing';
import type { CallMediaOptions, DeviceProblem, DeviceSelection, ManagedCallMedia, MediaEngine } from './media-engine';

/** What the local engine needs. */
export interface LocalMediaEngineDeps {
  readonly audio: AudioDevicePort;
  readonly sockets: SocketFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  /** How often the device list is polled, ms; 0 turns polling off (default 3000). */
  readonly devicePollMs?: number;
  /** Opened when no device can be (a silent clock), so calls still connect. */
  readonly lastResortAudio?: AudioDevicePort;
  /** Echo cancellation and noise suppression at start (default both off). */
  readonly processing?: ProcessingSettings;
}

/** The engine. */
export class LocalMediaEngine implements MediaEngine {
  readonly audio: AudioEngine;
  private chosen: DeviceSelection = {};
  private readonly changeListeners: Array<(devices: readonly AudioDevice[]) => void> = [];
  private readonly problemListeners: Array<(problem: DeviceProblem) => void> = [];
  private readonly processingListeners: Array<(problem: ProcessingProblem) => void> = [];
  private known: readonly AudioDevice[] | undefined;
  private poll: TimerHandle | undefined;
  private closed = false;
  /** A second engine for the ringer, only while it is another device than the speaker. */
  private ringer: AudioEngine | undefined;

  constructor(private readonly deps: LocalMediaEngineDeps) {
    this.audio = new AudioEngine(deps.audio, deps.logger, 20, 48000, deps.lastResortAudio);
    this.audio.onDeviceProblem((p) => {
      for (const l of this.problemListeners) l(p);
    });
    if (deps.processing) this.audio.configureProcessing(deps.processing);
    this.audio.onProcessingProblem((p) => {
      for (const l of this.processingListeners) l(p);
    });
  }

  configureProcessing(settings: ProcessingSettings): void {
    this.audio.configureProcessing(settings);
  }

  onProcessingProblem(listener: (problem: ProcessingProblem) => void): void {
    this.processingListeners.push(listener);
  }

  echoTest(seconds: number, onProgress: (progress: EchoTestProgress) => void): Promise<Result<EchoTestResult>> {
    return this.audio.echoTest(seconds, onProgress);
  }

  stopEchoTest(reason: string): void {
    this.audio.stopEchoTest(reason);
  }

  get selection(): DeviceSelection {
    return this.chosen;
  }

  createCallMedia(options: CallMediaOptions): ManagedCallMedia {
    return this.createStream(options);
  }

  /** Like {@link createCallMedia}, with SDES keys made elsewhere (the worker's host). */
  createStream(options: CallMediaOptions, sdesKeys?: readonly SdesKey[]): MediaStream {
    return new MediaStream({
      sockets: this.deps.sockets,
      clock: this.deps.clock,
      logger: this.deps.logger,
      random: this.deps.random,
      engine: this.audio,
      localAddress: options.localAddress,
      ...(options.latch === undefined ? {} : { latch: options.latch }),
      ...(options.onDtmf ? { onDtmf: options.onDtmf } : {}),
      ...(sdesKeys ? { sdesKeys } : {}),
    });
  }

  playTone(tone: ToneSpec, where: 'calls' | 'ringer' = 'calls'): () => void {
    const pattern = tonePattern(tone);
    if (!pattern) return () => undefined;
    return this.engineFor(where).playTone(pattern);
  }

  setConference(members: readonly ManagedCallMedia[]): void {
    this.audio.setConference(members.filter((m): m is MediaStream => m instanceof MediaStream));
  }

  setVolume(volume: { readonly input?: number; readonly output?: number }): void {
    this.audio.setVolume(volume);
  }

  onLevels(listener: ((levels: AudioLevels) => void) | undefined): void {
    this.audio.onLevels(listener);
  }

  private engineFor(where: 'calls' | 'ringer'): AudioEngine {
    const ringerId = this.chosen.ringerId;
    if (where === 'calls' || ringerId === undefined || ringerId === this.chosen.outputId) return this.audio;
    if (!this.ringer) {
      this.ringer = new AudioEngine(this.deps.audio, this.deps.logger.child('ringer'), 20, 48000, this.deps.lastResortAudio, true);
      void this.ringer.setDevices({ outputId: ringerId });
    }
    return this.ringer;
  }

  listDevices(): Promise<Result<readonly AudioDevice[]>> {
    return this.deps.audio.listDevices();
  }

  async selectDevices(selection: DeviceSelection): Promise<Result<void>> {
    const moved = await this.audio.setDevices({ inputId: selection.inputId, outputId: selection.outputId });
    if (!moved.ok) return moved;
    this.chosen = { inputId: selection.inputId, outputId: selection.outputId, ringerId: selection.ringerId };
    const ringer = this.ringer;
    this.ringer = undefined;
    if (ringer) await ringer.close();
    return moved;
  }

  onDevicesChanged(listener: (devices: readonly AudioDevice[]) => void): void {
    this.changeListeners.push(listener);
    this.startPolling();
  }

  onDeviceProblem(listener: (problem: DeviceProblem) => void): void {
    this.problemListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) this.deps.clock.clearTimeout(this.poll);
    this.poll = undefined;
    await Promise.all([this.audio.close(), this.ringer?.close()]);
  }

  /** Polls the device list now (and on every poll tick); exposed for tests. */
  async checkDevices(): Promise<void> {
    const listed = await this.deps.audio.listDevices();
    if (!listed.ok || this.closed) return;
    const before = this.known;
    this.known = listed.data;
    if (before === undefined) return;
    const diff = diffDevices(before, listed.data);
    if (diff.added.length === 0 && diff.removed.length === 0 && !diff.defaultsChanged) return;
    this.deps.logger.child('audio').info('devices changed', { added: diff.added.map((d) => d.name).join(', '), removed: diff.removed.map((d) => d.name).join(', ') });
    for (const l of this.changeListeners) l(listed.data);
  }

  private startPolling(): void {
    const every = this.deps.devicePollMs ?? 3000;
    if (this.poll || every <= 0 || this.closed) return;
    const run = (): void => {
      void this.checkDevices().finally(() => {
        if (!this.closed) this.poll = this.deps.clock.setTimeout(run, every);
      });
    };
    run();
  }
}

/** Creates a local engine. */
export function createLocalMediaEngine(deps: LocalMediaEngineDeps): LocalMediaEngine {
  return new LocalMediaEngine(deps);
}
