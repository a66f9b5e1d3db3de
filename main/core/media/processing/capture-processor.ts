/**
 * The capture path's processing: echo cancellation (AEC3) then noise
 * suppression (RNNoise) on the microphone, before any call gets it. The far
 * end reference is what the engine plays (the final mix after volume), fed
 * after each tick through {@link CaptureProcessor.analyzeRender}.
 *
 * Both work on 10 ms frames at 48 kHz while the device ticks in its own chunk
 * (20 ms = 960 samples at 48 kHz): float FIFOs re-block between the two, with
 * buffers made once (nothing is allocated per tick). When the chunk is not a
 * multiple of 10 ms the output FIFO is primed with one frame of silence, so
 * every tick finds a full chunk (10 ms more latency, only then).
 *
 * A device at another rate (PortAudio's ALSA "pulse" device runs at
 * 44.1 kHz) is resampled to 48 kHz and back around the processors (Speex,
 * as for the calls; one frame at the device rate of extra priming absorbs the
 * 10 ms granularity). Those resamplers return a new array per call: that path
 * allocates a little per tick, the 48 kHz path nothing.
 *
 * The WASM modules load lazily when a switch first turns on: until they are
 * ready, and for good if they fail (reported once, with the reason), the
 * microphone passes unprocessed. With both switches off the samples are not
 * touched at all.
 */
import type { Logger } from '../../ports/logger';
import { createResampler, type Resampler } from '../audio/resampler';
import { AEC_FRAME, AEC_RATE, createEchoCanceller, type EchoCanceller } from './echo-canceller';
import { FloatFifo } from './float-fifo';
import { createNoiseSuppressor, RNNOISE_FRAME, type NoiseSuppressor } from './noise-suppressor';

/** Which processors the user wants. */
export interface ProcessingSettings {
  readonly echoCancellation: boolean;
  readonly noiseSuppression: boolean;
}

/** Why a processor does not run although it is switched on. */
export interface ProcessingProblem {
  readonly processor: 'echoCancellation' | 'noiseSuppression';
  readonly message: string;
}

/** How the processors are made (the WASM loaders; tests may substitute a failing one). */
export interface ProcessorLoaders {
  readonly echoCanceller: () => Promise<EchoCanceller>;
  readonly noiseSuppressor: () => Promise<NoiseSuppressor>;
}

const wasmLoaders: ProcessorLoaders = { echoCanceller: createEchoCanceller, noiseSuppressor: createNoiseSuppressor };

/** The one rate both processors work at. */
export const PROCESSING_RATE = AEC_RATE;
const FRAME = AEC_FRAME;
const TO_FLOAT = 1 / 32768;

if (RNNOISE_FRAME !== FRAME) throw new Error('AEC3 and RNNoise frame sizes differ');

/** One microphone's processing, for one open device stream. */
export class CaptureProcessor {
  private aec: EchoCanceller | undefined;
  private ns: NoiseSuppressor | undefined;
  private wanted: ProcessingSettings = { echoCancellation: false, noiseSuppression: false };
  private loadingAec = false;
  private loadingNs = false;
  private readonly loads = new Set<Promise<void>>();
  private disposed = false;
  private primed = false;
  private readonly nearFifo: FloatFifo;
  private readonly farFifo: FloatFifo;
  private readonly outFifo: FloatFifo;
  private readonly near = new Float32Array(FRAME);
  private readonly far = new Float32Array(FRAME);
  private readonly clean = new Float32Array(FRAME);
  /** Problems found so far (a module that failed to load). */
  readonly problems: ProcessingProblem[] = [];
  /** Device rate ↔ 48 kHz, when the device runs at another rate (made once, at the first switch-on). */
  private rates: { readonly up: Resampler; readonly down: Resampler; readonly farUp: Resampler } | undefined;
  private ratesLoading = false;
  private readonly deviceOut: FloatFifo;
  private readonly loaders: ProcessorLoaders;
  private outScratch = new Int16Array(0);

  constructor(
    readonly sampleRate: number,
    readonly chunkSamples: number,
    private readonly log: Logger,
    private readonly onProblem: (problem: ProcessingProblem) => void = () => undefined,
    loaders: ProcessorLoaders | undefined = undefined,
  ) {
    const capacity = Math.max(8 * FRAME, 4 * chunkSamples);
    this.nearFifo = new FloatFifo(capacity);
    this.farFifo = new FloatFifo(capacity);
    this.outFifo = new FloatFifo(capacity);
    this.deviceOut = new FloatFifo(capacity);
    this.loaders = loaders ?? wasmLoaders;
  }

  private get resampled(): boolean {
    return this.sampleRate !== PROCESSING_RATE;
  }

  /** True while at least one processor is running on the samples. */
  get active(): boolean {
    return (this.aec !== undefined || this.ns !== undefined) && (!this.resampled || this.rates !== undefined);
  }

  /** Which processors run right now (loaded and switched on). */
  get running(): ProcessingSettings {
    return { echoCancellation: this.aec !== undefined, noiseSuppression: this.ns !== undefined };
  }

  /** Switches processors on or off; takes effect on the next tick (or once the module has loaded). */
  configure(settings: ProcessingSettings): void {
    this.wanted = settings;
    if (!settings.echoCancellation && this.aec) {
      this.aec.free();
      this.aec = undefined;
    }
    if (!settings.noiseSuppression && this.ns) {
      this.ns.free();
      this.ns = undefined;
    }
    if (!this.active) this.primed = false;
    if ((settings.echoCancellation || settings.noiseSuppression) && this.resampled && !this.rates && !this.ratesLoading) this.loadResamplers();
    if (settings.echoCancellation && !this.aec && !this.loadingAec) this.loadAec();
    if (settings.noiseSuppression && !this.ns && !this.loadingNs) this.loadNs();
  }

  /** Resolves once the modules asked for so far have loaded or failed. */
  async ready(): Promise<void> {
    await Promise.all([...this.loads]);
  }

  /** Processes one captured chunk in place (the microphone, after input gain). */
  processCapture(captured: Int16Array): void {
    if (!this.active) return;
    if (!this.primed) {
      this.nearFifo.clear();
      this.farFifo.clear();
      this.outFifo.clear();
      this.deviceOut.clear();
      if (this.resampled) this.deviceOut.pushSilence(Math.ceil(this.sampleRate / 100) + 16);
      else if (this.chunkSamples % FRAME !== 0) this.outFifo.pushSilence(FRAME);
      this.primed = true;
    }
    const rates = this.rates;
    this.nearFifo.push(rates ? rates.up.process(captured) : captured, TO_FLOAT);
    while (this.nearFifo.popInto(this.near)) {
      if (this.aec) this.aec.process(this.near, this.clean);
      else this.clean.set(this.near);
      for (let i = 0; i < FRAME; i++) this.clean[i] = (this.clean[i] ?? 0) * 32768;
      if (this.ns) this.ns.process(this.clean);
      this.outFifo.push(this.clean);
    }
    if (!rates) {
      this.outFifo.popInt16(captured);
      return;
    }
    // Back to the device rate: everything processed so far goes through the down resampler.
    if (this.outScratch.length < this.outFifo.length) this.outScratch = new Int16Array(this.outFifo.capacity);
    const n = this.outFifo.length;
    this.outFifo.popInt16(this.outScratch.subarray(0, n));
    this.deviceOut.push(rates.down.process(this.outScratch.subarray(0, n)));
    this.deviceOut.popInt16(captured);
  }

  /** Feeds what the speaker plays this tick (the echo canceller's reference). */
  analyzeRender(played: Int16Array): void {
    const aec = this.aec;
    if (!aec) return;
    this.farFifo.push(this.rates ? this.rates.farUp.process(played) : played, TO_FLOAT);
    while (this.farFifo.popInto(this.far)) aec.analyze(this.far);
  }

  /** Frees the WASM state. */
  dispose(): void {
    this.disposed = true;
    this.aec?.free();
    this.ns?.free();
    this.aec = undefined;
    this.ns = undefined;
    const rates = this.rates;
    this.rates = undefined;
    if (rates) for (const r of [rates.up, rates.down, rates.farUp]) r.dispose();
  }

  private loadResamplers(): void {
    this.ratesLoading = true;
    this.track(
      Promise.all([createResampler(this.sampleRate, PROCESSING_RATE), createResampler(PROCESSING_RATE, this.sampleRate), createResampler(this.sampleRate, PROCESSING_RATE)]).then(
        ([up, down, farUp]) => {
          this.ratesLoading = false;
          if (this.disposed) return [up, down, farUp].forEach((r) => r.dispose());
          this.rates = { up, down, farUp };
        },
        (error: unknown) => {
          this.ratesLoading = false;
          for (const processor of ['echoCancellation', 'noiseSuppression'] as const) {
            if (this.wanted[processor]) this.report({ processor, message: `${label(processor)} could not start: the device runs at ${this.sampleRate} Hz and the resampler to 48 kHz failed (${reason(error)}); calls go on without it.` });
          }
        },
      ),
    );
  }

  private loadAec(): void {
    this.loadingAec = true;
    this.track(this.loaders.echoCanceller().then(
      (aec) => {
        this.loadingAec = false;
        if (this.disposed || !this.wanted.echoCancellation || this.aec) return aec.free();
        this.aec = aec;
        this.log.info('echo cancellation on');
      },
      (error: unknown) => {
        this.loadingAec = false;
        this.report({ processor: 'echoCancellation', message: `Echo cancellation could not start (${reason(error)}); calls go on without it.` });
      },
    ));
  }

  private loadNs(): void {
    this.loadingNs = true;
    this.track(this.loaders.noiseSuppressor().then(
      (ns) => {
        this.loadingNs = false;
        if (this.disposed || !this.wanted.noiseSuppression || this.ns) return ns.free();
        this.ns = ns;
        this.log.info('noise suppression on');
      },
      (error: unknown) => {
        this.loadingNs = false;
        this.report({ processor: 'noiseSuppression', message: `Noise suppression could not start (${reason(error)}); calls go on without it.` });
      },
    ));
  }

  private track(load: Promise<void>): void {
    this.loads.add(load);
    void load.finally(() => this.loads.delete(load));
  }

  private report(problem: ProcessingProblem): void {
    if (this.problems.some((p) => p.processor === problem.processor && p.message === problem.message)) return;
    this.problems.push(problem);
    this.log.warn('audio processing unavailable', { processor: problem.processor, reason: problem.message });
    this.onProblem(problem);
  }
}

function label(processor: ProcessingProblem['processor']): string {
  return processor === 'echoCancellation' ? 'Echo cancellation' : 'Noise suppression';
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
