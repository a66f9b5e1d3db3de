/**
 * Call-progress and alert tones, generated: no audio files to ship or to
 * license. A tone is a cadence of segments, each a sum of sines (or silence),
 * repeated; the generator is a pure processor that fills frames of any length
 * and keeps its phase across calls, so segments join without clicks (each
 * segment also ramps in and out over 5 ms).
 *
 * Cadences follow ITU-T E.180 for the common plans (ringback 440+480 Hz
 * 2 s on / 4 s off as in North America; 425 Hz 1 s / 4 s as in most of
 * Europe) plus our own ringtone and call-waiting beep.
 */

/** One part of a cadence. */
export interface ToneSegment {
  /** Frequencies mixed in this segment; empty = silence. */
  readonly freqs: readonly number[];
  readonly ms: number;
}

/** A repeating tone. */
export interface TonePattern {
  readonly segments: readonly ToneSegment[];
  /** Peak amplitude 0..1 of the sum (default 0.25, about -12 dBFS). */
  readonly level?: number;
  /** Play once instead of repeating (DTMF feedback, a test beep). */
  readonly once?: boolean;
}

/** The tones the app plays. */
export type ToneName = 'ringback' | 'ringback-eu' | 'ringtone' | 'call-waiting' | 'busy' | 'test';

const DTMF_FREQS: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

/** The patterns by name. */
export const TONES: Readonly<Record<ToneName, TonePattern>> = {
  ringback: { segments: [{ freqs: [440, 480], ms: 2000 }, { freqs: [], ms: 4000 }] },
  'ringback-eu': { segments: [{ freqs: [425], ms: 1000 }, { freqs: [], ms: 4000 }] },
  ringtone: { segments: [{ freqs: [660, 880], ms: 400 }, { freqs: [], ms: 200 }, { freqs: [660, 880], ms: 400 }, { freqs: [], ms: 2000 }], level: 0.4 },
  'call-waiting': { segments: [{ freqs: [440], ms: 300 }, { freqs: [], ms: 200 }, { freqs: [440], ms: 300 }, { freqs: [], ms: 9200 }], level: 0.2 },
  busy: { segments: [{ freqs: [480, 620], ms: 500 }, { freqs: [], ms: 500 }] },
  test: { segments: [{ freqs: [1000], ms: 3000 }], once: true, level: 0.3 },
};

/** The feedback tone for pressed keys (100 ms of each key's DTMF pair, 60 ms apart), or undefined when one is not a key. */
export function dtmfFeedback(digits: string): TonePattern | undefined {
  const segments: ToneSegment[] = [];
  for (const d of digits) {
    const f = DTMF_FREQS[d.toUpperCase()];
    if (!f) return undefined;
    if (segments.length > 0) segments.push({ freqs: [], ms: 60 });
    segments.push({ freqs: f, ms: 100 });
  }
  return segments.length > 0 ? { segments, once: true, level: 0.2 } : undefined;
}

/** What to play: a named tone, or key feedback. */
export type ToneSpec = ToneName | { readonly dtmf: string };

/** The pattern for a spec, or undefined for bad key feedback. */
export function tonePattern(spec: ToneSpec): TonePattern | undefined {
  return typeof spec === 'string' ? TONES[spec] : dtmfFeedback(spec.dtmf);
}

const RAMP_MS = 5;

/** Generates a pattern at one sample rate. */
export class ToneGenerator {
  private segment = 0;
  /** Samples already played of the current segment. */
  private pos = 0;
  private readonly phases: number[] = [];
  private done = false;

  constructor(
    private readonly pattern: TonePattern,
    readonly sampleRate: number,
  ) {}

  /** True once a one-shot pattern has finished. */
  get finished(): boolean {
    return this.done;
  }

  /** The next `n` samples. */
  next(n: number): Int16Array {
    const out = new Int16Array(n);
    const level = (this.pattern.level ?? 0.25) * 32767;
    const ramp = Math.max(1, Math.round((this.sampleRate * RAMP_MS) / 1000));
    for (let i = 0; i < n; i++) {
      if (this.done) break;
      const seg = this.pattern.segments[this.segment];
      if (!seg) break;
      const length = Math.max(1, Math.round((this.sampleRate * seg.ms) / 1000));
      if (seg.freqs.length > 0) {
        const edge = Math.min(1, (this.pos + 1) / ramp, (length - this.pos) / ramp);
        let sum = 0;
        seg.freqs.forEach((f, k) => {
          const phase = (this.phases[k] ?? 0) + (2 * Math.PI * f) / this.sampleRate;
          this.phases[k] = phase > 2 * Math.PI ? phase - 2 * Math.PI : phase;
          sum += Math.sin(phase);
        });
        out[i] = Math.round((level * edge * sum) / seg.freqs.length);
      }
      this.pos += 1;
      if (this.pos >= length) {
        this.pos = 0;
        this.phases.length = 0;
        this.segment += 1;
        if (this.segment >= this.pattern.segments.length) {
          if (this.pattern.once) this.done = true;
          this.segment = 0;
        }
      }
    }
    return out;
  }
}
