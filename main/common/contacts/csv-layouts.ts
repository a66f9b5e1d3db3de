/**
 * The CSV column layouts of Google Contacts, Outlook and MicroSIP: detection
 * from the header, reading a record into a contact, writing contacts back.
 *
 * Google: `Name` or `Given/First Name`…, `Phone N - Type|Label` + `Phone N - Value`
 * (several numbers joined by ` ::: `), `E-mail N - Value`, `Organization 1 - Name`
 * or `Organization Name`, `Group Membership`/`Labels` (`* starred` = favourite).
 * Outlook: `First Name`, `Middle Name`, `Last Name`, `Company`, one column per
 * phone kind (`Mobile Phone`, `Business Phone 2`, `Home Fax`…), `E-mail Address`…
 * MicroSIP: `Name`, `Number` (a number or a SIP address), optional `Presence`,
 * `Directory`, and in newer versions `Phone`, `Mobile`, `Email`, `Comment`, `Starred`.
 */
import type { Contact, PhoneLabel } from './contact';
import { formatCsv, parseCsv } from './csv';
import { acceptRow, emptyRaw, type ContactFileFormat, type ImportIssue, type ImportRow, type ParsedContacts, type RawContact } from './import-rows';

/** The CSV layouts. */
export type CsvLayout = Extract<ContactFileFormat, `csv-${string}`>;

type Header = ReadonlyMap<string, number>;
type Get = (column: string) => string;

function headerOf(fields: readonly string[]): Header {
  const map = new Map<string, number>();
  fields.forEach((f, i) => {
    const k = f.trim().toLowerCase();
    if (k && !map.has(k)) map.set(k, i);
  });
  return map;
}

/** Recognizes a layout from the header, or says none matched. */
export function detectCsvLayout(fields: readonly string[]): CsvLayout | undefined {
  const h = headerOf(fields);
  if (h.has('phone 1 - value') || h.has('e-mail 1 - value') || h.has('given name')) return 'csv-google';
  if (h.has('mobile phone') || h.has('business phone') || h.has('home phone') || (h.has('first name') && h.has('e-mail address'))) return 'csv-outlook';
  if (h.has('name') && h.has('number')) return 'csv-microsip';
  return undefined;
}

const joinName = (...parts: string[]): string => parts.map((p) => p.trim()).filter(Boolean).join(' ');

function addNumber(c: RawContact, value: string, label: PhoneLabel): void {
  const v = value.trim();
  if (v === '') return;
  if (/^sips?:/i.test(v)) c.sipUris.push(v);
  else c.phones.push({ number: v, label });
}

function googleLabel(type: string): PhoneLabel {
  const t = type.replace(/^\*\s*/, '').toLowerCase();
  if (t.includes('fax')) return 'fax';
  if (t.includes('pager')) return 'pager';
  if (t.includes('mobile') || t.includes('cell')) return 'mobile';
  if (t.includes('work')) return 'work';
  if (t.includes('home')) return 'home';
  if (t.includes('main')) return 'main';
  return 'other';
}

function readGoogle(get: Get, h: Header): RawContact {
  const c = emptyRaw();
  c.name = get('name') || joinName(get('name prefix'), get('given name') || get('first name'), get('additional name') || get('middle name'), get('family name') || get('last name'), get('name suffix')) || get('nickname');
  c.organization = get('organization 1 - name') || get('organization name');
  c.notes = get('notes');
  c.favourite = /\bstarred\b/i.test(`${get('group membership')} ${get('labels')}`);
  for (let n = 1; h.has(`phone ${n} - value`); n++) {
    const label = googleLabel(get(`phone ${n} - type`) || get(`phone ${n} - label`));
    for (const v of get(`phone ${n} - value`).split(':::')) addNumber(c, v, label);
  }
  for (let n = 1; h.has(`e-mail ${n} - value`); n++) c.emails.push(...get(`e-mail ${n} - value`).split(':::').map((e) => e.trim()));
  for (let n = 1; h.has(`website ${n} - value`); n++) {
    for (const v of get(`website ${n} - value`).split(':::')) if (/^sips?:/i.test(v.trim())) c.sipUris.push(v.trim());
  }
  return c;
}

const OUTLOOK_PHONES: ReadonlyArray<readonly [string, PhoneLabel]> = [
  ['primary phone', 'main'], ['company main phone', 'main'], ['mobile phone', 'mobile'], ['car phone', 'mobile'],
  ['business phone', 'work'], ['business phone 2', 'work'], ["assistant's phone", 'work'], ['callback', 'other'],
  ['home phone', 'home'], ['home phone 2', 'home'], ['other phone', 'other'], ['isdn', 'other'], ['radio phone', 'other'],
  ['tty/tdd phone', 'other'], ['telex', 'other'], ['business fax', 'fax'], ['home fax', 'fax'], ['other fax', 'fax'], ['pager', 'pager'],
];

function readOutlook(get: Get): RawContact {
  const c = emptyRaw();
  c.name = get('name') || get('display name') || joinName(get('title'), get('first name'), get('middle name'), get('last name'), get('suffix'));
  c.organization = get('company');
  c.notes = get('notes');
  c.favourite = /\bfavou?rites?\b/i.test(get('categories'));
  for (const [column, label] of OUTLOOK_PHONES) addNumber(c, get(column), label);
  c.emails.push(get('e-mail address'), get('e-mail 2 address'), get('e-mail 3 address'));
  return c;
}

function readMicrosip(get: Get): RawContact {
  const c = emptyRaw();
  c.name = get('name') || joinName(get('firstname'), get('lastname'));
  const number = get('number').trim();
  if (/^sips?:/i.test(number)) c.sipUris.push(number);
  else if (number.includes('@')) c.sipUris.push(`sip:${number}`);
  else addNumber(c, number, 'other');
  addNumber(c, get('phone'), 'work');
  addNumber(c, get('mobile'), 'mobile');
  c.emails.push(get('email'));
  c.notes = [get('comment'), get('info')].filter(Boolean).join('\n');
  c.favourite = get('starred') === '1';
  return c;
}

/** Parses CSV text in one of the layouts (detected from the header unless `layout` is given). */
export function parseContactsCsv(text: string, layout?: CsvLayout): ParsedContacts | { error: string } {
  const table = parseCsv(text);
  const [head, ...records] = table.records;
  if (!head) return { error: 'The file is empty: there is no CSV header.' };
  const detected = layout ?? detectCsvLayout(head.fields);
  if (!detected) {
    return { error: `The CSV header (${head.fields.slice(0, 6).join(', ')}${head.fields.length > 6 ? ', …' : ''}) is not a Google, Outlook or MicroSIP contacts export.` };
  }
  const h = headerOf(head.fields);
  const rows: ImportRow[] = [];
  const issues: ImportIssue[] = [];
  records.forEach((record, i) => {
    const row = i + 1;
    const where = `row ${row} (line ${record.line})`;
    const extra = record.fields.slice(head.fields.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) {
      issues.push({ row, message: `${where}: ${record.fields.length} fields, but the header has ${head.fields.length}` });
      return;
    }
    const get: Get = (column) => {
      const idx = h.get(column);
      return idx === undefined ? '' : (record.fields[idx] ?? '').trim();
    };
    const raw = detected === 'csv-google' ? readGoogle(get, h) : detected === 'csv-outlook' ? readOutlook(get) : readMicrosip(get);
    acceptRow(raw, row, where, rows, issues);
  });
  if (table.error) issues.push({ row: records.length + 1, message: `${table.error.message}; everything after it was not read` });
  return { format: detected, rows, issues };
}

function splitName(name: string): [string, string] {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words.length < 2 ? [words[0] ?? '', ''] : [words.slice(0, -1).join(' '), words[words.length - 1] ?? ''];
}

const GOOGLE_TYPE: Readonly<Record<PhoneLabel, string>> = { mobile: 'Mobile', work: 'Work', home: 'Home', main: 'Main', fax: 'Work Fax', pager: 'Pager', other: 'Other' };

function writeGoogle(contacts: readonly Contact[]): string[][] {
  const phones = Math.max(1, ...contacts.map((c) => c.phones.length));
  const emails = Math.max(1, ...contacts.map((c) => c.emails.length));
  const sites = Math.max(1, ...contacts.map((c) => c.sipUris.length));
  const header = ['Name', 'Given Name', 'Family Name', 'Organization 1 - Name', 'Notes', 'Group Membership'];
  for (let n = 1; n <= emails; n++) header.push(`E-mail ${n} - Type`, `E-mail ${n} - Value`);
  for (let n = 1; n <= phones; n++) header.push(`Phone ${n} - Type`, `Phone ${n} - Value`);
  for (let n = 1; n <= sites; n++) header.push(`Website ${n} - Type`, `Website ${n} - Value`);
  const rows = contacts.map((c) => {
    const [given, family] = splitName(c.name);
    const row = [c.name, given, family, c.organization, c.notes, c.favourite ? '* myContacts ::: * starred' : '* myContacts'];
    for (let n = 0; n < emails; n++) row.push(c.emails[n] ? '* Other' : '', c.emails[n] ?? '');
    for (let n = 0; n < phones; n++) row.push(c.phones[n] ? GOOGLE_TYPE[c.phones[n]!.label] : '', c.phones[n]?.number ?? '');
    for (let n = 0; n < sites; n++) row.push(c.sipUris[n] ? 'SIP' : '', c.sipUris[n] ?? '');
    return row;
  });
  return [header, ...rows];
}

const OUTLOOK_SLOTS: Readonly<Record<PhoneLabel, readonly string[]>> = {
  mobile: ['Mobile Phone', 'Car Phone'], work: ['Business Phone', 'Business Phone 2'], home: ['Home Phone', 'Home Phone 2'],
  main: ['Primary Phone', 'Company Main Phone'], fax: ['Business Fax', 'Home Fax', 'Other Fax'], pager: ['Pager'], other: ['Other Phone', 'Callback'],
};

function writeOutlook(contacts: readonly Contact[]): string[][] {
  const phoneColumns = Object.values(OUTLOOK_SLOTS).flat();
  const header = ['First Name', 'Last Name', 'Company', 'E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address', ...phoneColumns, 'Notes', 'Categories'];
  const rows = contacts.map((c) => {
    const [first, last] = splitName(c.name);
    const slots = new Map<string, string>();
    const overflow: string[] = [];
    for (const p of c.phones) {
      const free = [...OUTLOOK_SLOTS[p.label], 'Other Phone', 'Callback'].find((s) => !slots.has(s));
      if (free) slots.set(free, p.number);
      else overflow.push(p.number);
    }
    // Outlook has no column for SIP addresses or a fourth email: keep them in the notes rather than lose them.
    const extras = [...c.sipUris.map((u) => `SIP: ${u}`), ...c.emails.slice(3).map((e) => `E-mail: ${e}`), ...overflow.map((n) => `Phone: ${n}`)];
    const notes = [c.notes, ...extras].filter(Boolean).join('\n');
    return [first, last, c.organization, c.emails[0] ?? '', c.emails[1] ?? '', c.emails[2] ?? '', ...phoneColumns.map((col) => slots.get(col) ?? ''), notes, c.favourite ? 'Favorites' : ''];
  });
  return [header, ...rows];
}

function writeMicrosip(contacts: readonly Contact[]): string[][] {
  const header = ['Name', 'Number', 'Phone', 'Mobile', 'Email', 'Comment', 'Presence', 'Starred'];
  const rows = contacts.map((c) => {
    const mobile = c.phones.find((p) => p.label === 'mobile');
    const primary = c.sipUris[0] ?? c.phones.find((p) => p !== mobile)?.number ?? mobile?.number ?? '';
    const phone = c.phones.find((p) => p !== mobile && p.number !== primary)?.number ?? '';
    return [c.name || c.organization, primary, phone, mobile && mobile.number !== primary ? mobile.number : '', c.emails[0] ?? '', c.notes, '0', c.favourite ? '1' : '0'];
  });
  return [header, ...rows];
}

/** Writes contacts as CSV in `layout`. */
export function formatContactsCsv(contacts: readonly Contact[], layout: CsvLayout): string {
  return formatCsv(layout === 'csv-google' ? writeGoogle(contacts) : layout === 'csv-outlook' ? writeOutlook(contacts) : writeMicrosip(contacts));
}
