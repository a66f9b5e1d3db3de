/**
 * The media engine as a proxy: each call's media and every device command go
 * to the media worker as messages; counters, received digits, device changes
 * and log lines come back. The worker owns the audio device, so its clock
 * drives RTP even while this thread is busy.
 *
 * The worker starts on first use. If it dies, pending requests fail with a
 * clear error, the calls it carried lose their audio (their signaling goes
 * on), and the next call starts a new worker.
 */
import { err, type Result } from '../../../common/result';
import type { AudioDevice } from '../../ports/audio';
import type { Logger } from '../../ports/logger';
import { toDtmfDigit } from '../dtmf/dtmf-digits';
import type { JitterStats } from '../jitter';
import { freshSdesKeys, zeroMediaStreamStats, type MediaStreamStats } from '../media-stream';
import type { LocalMediaTransport } from '../call-media';
import type { NegotiatedSession, SdesKey, SessionChanges } from '../sdp';
import type { AudioLevels } from '../audio-engine';
import type { ToneSpec } from '../tones';
import type { CallMediaOptions, DeviceProblem, DeviceSelection, ManagedCallMedia, MediaEngine } from './media-engine';
import type { FromWorker, MediaWorkerHandle, WorkerReplies, WorkerRequest } from './worker-protocol';
import type { ProcessingProblem, ProcessingSettings } from '../processing/capture-processor';
import type { EchoTestProgress, EchoTestResult } from '../../../common/models/audio-processing';

type Pending = { resolve: (result: Result<unknown>) => void };


/** One running worker and its bookkeeping. */
class WorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  dead: string | undefined;

  constructor(
    readonly handle: MediaWorkerHandle,
    onMessage: (message: Exclude<FromWorker, { type: 'reply' }>) => void,
    onExit: (reason: string) => void,
  ) {
    handle.onMessage((message) => {
      if (message.type === 'reply') {
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        p?.resolve(message.result);
        return;
      }
      onMessage(message as Exclude<FromWorker, { type: 'reply' }>);
    });
    handle.onExit((reason) => {
      this.dead = reason;
      for (const p of this.pending.values()) p.resolve(err('INTERNAL', `The media worker stopped (${reason}).`));
      this.pending.clear();
      onExit(reason);
    });
  }

  request<K extends WorkerRequest['op']>(request: Extract<WorkerRequest, { op: K }>): Promise<WorkerReplies[K]> {
    if (this.dead !== undefined) return Promise.resolve(err('INTERNAL', `The media worker stopped (${this.dead}).`) as WorkerReplies[K]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      // The worker answers each op with its WorkerReplies type (same build on both ends).
      this.pending.set(id, { resolve: (r) => resolve(r as WorkerReplies[K]) });
      this.handle.postMessage({ id, ...request });
    });
  }
}

/** A call's media living in the worker. */
class WorkerCallMedia implements ManagedCallMedia {
  readonly sdesKeys: readonly SdesKey[] = freshSdesKeys();
  stats: MediaStreamStats = zeroMediaStreamStats();
  jitter: JitterStats | undefined;
  private dtmfNegotiated = false;
  private closed = false;

  constructor(
    private readonly link: WorkerLink,
    readonly id: number,
    options: CallMediaOptions,
    readonly onDtmf: ((digit: string) => void) | undefined,
    private readonly forget: (id: number) => void,
  ) {
    link.handle.postMessage({ op: 'create', stream: id, localAddress: options.localAddress, latch: options.latch ?? false, sdesKeys: this.sdesKeys });
  }

  prepare(): Promise<Result<LocalMediaTransport>> {
    if (this.closed) return Promise.resolve(err('INTERNAL', 'The call media is closed.'));
    return this.link.request({ op: 'prepare', stream: this.id });
  }

  async apply(session: NegotiatedSession, changes: SessionChanges): Promise<Result<void>> {
    if (this.closed) return err('INTERNAL', 'The call media is closed.');
    const applied = await this.link.request({ op: 'apply', stream: this.id, session, changes });
    if (applied.ok) this.dtmfNegotiated = !session.disabled && session.telephoneEvent !== undefined;
    return applied;
  }

  sendDtmf(digits: string): boolean {
    if (!this.dtmfNegotiated || this.closed || this.link.dead !== undefined) return false;
    if ([...digits].some((d) => toDtmfDigit(d) === undefined)) return false;
    this.link.handle.postMessage({ op: 'dtmf', stream: this.id, digits });
    return true;
  }

  setMuted(muted: boolean): void {
    if (this.link.dead === undefined) this.link.handle.postMessage({ op: 'mute', stream: this.id, muted });
  }

  jitterStats(): JitterStats | undefined {
    return this.jitter;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.link.request({ op: 'close', stream: this.id });
    this.forget(this.id);
  }
}

/** Options of {@link WorkerMediaEngine}. */
export interface WorkerMediaEngineOptions {
  /** Starts a media worker (bootstrap knows the entry file and the audio adapter it wires). */
  readonly spawn: () => MediaWorkerHandle;
  readonly logger: Logger;
}

/** The proxy engine. */
export class WorkerMediaEngine implements MediaEngine {
  private link: WorkerLink | undefined;
  private nextStream = 1;
  private readonly streams = new Map<number, WorkerCallMedia>();
  private chosen: DeviceSelection = {};
  private readonly changeListeners: Array<(devices: readonly AudioDevice[]) => void> = [];
  private readonly problemListeners: Array<(problem: DeviceProblem) => void> = [];
  private readonly log: Logger;
  private closing = false;
  private nextTone = 1;
  private levelListener: ((levels: AudioLevels) => void) | undefined;
  private processing: ProcessingSettings;
  private readonly processingListeners: Array<(problem: ProcessingProblem) => void> = [];
  private echoProgress: ((progress: EchoTestProgress) => void) | undefined;

  constructor(private readonly options: WorkerMediaEngineOptions) {
    this.log = options.logger.child('media-worker');
    this.processing = { echoCancellation: false, noiseSuppression: false };
  }

  configureProcessing(settings: ProcessingSettings): void {
    this.processing = { echoCancellation: settings.echoCancellation, noiseSuppression: settings.noiseSuppression };
    // A worker not started yet gets the settings when it starts (`ensure`).
    if (this.link && this.link.dead === undefined) this.link.handle.postMessage({ op: 'processing', settings: this.processing });
  }

  onProcessingProblem(listener: (problem: ProcessingProblem) => void): void {
    this.processingListeners.push(listener);
  }

  async echoTest(seconds: number, onProgress: (progress: EchoTestProgress) => void): Promise<Result<EchoTestResult>> {
    this.echoProgress = onProgress;
    try {
      return await this.ensure().request({ op: 'echoTest', seconds });
    } finally {
      if (this.echoProgress === onProgress) this.echoProgress = undefined;
    }
  }

  stopEchoTest(reason: string): void {
    if (this.link && this.link.dead === undefined) this.link.handle.postMessage({ op: 'echoTestStop', reason });
  }

  get selection(): DeviceSelection {
    return this.chosen;
  }

  createCallMedia(options: CallMediaOptions): ManagedCallMedia {
    const link = this.ensure();
    const id = this.nextStream++;
    const media = new WorkerCallMedia(link, id, options, options.onDtmf, (done) => this.streams.delete(done));
    this.streams.set(id, media);
    return media;
  }

  playTone(tone: ToneSpec, where: 'calls' | 'ringer' = 'calls'): () => void {
    const link = this.ensure();
    const id = this.nextTone++;
    link.handle.postMessage({ op: 'toneStart', tone: id, spec: tone, where });
    return () => {
      if (link.dead === undefined) link.handle.postMessage({ op: 'toneStop', tone: id });
    };
  }

  setConference(members: readonly ManagedCallMedia[]): void {
    const ids = members.filter((m): m is WorkerCallMedia => m instanceof WorkerCallMedia).map((m) => m.id);
    this.link?.handle.postMessage({ op: 'conference', streams: ids });
  }

  setVolume(volume: { readonly input?: number; readonly output?: number }): void {
    this.ensure().handle.postMessage({ op: 'volume', ...volume });
  }

  onLevels(listener: ((levels: AudioLevels) => void) | undefined): void {
    this.levelListener = listener;
    this.ensure().handle.postMessage({ op: 'levels', on: listener !== undefined });
  }

  listDevices(): Promise<Result<readonly AudioDevice[]>> {
    return this.ensure().request({ op: 'listDevices' });
  }

  async selectDevices(selection: DeviceSelection): Promise<Result<void>> {
    const selected = await this.ensure().request({ op: 'selectDevices', selection });
    if (selected.ok) this.chosen = selection;
    return selected;
  }

  onDevicesChanged(listener: (devices: readonly AudioDevice[]) => void): void {
    this.changeListeners.push(listener);
    // Watching starts with the worker (the first call or device command), not before.
    if (this.link && this.link.dead === undefined) this.link.handle.postMessage({ op: 'watchDevices' });
  }

  onDeviceProblem(listener: (problem: DeviceProblem) => void): void {
    this.problemListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    const link = this.link;
    this.link = undefined;
    if (!link || link.dead !== undefined) return;
    // Bounded: a wedged device driver must not keep the app from quitting.
    await Promise.race([link.request({ op: 'shutdown' }), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await link.handle.terminate();
  }

  private ensure(): WorkerLink {
    if (this.link && this.link.dead === undefined) return this.link;
    const link = new WorkerLink(
      this.options.spawn(),
      (message) => this.receive(message),
      (reason) => {
        if (this.closing) return;
        this.log.error('media worker stopped', { reason, calls: this.streams.size });
        this.streams.clear();
      },
    );
    this.link = link;
    if (this.processing.echoCancellation || this.processing.noiseSuppression) link.handle.postMessage({ op: 'processing', settings: this.processing });
    if (this.changeListeners.length > 0) link.handle.postMessage({ op: 'watchDevices' });
    if (this.chosen.inputId !== undefined || this.chosen.outputId !== undefined) void link.request({ op: 'selectDevices', selection: this.chosen });
    return link;
  }

  private receive(message: Exclude<FromWorker, { type: 'reply' }>): void {
    switch (message.type) {
      case 'stats': {
        const media = this.streams.get(message.stream);
        if (media) {
          media.stats = message.stats;
          media.jitter = message.jitter;
        }
        return;
      }
      case 'dtmf':
        this.streams.get(message.stream)?.onDtmf?.(message.digit);
        return;
      case 'devices':
        for (const l of this.changeListeners) l(message.devices);
        return;
      case 'problem':
        for (const l of this.problemListeners) l(message.problem);
        return;
      case 'levels':
        this.levelListener?.(message.levels);
        return;
      case 'processingProblem':
        for (const l of this.processingListeners) l(message.problem);
        return;
      case 'echoTest':
        this.echoProgress?.(message.progress);
        return;
      case 'log': {
        const scoped = this.options.logger.child(message.scope);
        scoped[message.level](message.message, message.fields);
        return;
      }
    }
  }
}
