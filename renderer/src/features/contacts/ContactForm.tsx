/**
 * Add or edit a contact: name, organization, several labelled numbers, SIP
 * addresses, emails, favourite and notes. Validated with the core's schema
 * before anything is sent; errors show next to their field and focus moves to
 * the first one. Saving sends `contacts.save`; the list refreshes from
 * `contacts.changed`.
 */
import { useEffect, useRef, useState } from 'react';
import type { Contact, PhoneLabel } from '../../../../main/common/contacts/contact';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { Store } from '../../store/store';
import { useCommand } from '../calls/useCommand';
import { PHONE_LABELS, phoneLabelNames, toContactInput, type ContactFieldErrors, type ContactFormValues, type PhoneRow } from './contact-form-model';

/** Props of {@link ContactForm}. */
export interface ContactFormProps {
  readonly store: Store;
  /** The contact being edited; absent for a new one. */
  readonly contact: Contact | undefined;
  readonly initial: ContactFormValues;
  readonly onDone: (saved: Contact | undefined) => void;
}

/** The form. */
export function ContactForm({ store, contact, initial, onDone }: ContactFormProps): React.JSX.Element {
  const [values, setValues] = useState<ContactFormValues>(initial);
  const [errors, setErrors] = useState<ContactFieldErrors>({});
  const command = useCommand();
  const formRef = useRef<HTMLFormElement>(null);
  const title = contact ? `Edit ${contact.name || contact.organization || 'contact'}` : 'New contact';
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);
  const set = (patch: Partial<ContactFormValues>): void => setValues((v) => ({ ...v, ...patch }));
  const setPhone = (index: number, patch: Partial<PhoneRow>): void => setValues((v) => ({ ...v, phones: v.phones.map((p, i) => (i === index ? { ...p, ...patch } : p)) }));

  const save = async (): Promise<void> => {
    const checked = toContactInput(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      // Focus the first invalid control after React has marked it.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    let saved: Contact | undefined;
    const done = await command.run(async () => {
      const result = await store.invoke('contacts.save', { ...(contact ? { id: contact.id } : {}), contact: checked.input });
      if (result.ok) saved = result.data;
      return result;
    });
    if (done) onDone(saved);
  };

  return (
    <form
      ref={formRef}
      className="contact-form"
      aria-label={title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone(undefined);
      }}
    >
      <h2>{title}</h2>
      {errors.form ? <p className="field-error" role="alert">{errors.form}</p> : null}
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} type="text" autoComplete="off" value={values.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="Organization" error={errors.organization}>
        {(p) => <input {...p} type="text" autoComplete="off" value={values.organization} onChange={(e) => set({ organization: e.target.value })} />}
      </Field>
      <fieldset className="phones">
        <legend>Numbers</legend>
        {values.phones.map((phone, i) => (
          <div className="phone-row" key={i}>
            <Field label={`Number ${i + 1}`} error={errors[`phone-${i}`]}>
              {(p) => <input {...p} type="tel" inputMode="tel" autoComplete="off" value={phone.number} onChange={(e) => setPhone(i, { number: e.target.value })} />}
            </Field>
            <Field label={`Label of number ${i + 1}`} hideLabel>
              {(p) => (
                <select {...p} value={phone.label} onChange={(e) => setPhone(i, { label: e.target.value as PhoneLabel })}>
                  {PHONE_LABELS.map((l) => (
                    <option key={l} value={l}>
                      {phoneLabelNames[l]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="btn btn-small remove-phone" aria-label={`Remove number ${i + 1}`} onClick={() => set({ phones: values.phones.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => set({ phones: [...values.phones, { number: '', label: values.phones.length === 0 ? 'mobile' : 'work' }] })}>
          Add number
        </button>
      </fieldset>
      <Field label="SIP addresses" hint="One per line, e.g. bob@pbx.example.com" error={errors.sipUris}>
        {(p) => <textarea {...p} rows={2} spellCheck={false} value={values.sipUris} onChange={(e) => set({ sipUris: e.target.value })} />}
      </Field>
      <Field label="Email addresses" hint="One per line" error={errors.emails}>
        {(p) => <textarea {...p} rows={2} spellCheck={false} value={values.emails} onChange={(e) => set({ emails: e.target.value })} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={values.favourite} onChange={(e) => set({ favourite: e.target.checked })} />
        Favourite
      </label>
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea {...p} rows={3} value={values.notes} onChange={(e) => set({ notes: e.target.value })} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={command.pending}>
          Save contact
        </button>
        <button type="button" className="btn" onClick={() => onDone(undefined)}>
          Cancel
        </button>
      </div>
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </form>
  );
}
