/**
 * Add or edit one account. Validation errors show next to their field
 * (aria-invalid + aria-describedby) before anything is sent; the core's own
 * failure, if any, shows above the buttons. The password field is never
 * filled from the saved account: empty means "keep the stored one".
 */
import { useId, useState } from 'react';
import type { AccountView } from '../../../../main/common/ipc/contract';
import type { AppError } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';
import { codecNames, formValuesFrom, moveCodec, toAccountConfig, userOfAor, type AccountField, type AccountFormValues, type FieldErrors } from './account-form-model';

/** Props of {@link AccountForm}. */
export interface AccountFormProps {
  readonly store: Store;
  /** The account to edit; undefined adds a new one. */
  readonly account: AccountView | undefined;
  readonly onDone: () => void;
}

/** The account form. */
export function AccountForm({ store, account, onDone }: AccountFormProps): React.JSX.Element {
  const [values, setValues] = useState<AccountFormValues>(() => formValuesFrom(account));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const base = useId();
  const set = (patch: Partial<AccountFormValues>): void => setValues((v) => ({ ...v, ...patch }));
  // The codecs fieldset is not a <Field>, so it wires its error itself (same id scheme: `${id}-error`).
  const errorId = (f: AccountField): string => `${base}-${f}-error`;
  const fieldProps = (f: AccountField): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[f] ? { 'aria-invalid': true, 'aria-describedby': errorId(f) } : {};
  const fieldError = (f: AccountField): React.JSX.Element | null =>
    errors[f] ? (
      <span className="field-error" id={errorId(f)}>
        {errors[f]}
      </span>
    ) : null;

  const submit = async (): Promise<void> => {
    const checked = toAccountConfig(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = Object.keys(checked.errors)[0];
      if (first) document.getElementById(`${base}-${first}`)?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    setSaveError(null);
    const result = await store.invoke('account.save', { account: checked.config, ...(values.password ? { password: values.password } : {}) });
    setSaving(false);
    if (!result.ok) {
      setSaveError(result.error);
      return;
    }
    onDone();
  };

  const title = account ? `Edit ${account.id}` : 'Add account';
  return (
    <form
      className="account-form"
      aria-label={title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{title}</h3>
      <Field label="SIP address" id={`${base}-aor`} error={errors.aor} hint={account ? 'To use another address, add a new account.' : undefined}>
        {(p) => (
          <input
            {...p}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="sip:alice@pbx.example.com"
            value={values.aor}
            readOnly={account !== undefined}
            onChange={(e) => set({ aor: e.target.value, ...(values.username === '' || values.username === userOfAor(values.aor) ? { username: userOfAor(e.target.value) } : {}) })}
          />
        )}
      </Field>
      <Field label="Display name" id={`${base}-displayName`} error={errors.displayName}>
        {(p) => <input {...p} type="text" autoComplete="off" placeholder="Optional" value={values.displayName} onChange={(e) => set({ displayName: e.target.value })} />}
      </Field>
      <Field label="Username" id={`${base}-username`} error={errors.username} hint="The authentication name; often not the extension number.">
        {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} value={values.username} onChange={(e) => set({ username: e.target.value })} />}
      </Field>
      <Field label="Password" id={`${base}-password`} hint={`Kept in the system keychain, never shown again.${account ? ' Leave empty to keep the stored one.' : ''}`}>
        {(p) => <input {...p} type="password" autoComplete="new-password" placeholder={account ? 'Unchanged' : ''} value={values.password} onChange={(e) => set({ password: e.target.value })} />}
      </Field>
      <Field label="Server" id={`${base}-server`} error={errors.server} hint="Host or host:port of the registrar.">
        {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} placeholder="pbx.example.com:5060" value={values.server} onChange={(e) => set({ server: e.target.value })} />}
      </Field>
      <div className="field-row">
        <Field label="Transport" id={`${base}-transport`} error={errors.transport}>
          {(p) => (
            <select {...p} value={values.transport} onChange={(e) => set({ transport: e.target.value as AccountFormValues['transport'] })}>
              <option value="udp">UDP</option>
              <option value="tcp">TCP</option>
              <option value="tls">TLS (encrypted)</option>
            </select>
          )}
        </Field>
        <Field label="Media encryption (SRTP)" id={`${base}-srtp`} error={errors.srtp}>
          {(p) => (
            <select {...p} value={values.srtp} onChange={(e) => set({ srtp: e.target.value as AccountFormValues['srtp'] })}>
              <option value="default">Default ({values.transport === 'tls' ? 'required' : 'off'})</option>
              <option value="off">Off</option>
              <option value="optional">Optional</option>
              <option value="required">Required</option>
            </select>
          )}
        </Field>
      </div>
      {values.transport === 'tls' ? (
        <Field label="TLS CA file" id={`${base}-tlsCaFile`} error={errors.tlsCaFile} hint="Only for your own PBX with a private CA; system CAs are always trusted.">
          {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} placeholder="Optional: /path/to/ca.pem" value={values.tlsCaFile} onChange={(e) => set({ tlsCaFile: e.target.value })} />}
        </Field>
      ) : null}
      <Field label="STUN host" id={`${base}-stunServer`} error={errors.stunServer} hint="Optional: a STUN server the connection doctor asks for your public address (port 3478 by default).">
        {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} placeholder="Optional: stun.example.com" value={values.stunServer} onChange={(e) => set({ stunServer: e.target.value })} />}
      </Field>
      <fieldset className="codecs" id={`${base}-codecs`} tabIndex={-1} {...fieldProps('codecs')}>
        <legend>Codecs, in order of preference</legend>
        <ol>
          {values.codecs.map((c, i) => (
            <li key={c.codec}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={c.enabled}
                  onChange={(e) => set({ codecs: values.codecs.map((x) => (x.codec === c.codec ? { ...x, enabled: e.target.checked } : x)) })}
                />
                {codecNames[c.codec]}
              </label>
              <span className="codec-move">
                <button type="button" className="btn btn-small" aria-label={`Move ${codecNames[c.codec]} up`} disabled={i === 0} onClick={() => setValues((v) => moveCodec(v, i, -1))}>
                  ↑
                </button>
                <button type="button" className="btn btn-small" aria-label={`Move ${codecNames[c.codec]} down`} disabled={i === values.codecs.length - 1} onClick={() => setValues((v) => moveCodec(v, i, 1))}>
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
        {fieldError('codecs')}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={values.register} onChange={(e) => set({ register: e.target.checked })} />
        Register with the server
      </label>
      <label className="check">
        <input type="checkbox" checked={values.allowDirectCalls} onChange={(e) => set({ allowDirectCalls: e.target.checked })} />
        Accept direct calls from any address (off stops SIP scanners)
      </label>
      <label className="check">
        <input type="checkbox" checked={values.natLatching} onChange={(e) => set({ natLatching: e.target.checked })} />
        NAT latching: send media back to where it comes from during the first packets (for a peer behind NAT)
      </label>
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      {saveError ? <ErrorMessage error={saveError} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save account'}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
