/**
 * Links and startup: confirm before dialling a link that came from outside,
 * handling tel:/sip:/sips:/callto: links (and Windows' Default Apps page),
 * start at login and start minimized. Each switch applies at once through
 * `shell.configure` (stored, so it survives a restart); what the core
 * answers is what the view shows, so a refused change never looks applied.
 */
import { useEffect, useState } from 'react';
import type { ShellPreferences, ShellSettingsView } from '../../../../main/common/models/shell';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';

/** Props of {@link LinkSettings}. */
export interface LinkSettingsProps {
  readonly store: Store;
}

/** The link and startup settings. */
export function LinkSettings({ store }: LinkSettingsProps): React.JSX.Element {
  const [view, setView] = useState<ShellSettingsView | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [note, setNote] = useState('');

  useEffect(() => {
    void store.invoke('shell.settings', {}).then((r) => (r.ok ? setView(r.data) : setError(r.error)));
  }, [store]);

  if (!view) {
    return (
      <section className="settings-section" aria-labelledby="links-heading">
        <h2 id="links-heading">Links</h2>
        {error ? <ErrorMessage error={error} /> : <p className="hint">Loading…</p>}
      </section>
    );
  }
  const change = async (patch: Partial<ShellPreferences>): Promise<void> => {
    const r = await store.invoke('shell.configure', patch);
    if (!r.ok) {
      setError(r.error);
      setNote('');
      return;
    }
    setError(undefined);
    setView(r.data);
    setNote('Saved.');
  };
  const openDefaultApps = async (): Promise<void> => {
    const r = await store.invoke('shell.openDefaultApps', {});
    if (!r.ok) setError(r.error);
    else setNote('Default Apps is open: choose Dialtone for the TEL and SIP links.');
  };
  const toggle = (key: keyof ShellPreferences, label: string, disabled = false, hint?: string): React.JSX.Element => (
    <div className="choice-row">
      <label className="check">
        <input type="checkbox" checked={view[key]} disabled={disabled} onChange={(e) => void change({ [key]: e.target.checked })} />
        {label}
      </label>
      {hint ? <p className="hint">{hint}</p> : null}
    </div>
  );

  return (
    <>
      <section className="settings-section" aria-labelledby="links-heading">
        <h2 id="links-heading">Links</h2>
        {toggle('confirmBeforeDial', 'Ask before dialling a link from a web page, another app or the clipboard', false, 'Recommended: a web page could otherwise start a call without you.')}
        {toggle('handleCallLinks', 'Open tel:, sip:, sips: and callto: links with Dialtone', false, 'Dialtone registers itself for these links each time it starts (in the installed app).')}
        {view.capabilities.defaultApps ? (
          <div className="button-row">
            <button type="button" className="btn" onClick={() => void openDefaultApps()}>
              Open Default Apps…
            </button>
          </div>
        ) : (
          <p className="hint">Windows asks you to choose the default app in its Default Apps page; there a button opens it. On macOS and Linux the registration above is enough.</p>
        )}
      </section>
      <section className="settings-section" aria-labelledby="startup-heading">
        <h2 id="startup-heading">Startup</h2>
        {toggle('startAtLogin', 'Start Dialtone when I log in', !view.capabilities.loginItem, view.capabilities.loginItem ? undefined : 'Available in the installed desktop app only.')}
        {toggle('startMinimized', 'Start minimized to the tray')}
        {error ? <ErrorMessage error={error} /> : null}
        <p className="saved-note" role="status">
          {note}
        </p>
      </section>
    </>
  );
}
