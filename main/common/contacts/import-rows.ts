/**
 * What every contact-file parser returns: the rows that became contacts and
 * the rows that could not, each with its position in the file, so the user sees
 * a preview and a per-row report before anything is written.
 */
import { describeIssues } from '../validation';
import { ContactInputSchema, type ContactInput } from './contact';

/** File formats the address book reads and writes. */
export const ContactFileFormats = ['vcard', 'csv-google', 'csv-outlook', 'csv-microsip'] as const;
/** One of {@link ContactFileFormats}. */
export type ContactFileFormat = (typeof ContactFileFormats)[number];

/** A row (vCard card or CSV record) that parsed into a contact. */
export interface ImportRow {
  /** 1-based position of the card or data record in the file. */
  readonly row: number;
  readonly contact: ContactInput;
}

/** A row that could not be used, and why, in words a user can act on. */
export interface ImportIssue {
  readonly row: number;
  readonly message: string;
}

/** A whole parsed file. */
export interface ParsedContacts {
  readonly format: ContactFileFormat;
  readonly rows: ImportRow[];
  readonly issues: ImportIssue[];
}

/** Raw fields gathered from one row, before validation. */
export interface RawContact {
  name: string;
  organization: string;
  phones: Array<{ number: string; label: ContactInput['phones'][number]['label'] }>;
  sipUris: string[];
  emails: string[];
  favourite: boolean;
  notes: string;
}

/** An empty {@link RawContact}. */
export function emptyRaw(): RawContact {
  return { name: '', organization: '', phones: [], sipUris: [], emails: [], favourite: false, notes: '' };
}

/** Validates one raw row, pushing it to `rows` or its reason to `issues`. */
export function acceptRow(raw: RawContact, row: number, where: string, rows: ImportRow[], issues: ImportIssue[]): void {
  const parsed = ContactInputSchema.safeParse({
    ...raw,
    phones: raw.phones.filter((p) => p.number.trim() !== ''),
    sipUris: [...new Set(raw.sipUris.filter((u) => u.trim() !== ''))],
    emails: [...new Set(raw.emails.filter((e) => e.trim() !== ''))],
  });
  if (parsed.success) rows.push({ row, contact: parsed.data });
  else issues.push({ row, message: `${where}: ${describeIssues(parsed.error)}` });
}
