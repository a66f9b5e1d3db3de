/**
 * Pure helpers of the contacts view: what a contact can be called on, how a
 * picked import file's bytes become text, and the name of an export.
 */
import type { Contact } from '../../../../main/common/contacts/contact';
import type { CommandArgs } from '../../../../main/common/ipc/contract';
import { phoneLabelNames } from './contact-form-model';

/** One way to call a contact. */
export interface DialChoice {
  /** What the menu says: "Mobile +1 555 0100", "SIP sip:bob@pbx". */
  readonly label: string;
  /** What `call.dial` gets. */
  readonly target: string;
}

/** Every number, then every SIP address of a contact, in the order stored. */
export function dialChoices(contact: Pick<Contact, 'phones' | 'sipUris'>): DialChoice[] {
  return [
    ...contact.phones.map((p) => ({ label: `${phoneLabelNames[p.label]} ${p.number}`, target: p.number })),
    ...contact.sipUris.map((u) => ({ label: `SIP ${u.replace(/^sips?:/i, '')}`, target: u })),
  ];
}

/** The choice to call for what was typed in the dialpad: one whose digits contain the typed digits, else the first. */
export function bestDialChoice(contact: Pick<Contact, 'phones' | 'sipUris'>, typed: string): DialChoice | undefined {
  const choices = dialChoices(contact);
  const digits = typed.replace(/\D/g, '');
  return (digits.length >= 2 ? choices.find((c) => c.target.replace(/\D/g, '').includes(digits)) : undefined) ?? choices[0];
}

/** The export formats the view offers, with what a person reads. */
export const exportFormats: ReadonlyArray<{ readonly format: CommandArgs<'contacts.export'>['format']; readonly label: string; readonly extension: 'vcf' | 'csv' }> = [
  { format: 'vcard', label: 'vCard 4.0', extension: 'vcf' },
  { format: 'vcard3', label: 'vCard 3.0 (older phones and apps)', extension: 'vcf' },
  { format: 'csv-google', label: 'CSV for Google Contacts', extension: 'csv' },
  { format: 'csv-outlook', label: 'CSV for Outlook', extension: 'csv' },
  { format: 'csv-microsip', label: 'CSV for MicroSIP', extension: 'csv' },
];

/** `dialtone-contacts-2026-11-24.vcf`, in local time. */
export function exportFileName(extension: string, now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `dialtone-contacts-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}.${extension}`;
}

/** The largest file the core imports (its own limit, `MAX_IMPORT_BYTES`). */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The largest WebSocket frame the browser-mode server accepts (its
 * `MAX_FRAME_CHARS`; a test keeps the two equal). A bigger frame would close
 * the connection, so the view refuses such a file first, with a way out.
 */
export const BROWSER_FRAME_LIMIT = 1024 * 1024;

/**
 * Why a picked file cannot be sent, or undefined when it can: over the core's
 * import limit anywhere; in browser mode, also when the request frame carrying
 * its text would exceed the server's frame limit (Electron IPC has none).
 */
export function importSizeProblem(name: string, content: string, mode: 'electron' | 'browser' | 'headless' | undefined): string | undefined {
  const bytes = new TextEncoder().encode(content).length;
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  if (bytes > MAX_IMPORT_FILE_BYTES) return `${name} is ${mb(bytes)} MB; contacts files up to ${MAX_IMPORT_FILE_BYTES / 1048576} MB can be imported.`;
  if (mode !== 'browser') return undefined;
  const frame = new TextEncoder().encode(JSON.stringify({ id: 0, cmd: 'contacts.previewImport', args: { content, fileName: name } })).length;
  if (frame <= BROWSER_FRAME_LIMIT) return undefined;
  return `${name} is ${mb(bytes)} MB; in browser mode the page can send files up to about 1 MB. Import it in the desktop app, or with the headless contacts.import command and the file's path.`;
}

/**
 * A picked contacts file's bytes as text, with the encodings contact exports
 * use: a BOM says UTF-8 or UTF-16; without one, valid UTF-8 is UTF-8 and
 * anything else is Windows-1252 (older Outlook exports). The same rules as
 * the core's file reader, so a file imports the same picked or by path.
 */
export function decodeContactFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Initials for a contact's avatar ("Ada Lovelace" → "AL"; a number → "#"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w[0] ?? ''));
  if (words.length === 0) return '#';
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** "Row 3 (line 5): …": the core's message names the row itself; else the row number leads. */
export function issueText(issue: { readonly row: number; readonly message: string }): string {
  return /^row \d+/i.test(issue.message) ? `R${issue.message.slice(1)}` : `Row ${issue.row}: ${issue.message}`;
}
