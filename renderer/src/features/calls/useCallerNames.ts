/**
 * Caller ID from the address book: for calls that carry no display name,
 * asks `contacts.lookup` once per address and remembers the answer until the
 * contacts change. Names resolve to the call's display name first, then the
 * contact's, then the address's user part.
 */
import { useCallback, useEffect, useState } from 'react';
import { displayNameOf } from '../../../../main/common/contacts/contact';
import type { CallView } from '../../../../main/common/ipc/contract';
import { uriUser } from '../../components/format';
import type { Store } from '../../store/store';

/** Returns a function naming a call. */
export function useCallerNames(store: Store, calls: readonly CallView[], contactsRevision: number): (call: CallView) => string {
  const [names, setNames] = useState<Readonly<Record<string, string | null>>>({});
  const [revision, setRevision] = useState(contactsRevision);
  if (revision !== contactsRevision) {
    // Contacts changed: ask again (React allows this state reset during render).
    setRevision(contactsRevision);
    setNames({});
  }
  const wanted = [...new Set(calls.filter((c) => !c.remoteName?.trim()).map((c) => c.remoteUri))].filter((uri) => uri !== '' && !(uri in names));
  const key = wanted.join('\n');
  useEffect(() => {
    if (key === '') return;
    let current = true;
    for (const uri of key.split('\n')) {
      void store.invoke('contacts.lookup', { number: uri }).then((result) => {
        if (!current) return;
        const contact = result.ok ? result.data.contact : null;
        setNames((n) => ({ ...n, [uri]: contact ? displayNameOf(contact) || null : null }));
      });
    }
    return () => {
      current = false;
    };
  }, [store, key]);
  return useCallback((call: CallView) => call.remoteName?.trim() || names[call.remoteUri] || uriUser(call.remoteUri), [names]);
}
