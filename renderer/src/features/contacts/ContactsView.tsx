/**
 * The address book: search as you type over names and numbers
 * (`contacts.search`; with no query, `contacts.list`, favourites first), a
 * favourites filter, add/edit/delete, call a contact (same account rules as
 * the dialpad), import a vCard or CSV file after a preview, and export. The
 * list refetches whenever the core says contacts changed.
 */
import { useEffect, useRef, useState } from 'react';
import type { Contact } from '../../../../main/common/contacts/contact';
import type { AccountView, AppMode, CommandArgs } from '../../../../main/common/ipc/contract';
import type { AppError, Result } from '../../../../main/common/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';
import { useDial } from '../dialpad/useDial';
import { ContactForm } from './ContactForm';
import { emptyContactForm, formValuesFromContact, type ContactFormValues } from './contact-form-model';
import { ContactRow } from './ContactRow';
import { decodeContactFile, exportFileName, exportFormats, importSizeProblem, MAX_IMPORT_FILE_BYTES } from './contacts-model';
import { ImportPanel, type PickedFile } from './ImportPanel';

/** Props of {@link ContactsView}. */
export interface ContactsViewProps {
  readonly store: Store;
  readonly accounts: readonly AccountView[];
  /** How the app runs (browser mode limits what the page can send). */
  readonly mode: AppMode | undefined;
  /** Bumped by `contacts.changed`. */
  readonly revision: number;
  /** A prefilled new contact (from "Add to contacts" in the history), opened at once. */
  readonly draft: ContactFormValues | null;
  readonly onDraftOpened: () => void;
  /** A call was placed: the app shows it. */
  readonly onCalled: () => void;
}

type Editing = { readonly contact: Contact | undefined; readonly initial: ContactFormValues };

/** How many contacts the list shows without a search (a long list is for searching, not scrolling). */
const LIST_LIMIT = 1000;

/** How long typing pauses before a search goes out. */
const SEARCH_DELAY_MS = 120;

/** The contacts view. */
export function ContactsView({ store, accounts, mode, revision, draft, onDraftOpened, onCalled }: ContactsViewProps): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [favouritesOnly, setFavouritesOnly] = useState(false);
  const [contacts, setContacts] = useState<readonly Contact[] | null>(null);
  /** How many contacts the unfiltered list has, when it shows only the first page. */
  const [more, setMore] = useState(0);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [importing, setImporting] = useState<PickedFile | null>(null);
  const [notice, setNotice] = useState('');
  const [fileError, setFileError] = useState<AppError | null>(null);
  const [exportFormat, setExportFormat] = useState<CommandArgs<'contacts.export'>['format']>('vcard');
  const fileInput = useRef<HTMLInputElement>(null);
  const request = useRef(0);
  const dialer = useDial(store, accounts);

  useEffect(() => {
    if (!draft) return;
    setEditing({ contact: undefined, initial: draft });
    onDraftOpened();
  }, [draft, onDraftOpened]);

  useEffect(() => {
    const id = ++request.current;
    const q = query.trim();
    const timer = setTimeout(
      () => {
        void (async () => {
          const result: Result<{ contacts: Contact[]; total?: number }> = q === '' ? await store.invoke('contacts.list', { limit: LIST_LIMIT, favouritesOnly }) : await store.invoke('contacts.search', { query: q, limit: 200 });
          if (id !== request.current) return;
          if (!result.ok) {
            setLoadError(result.error);
            return;
          }
          setLoadError(null);
          const found = result.data.contacts;
          setContacts(favouritesOnly ? found.filter((c) => c.favourite) : found);
          setMore(Math.max(0, (result.data.total ?? 0) - found.length));
        })();
      },
      q === '' ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [store, query, favouritesOnly, revision]);

  const call = async (target: string): Promise<void> => {
    if (await dialer.dial(target)) onCalled();
  };

  const pickFile = async (file: File): Promise<void> => {
    setNotice('');
    setFileError(null);
    if (file.size > MAX_IMPORT_FILE_BYTES) {
      setFileError({ code: 'FILE_TOO_LARGE', message: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; contacts files up to ${MAX_IMPORT_FILE_BYTES / 1048576} MB can be imported.` });
      return;
    }
    const content = decodeContactFile(new Uint8Array(await file.arrayBuffer()));
    const tooLarge = importSizeProblem(file.name, content, mode);
    if (tooLarge) {
      setFileError({ code: 'FILE_TOO_LARGE', message: tooLarge });
      return;
    }
    if (content.trim() === '') {
      setFileError({ code: 'IMPORT_INVALID', message: `${file.name} is empty.` });
      return;
    }
    setImporting({ name: file.name, content });
  };

  const doExport = async (): Promise<void> => {
    setNotice('');
    setFileError(null);
    const spec = exportFormats.find((f) => f.format === exportFormat) ?? exportFormats[0];
    if (!spec) return;
    const result = await store.invoke('contacts.export', { format: spec.format });
    if (!result.ok) {
      setFileError(result.error);
      return;
    }
    const blob = new Blob([result.data.text ?? ''], { type: spec.extension === 'vcf' ? 'text/vcard' : 'text/csv' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(spec.extension, new Date());
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setNotice(`Exported ${result.data.count} ${result.data.count === 1 ? 'contact' : 'contacts'} as ${spec.label}.`);
  };

  if (editing) {
    return (
      <div className="contacts">
        <ContactForm
          store={store}
          contact={editing.contact}
          initial={editing.initial}
          onDone={(saved) => {
            setEditing(null);
            if (saved) setNotice(`Saved ${saved.name || saved.organization || 'the contact'}.`);
          }}
        />
      </div>
    );
  }
  if (importing) {
    return (
      <div className="contacts">
        <ImportPanel
          store={store}
          file={importing}
          onDone={(summary) => {
            setImporting(null);
            if (summary) setNotice(summary);
          }}
        />
      </div>
    );
  }

  const searching = query.trim() !== '';
  return (
    <div className="contacts">
      <div className="contacts-toolbar">
        <input
          type="search"
          className="contact-search"
          aria-label="Search contacts"
          placeholder="Search"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ contact: undefined, initial: emptyContactForm })}>
          Add contact
        </button>
      </div>
      <div className="contacts-filters">
        <label className="check">
          <input type="checkbox" checked={favouritesOnly} onChange={(e) => setFavouritesOnly(e.target.checked)} />
          Favourites only
        </label>
        {!dialer.canCall && accounts.length > 0 ? <span className="hint">{dialer.account ? `${dialer.account.id} is not registered, so it cannot call.` : ''}</span> : null}
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {fileError ? <ErrorMessage error={fileError} /> : null}
      {dialer.error ? <ErrorMessage error={dialer.error} /> : null}
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {contacts && contacts.length > 0 ? (
        <ul className="contact-list" aria-label={searching ? `Contacts matching ${query.trim()}` : favouritesOnly ? 'Favourite contacts' : 'Contacts'}>
          {contacts.map((c) => (
            <ContactRow key={c.id} store={store} contact={c} canCall={dialer.canCall && !dialer.busy} onCall={(t) => void call(t)} onEdit={() => setEditing({ contact: c, initial: formValuesFromContact(c) })} />
          ))}
        </ul>
      ) : null}
      {more > 0 && !searching ? (
        <p className="hint" role="status">
          {more} more contacts are not listed; search to find them.
        </p>
      ) : null}
      {contacts && contacts.length === 0 ? (
        <p className="empty" role="status">
          {searching ? `No contact matches “${query.trim()}”.` : favouritesOnly ? 'No favourites yet. Press ☆ next to a contact.' : 'No contacts yet. Add one, or import a vCard or CSV file.'}
        </p>
      ) : null}
      <section className="contacts-files" aria-label="Import and export">
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Contacts file to import"
          accept=".vcf,.vcard,.csv,text/vcard,text/csv"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void pickFile(file);
          }}
        />
        <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
          Import contacts…
        </button>
        <span className="export">
          <select aria-label="Export format" value={exportFormat} onChange={(e) => setExportFormat(e.target.value as typeof exportFormat)}>
            {exportFormats.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={() => void doExport()}>
            Export contacts
          </button>
        </span>
      </section>
    </div>
  );
}
