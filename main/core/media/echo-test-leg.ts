/**
 * The echo test as a leg of the mix: it records the microphone for N seconds
 * (after input volume and processing, so the user hears what the other side
 * would), then plays the recording back, like Linphone's and Zoiper's echo
 * test. It reports each second and what the microphone gave (a silent
 * microphone is the most common "they can't hear me").
 */
import type { EchoTestProgress, EchoTestResult } from '../../common/models/audio-processing';
import type { AudioLeg } from './audio-engine';

/** Below this peak, dBFS, the microphone counts as silent. */
export const SILENT_PEAK_DB = -50;

/** Records, then plays back; calls `onDone` once with the levels heard. */
export class EchoTestLeg implements AudioLeg {
  readonly sampleRate = 48000;
  private readonly recording: Int16Array;
  private recorded = 0;
  private played = 0;
  private lastReport: string | undefined;
  private done = false;

  constructor(
    seconds: number,
    private readonly onProgress: (progress: EchoTestProgress) => void,
    private readonly onDone: (result: EchoTestResult) => void,
  ) {
    this.recording = new Int16Array(Math.round(seconds * this.sampleRate));
  }

  tick(captured: Int16Array): Int16Array | undefined {
    const total = this.recording.length;
    if (this.recorded < total) {
      this.report('recording', total - this.recorded);
      const n = Math.min(captured.length, total - this.recorded);
      this.recording.set(captured.subarray(0, n), this.recorded);
      this.recorded += n;
      return undefined;
    }
    if (this.played < total) {
      this.report('playing', total - this.played);
      const out = this.recording.subarray(this.played, this.played + captured.length);
      this.played += out.length;
      return out;
    }
    if (!this.done) {
      this.done = true;
      this.onProgress({ phase: 'finished', secondsLeft: 0 });
      const result = levels(this.recording);
      queueMicrotask(() => this.onDone(result));
    }
    return undefined;
  }

  private report(phase: 'recording' | 'playing', samplesLeft: number): void {
    const secondsLeft = Math.ceil(samplesLeft / this.sampleRate);
    const key = `${phase}:${secondsLeft}`;
    if (key === this.lastReport) return;
    this.lastReport = key;
    this.onProgress({ phase, secondsLeft });
  }
}

/** RMS and peak of a recording, dBFS (-120 for silence). */
export function levels(x: Int16Array): EchoTestResult {
  let sum = 0;
  let peak = 0;
  for (const v of x) {
    sum += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const db = (ratio: number): number => (ratio > 0 ? Math.max(-120, Math.round(20 * Math.log10(ratio) * 10) / 10) : -120);
  const peakDb = db(peak / 32768);
  return { inputDb: db(Math.sqrt(sum / Math.max(1, x.length)) / 32768), peakDb, silent: peakDb < SILENT_PEAK_DB };
}
