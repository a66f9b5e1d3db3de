/**
 * The microphone processing switches (echo cancellation, noise suppression)
 * and the echo test, in Settings > Audio. Switches apply at once, also
 * mid-call; a switched-on processor that cannot run says why. The echo test
 * records a few seconds, plays them back, and says when the microphone gave
 * nothing.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AudioProcessingView, EchoTestResult } from '../../../../main/common/models/audio-processing';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';

/** Props of {@link AudioProcessingControls}. */
export interface AudioProcessingControlsProps {
  readonly store: Store;
}

const ECHO_TEST_SECONDS = 5;

/** What the echo test status line says. */
export function echoTestLine(running: boolean, progress: { phase: string; secondsLeft: number } | undefined, result: EchoTestResult | undefined): string | undefined {
  if (running && progress?.phase === 'recording') return `Recording: speak now (${progress.secondsLeft} s left)`;
  if (running && progress?.phase === 'playing') return `Playing back: listen (${progress.secondsLeft} s left)`;
  if (running) return 'Starting the echo test…';
  if (!result) return undefined;
  if (result.silent) return 'Your microphone gave no sound. Check that it is connected and not muted, and that the right one is chosen above.';
  return `Done: your microphone level was ${Math.round(result.inputDb)} dB (peak ${Math.round(result.peakDb)} dB).`;
}

/** The switches and the echo test. */
export function AudioProcessingControls({ store }: AudioProcessingControlsProps): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [fetched, setFetched] = useState<AudioProcessingView | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<EchoTestResult | undefined>(undefined);

  useEffect(() => {
    void store.invoke('audio.processing', {}).then((r) => (r.ok ? setFetched(r.data) : setError(r.error)));
  }, [store]);
  // A pushed change (from this view or another client) is newer than what was fetched.
  const processing = state.audioProcessing ?? fetched;

  const toggle = async (key: 'echoCancellation' | 'noiseSuppression', on: boolean): Promise<void> => {
    const changed = await store.invoke('audio.configureProcessing', { [key]: on });
    if (!changed.ok) return setError(changed.error);
    setFetched(changed.data);
    setError(undefined);
  };
  const echoTest = async (): Promise<void> => {
    setRunning(true);
    setResult(undefined);
    setError(undefined);
    const done = await store.invoke('audio.echoTest', { seconds: ECHO_TEST_SECONDS });
    setRunning(false);
    if (!done.ok) return setError(done.error);
    setResult(done.data);
  };
  const line = echoTestLine(running, state.echoTest, result);

  return (
    <div className="audio-processing">
      {error ? <ErrorMessage error={error} /> : null}
      <label className="field-row">
        <input type="checkbox" checked={processing?.echoCancellation ?? false} disabled={!processing} onChange={(e) => void toggle('echoCancellation', e.target.checked)} />
        <span>Echo cancellation</span>
      </label>
      <label className="field-row">
        <input type="checkbox" checked={processing?.noiseSuppression ?? false} disabled={!processing} onChange={(e) => void toggle('noiseSuppression', e.target.checked)} />
        <span>Noise suppression</span>
      </label>
      {processing?.problems.map((p) => (
        <p key={p.processor} role="status" className="notice">
          {p.message}
        </p>
      ))}
      <div className="button-row">
        <button type="button" className="btn" disabled={running} onClick={() => void echoTest()}>
          {running ? 'Echo test running…' : 'Echo test'}
        </button>
      </div>
      {line ? (
        <p role="status" aria-live="polite">
          {line}
        </p>
      ) : null}
    </div>
  );
}
