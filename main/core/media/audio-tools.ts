/**
 * The user's audio tools beside calls: the microphone processing switches
 * (echo cancellation, noise suppression) with the problems that keep a
 * switched-on processor from running, and the echo test. The core owns the
 * settings (the engine, maybe in the worker, only applies them) and publishes
 * `audio.processingChanged` and `audio.echoTestProgressed`.
 */
import type { EventData, EventName } from '../../common/ipc/contract';
import type { AudioProcessingSettings, AudioProcessingView, EchoTestResult } from '../../common/models/audio-processing';
import { err, type Result } from '../../common/result';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { MediaEngine } from './engine/media-engine';
import type { ProcessingProblem } from './processing/capture-processor';

/** What the tools need from the core. */
export interface AudioToolsDeps {
  readonly engine: MediaEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publish: <K extends EventName>(event: K, data: EventData<K>) => void;
  /** True while a call exists (the echo test then refuses). */
  readonly callsInProgress: () => boolean;
  /** The switches at start (on with real devices, off with WAV files). */
  readonly initial: AudioProcessingSettings;
  /** Extra time an echo test may take beyond 2 × its length before it is given up (the device never ticked), ms. */
  readonly echoTestGraceMs?: number;
}

/** The audio tools. */
export interface AudioTools {
  processing(): AudioProcessingView;
  configureProcessing(patch: { readonly echoCancellation?: boolean | undefined; readonly noiseSuppression?: boolean | undefined }): AudioProcessingView;
  echoTest(seconds: number): Promise<Result<EchoTestResult>>;
}

/** Creates the tools and applies the initial switches to the engine. */
export function createAudioTools(deps: AudioToolsDeps): AudioTools {
  const log = deps.logger.child('audio-tools');
  let settings: AudioProcessingSettings = { ...deps.initial };
  const problems = new Map<ProcessingProblem['processor'], string>();
  let echoRunning = false;

  const view = (): AudioProcessingView => ({
    ...settings,
    problems: [...problems].filter(([processor]) => settings[processor]).map(([processor, message]) => ({ processor, message })),
  });

  deps.engine.configureProcessing(settings);
  deps.engine.onProcessingProblem((problem) => {
    if (problems.get(problem.processor) === problem.message) return;
    problems.set(problem.processor, problem.message);
    deps.publish('audio.processingChanged', view());
  });

  return {
    processing: view,
    configureProcessing(patch) {
      const next = { echoCancellation: patch.echoCancellation ?? settings.echoCancellation, noiseSuppression: patch.noiseSuppression ?? settings.noiseSuppression };
      // A processor switched off (or on again) forgets its old problem; a new one is reported when it runs.
      for (const processor of ['echoCancellation', 'noiseSuppression'] as const) if (next[processor] !== settings[processor]) problems.delete(processor);
      settings = next;
      deps.engine.configureProcessing(settings);
      log.info('audio processing', { echoCancellation: settings.echoCancellation, noiseSuppression: settings.noiseSuppression });
      const changed = view();
      deps.publish('audio.processingChanged', changed);
      return changed;
    },
    async echoTest(seconds) {
      if (deps.callsInProgress()) return err('ECHO_TEST_BUSY', 'The echo test cannot run during a call.');
      if (echoRunning) return err('ECHO_TEST_BUSY', 'An echo test is already running.');
      echoRunning = true;
      // Bounded: a device that never ticks must not leave the command hanging.
      const timer = deps.clock.setTimeout(
        () => deps.engine.stopEchoTest('The echo test got no audio from the device in time. Check that the microphone and speaker are connected, or choose others in Settings > Audio.'),
        2 * seconds * 1000 + (deps.echoTestGraceMs ?? 10_000),
      );
      try {
        const result = await deps.engine.echoTest(seconds, (progress) => deps.publish('audio.echoTestProgressed', progress));
        if (result.ok) log.info('echo test done', { inputDb: result.data.inputDb, peakDb: result.data.peakDb, silent: result.data.silent });
        return result;
      } finally {
        deps.clock.clearTimeout(timer);
        echoRunning = false;
      }
    },
  };
}
