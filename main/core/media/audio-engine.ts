/**
 * The audio clock of the whole app: one duplex stream from the AudioDevicePort
 * for all calls. Each tick (one captured frame, 20 ms) it hands every
 * attached leg its share of the microphone at the leg's own rate, collects
 * what each leg wants to play, mixes it and returns it to the device.
 *
 * Legs are the calls' media streams (and later tones). The engine opens the
 * device when the first leg attaches and closes it when the last one leaves,
 * so no microphone is held while idle. Everything in `tick` is synchronous:
 * it must never wait on I/O.
 */
import { err, ok, type Result } from '../../common/result';
import type { AudioDevicePort, AudioStream } from '../ports/audio';
import type { Logger } from '../ports/logger';
import { createResampler, type Resampler } from './audio/resampler';
import { ToneGenerator, type TonePattern } from './tones/tone-generator';
import { CaptureProcessor, type ProcessingProblem, type ProcessingSettings, type ProcessorLoaders } from './processing/capture-processor';
import { EchoTestLeg } from './echo-test-leg';
import type { EchoTestProgress, EchoTestResult } from '../../common/models/audio-processing';

/** One participant of the mix: a call's media, a tone generator. */
export interface AudioLeg {
  /** The PCM rate this leg works at (the codec's rate). */
  readonly sampleRate: number;
  /** Called once per tick with 20 ms of microphone at `sampleRate`; returns 20 ms to play at `sampleRate` (or undefined for silence). */
  tick(captured: Int16Array): Int16Array | undefined;
}

interface Attached {
  readonly leg: AudioLeg;
  readonly up: Resampler;
  readonly down: Resampler;
  /** Resampled microphone not yet handed to the leg (resamplers give ±1 sample per call). */
  readonly upFifo: SampleFifo;
  /** Resampled playback not yet mixed. */
  readonly downFifo: SampleFifo;
  /** Samples per tick at the leg's rate. */
  readonly legFrame: number;
  /** What this leg played last tick, at the device rate (conference members hear each other). */
  lastOut: Int16Array | undefined;
}

/** Input and output level of the last metering window, dBFS (-Infinity for silence). */
export interface AudioLevels {
  readonly inputDb: number;
  readonly outputDb: number;
}

/** A tone played as a leg of the mix; detaches itself when a one-shot tone ends. */
class ToneLeg implements AudioLeg {
  readonly sampleRate = 16000;
  private readonly gen: ToneGenerator;

  constructor(
    pattern: TonePattern,
    private readonly onFinished: () => void,
  ) {
    this.gen = new ToneGenerator(pattern, this.sampleRate);
  }

  tick(captured: Int16Array): Int16Array {
    const out = this.gen.next(captured.length);
    if (this.gen.finished) queueMicrotask(this.onFinished);
    return out;
  }
}

function dbfs(sumSquares: number, n: number): number {
  return n === 0 || sumSquares === 0 ? Number.NEGATIVE_INFINITY : 10 * Math.log10(sumSquares / n / (32768 * 32768));
}

/** Scales samples in place with saturation. */
function applyGain(x: Int16Array, gain: number): void {
  if (gain === 1) return;
  for (let i = 0; i < x.length; i++) {
    const v = Math.round((x[i] ?? 0) * gain);
    x[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}

/**
 * A small sample FIFO so that legs always get exactly one frame per tick and
 * the device always gets exactly one frame back, although a streaming
 * resampler returns a sample more or less on some calls. It reuses one buffer
 * (no allocation per tick once warm).
 */
export class SampleFifo {
  private buf = new Int16Array(0);
  private length = 0;

  push(samples: Int16Array): void {
    if (this.length + samples.length > this.buf.length) {
      const next = new Int16Array(Math.max(64, 2 * (this.length + samples.length)));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(samples, this.length);
    this.length += samples.length;
  }

  /** Takes exactly `n` samples, padding with silence when short (only at start-up). */
  take(n: number): Int16Array {
    const out = new Int16Array(n);
    const m = Math.min(n, this.length);
    out.set(this.buf.subarray(0, m));
    this.buf.copyWithin(0, m, this.length);
    this.length -= m;
    // Bound the backlog so a drifting resampler can never build latency.
    if (this.length > 2 * n) {
      this.buf.copyWithin(0, this.length - n, this.length);
      this.length = n;
    }
    return out;
  }
}

/** Mixes `frames` into `out` with saturation. */
export function mixInto(out: Int16Array, frame: Int16Array): void {
  const n = Math.min(out.length, frame.length);
  for (let i = 0; i < n; i++) {
    const s = (out[i] ?? 0) + (frame[i] ?? 0);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
}

/** Which devices the stream uses; undefined = the OS default. */
export interface EngineDevices {
  readonly inputId?: string | undefined;
  readonly outputId?: string | undefined;
}

/** A device problem, reported to whoever shows it to the user. */
export interface EngineDeviceProblem {
  readonly kind: 'open-failed' | 'lost';
  readonly message: string;
  /** True when the engine moved to the default devices and the calls go on. */
  readonly fellBack: boolean;
}

/** The engine. */
export class AudioEngine {
  private stream: AudioStream | undefined;
  private opening: Promise<Result<AudioStream>> | undefined;
  private readonly legs = new Map<AudioLeg, Attached>();
  private readonly log: Logger;
  private ticks = 0;
  private devices: EngineDevices = {};
  /** Devices actually open (the default after a fallback). */
  private openDevices: EngineDevices = {};
  private problemListener: ((problem: EngineDeviceProblem) => void) | undefined;
  private reopening: Promise<void> | undefined;
  /** Device closes still in flight. */
  private readonly closing = new Set<Promise<void>>();
  /** Legs mixed together: each hears the microphone and every other member. */
  private conference = new Set<AudioLeg>();
  private inputGain = 1;
  private outputGain = 1;
  private levelListener: ((levels: AudioLevels) => void) | undefined;
  private levelEveryTicks = 5;
  private meter = { inSq: 0, outSq: 0, n: 0, ticks: 0 };
  /** Echo cancellation and noise suppression on the microphone (one processor per open stream). */
  private processing: ProcessingSettings = { echoCancellation: false, noiseSuppression: false };
  private processor: CaptureProcessor | undefined;
  private processingListener: ((problem: ProcessingProblem) => void) | undefined;
  private processorLoaders: ProcessorLoaders | undefined;
  private echo: { readonly leg: EchoTestLeg; readonly resolve: (result: Result<EchoTestResult>) => void } | undefined;

  constructor(
    private readonly port: AudioDevicePort,
    logger: Logger,
    private readonly frameMs = 20,
    private readonly preferredRate = 48000,
    /** Opened when no real device can be (a silent clock), so calls connect and say why there is no audio. */
    private readonly lastResort?: AudioDevicePort,
    /** Only play, never open a microphone (the ringer engine). */
    private readonly playbackOnly = false,
  ) {
    this.log = logger.child('audio');
  }

  /** Ticks served so far (for diagnostics). */
  get tickCount(): number {
    return this.ticks;
  }

  /** The devices the user chose. */
  get selectedDevices(): EngineDevices {
    return this.devices;
  }

  /** Reports devices that fail or vanish. */
  onDeviceProblem(listener: (problem: EngineDeviceProblem) => void): void {
    this.problemListener = listener;
  }

  /**
   * Chooses the devices. A running stream moves to them at once; if they
   * cannot be opened, the error comes back and the stream stays where it was.
   */
  async setDevices(devices: EngineDevices): Promise<Result<void>> {
    const previous = this.devices;
    this.devices = { inputId: devices.inputId, outputId: devices.outputId };
    if (!this.stream) return ok(undefined);
    const moved = await this.reopen(this.devices, false);
    if (!moved.ok) this.devices = previous;
    return moved;
  }

  /**
   * Plays a tone into the mix (and opens the device if needed); returns the
   * function that stops it. A one-shot tone stops by itself.
   */
  playTone(pattern: TonePattern): () => void {
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      void this.detach(leg);
    };
    const leg = new ToneLeg(pattern, stop);
    void this.attach(leg).then((r) => {
      if (!r.ok) this.log.warn('tone not played', { reason: r.error.message });
      else if (stopped) void this.detach(leg);
    });
    return stop;
  }

  /** Mixes these legs together (a local conference); fewer than two splits them again. */
  setConference(legs: readonly AudioLeg[]): void {
    this.conference = new Set(legs.length >= 2 ? legs : []);
  }

  /** Input (microphone) and output (speaker) gain, 0..2 (1 = unchanged). */
  setVolume(volume: { readonly input?: number; readonly output?: number }): void {
    const clamp = (v: number): number => Math.min(2, Math.max(0, v));
    if (volume.input !== undefined) this.inputGain = clamp(volume.input);
    if (volume.output !== undefined) this.outputGain = clamp(volume.output);
  }

  /**
   * Switches echo cancellation and noise suppression; applies from the next
   * tick of a running stream (once their WASM has loaded) and to every stream
   * opened later.
   */
  configureProcessing(settings: ProcessingSettings): void {
    this.processing = { echoCancellation: settings.echoCancellation, noiseSuppression: settings.noiseSuppression };
    this.processor?.configure(this.processing);
  }

  /** Replaces how the processors are made, for streams opened from now on (tests make a load fail with it). */
  useProcessorLoaders(loaders: ProcessorLoaders): void {
    this.processorLoaders = loaders;
  }

  /** The processing switches. */
  get processingSettings(): ProcessingSettings {
    return this.processing;
  }

  /** The open stream's processor (for tests and diagnostics); undefined while no device is open. */
  get captureProcessor(): CaptureProcessor | undefined {
    return this.processor;
  }

  /** Reports a processor that is on but cannot run (audio then goes on unprocessed). */
  onProcessingProblem(listener: (problem: ProcessingProblem) => void): void {
    this.processingListener = listener;
  }

  /**
   * Runs an echo test: records the microphone for `seconds`, plays it back,
   * resolves with the levels heard. One at a time.
   */
  echoTest(seconds: number, onProgress: (progress: EchoTestProgress) => void): Promise<Result<EchoTestResult>> {
    if (this.echo) return Promise.resolve(err('ECHO_TEST_BUSY', 'An echo test is already running.'));
    return new Promise((resolve) => {
      const leg = new EchoTestLeg(seconds, onProgress, (result) => {
        if (this.echo?.leg !== leg) return;
        this.echo = undefined;
        void this.detach(leg);
        resolve(ok(result));
      });
      this.echo = { leg, resolve };
      void this.attach(leg).then((attached) => {
        if (attached.ok || this.echo?.leg !== leg) return;
        this.echo = undefined;
        resolve(attached);
      });
    });
  }

  /** Ends a running echo test early; it resolves with `reason` (AUDIO_DEVICE_UNAVAILABLE). */
  stopEchoTest(reason: string): void {
    const echo = this.echo;
    if (!echo) return;
    this.echo = undefined;
    void this.detach(echo.leg);
    echo.resolve(err('AUDIO_DEVICE_UNAVAILABLE', reason));
  }

  /** Reports input and output levels every `everyMs` (throttled: for a meter, not for analysis); undefined stops. */
  onLevels(listener: ((levels: AudioLevels) => void) | undefined, everyMs = 100): void {
    this.levelListener = listener;
    this.levelEveryTicks = Math.max(1, Math.round(everyMs / this.frameMs));
    this.meter = { inSq: 0, outSq: 0, n: 0, ticks: 0 };
  }

  /** Adds a leg, opening the device if needed. */
  async attach(leg: AudioLeg): Promise<Result<void>> {
    const stream = await this.open();
    if (!stream.ok) return stream;
    this.legs.set(leg, await this.attachment(leg, stream.data.sampleRate));
    return ok(undefined);
  }

  /** Removes a leg; closes the device when none is left. */
  async detach(leg: AudioLeg): Promise<void> {
    const a = this.legs.get(leg);
    if (!a) return;
    this.legs.delete(leg);
    this.conference.delete(leg);
    a.up.dispose();
    a.down.dispose();
    if (this.legs.size === 0) await this.close();
  }

  /** Closes the device (and forgets every leg). */
  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    this.opening = undefined;
    for (const a of this.legs.values()) {
      a.up.dispose();
      a.down.dispose();
    }
    this.legs.clear();
    this.processor?.dispose();
    this.processor = undefined;
    if (stream) {
      const closing: Promise<void> = stream.close().finally(() => this.closing.delete(closing));
      this.closing.add(closing);
    }
    // Also wait for a close already in flight (a file port writing its WAV), so "closed" means released.
    await Promise.all([...this.closing]);
  }

  private async attachment(leg: AudioLeg, deviceRate: number): Promise<Attached> {
    const [up, down] = await Promise.all([createResampler(deviceRate, leg.sampleRate), createResampler(leg.sampleRate, deviceRate)]);
    const legFrame = Math.round((leg.sampleRate * this.frameMs) / 1000);
    return { leg, up, down, upFifo: new SampleFifo(), downFifo: new SampleFifo(), legFrame, lastOut: undefined };
  }

  private async open(): Promise<Result<AudioStream>> {
    if (this.stream) return ok(this.stream);
    this.opening ??= this.openWithFallback(this.devices);
    const opened = await this.opening;
    if (!opened.ok) {
      this.opening = undefined;
      return opened;
    }
    if (!this.stream) this.use(opened.data);
    return ok(opened.data);
  }

  /**
   * Opens `devices`. When a chosen device fails, falls back to the defaults;
   * when those fail too, to the last-resort port (if any). Every failure is
   * reported, with whether something took over.
   */
  private async openWithFallback(devices: EngineDevices, fallBack = true): Promise<Result<AudioStream>> {
    const opened = await this.port.open({ ...devices, sampleRate: this.preferredRate, frameMs: this.frameMs, ...(this.playbackOnly ? { playbackOnly: true } : {}) });
    if (opened.ok) {
      this.openDevices = devices;
      return opened;
    }
    const chosen = devices.inputId !== undefined || devices.outputId !== undefined;
    if (!fallBack) {
      this.problemListener?.({ kind: 'open-failed', message: opened.error.message, fellBack: false });
      return err(opened.error.code, `The audio device could not be opened: ${opened.error.message}`);
    }
    if (chosen) {
      const fallback = await this.port.open({ sampleRate: this.preferredRate, frameMs: this.frameMs, ...(this.playbackOnly ? { playbackOnly: true } : {}) });
      if (fallback.ok) {
        this.problemListener?.({ kind: 'open-failed', message: `${opened.error.message} Using the default device instead.`, fellBack: true });
        this.log.warn('audio device failed; using the default', { reason: opened.error.message });
        this.openDevices = {};
        return fallback;
      }
    }
    if (this.lastResort) {
      const silent = await this.lastResort.open({ sampleRate: this.preferredRate, frameMs: this.frameMs, ...(this.playbackOnly ? { playbackOnly: true } : {}) });
      if (silent.ok) {
        this.problemListener?.({ kind: 'open-failed', message: `${opened.error.message} Calls connect without audio until a device works.`, fellBack: true });
        this.log.warn('no audio device; calls run without audio', { reason: opened.error.message });
        this.openDevices = {};
        return silent;
      }
    }
    this.problemListener?.({ kind: 'open-failed', message: opened.error.message, fellBack: false });
    return err(opened.error.code, `The audio device could not be opened: ${opened.error.message}`);
  }

  private use(stream: AudioStream): void {
    this.stream = stream;
    this.processor?.dispose();
    this.processor = new CaptureProcessor(stream.sampleRate, stream.frameSamples, this.log, (problem) => this.processingListener?.(problem), this.processorLoaders);
    this.processor.configure(this.processing);
    stream.onTick((captured) => this.tick(captured));
    stream.onError((reason) => this.deviceFailed(stream, reason));
    this.log.info('audio opened', { rate: stream.sampleRate, frame: stream.frameSamples, input: this.openDevices.inputId ?? 'default', output: this.openDevices.outputId ?? 'default' });
  }

  /** A device vanished mid-stream: move to the defaults, keeping every leg. */
  private deviceFailed(stream: AudioStream, reason: string): void {
    if (stream !== this.stream) return;
    this.log.warn('audio device error', { reason });
    if (this.reopening) return;
    this.reopening = this.reopen({}, true).then(
      (r) => {
        this.reopening = undefined;
        this.problemListener?.({ kind: 'lost', message: reason, fellBack: r.ok });
      },
      () => {
        this.reopening = undefined;
      },
    );
  }

  /** Closes the stream and opens `devices`, re-attaching every leg at the new rate. */
  private async reopen(devices: EngineDevices, fallBack: boolean): Promise<Result<void>> {
    const old = this.stream;
    const opened = await this.openWithFallback(devices, fallBack);
    if (!opened.ok) return opened;
    this.stream = undefined;
    if (old) await old.close();
    const legs = [...this.legs.values()];
    const rebuilt = await Promise.all(legs.map((a) => this.attachment(a.leg, opened.data.sampleRate)));
    for (const a of legs) {
      a.up.dispose();
      a.down.dispose();
    }
    this.legs.clear();
    for (const a of rebuilt) this.legs.set(a.leg, a);
    this.use(opened.data);
    return ok(undefined);
  }

  private tick(captured: Int16Array): Int16Array {
    this.ticks += 1;
    applyGain(captured, this.inputGain);
    this.runProcessor('capture', captured);
    const out = new Int16Array(captured.length);
    for (const a of this.legs.values()) {
      try {
        let input = captured;
        if (this.conference.has(a.leg)) {
          // A conference member hears the microphone plus what the others played last tick.
          input = Int16Array.from(captured);
          for (const other of this.conference) {
            const last = other === a.leg ? undefined : this.legs.get(other)?.lastOut;
            if (last) mixInto(input, last);
          }
        }
        a.upFifo.push(a.up.process(input));
        const played = a.leg.tick(a.upFifo.take(a.legFrame));
        a.downFifo.push(played ? a.down.process(played) : new Int16Array(captured.length));
        const mine = a.downFifo.take(captured.length);
        if (this.conference.has(a.leg)) a.lastOut = mine;
        mixInto(out, mine);
      } catch (error) {
        // One broken leg must not silence the others or stop the clock.
        this.log.error('audio leg failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    applyGain(out, this.outputGain);
    // What the speaker plays is the echo canceller's reference.
    this.runProcessor('render', out);
    if (this.levelListener) this.measure(captured, out);
    return out;
  }

  /** Runs a processing step; a processor that throws is switched off for this stream (and reported), the clock goes on. */
  private runProcessor(step: 'capture' | 'render', samples: Int16Array): void {
    const processor = this.processor;
    if (!processor?.active) return;
    try {
      if (step === 'capture') processor.processCapture(samples);
      else processor.analyzeRender(samples);
    } catch (error) {
      processor.dispose();
      const message = `Audio processing stopped (${error instanceof Error ? error.message : String(error)}); the microphone goes on unprocessed.`;
      this.log.error('audio processing failed', { reason: message });
      this.processingListener?.({ processor: 'echoCancellation', message });
    }
  }

  private measure(captured: Int16Array, out: Int16Array): void {
    const m = this.meter;
    for (let i = 0; i < captured.length; i++) {
      const c = captured[i] ?? 0;
      const o = out[i] ?? 0;
      m.inSq += c * c;
      m.outSq += o * o;
    }
    m.n += captured.length;
    m.ticks += 1;
    if (m.ticks < this.levelEveryTicks) return;
    const levels = { inputDb: dbfs(m.inSq, m.n), outputDb: dbfs(m.outSq, m.n) };
    this.meter = { inSq: 0, outSq: 0, n: 0, ticks: 0 };
    this.levelListener?.(levels);
  }
}
