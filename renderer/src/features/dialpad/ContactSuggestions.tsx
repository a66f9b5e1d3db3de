/**
 * Contacts matching what is typed in the dialpad (names by word prefix,
 * numbers by digits anywhere, through `contacts.search`), each with a button
 * that calls its best number: the one containing the typed digits, else the
 * first. So a contact can be called from the Phone view without opening
 * Contacts.
 */
import { useEffect, useState } from 'react';
import { displayNameOf, type Contact } from '../../../../main/common/contacts/contact';
import type { Store } from '../../store/store';
import { bestDialChoice } from '../contacts/contacts-model';

/** Props of {@link ContactSuggestions}. */
export interface ContactSuggestionsProps {
  readonly store: Store;
  readonly text: string;
  readonly canCall: boolean;
  readonly revision: number;
  readonly onCall: (target: string) => void;
}

/** How many suggestions show. */
const LIMIT = 3;

/** The suggestions, or nothing when the text is short or nothing matches. */
export function ContactSuggestions({ store, text, canCall, revision, onCall }: ContactSuggestionsProps): React.JSX.Element | null {
  const [found, setFound] = useState<readonly Contact[]>([]);
  const query = text.trim();
  const wanted = query.length >= 2 && !/^sips?:/i.test(query);
  useEffect(() => {
    if (!wanted) {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void store.invoke('contacts.search', { query, limit: LIMIT }).then((r) => {
        if (current) setFound(r.ok ? r.data.contacts : []);
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [store, query, wanted, revision]);
  const rows = wanted ? found.map((c) => ({ contact: c, choice: bestDialChoice(c, query) })).filter((r) => r.choice !== undefined) : [];
  if (rows.length === 0) return null;
  return (
    <ul className="suggestions" aria-label="Matching contacts">
      {rows.map(({ contact, choice }) => (
        <li key={contact.id}>
          <button type="button" className="suggestion" disabled={!canCall} aria-label={`Call ${displayNameOf(contact)}, ${choice?.label ?? ''}`} onClick={() => choice && onCall(choice.target)}>
            <span className="suggestion-name">{displayNameOf(contact)}</span>
            <span className="suggestion-number">{choice?.label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
