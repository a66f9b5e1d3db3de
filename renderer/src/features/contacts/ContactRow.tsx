/**
 * One contact in the list: initials, name, organization and first number;
 * Call (straight away with one number, else a menu of its numbers and SIP
 * addresses), favourite, Edit, and Delete after a confirmation.
 */
import { useEffect, useRef, useState } from 'react';
import { displayNameOf, type Contact, type ContactInput } from '../../../../main/common/contacts/contact';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';
import { useCommand } from '../calls/useCommand';
import { dialChoices, initialsOf } from './contacts-model';

/** Props of {@link ContactRow}. */
export interface ContactRowProps {
  readonly store: Store;
  readonly contact: Contact;
  readonly canCall: boolean;
  readonly onCall: (target: string) => void;
  readonly onEdit: () => void;
}

/** The contact as `contacts.save` takes it back (what the user typed, not the derived E.164). */
export function inputOf(c: Contact): ContactInput {
  return { name: c.name, organization: c.organization, phones: c.phones.map((p) => ({ number: p.number, label: p.label })), sipUris: c.sipUris, emails: c.emails, favourite: c.favourite, notes: c.notes };
}

/** The row. */
export function ContactRow({ store, contact, canCall, onCall, onEdit }: ContactRowProps): React.JSX.Element {
  const command = useCommand();
  const [menu, setMenu] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const menuRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    // Opening the menu moves focus to its first number, so the keyboard can go on.
    if (menu) menuRef.current?.querySelector('button')?.focus();
  }, [menu]);
  const name = displayNameOf(contact);
  const choices = dialChoices(contact);
  const first = choices[0];
  const detail = [contact.name && contact.organization ? contact.organization : '', first ? first.label : ''].filter(Boolean).join(' · ');
  return (
    <li className="contact-row" aria-label={name}>
      <div className="contact-main">
        <span className="avatar" aria-hidden="true">
          {initialsOf(contact.name || contact.organization)}
        </span>
        <div className="contact-who">
          <span className="contact-name">{name}</span>
          {detail ? <span className="contact-detail">{detail}</span> : null}
        </div>
        <button
          type="button"
          className={`star${contact.favourite ? ' on' : ''}`}
          aria-label={`Favourite ${name}`}
          aria-pressed={contact.favourite}
          disabled={command.pending}
          onClick={() => void command.run(() => store.invoke('contacts.save', { id: contact.id, contact: { ...inputOf(contact), favourite: !contact.favourite } }))}
        >
          {contact.favourite ? '★' : '☆'}
        </button>
      </div>
      <div className="contact-actions">
        {choices.length === 1 && first ? (
          <button type="button" className="btn btn-answer" aria-label={`Call ${name}`} disabled={!canCall} onClick={() => onCall(first.target)}>
            Call
          </button>
        ) : null}
        {choices.length > 1 ? (
          <button type="button" className="btn btn-answer" aria-label={`Call ${name}…`} aria-expanded={menu} disabled={!canCall} onClick={() => setMenu((m) => !m)}>
            Call…
          </button>
        ) : null}
        <button type="button" className="btn" aria-label={`Edit ${name}`} onClick={onEdit}>
          Edit
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Confirm deleting ${name}`}>
            <button type="button" className="btn btn-hangup" disabled={command.pending} onClick={() => void command.run(() => store.invoke('contacts.delete', { ids: [contact.id] }))}>
              Delete {name}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="btn" aria-label={`Delete ${name}…`} onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
      {menu && choices.length > 1 ? (
        <ul ref={menuRef} className="dial-choices" aria-label={`Numbers of ${name}`} onKeyDown={(e) => e.key === 'Escape' && setMenu(false)}>
          {choices.map((c) => (
            <li key={c.target}>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Call ${name}, ${c.label}`}
                onClick={() => {
                  setMenu(false);
                  onCall(c.target);
                }}
              >
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {command.error ? <ErrorMessage error={command.error} /> : null}
    </li>
  );
}
