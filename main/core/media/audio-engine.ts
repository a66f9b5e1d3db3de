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
}

/**
 * A small sample FIFO so that legs always get exactly one frame per tick and
 * the device always gets exactly one frame back, although a streaming
 * resampler returns a sample more or less on some calls.
 */
class SampleFifo {
  private buf = new Int16Array(0);

  push(samples: Int16Array): void {
    const next = new Int16Array(this.buf.length + samples.length);
    next.set(this.buf);
    next.set(samples, this.buf.length);
    this.buf = next;
  }

  /** Takes exactly `n` samples, padding with silence when short (only at start-up). */
  take(n: number): Int16Array {
    const out = new Int16Array(n);
    out.set(this.buf.subarray(0, Math.min(n, this.buf.length)));
    this.buf = this.buf.slice(Math.min(n, this.buf.length));
    // Bound the backlog so a drifting resampler can never build latency.
    if (this.buf.length > 2 * n) this.buf = this.buf.slice(this.buf.length - n);
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

/** The engine. */
export class AudioEngine {
  private stream: AudioStream | undefined;
  private opening: Promise<Result<AudioStream>> | undefined;
  private readonly legs = new Map<AudioLeg, Attached>();
  private readonly log: Logger;
  private ticks = 0;

  constructor(
    private readonly port: AudioDevicePort,
    logger: Logger,
    private readonly frameMs = 20,
    private readonly preferredRate = 48000,
  ) {
    this.log = logger.child('audio');
  }

  /** Ticks served so far (for diagnostics). */
  get tickCount(): number {
    return this.ticks;
  }

  /** Adds a leg, opening the device if needed. */
  async attach(leg: AudioLeg): Promise<Result<void>> {
    const stream = await this.open();
    if (!stream.ok) return stream;
    const [up, down] = await Promise.all([createResampler(stream.data.sampleRate, leg.sampleRate), createResampler(leg.sampleRate, stream.data.sampleRate)]);
    const legFrame = Math.round((leg.sampleRate * this.frameMs) / 1000);
    this.legs.set(leg, { leg, up, down, upFifo: new SampleFifo(), downFifo: new SampleFifo(), legFrame });
    return ok(undefined);
  }

  /** Removes a leg; closes the device when none is left. */
  async detach(leg: AudioLeg): Promise<void> {
    const a = this.legs.get(leg);
    if (!a) return;
    this.legs.delete(leg);
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
    if (stream) await stream.close();
  }

  private async open(): Promise<Result<AudioStream>> {
    if (this.stream) return ok(this.stream);
    this.opening ??= this.port.open({ sampleRate: this.preferredRate, frameMs: this.frameMs });
    const opened = await this.opening;
    if (!opened.ok) {
      this.opening = undefined;
      return err(opened.error.code, `The audio device could not be opened: ${opened.error.message}`);
    }
    if (!this.stream) {
      this.stream = opened.data;
      opened.data.onTick((captured) => this.tick(captured));
      opened.data.onError((reason) => this.log.warn('audio device error', { reason }));
      this.log.info('audio opened', { rate: opened.data.sampleRate, frame: opened.data.frameSamples });
    }
    return ok(this.stream);
  }

  private tick(captured: Int16Array): Int16Array {
    this.ticks += 1;
    const out = new Int16Array(captured.length);
    for (const a of this.legs.values()) {
      try {
        a.upFifo.push(a.up.process(captured));
        const played = a.leg.tick(a.upFifo.take(a.legFrame));
        a.downFifo.push(played ? a.down.process(played) : new Int16Array(captured.length));
        mixInto(out, a.downFifo.take(captured.length));
      } catch (error) {
        // One broken leg must not silence the others or stop the clock.
        this.log.error('audio leg failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    return out;
  }
}
