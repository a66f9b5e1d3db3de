/**
 * Call hooks: webhooks (URL, events, HMAC secret, test), screen-pops (a URL
 * template opened in the browser) and command hooks (a program with one
 * argument per line; caller data is never passed through a shell). Edited
 * together and saved with `hooks.configure`; secrets are write-only here
 * (the core keeps them in the keychain and only says whether one is set).
 */
import { useEffect, useState } from 'react';
import type { EventData } from '../../../../main/common/ipc/contract';
import type { HookEvent } from '../../../../main/common/models/integrations';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';
import { draftOf, HOOK_EVENT_LABELS, newHookId, toConfig, type HookErrors, type HooksDraft } from './hooks-draft';

/** Props of {@link HooksSettings}. */
export interface HooksSettingsProps {
  readonly store: Store;
  /** Hooks that gave up recently (from `hooks.failed`), newest first. */
  readonly failures: readonly EventData<'hooks.failed'>[];
}

type ListName = keyof HooksDraft;

/** Event checkboxes for one hook. */
function EventsPicker({ legend, events, error, onChange }: { legend: string; events: readonly HookEvent[]; error?: string | undefined; onChange: (events: HookEvent[]) => void }): React.JSX.Element {
  return (
    <fieldset className="choice" aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="field-row">
        {HOOK_EVENT_LABELS.map(([event, label]) => (
          <label key={event} className="check">
            <input type="checkbox" checked={events.includes(event)} onChange={(e) => onChange(e.target.checked ? [...events, event] : events.filter((x) => x !== event))} />
            {label}
          </label>
        ))}
      </div>
      {error ? <span className="field-error">{error}</span> : null}
    </fieldset>
  );
}

/** The hook settings. */
export function HooksSettings({ store, failures }: HooksSettingsProps): React.JSX.Element {
  const [draft, setDraft] = useState<HooksDraft | undefined>(undefined);
  const [errors, setErrors] = useState<HookErrors>({});
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [note, setNote] = useState('');
  const [tested, setTested] = useState<{ id: string; error?: AppError; message?: string } | undefined>(undefined);

  useEffect(() => {
    void store.invoke('hooks.get', {}).then((r) => (r.ok ? setDraft(draftOf(r.data)) : setError(r.error)));
  }, [store]);

  if (!draft) {
    return (
      <section className="settings-section" aria-labelledby="hooks-heading">
        <h2 id="hooks-heading">Call hooks</h2>
        {error ? <ErrorMessage error={error} /> : <p className="hint">Loading…</p>}
      </section>
    );
  }
  const edit = <L extends ListName>(list: L, index: number, patch: Partial<HooksDraft[L][number]>): void => {
    const items = draft[list].map((item, i) => (i === index ? { ...item, ...patch } : item));
    setDraft({ ...draft, [list]: items });
    setNote('');
  };
  const remove = (list: ListName, index: number): void => {
    setDraft({ ...draft, [list]: draft[list].filter((_, i) => i !== index) });
    setNote('');
  };
  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    const built = toConfig(draft);
    if (!built.ok) {
      setErrors(built.errors);
      setNote('');
      return;
    }
    setErrors({});
    const r = await store.invoke('hooks.configure', { hooks: built.config });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setDraft(draftOf(r.data));
    setNote('Hooks saved.');
  };
  const test = async (id: string): Promise<void> => {
    setTested({ id, message: 'Testing…' });
    const r = await store.invoke('hooks.test', { hookId: id });
    setTested(r.ok ? { id, message: 'The test worked (a sample incoming call from +1 555 555 0100).' } : { id, error: r.error });
  };
  const testResult = (id: string): React.JSX.Element | null =>
    tested?.id !== id ? null : tested.error ? <ErrorMessage error={tested.error} /> : <p className="saved-note" role="status">{tested.message}</p>;
  const err = (key: string): string | undefined => errors[key];

  return (
    <section className="settings-section" aria-labelledby="hooks-heading">
      <h2 id="hooks-heading">Call hooks</h2>
      <p className="hint">Hooks never hold up a call: they run beside it, and failures are reported here and in the log. Test uses the saved settings.</p>
      {failures.length > 0 ? (
        <div className="error-message" role="region" aria-label="Recent hook failures">
          <p className="error-text">Recent hook failures</p>
          <ul>
            {failures.map((f, i) => (
              <li key={`${f.hookId}-${f.callId}-${f.event}-${i}`}>
                {f.hookId} ({f.event}): {f.reason.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form className="settings-form" aria-labelledby="hooks-heading" noValidate onSubmit={(e) => void save(e)}>
        <h3>Webhooks</h3>
        <ul className="hook-list" aria-label="Webhooks">
          {draft.webhooks.map((w, i) => (
            <li key={w.id} className="hook-row" aria-label={`Webhook ${w.id}`}>
              <div className="hook-head">
                <label className="check">
                  <input type="checkbox" checked={w.enabled} onChange={(e) => edit('webhooks', i, { enabled: e.target.checked })} />
                  Enabled
                </label>
                <span className="hint">{w.id}</span>
              </div>
              <Field label="Webhook URL" hint="Receives a signed JSON POST for each chosen event." error={err(`webhooks.${i}.url`)}>
                {(p) => <input {...p} type="url" autoComplete="off" value={w.url} placeholder="https://crm.example.com/dialtone" onChange={(e) => edit('webhooks', i, { url: e.target.value })} />}
              </Field>
              <EventsPicker legend="Send on" events={w.events} error={err(`webhooks.${i}.events`)} onChange={(events) => edit('webhooks', i, { events })} />
              <Field
                label={w.hasSecret ? 'New signing secret' : 'Signing secret'}
                hint={w.hasSecret ? 'A secret is stored in the system keychain; leave empty to keep it.' : 'At least 16 characters; signs each request (X-Dialtone-Signature, HMAC-SHA256).'}
                error={err(`webhooks.${i}.secret`)}
              >
                {(p) => <input {...p} type="password" autoComplete="new-password" value={w.newSecret} onChange={(e) => edit('webhooks', i, { newSecret: e.target.value })} />}
              </Field>
              {w.hasSecret ? (
                <label className="check">
                  <input type="checkbox" checked={w.removeSecret} onChange={(e) => edit('webhooks', i, { removeSecret: e.target.checked })} />
                  Remove the stored secret (send unsigned)
                </label>
              ) : null}
              <div className="account-actions">
                <button type="button" className="btn btn-small" onClick={() => void test(w.id)} aria-label={`Test webhook ${w.id}`}>
                  Test
                </button>
                <button type="button" className="btn btn-small" onClick={() => remove('webhooks', i)} aria-label={`Remove webhook ${w.id}`}>
                  Remove
                </button>
              </div>
              {testResult(w.id)}
            </li>
          ))}
        </ul>
        <button type="button" className="btn" onClick={() => setDraft({ ...draft, webhooks: [...draft.webhooks, { id: newHookId(draft, 'webhook'), enabled: true, url: '', events: ['incoming', 'answered', 'ended', 'missed'], hasSecret: false, newSecret: '', removeSecret: false }] })}>
          Add webhook
        </button>

        <h3>Screen-pops</h3>
        <ul className="hook-list" aria-label="Screen-pops">
          {draft.screenPops.map((s, i) => (
            <li key={s.id} className="hook-row" aria-label={`Screen-pop ${s.id}`}>
              <div className="hook-head">
                <label className="check">
                  <input type="checkbox" checked={s.enabled} onChange={(e) => edit('screenPops', i, { enabled: e.target.checked })} />
                  Enabled
                </label>
                <span className="hint">{s.id}</span>
              </div>
              <Field label="Screen-pop URL template" hint="Opened in your browser. Placeholders: {number}, {name}, {callId}, {event}, {direction}." error={err(`screenPops.${i}.urlTemplate`)}>
                {(p) => <input {...p} type="text" autoComplete="off" value={s.urlTemplate} placeholder="https://crm.example.com/search?phone={number}" onChange={(e) => edit('screenPops', i, { urlTemplate: e.target.value })} />}
              </Field>
              <EventsPicker legend="Open on" events={s.events} error={err(`screenPops.${i}.events`)} onChange={(events) => edit('screenPops', i, { events })} />
              <div className="account-actions">
                <button type="button" className="btn btn-small" onClick={() => void test(s.id)} aria-label={`Test screen-pop ${s.id}`}>
                  Test
                </button>
                <button type="button" className="btn btn-small" onClick={() => remove('screenPops', i)} aria-label={`Remove screen-pop ${s.id}`}>
                  Remove
                </button>
              </div>
              {testResult(s.id)}
            </li>
          ))}
        </ul>
        <button type="button" className="btn" onClick={() => setDraft({ ...draft, screenPops: [...draft.screenPops, { id: newHookId(draft, 'screen-pop'), enabled: true, urlTemplate: '', events: ['incoming'] }] })}>
          Add screen-pop
        </button>

        <h3>Commands</h3>
        <ul className="hook-list" aria-label="Commands">
          {draft.commands.map((c, i) => (
            <li key={c.id} className="hook-row" aria-label={`Command ${c.id}`}>
              <div className="hook-head">
                <label className="check">
                  <input type="checkbox" checked={c.enabled} onChange={(e) => edit('commands', i, { enabled: e.target.checked })} />
                  Enabled
                </label>
                <span className="hint">{c.id}</span>
              </div>
              <Field label="Program" hint="An absolute path or a program on PATH; run directly, never through a shell." error={err(`commands.${i}.program`)}>
                {(p) => <input {...p} type="text" autoComplete="off" value={c.program} placeholder="/usr/local/bin/log-call" onChange={(e) => edit('commands', i, { program: e.target.value })} />}
              </Field>
              <Field label="Arguments (one per line)" hint="Each line is one argument; placeholders such as {number} become exactly one argument." error={err(`commands.${i}.args`)}>
                {(p) => <textarea {...p} rows={3} value={c.args} onChange={(e) => edit('commands', i, { args: e.target.value })} />}
              </Field>
              <EventsPicker legend="Run on" events={c.events} error={err(`commands.${i}.events`)} onChange={(events) => edit('commands', i, { events })} />
              <div className="account-actions">
                <button type="button" className="btn btn-small" onClick={() => void test(c.id)} aria-label={`Test command ${c.id}`}>
                  Test
                </button>
                <button type="button" className="btn btn-small" onClick={() => remove('commands', i)} aria-label={`Remove command ${c.id}`}>
                  Remove
                </button>
              </div>
              {testResult(c.id)}
            </li>
          ))}
        </ul>
        <button type="button" className="btn" onClick={() => setDraft({ ...draft, commands: [...draft.commands, { id: newHookId(draft, 'command'), enabled: true, program: '', args: '{number}\n{name}', events: ['incoming'] }] })}>
          Add command
        </button>

        {errors['form'] ? <p className="field-error">{errors['form']}</p> : null}
        {Object.keys(errors).length > 0 ? (
          <p className="field-error" role="alert">
            Some hooks need fixing (marked above); nothing was saved.
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Save hooks
          </button>
        </div>
        <p className="saved-note" role="status">
          {note}
        </p>
      </form>
    </section>
  );
}
