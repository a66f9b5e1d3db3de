/**
 * Importing a contacts file: the picked file's text goes to
 * `contacts.previewImport`, which says what would happen (new contacts,
 * merges with existing ones, rows that cannot be imported and why) without
 * writing anything; Import then sends `contacts.import`, skipping the invalid
 * rows only when the user chose that. Nothing is written before that choice.
 */
import { useEffect, useRef, useState } from 'react';
import { displayNameOf } from '../../../../main/common/contacts/contact';
import type { CommandResult } from '../../../../main/common/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Store } from '../../store/store';
import { useCommand } from '../calls/useCommand';
import { issueText } from './contacts-model';

/** The picked file, read. */
export interface PickedFile {
  readonly name: string;
  readonly content: string;
}

/** Props of {@link ImportPanel}. */
export interface ImportPanelProps {
  readonly store: Store;
  readonly file: PickedFile;
  readonly onDone: (summary: string | undefined) => void;
}

const formatNames: Readonly<Record<string, string>> = {
  vcard: 'vCard',
  'csv-google': 'Google CSV',
  'csv-outlook': 'Outlook CSV',
  'csv-microsip': 'MicroSIP CSV',
  csv: 'CSV',
};

/** The preview and the Import button. */
export function ImportPanel({ store, file, onDone }: ImportPanelProps): React.JSX.Element {
  const [preview, setPreview] = useState<CommandResult<'contacts.previewImport'> | null>(null);
  const load = useCommand();
  const run = useCommand();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    void load.run(async () => {
      const result = await store.invoke('contacts.previewImport', { content: file.content, fileName: file.name });
      if (result.ok) setPreview(result.data);
      return result;
    });
  }, [file, store, load.run]);

  const doImport = async (): Promise<void> => {
    let summary = '';
    const done = await run.run(async () => {
      const result = await store.invoke('contacts.import', { content: file.content, fileName: file.name, skipInvalid: (preview?.skipped ?? 0) > 0 });
      if (result.ok) {
        const r = result.data;
        summary = `Imported ${r.imported} new ${r.imported === 1 ? 'contact' : 'contacts'} from ${file.name}` + (r.merged > 0 ? `, merged ${r.merged} into existing ones` : '') + (r.skipped > 0 ? `, skipped ${r.skipped} invalid ${r.skipped === 1 ? 'row' : 'rows'}` : '') + '.';
      }
      return result;
    });
    if (done) onDone(summary);
  };

  const importable = preview !== null && preview.creates + preview.merges > 0;
  return (
    <section className="import-panel" aria-labelledby="import-heading">
      <h2 id="import-heading" ref={heading} tabIndex={-1}>
        Import {file.name}
      </h2>
      {load.pending ? <p aria-live="polite">Reading the file…</p> : null}
      {load.error ? <ErrorMessage error={load.error} /> : null}
      {preview ? (
        <>
          <p className="import-summary" role="status">
            {formatNames[preview.format] ?? preview.format}: {preview.rows} {preview.rows === 1 ? 'row' : 'rows'}. {preview.creates} new, {preview.merges} merged into existing contacts
            {preview.skipped > 0 ? `, ${preview.skipped} cannot be imported` : ''}.
          </p>
          {preview.issues.length > 0 ? (
            <div className="import-issues">
              <h3>Rows that cannot be imported</h3>
              <ul aria-label="Rows that cannot be imported">
                {preview.issues.map((issue) => (
                  <li key={issue.row}>{issueText(issue)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.sample.length > 0 ? (
            <ul className="import-sample" aria-label="Contacts to import">
              {preview.sample.slice(0, 8).map((c, i) => (
                <li key={i}>
                  <span className="sample-name">{displayNameOf({ ...c, phones: c.phones })}</span>
                  <span className="sample-numbers">{[...c.phones.map((p) => p.number), ...c.sipUris].join(', ')}</span>
                </li>
              ))}
              {preview.creates > 8 ? <li className="sample-more">and {preview.creates - 8} more</li> : null}
            </ul>
          ) : null}
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={!importable || run.pending} onClick={() => void doImport()}>
          {preview && preview.skipped > 0 ? `Import, skipping ${preview.skipped} invalid` : 'Import'}
        </button>
        <button type="button" className="btn" onClick={() => onDone(undefined)}>
          Cancel
        </button>
      </div>
      {run.error ? <ErrorMessage error={run.error} /> : null}
    </section>
  );
}
