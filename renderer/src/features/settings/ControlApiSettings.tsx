/**
 * The local control API: on/off (applied at once: the server starts or
 * stops), the 127.0.0.1 port, the web origins allowed to call it, and its
 * token (hidden until revealed, copied to the clipboard, or replaced by a new
 * one, which stops the old one working). The token lives in the system
 * keychain; the settings survive a restart.
 */
import { useEffect, useState } from 'react';
import { OriginSchema, type ControlApiStatus } from '../../../../main/common/models/integrations';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';

/** Props of {@link ControlApiSettings}. */
export interface ControlApiSettingsProps {
  readonly store: Store;
}

/** The control API settings. */
export function ControlApiSettings({ store }: ControlApiSettingsProps): React.JSX.Element {
  const [status, setStatus] = useState<ControlApiStatus | undefined>(undefined);
  const [enabled, setEnabled] = useState(false);
  const [port, setPort] = useState('0');
  const [origins, setOrigins] = useState('');
  const [errors, setErrors] = useState<{ port?: string; origins?: string }>({});
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [reveal, setReveal] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [note, setNote] = useState('');

  const show = (s: ControlApiStatus): void => {
    setStatus(s);
    setEnabled(s.enabled);
    if (s.port !== undefined) setPort(String(s.port));
    setOrigins(s.allowedOrigins.join('\n'));
  };
  useEffect(() => {
    void store.invoke('controlApi.status', {}).then((r) => (r.ok ? show(r.data) : setError(r.error)));
  }, [store]);

  const parse = (): { port: number; allowedOrigins: string[] } | undefined => {
    const found: { port?: string; origins?: string } = {};
    const p = port.trim() === '' ? 0 : Number(port);
    if (!/^\d*$/.test(port.trim()) || p > 65535) found.port = 'Enter a port from 1 to 65535, or 0 to pick a free one.';
    const list = origins.split('\n').map((o) => o.trim()).filter((o) => o !== '');
    const bad = list.find((o) => !OriginSchema.safeParse(o).success);
    if (bad !== undefined) found.origins = `"${bad}" is not an origin such as https://crm.example.com (no path, no trailing slash).`;
    setErrors(found);
    return Object.keys(found).length > 0 ? undefined : { port: p, allowedOrigins: list };
  };
  const apply = async (nextEnabled: boolean, rotateToken = false): Promise<void> => {
    const parsed = parse();
    if (!parsed) return;
    const r = await store.invoke('controlApi.configure', { settings: { enabled: nextEnabled, ...parsed }, rotateToken });
    if (!r.ok) {
      setError(r.error);
      const again = await store.invoke('controlApi.status', {});
      if (again.ok) show(again.data);
      return;
    }
    setError(undefined);
    show(r.data);
    setNote(rotateToken ? 'A new token is in use; the old one no longer works.' : r.data.enabled ? `The control API is on at ${r.data.url ?? ''}.` : 'The control API is off.');
  };
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(status?.token ?? '');
      setNote('Token copied.');
    } catch {
      setReveal(true);
      setNote('The clipboard is not available here: the token is shown; select and copy it.');
    }
  };

  return (
    <section className="settings-section" aria-labelledby="control-api-heading">
      <h2 id="control-api-heading">Control API</h2>
      <p className="hint">Lets a CRM or a script on this computer dial, answer and read call events (HTTP and WebSocket on 127.0.0.1, with a token). Off by default.</p>
      {status ? (
        <>
          <label className="check">
            <input type="checkbox" checked={enabled} onChange={(e) => void apply(e.target.checked)} />
            Control API on
          </label>
          <div className="inline-row">
            <Field label="Port" hint="0 picks a free port each start." error={errors.port}>
              {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />}
            </Field>
          </div>
          <Field label="Allowed web origins (one per line)" hint="Web pages allowed to call the API from a browser. Programs that send no Origin need only the token." error={errors.origins}>
            {(p) => <textarea {...p} rows={3} value={origins} placeholder="https://crm.example.com" onChange={(e) => setOrigins(e.target.value)} />}
          </Field>
          <div className="button-row">
            <button type="button" className="btn btn-primary" onClick={() => void apply(enabled)}>
              Save control API
            </button>
          </div>
          {status.enabled && status.token ? (
            <div className="hook-row" aria-label="Token">
              <p className="hint">
                Address: <span className="token">{status.url}</span>
              </p>
              <p>
                Token:{' '}
                <span className="token" aria-label="Control API token">
                  {reveal ? status.token : '•'.repeat(16)}
                </span>
              </p>
              <div className="account-actions">
                <button type="button" className="btn btn-small" aria-pressed={reveal} onClick={() => setReveal((r) => !r)}>
                  {reveal ? 'Hide token' : 'Reveal token'}
                </button>
                <button type="button" className="btn btn-small" onClick={() => void copy()}>
                  Copy token
                </button>
                <button type="button" className="btn btn-small" onClick={() => setConfirmRotate(true)}>
                  Generate new token…
                </button>
              </div>
              {confirmRotate ? (
                <div className="confirm" role="group" aria-label="Confirm a new token">
                  <span>Programs using the old token will stop working.</span>
                  <button type="button" className="btn btn-small" onClick={() => setConfirmRotate(false)}>
                    Keep the old token
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    onClick={() => {
                      setConfirmRotate(false);
                      void apply(true, true);
                    }}
                  >
                    Generate new token
                  </button>
                </div>
              ) : null}
            </div>
          ) : (
            <p className="hint">The token is shown here while the API is on.</p>
          )}
        </>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <p className="saved-note" role="status">
        {note}
      </p>
    </section>
  );
}
