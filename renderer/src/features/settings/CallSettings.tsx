/**
 * Call handling: how many calls at once, do not disturb (and what it answers),
 * how a declined call is refused, forwarding (always, when busy, after no
 * answer), answering on the caller's request (intercom) and the RTP timeout.
 * Saved together with `calls.configure`, which stores them (they survive a
 * restart); the core's answer is what the form shows next.
 */
import { useEffect, useState } from 'react';
import type { CallSettings as CallSettingsModel } from '../../../../main/common/models/call-settings';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';

/** Props of {@link CallSettings}. */
export interface CallSettingsProps {
  readonly store: Store;
}

/** The form's values: numbers as typed, so a half-typed value is not lost. */
interface Draft {
  maxCalls: string;
  dnd: boolean;
  dndStatus: '486' | '480';
  rejectWith: CallSettingsModel['rejectWith'];
  forward: CallSettingsModel['forward'];
  forwardTo: string;
  forwardAfterSeconds: string;
  autoAnswerOnRequest: boolean;
  autoAnswer: boolean;
  autoAnswerAfterSeconds: string;
  rtpTimeoutSeconds: string;
}

const toDraft = (s: CallSettingsModel): Draft => ({
  maxCalls: String(s.maxCalls),
  dnd: s.dnd,
  dndStatus: String(s.dndStatus) as Draft['dndStatus'],
  rejectWith: s.rejectWith,
  forward: s.forward,
  forwardTo: s.forwardTo ?? '',
  forwardAfterSeconds: String(s.forwardAfterSeconds),
  autoAnswerOnRequest: s.autoAnswerOnRequest,
  autoAnswer: s.autoAnswer,
  autoAnswerAfterSeconds: String(s.autoAnswerAfterSeconds),
  rtpTimeoutSeconds: String(s.rtpTimeoutSeconds),
});

/** Field errors found before sending (the core checks again). */
function check(d: Draft): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {};
  const int = (v: string, min: number, max: number): boolean => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;
  if (!int(d.maxCalls, 1, 16)) errors.maxCalls = 'Enter a whole number from 1 to 16.';
  if (d.forward !== 'off' && d.forwardTo.trim() === '') errors.forwardTo = 'Enter the number or SIP address calls go to.';
  if (d.forward === 'noAnswer' && !int(d.forwardAfterSeconds, 1, 300)) errors.forwardAfterSeconds = 'Enter 1 to 300 seconds.';
  if (d.autoAnswer && !int(d.autoAnswerAfterSeconds, 0, 60)) errors.autoAnswerAfterSeconds = 'Enter 0 (at once) to 60 seconds.';
  if (!int(d.rtpTimeoutSeconds, 0, 3600)) errors.rtpTimeoutSeconds = 'Enter 0 (never) to 3600 seconds.';
  return errors;
}

/** The call handling settings. */
export function CallSettings({ store }: CallSettingsProps): React.JSX.Element {
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void store.invoke('calls.settings', {}).then((r) => (r.ok ? setDraft(toDraft(r.data)) : setError(r.error)));
  }, [store]);

  if (!draft) {
    return (
      <section className="settings-section" aria-labelledby="calls-heading">
        <h2 id="calls-heading">Call handling</h2>
        {error ? <ErrorMessage error={error} /> : <p className="hint">Loading…</p>}
      </section>
    );
  }
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };
  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    const found = check(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`calls-${Object.keys(found)[0] ?? ''}`)?.focus();
      return;
    }
    setBusy(true);
    const r = await store.invoke('calls.configure', {
      maxCalls: Number(draft.maxCalls),
      dnd: draft.dnd,
      dndStatus: draft.dndStatus === '480' ? 480 : 486,
      rejectWith: draft.rejectWith,
      forward: draft.forward,
      ...(draft.forwardTo.trim() ? { forwardTo: draft.forwardTo.trim() } : {}),
      forwardAfterSeconds: draft.forward === 'noAnswer' ? Number(draft.forwardAfterSeconds) : Number(draft.forwardAfterSeconds) || 20,
      autoAnswerOnRequest: draft.autoAnswerOnRequest,
      autoAnswer: draft.autoAnswer,
      ...(draft.autoAnswer ? { autoAnswerAfterSeconds: Number(draft.autoAnswerAfterSeconds) } : {}),
      rtpTimeoutSeconds: Number(draft.rtpTimeoutSeconds),
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    setDraft(toDraft(r.data));
    setSaved(true);
  };

  return (
    <section className="settings-section" aria-labelledby="calls-heading">
      <h2 id="calls-heading">Call handling</h2>
      <form className="settings-form" aria-labelledby="calls-heading" noValidate onSubmit={(e) => void save(e)}>
        <Field label="Most calls at once" id="calls-maxCalls" hint="Beyond this, incoming calls are refused as busy and dialling is refused." error={errors.maxCalls}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={16} value={draft.maxCalls} onChange={(e) => set('maxCalls', e.target.value)} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={draft.dnd} onChange={(e) => set('dnd', e.target.checked)} />
          Do not disturb (refuse every incoming call before it rings)
        </label>
        <Field label="While on do not disturb, callers hear" id="calls-dndStatus">
          {(p) => (
            <select {...p} value={draft.dndStatus} onChange={(e) => set('dndStatus', e.target.value as Draft['dndStatus'])}>
              <option value="486">Busy (486 Busy Here)</option>
              <option value="480">Unavailable (480 Temporarily Unavailable)</option>
            </select>
          )}
        </Field>
        <Field label="Declining a call answers" id="calls-rejectWith">
          {(p) => (
            <select {...p} value={draft.rejectWith} onChange={(e) => set('rejectWith', e.target.value as Draft['rejectWith'])}>
              <option value="busy">Busy (486 Busy Here)</option>
              <option value="decline">Declined (603 Decline)</option>
            </select>
          )}
        </Field>
        <Field label="Forward calls" id="calls-forward">
          {(p) => (
            <select {...p} value={draft.forward} onChange={(e) => set('forward', e.target.value as Draft['forward'])}>
              <option value="off">Never</option>
              <option value="always">Always</option>
              <option value="busy">When busy or on do not disturb</option>
              <option value="noAnswer">When not answered</option>
            </select>
          )}
        </Field>
        {draft.forward !== 'off' ? (
          <Field label="Forward to" id="calls-forwardTo" hint="A number, a user at your account's domain, or a SIP address." error={errors.forwardTo}>
            {(p) => <input {...p} type="text" autoComplete="off" value={draft.forwardTo} onChange={(e) => set('forwardTo', e.target.value)} />}
          </Field>
        ) : null}
        {draft.forward === 'noAnswer' ? (
          <Field label="Forward after (seconds of ringing)" id="calls-forwardAfterSeconds" error={errors.forwardAfterSeconds}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={300} value={draft.forwardAfterSeconds} onChange={(e) => set('forwardAfterSeconds', e.target.value)} />}
          </Field>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={draft.autoAnswerOnRequest} onChange={(e) => set('autoAnswerOnRequest', e.target.checked)} />
          Answer automatically when the caller asks (intercom, paging)
        </label>
        <p className="hint">Off by default: when on, anyone who can call you can open your microphone.</p>
        <label className="check">
          <input type="checkbox" checked={draft.autoAnswer} onChange={(e) => set('autoAnswer', e.target.checked)} />
          Answer every call automatically (hands-free), unless I am already in a call
        </label>
        {draft.autoAnswer ? (
          <Field label="Answer after (seconds of ringing)" id="calls-autoAnswerAfterSeconds" hint="0 answers at once." error={errors.autoAnswerAfterSeconds}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={60} value={draft.autoAnswerAfterSeconds} onChange={(e) => set('autoAnswerAfterSeconds', e.target.value)} />}
          </Field>
        ) : null}
        <Field label="Hang up when no audio arrives for (seconds)" id="calls-rtpTimeoutSeconds" hint="0 never hangs up." error={errors.rtpTimeoutSeconds}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={3600} value={draft.rtpTimeoutSeconds} onChange={(e) => set('rtpTimeoutSeconds', e.target.value)} />}
        </Field>
        {error ? <ErrorMessage error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Save call handling
          </button>
        </div>
        <p className="saved-note" role="status">
          {saved ? 'Saved.' : ''}
        </p>
      </form>
    </section>
  );
}
