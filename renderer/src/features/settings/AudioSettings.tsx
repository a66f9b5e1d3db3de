/**
 * Audio: the microphone, speaker and ringer (each may follow the OS default),
 * volumes, a live level meter and test tones. The meter runs while this
 * section is shown (`audio.meter`), and moves whenever audio runs (a call, a
 * test tone). Device problems (busy, unplugged) show their reason here.
 * Processing switches and the echo test: `AudioProcessingControls`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AudioDeviceView, DeviceSelectionView, EventData } from '../../../../main/common/ipc/contract';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { AudioProcessingControls } from './AudioProcessingControls';
import type { Store } from '../../store/store';

/** Props of {@link AudioSettings}. */
export interface AudioSettingsProps {
  readonly store: Store;
  /** Devices from the last hot-plug event, if any (newer than what was fetched). */
  readonly pushedDevices: readonly AudioDeviceView[] | undefined;
  readonly problem: EventData<'devices.failed'> | undefined;
  readonly levels: EventData<'audio.levelMeasured'> | undefined;
}

const DEFAULT = '';

/** dBFS (-60..0) to a 0..1 meter value. */
function meterValue(db: number | undefined): number {
  if (db === undefined) return 0;
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/** The audio settings. */
export function AudioSettings({ store, pushedDevices, problem, levels }: AudioSettingsProps): React.JSX.Element {
  const [devices, setDevices] = useState<readonly AudioDeviceView[]>([]);
  const [selection, setSelection] = useState<DeviceSelectionView>({});
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [volume, setVolume] = useState({ input: 100, output: 100 });

  const load = useCallback(async () => {
    const listed = await store.invoke('devices.list', {});
    if (!listed.ok) return setError(listed.error);
    setDevices(listed.data.devices);
    setSelection(listed.data.selection);
    setError(undefined);
  }, [store]);

  useEffect(() => {
    void load();
    void store.invoke('audio.meter', { enabled: true });
    return () => void store.invoke('audio.meter', { enabled: false });
  }, [store, load]);
  useEffect(() => {
    if (pushedDevices) setDevices(pushedDevices);
  }, [pushedDevices]);

  const choose = async (key: keyof DeviceSelectionView, id: string): Promise<void> => {
    const next: DeviceSelectionView = { ...selection };
    if (id === DEFAULT) delete next[key];
    else next[key] = id;
    const selected = await store.invoke('devices.select', next);
    if (!selected.ok) return setError(selected.error);
    setSelection(next);
    setError(undefined);
  };
  const changeVolume = (key: 'input' | 'output', percent: number): void => {
    setVolume((v) => ({ ...v, [key]: percent }));
    void store.invoke('audio.setVolume', { [key]: percent / 100 });
  };

  const picker = (key: keyof DeviceSelectionView, label: string, kind: 'input' | 'output'): React.JSX.Element => (
    <label className="field-row">
      <span>{label}</span>
      <select value={selection[key] ?? DEFAULT} onChange={(e) => void choose(key, e.target.value)}>
        <option value={DEFAULT}>System default</option>
        {devices
          .filter((d) => d[kind])
          .map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
              {(kind === 'input' ? d.defaultInput : d.defaultOutput) ? ' (default)' : ''}
            </option>
          ))}
      </select>
    </label>
  );

  return (
    <section className="settings-section" aria-labelledby="audio-heading">
      <h2 id="audio-heading">Audio</h2>
      {error ? <ErrorMessage error={error} /> : null}
      {problem ? (
        <p role="status" className="notice">
          {problem.message}
          {problem.fellBack ? ' Calls continue on the default device.' : ''}
        </p>
      ) : null}
      {picker('inputId', 'Microphone', 'input')}
      {picker('outputId', 'Speaker', 'output')}
      {picker('ringerId', 'Ringer', 'output')}
      <label className="field-row">
        <span>Microphone volume</span>
        <input type="range" min={0} max={200} step={5} value={volume.input} aria-valuetext={`${volume.input}%`} onChange={(e) => changeVolume('input', Number(e.target.value))} />
      </label>
      <label className="field-row">
        <span>Speaker volume</span>
        <input type="range" min={0} max={200} step={5} value={volume.output} aria-valuetext={`${volume.output}%`} onChange={(e) => changeVolume('output', Number(e.target.value))} />
      </label>
      <label className="field-row">
        <span>Microphone level</span>
        <meter min={0} max={1} low={0.5} high={0.9} optimum={0.6} value={meterValue(levels?.inputDb)} aria-valuetext={levels ? `${Math.round(levels.inputDb)} dB` : 'no audio running'} />
      </label>
      <div className="button-row">
        <button type="button" className="btn" onClick={() => void store.invoke('audio.testTone', { device: 'calls' })}>
          Play test tone
        </button>
        <button type="button" className="btn" onClick={() => void store.invoke('audio.testTone', { device: 'ringer' })}>
          Test ringer
        </button>
        <button type="button" className="btn" onClick={() => void load()}>
          Refresh devices
        </button>
      </div>
      <AudioProcessingControls store={store} />
    </section>
  );
}
