/**
 * Durable storage for the address book, the call history, documents (the
 * settings) and account configurations. The core reaches SQLite only through
 * this port (`native/storage/` implements it), so no SQL or sqlite type leaks
 * into the core, and every call returns a Result: a full disk or a corrupt
 * file becomes `STORAGE_FAILED` with the reason, never an exception.
 *
 * Every method that writes several rows does so in one transaction: all or
 * nothing, even if the process is killed half-way.
 */
import type { Contact } from '../../common/contacts/contact';
import type { CallRecord, NewCallRecord } from '../../common/history/call-record';
import type { Result } from '../../common/result';

/** A contact to write, with its match keys (`tel:+1555…`, `tel:201`, `sip:bob@pbx`) computed by the caller. */
export interface ContactWrite {
  readonly contact: Contact;
  readonly keys: readonly string[];
}

/** The address book. */
export interface ContactStore {
  /** Contacts ordered by name (favourites first when `favouritesFirst`), a page at a time. */
  list(page: { readonly offset: number; readonly limit: number; readonly favouritesOnly?: boolean }): Promise<Result<{ contacts: Contact[]; total: number }>>;
  /** The contacts with these ids (missing ids are left out). */
  get(ids: readonly string[]): Promise<Result<Contact[]>>;
  /**
   * Full-text search as the user types: every word must match the start of a
   * word in the name or organization, or any run of digits inside a number.
   * Favourites first, then by name.
   */
  search(query: string, limit: number): Promise<Result<Contact[]>>;
  /** Contacts having at least one of these keys (caller-ID lookup, duplicate detection). */
  findByKeys(keys: readonly string[], limit?: number): Promise<Result<Contact[]>>;
  /** Inserts or replaces all of them in one transaction. */
  put(writes: readonly ContactWrite[]): Promise<Result<void>>;
  /** Deletes these contacts; returns how many existed. */
  remove(ids: readonly string[]): Promise<Result<number>>;
  /** Every contact, by name (export). */
  all(): Promise<Result<Contact[]>>;
}

/** The call history, newest first. */
export interface HistoryStore {
  add(record: NewCallRecord): Promise<Result<CallRecord>>;
  /** Up to `limit` records, newest first; `beforeId` pages further back. */
  list(page: { readonly limit: number; readonly beforeId?: number }): Promise<Result<CallRecord[]>>;
  /** Marks every missed call seen; returns how many changed. */
  markSeen(): Promise<Result<number>>;
  /** Missed calls not yet seen. */
  unseenMissed(): Promise<Result<number>>;
  /** Deletes these records, or all when `ids` is undefined; returns how many. */
  remove(ids?: readonly number[]): Promise<Result<number>>;
  /** Deletes calls that started before `time` (retention); returns how many. */
  removeBefore(time: number): Promise<Result<number>>;
}

/** Named JSON documents (the settings). Values are validated by their readers, not here. */
export interface DocumentStore {
  read(name: string): Promise<Result<unknown>>;
  write(name: string, value: unknown): Promise<Result<void>>;
}

/** Account configurations, in the order they were added. Never a password: those live in the keychain. */
export interface AccountConfigStore {
  /** Stored configurations as written (validated by the reader). */
  list(): Promise<Result<Array<{ id: string; config: unknown }>>>;
  put(id: string, config: unknown): Promise<Result<void>>;
  remove(id: string): Promise<Result<void>>;
}

/** The whole store. */
export interface StoragePort {
  /** Where the data lives (a file path, or `:memory:`), for the log and diagnostics. */
  readonly location: string;
  readonly contacts: ContactStore;
  readonly history: HistoryStore;
  readonly documents: DocumentStore;
  readonly accounts: AccountConfigStore;
  /** Finishes pending writes and closes; idempotent. */
  close(): Promise<void>;
}
