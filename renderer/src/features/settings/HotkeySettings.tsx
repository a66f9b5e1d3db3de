/**
 * Global hotkeys: each action with its shortcut and what the OS said about
 * it. "Change" turns the row into a key recorder: the next key combination
 * is checked (Electron's rules, conflicts with the other actions) before it
 * is sent; a shortcut the OS refuses is reported and the old one stays.
 * Where global hotkeys do not exist (browser mode) the view says so; on
 * Wayland it offers the self-test, since a registration may not work there.
 */
import { useEffect, useRef, useState } from 'react';
import type { HotkeyAction, ShellSettingsView } from '../../../../main/common/models/shell';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';
import { describeAccelerator, HOTKEY_LABELS, recordKey } from './hotkey-recorder';

/** Props of {@link HotkeySettings}. */
export interface HotkeySettingsProps {
  readonly store: Store;
}

const isMac = (): boolean => /Mac/i.test(navigator.platform);

/** The hotkey settings. */
export function HotkeySettings({ store }: HotkeySettingsProps): React.JSX.Element {
  const [view, setView] = useState<ShellSettingsView | undefined>(undefined);
  const [error, setError] = useState<{ action?: HotkeyAction; error: AppError } | undefined>(undefined);
  const [recording, setRecording] = useState<HotkeyAction | undefined>(undefined);
  const [note, setNote] = useState('');
  const recorder = useRef<HTMLButtonElement | null>(null);
  const mac = isMac();

  useEffect(() => {
    void store.invoke('shell.settings', {}).then((r) => (r.ok ? setView(r.data) : setError({ error: r.error })));
  }, [store]);
  useEffect(() => {
    if (recording) recorder.current?.focus();
  }, [recording]);

  if (!view) {
    return (
      <section className="settings-section" aria-labelledby="hotkeys-heading">
        <h2 id="hotkeys-heading">Hotkeys</h2>
        {error ? <ErrorMessage error={error.error} /> : <p className="hint">Loading…</p>}
      </section>
    );
  }
  const available = view.capabilities.hotkeys;
  const bindings = Object.fromEntries(view.hotkeys.map((h) => [h.action, h.accelerator])) as Record<HotkeyAction, string | null>;

  const apply = async (action: HotkeyAction, accelerator: string | null): Promise<void> => {
    const r = await store.invoke('hotkeys.set', { action, accelerator });
    if (!r.ok) {
      setError({ action, error: r.error });
      const again = await store.invoke('shell.settings', {});
      if (again.ok) setView(again.data);
      return;
    }
    setError(undefined);
    setView(r.data);
    setNote(accelerator ? `${HOTKEY_LABELS[action]}: ${describeAccelerator(accelerator, mac)}.` : `${HOTKEY_LABELS[action]} has no shortcut now.`);
  };
  const onKey = (action: HotkeyAction, e: React.KeyboardEvent): void => {
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) return; // leave the recorder with Tab
    e.preventDefault();
    const got = recordKey(e, mac, bindings, action);
    switch (got.kind) {
      case 'pending':
        return;
      case 'cancel':
        setRecording(undefined);
        setNote('Unchanged.');
        return;
      case 'invalid':
        setError({ action, error: { code: 'HOTKEY_UNAVAILABLE', message: `${got.message} The old shortcut is kept.` } });
        setRecording(undefined);
        return;
      case 'conflict':
        setError({ action, error: { code: 'HOTKEY_UNAVAILABLE', message: `${describeAccelerator(got.accelerator, mac)} is already the shortcut for "${HOTKEY_LABELS[got.other]}". The old shortcut is kept.` } });
        setRecording(undefined);
        return;
      case 'accelerator':
        setRecording(undefined);
        void apply(action, got.accelerator);
        return;
    }
  };
  const test = async (action: HotkeyAction): Promise<void> => {
    setNote(`Press the ${HOTKEY_LABELS[action]} shortcut now (10 seconds)…`);
    const r = await store.invoke('hotkeys.test', { action, timeoutMs: 10000 });
    if (!r.ok) return setError({ action, error: r.error });
    setNote(r.data.fired ? `The ${HOTKEY_LABELS[action]} shortcut works.` : `The ${HOTKEY_LABELS[action]} shortcut did not arrive. On Wayland, allow it in the system's shortcut settings, or use the command-line switches.`);
  };

  return (
    <section className="settings-section" aria-labelledby="hotkeys-heading">
      <h2 id="hotkeys-heading">Hotkeys</h2>
      {!available ? (
        <p className="notice-box">
          Global hotkeys are unavailable here: they work only in the desktop app (this is browser mode). From scripts or desktop shortcuts, use the command-line switches --answer, --hangup, --mute, --dial and --show.
        </p>
      ) : null}
      {available && !view.capabilities.hotkeysReliable ? (
        <p className="notice-box">On Wayland a shortcut can be accepted and still not work. Use Test to check each one; the command-line switches always work.</p>
      ) : null}
      <ul className="hotkey-list" aria-label="Shortcuts">
        {view.hotkeys.map((h) => {
          const label = HOTKEY_LABELS[h.action];
          const shown = h.accelerator ? describeAccelerator(h.accelerator, mac) : 'None';
          return (
            <li key={h.action} className="hotkey-row">
              <div className="hotkey-head">
                <strong>{label}</strong>
                <span className="hotkey-accel" aria-label={`${label} shortcut`}>
                  {shown}
                </span>
              </div>
              {h.status === 'failed' ? <p className="status-text-fail">Not registered: {h.reason ?? 'the system refused it.'}</p> : null}
              {recording === h.action ? (
                <button ref={recorder} type="button" className="recorder" aria-label={`Press the new shortcut for ${label}; Escape cancels`} onKeyDown={(e) => onKey(h.action, e)} onBlur={() => setRecording(undefined)}>
                  Press the new shortcut… (Esc cancels)
                </button>
              ) : (
                <div className="account-actions">
                  <button type="button" className="btn btn-small" disabled={!available} onClick={() => { setError(undefined); setRecording(h.action); }} aria-label={`Change ${label} shortcut`}>
                    Change
                  </button>
                  <button type="button" className="btn btn-small" disabled={!available || h.accelerator === null} onClick={() => void apply(h.action, null)} aria-label={`Clear ${label} shortcut`}>
                    Clear
                  </button>
                  <button type="button" className="btn btn-small" disabled={!available || h.status !== 'registered'} onClick={() => void test(h.action)} aria-label={`Test ${label} shortcut`}>
                    Test
                  </button>
                </div>
              )}
              {error?.action === h.action ? <ErrorMessage error={error.error} /> : null}
            </li>
          );
        })}
      </ul>
      {error && !error.action ? <ErrorMessage error={error.error} /> : null}
      <p className="saved-note" role="status">
        {note}
      </p>
    </section>
  );
}
