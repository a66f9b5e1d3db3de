/**
 * Microphone processing (echo cancellation, noise suppression) and the echo
 * test, as clients see them. Validated where they enter the app
 * (`audio.configureProcessing`, `audio.echoTest`).
 */
import { z } from 'zod';

/** The two switches. Both are on by default with real devices, off with WAV files (headless tests analyse exact tones). */
export const AudioProcessingSettingsSchema = z.strictObject({
  /** WebRTC AEC3: removes what the speaker plays from the microphone, so the other side does not hear itself. */
  echoCancellation: z.boolean(),
  /** RNNoise: removes steady background noise (fans, hum, keyboard) from the microphone. */
  noiseSuppression: z.boolean(),
});
/** The two switches. */
export type AudioProcessingSettings = z.infer<typeof AudioProcessingSettingsSchema>;

/** A change of some switches. */
export const AudioProcessingPatchSchema = AudioProcessingSettingsSchema.partial().strict();

/** Why a switched-on processor does not run (it could not load, or the device rate does not suit it). */
export const AudioProcessingProblemSchema = z.strictObject({
  processor: z.enum(['echoCancellation', 'noiseSuppression']),
  message: z.string(),
});

/** The switches and, for a processor that is on but not running, why (audio then goes on unprocessed). */
export const AudioProcessingViewSchema = AudioProcessingSettingsSchema.extend({
  problems: z.array(AudioProcessingProblemSchema),
});
/** The processing state. */
export type AudioProcessingView = z.infer<typeof AudioProcessingViewSchema>;

/** How long the echo test records (then plays back as long). */
export const EchoTestArgsSchema = z.strictObject({ seconds: z.number().int().min(1).max(10).default(5) });

/** One step of a running echo test. */
export const EchoTestProgressSchema = z.strictObject({
  /** `recording`: speak now; `playing`: listen; `finished`: done (the result follows). */
  phase: z.enum(['recording', 'playing', 'finished']),
  /** Whole seconds left in this phase. */
  secondsLeft: z.number().int().nonnegative(),
});
/** One step of a running echo test. */
export type EchoTestProgress = z.infer<typeof EchoTestProgressSchema>;

/** What the echo test heard: the microphone's level over the recording, dBFS (-120 = silence). */
export const EchoTestResultSchema = z.strictObject({
  inputDb: z.number(),
  peakDb: z.number(),
  /** True when the microphone gave (almost) nothing: a muted, wrong or dead microphone. */
  silent: z.boolean(),
});
/** What the echo test heard. */
export type EchoTestResult = z.infer<typeof EchoTestResultSchema>;
