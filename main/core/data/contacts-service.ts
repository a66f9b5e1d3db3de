/**
 * The address book: editing, search as you type, caller-ID lookup, and
 * import/export of vCard and CSV files.
 *
 * Import is two-step, as a user expects: `preview` parses and plans without
 * writing (how many contacts would be created, merged, skipped, and why);
 * `import` writes everything in one transaction, and refuses (writing
 * nothing) when some rows are invalid unless the user confirmed skipping
 * them. Numbers are normalized to E.164 in the default region (a setting) for
 * matching; what the user typed is kept for display.
 */
import { randomUUID } from 'node:crypto';
import { ContactInputSchema, type Contact, type ContactInput } from '../../common/contacts/contact';
import { formatContactsCsv, parseContactsCsv } from '../../common/contacts/csv-layouts';
import type { ContactFileFormat, ImportIssue, ParsedContacts } from '../../common/contacts/import-rows';
import { contactKeys, planImport, type ImportPlan } from '../../common/contacts/merge';
import { normalizeNumber, numberFromUri, sipUriKey } from '../../common/contacts/phone-number';
import { formatVCards, parseVCards } from '../../common/contacts/vcard';
import type { CommandResult, EventData, EventName } from '../../common/ipc/contract';
import { err, ok, type Result } from '../../common/result';
import type { Clock } from '../ports/clock';
import type { FilePort } from '../ports/files';
import type { Logger } from '../ports/logger';
import type { ContactWrite, StoragePort } from '../ports/storage';
import { createSerial } from './serial';
import type { SettingsService } from './settings-service';

/** The largest file `contacts.import` reads: 20 MB holds well over 50,000 vCards. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** How many issues a reply lists (the count is always exact). */
const MAX_LISTED_ISSUES = 500;
/** How many keys one lookup query binds (SQLite allows 32,766 variables). */
const KEY_CHUNK = 500;

/** How messages name an import's file. */
function sourceName(source: ImportSource): string {
  return typeof source === 'string' ? source : (source.name ?? 'the file');
}

/** Export formats. */
export type ExportFormat = 'vcard' | 'vcard3' | 'csv-google' | 'csv-outlook' | 'csv-microsip';

/**
 * Where an import's text comes from: a path the core reads through the
 * {@link FilePort}, or the text a client already read (a sandboxed renderer
 * holds a picked file's bytes, never its path), with the file name for messages.
 */
export type ImportSource = string | { readonly content: string; readonly name?: string };

/** The address book as commands see it. */
export interface ContactsService {
  list(offset: number, limit: number, favouritesOnly: boolean): Promise<Result<{ contacts: Contact[]; total: number }>>;
  search(query: string, limit: number): Promise<Result<Contact[]>>;
  get(id: string): Promise<Result<Contact>>;
  save(input: ContactInput, id?: string): Promise<Result<Contact>>;
  remove(ids: readonly string[]): Promise<Result<number>>;
  /** Caller ID: the best contact for a number or SIP/tel URI, or null. */
  lookup(numberOrUri: string): Promise<Result<Contact | null>>;
  preview(source: ImportSource, format?: ContactFileFormat): Promise<Result<CommandResult<'contacts.previewImport'>>>;
  import(source: ImportSource, options: { format?: ContactFileFormat; skipInvalid: boolean }): Promise<Result<CommandResult<'contacts.import'>>>;
  export(format: ExportFormat, path?: string): Promise<Result<{ count: number; text?: string }>>;
}

/** What the contacts service needs. */
export interface ContactsDeps {
  readonly storage: StoragePort;
  readonly files: FilePort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: SettingsService;
  readonly publish: <K extends EventName>(event: K, data: EventData<K>) => void;
}

/** The E.164 forms and match keys of a contact in `region`. */
function toWrite(contact: Omit<Contact, 'phones'> & { phones: ReadonlyArray<{ number: string; label: Contact['phones'][number]['label'] }> }, region: string): ContactWrite {
  const phones = contact.phones.map((p) => {
    const e164 = normalizeNumber(p.number, region).e164;
    return e164 === undefined ? { number: p.number, label: p.label } : { number: p.number, label: p.label, e164 };
  });
  return { contact: { ...contact, phones }, keys: contactKeys(contact, region) };
}

/** Reads the format from the text when the caller did not name it. */
function parseFile(text: string, format?: ContactFileFormat): Result<ParsedContacts> {
  const isVCard = format === 'vcard' || (format === undefined && /^\s*BEGIN:VCARD\s*$/im.test(text.slice(0, 4096)));
  if (isVCard) {
    const parsed = parseVCards(text);
    if (parsed.rows.length === 0 && !/BEGIN:VCARD/i.test(text)) return err('IMPORT_INVALID', 'The file holds no vCard (no BEGIN:VCARD line).');
    return ok(parsed);
  }
  const parsed = parseContactsCsv(text, format);
  return 'error' in parsed ? err('IMPORT_INVALID', parsed.error) : ok(parsed);
}

function describeIssuesShort(issues: readonly ImportIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => i.message).join('; ');
  return issues.length > 5 ? `${shown}; and ${issues.length - 5} more` : shown;
}

/** Creates the contacts service. */
export function createContactsService(deps: ContactsDeps): ContactsService {
  const log = deps.logger.child('contacts');
  const serial = createSerial();
  const region = async (): Promise<string> => (await deps.settings.get()).contacts.defaultRegion;

  const changed = (reason: EventData<'contacts.changed'>['reason'], ids: readonly string[]): void => {
    deps.publish('contacts.changed', { reason, ids: ids.slice(0, 500), count: ids.length });
  };

  const findByKeys = async (keys: readonly string[]): Promise<Result<Contact[]>> => {
    const found = new Map<string, Contact>();
    for (let i = 0; i < keys.length; i += KEY_CHUNK) {
      const chunk = keys.slice(i, i + KEY_CHUNK);
      const r = await deps.storage.contacts.findByKeys(chunk, chunk.length * 4 + 20);
      if (!r.ok) return r;
      for (const c of r.data) found.set(c.id, c);
    }
    return ok([...found.values()]);
  };

  const readSource = async (source: ImportSource): Promise<Result<string>> => {
    if (typeof source === 'string') return deps.files.readUserText(source, MAX_IMPORT_BYTES);
    const bytes = Buffer.byteLength(source.content, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) return err('FILE_TOO_LARGE', `${sourceName(source)} is ${(bytes / 1048576).toFixed(1)} MB; contacts files up to ${MAX_IMPORT_BYTES / 1048576} MB can be imported.`);
    return ok(source.content.replace(/^\uFEFF/, ''));
  };

  const prepare = async (source: ImportSource, format?: ContactFileFormat): Promise<Result<{ parsed: ParsedContacts; plan: ImportPlan; region: string }>> => {
    const text = await readSource(source);
    if (!text.ok) return text;
    const parsed = parseFile(text.data, format);
    if (!parsed.ok) return parsed;
    const r = await region();
    const incoming = parsed.data.rows.map((row) => row.contact);
    const keys = [...new Set(incoming.flatMap((c) => contactKeys(c, r)))];
    const existing = await findByKeys(keys);
    if (!existing.ok) return existing;
    return ok({ parsed: parsed.data, plan: planImport(incoming, existing.data, r), region: r });
  };

  // Settings: a new default region changes every E.164 form and key; redo them in one transaction.
  deps.settings.onChange(async (next, previous) => {
    if (next.contacts.defaultRegion === previous.contacts.defaultRegion) return;
    await serial(async () => {
      const all = await deps.storage.contacts.all();
      if (!all.ok) {
        log.error('cannot re-normalize contacts', { reason: all.error.message });
        return;
      }
      const written = await deps.storage.contacts.put(all.data.map((c) => toWrite(c, next.contacts.defaultRegion)));
      if (!written.ok) log.error('cannot re-normalize contacts', { reason: written.error.message });
      else changed('renormalized', all.data.map((c) => c.id));
    });
  });

  return {
    list: (offset, limit, favouritesOnly) => deps.storage.contacts.list({ offset, limit, favouritesOnly }),
    search: (query, limit) => deps.storage.contacts.search(query, limit),
    async get(id) {
      const r = await deps.storage.contacts.get([id]);
      if (!r.ok) return r;
      return r.data[0] ? ok(r.data[0]) : err('NOT_FOUND', `No contact "${id}".`);
    },
    save: (input, id) =>
      serial(async () => {
        const checked = ContactInputSchema.safeParse(input);
        if (!checked.success) return err('INVALID_ARGS', checked.error.issues.map((i) => i.message).join('; '));
        const now = deps.clock.now();
        let createdAt = now;
        if (id !== undefined) {
          const existing = await deps.storage.contacts.get([id]);
          if (!existing.ok) return existing;
          if (!existing.data[0]) return err('NOT_FOUND', `No contact "${id}".`);
          createdAt = existing.data[0].createdAt;
        }
        const write = toWrite({ ...checked.data, id: id ?? randomUUID(), createdAt, updatedAt: now }, await region());
        const stored = await deps.storage.contacts.put([write]);
        if (!stored.ok) return stored;
        changed('saved', [write.contact.id]);
        return ok(write.contact);
      }),
    remove: (ids) =>
      serial(async () => {
        const r = await deps.storage.contacts.remove(ids);
        if (r.ok && r.data > 0) changed('deleted', ids);
        return r;
      }),
    async lookup(numberOrUri) {
      const r = await region();
      const keys: string[] = [];
      const number = numberFromUri(numberOrUri);
      if (number !== undefined) {
        const n = normalizeNumber(number, r);
        if (n.key) keys.push(`tel:${n.key}`);
        if (n.digits && n.digits !== n.key) keys.push(`tel:${n.digits}`);
      }
      const sip = sipUriKey(numberOrUri);
      if (sip) keys.push(`sip:${sip.toLowerCase()}`);
      if (keys.length === 0) return ok(null);
      const found = await deps.storage.contacts.findByKeys(keys, 1);
      return found.ok ? ok(found.data[0] ?? null) : found;
    },
    async preview(source, format) {
      const prepared = await prepare(source, format);
      if (!prepared.ok) return prepared;
      const { parsed, plan } = prepared.data;
      return ok({
        format: parsed.format,
        rows: parsed.rows.length + parsed.issues.length,
        creates: plan.creates.length,
        merges: plan.merged,
        issues: parsed.issues.slice(0, MAX_LISTED_ISSUES),
        skipped: parsed.issues.length,
        sample: plan.creates.slice(0, 50),
      });
    },
    import: (source, options) =>
      serial(async () => {
        const prepared = await prepare(source, options.format);
        if (!prepared.ok) return prepared;
        const { parsed, plan, region: r } = prepared.data;
        if (parsed.issues.length > 0 && !options.skipInvalid) {
          return err('IMPORT_INVALID', `${parsed.issues.length} of ${parsed.rows.length + parsed.issues.length} rows in ${sourceName(source)} cannot be imported, so nothing was: ${describeIssuesShort(parsed.issues)}. Fix them, or import again confirming that they are skipped.`);
        }
        const now = deps.clock.now();
        const existing = plan.updates.length > 0 ? await deps.storage.contacts.get(plan.updates.map((u) => u.id)) : ok([] as Contact[]);
        if (!existing.ok) return existing;
        const createdAt = new Map(existing.data.map((c) => [c.id, c.createdAt]));
        const writes = [
          ...plan.creates.map((c) => toWrite({ ...c, id: randomUUID(), createdAt: now, updatedAt: now }, r)),
          ...plan.updates.map((u) => toWrite({ ...u.contact, id: u.id, createdAt: createdAt.get(u.id) ?? now, updatedAt: now }, r)),
        ];
        const stored = await deps.storage.contacts.put(writes);
        if (!stored.ok) return stored;
        log.info('contacts imported', { format: parsed.format, imported: plan.creates.length, merged: plan.merged, skipped: parsed.issues.length });
        if (writes.length > 0) changed('imported', writes.map((w) => w.contact.id));
        return ok({ imported: plan.creates.length, merged: plan.merged, skipped: parsed.issues.length, issues: parsed.issues.slice(0, MAX_LISTED_ISSUES) });
      }),
    async export(format, path) {
      const all = await deps.storage.contacts.all();
      if (!all.ok) return all;
      const text = format === 'vcard' || format === 'vcard3' ? formatVCards(all.data, format === 'vcard' ? '4.0' : '3.0') : formatContactsCsv(all.data, format);
      if (path === undefined) return ok({ count: all.data.length, text });
      const written = await deps.files.writeUserText(path, text);
      return written.ok ? ok({ count: all.data.length }) : written;
    },
  };
}
