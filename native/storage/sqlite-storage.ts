/**
 * StoragePort over SQLite (node-sqlite3, Node-API, SQLite 3.52 with FTS5).
 *
 * Durability: WAL journal with `synchronous=FULL`, so a committed transaction
 * survives a killed process and a power cut; every multi-row write is one
 * transaction (see `test/integration/storage-crash.test.ts`, which SIGKILLs
 * writers mid-batch). Search: FTS5 over name and organization (word prefixes,
 * diacritics folded) and over numbers, indexed as every digit suffix so that
 * a prefix query finds digits anywhere inside a number. Caller-ID lookup goes
 * through the `contact_keys` index (E.164, bare digits, SIP user@host).
 *
 * The database opens in the background; calls made before it is open wait
 * for it, and if it cannot be opened every call returns STORAGE_FAILED with
 * SQLite's reason.
 */
import type { Contact, StoredPhone } from '../../main/common/contacts/contact';
import { digitsOf } from '../../main/common/contacts/phone-number';
import type { CallRecord } from '../../main/common/history/call-record';
import { err, ok, type Result } from '../../main/common/result';
import type { ErrorCode } from '../../main/common/errors';
import type { StoragePort } from '../../main/core/ports/storage';
import { migrations } from './schema';
import { openConnection, type Connection, type Row, type Sql, type SqlValue } from './sqlite-connection';

/** Options for {@link createSqliteStorage}. */
export interface SqliteStorageOptions {
  /** The database file, or `:memory:`. */
  readonly path: string;
  /** Wall-clock ms, for `updated_at` of documents. */
  readonly now?: () => number;
}

/** Applies pragmas and the missing migrations; returns the open connection. */
export async function openDatabase(path: string): Promise<Connection> {
  const conn = await openConnection(path);
  try {
    await conn.exclusive(async (sql) => {
      await sql.get('PRAGMA journal_mode = WAL');
      await sql.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
      await sql.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    });
    const row = await conn.exclusive((sql) => sql.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version'));
    const current = row?.v ?? 0;
    if (current > migrations.length) {
      throw new Error(`the database was written by a newer Dialtone (schema ${current}; this version knows up to ${migrations.length})`);
    }
    for (let v = current + 1; v <= migrations.length; v++) {
      await conn.transaction(async (sql) => {
        await sql.exec(migrations[v - 1] as string);
        await sql.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [v, Date.now()]);
      });
    }
    return conn;
  } catch (error) {
    await conn.close();
    throw error;
  }
}

/** Every suffix (length ≥ 2) of each digit string: a prefix query on them matches digits anywhere in a number. */
function digitSuffixes(phones: readonly StoredPhone[]): string {
  const tokens = new Set<string>();
  for (const p of phones) {
    for (const d of [digitsOf(p.number), digitsOf(p.e164 ?? '')]) {
      for (let i = 0; i + 2 <= d.length; i++) tokens.add(d.slice(i));
      if (d.length === 1) tokens.add(d);
    }
  }
  return [...tokens].join(' ');
}

/** The FTS5 query for what the user typed, or undefined when nothing searchable is left. */
export function ftsQuery(query: string): string | undefined {
  const q = query.trim().slice(0, 200);
  if (q === '') return undefined;
  if (/^[+\d\s().\-/]+$/.test(q)) {
    const d = digitsOf(q);
    return d ? `numbers : "${d}"*` : undefined;
  }
  const terms = q.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return undefined;
  return terms
    .map((t) => {
      if (/^[+\d().\-/]+$/.test(t)) return `"${digitsOf(t)}"*`;
      return `{name organization} : "${t.replace(/"/g, '""')}"*`;
    })
    .join(' AND ');
}

function toContact(r: Row): Contact {
  return {
    id: String(r['id']),
    name: String(r['name']),
    organization: String(r['organization']),
    favourite: r['favourite'] === 1,
    notes: String(r['notes']),
    phones: JSON.parse(String(r['phones'])) as StoredPhone[],
    sipUris: JSON.parse(String(r['sip_uris'])) as string[],
    emails: JSON.parse(String(r['emails'])) as string[],
    createdAt: Number(r['created_at']),
    updatedAt: Number(r['updated_at']),
  };
}

function toRecord(r: Row): CallRecord {
  const opt = <T>(key: string, f: (v: SqlValue) => T): T | undefined => (r[key] === null || r[key] === undefined ? undefined : f(r[key] as SqlValue));
  const displayName = opt('display_name', String);
  const contactId = opt('contact_id', String);
  const answeredAt = opt('answered_at', Number);
  const reasonCode = opt('reason_code', String);
  return {
    id: Number(r['id']),
    callId: String(r['call_id']),
    accountId: String(r['account_id']),
    direction: r['direction'] === 'incoming' ? 'incoming' : 'outgoing',
    remoteUri: String(r['remote_uri']),
    ...(displayName === undefined ? {} : { displayName }),
    ...(contactId === undefined ? {} : { contactId }),
    startedAt: Number(r['started_at']),
    ...(answeredAt === undefined ? {} : { answeredAt }),
    endedAt: Number(r['ended_at']),
    durationSeconds: Number(r['duration_s']),
    outcome: String(r['outcome']) as CallRecord['outcome'],
    endedBy: r['ended_by'] === 'remote' ? 'remote' : 'local',
    ...(reasonCode === undefined ? {} : { reason: { code: reasonCode as ErrorCode, message: String(r['reason_message'] ?? '') } }),
    seen: r['seen'] === 1,
  };
}

const CONTACT_COLUMNS = 'c.id, c.name, c.organization, c.favourite, c.notes, c.phones, c.sip_uris, c.emails, c.created_at, c.updated_at';
const placeholders = (n: number): string => new Array(n).fill('?').join(', ');
/** Contacts per INSERT statement (12 values each, well under SQLite's 32,766 variables). */
const PUT_CHUNK = 200;

/** Creates the SQLite-backed store; the file is opened (and migrated) in the background. */
export function createSqliteStorage(options: SqliteStorageOptions): StoragePort {
  const now = options.now ?? Date.now;
  const opening = openDatabase(options.path).then(
    (conn) => ({ conn }),
    (error: unknown) => ({ error: `Cannot open the database ${options.path}: ${error instanceof Error ? error.message : String(error)}` }),
  );
  let closed = false;

  const use = async <T>(what: string, work: (conn: Connection) => Promise<T>): Promise<Result<T>> => {
    const opened = await opening;
    if ('error' in opened) return err('STORAGE_FAILED', opened.error);
    if (closed) return err('STORAGE_FAILED', 'The database is closed.');
    try {
      return ok(await work(opened.conn));
    } catch (error) {
      return err('STORAGE_FAILED', `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const read = <T>(what: string, work: (sql: Sql) => Promise<T>): Promise<Result<T>> => use(what, (c) => c.exclusive(work));
  const write = <T>(what: string, work: (sql: Sql) => Promise<T>): Promise<Result<T>> => use(what, (c) => c.transaction(work));

  return {
    location: options.path,
    contacts: {
      list: ({ offset, limit, favouritesOnly }) =>
        read('list contacts', async (sql) => {
          const where = favouritesOnly ? 'WHERE c.favourite = 1' : '';
          const rows = await sql.all(`SELECT ${CONTACT_COLUMNS} FROM contacts c ${where} ORDER BY c.favourite DESC, c.name COLLATE NOCASE, c.rowid LIMIT ? OFFSET ?`, [limit, offset]);
          const total = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM contacts c ${where}`);
          return { contacts: rows.map(toContact), total: total?.n ?? 0 };
        }),
      get: (ids) =>
        read('read contacts', async (sql) => {
          if (ids.length === 0) return [];
          const rows = await sql.all(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id IN (${placeholders(ids.length)})`, [...ids]);
          return rows.map(toContact);
        }),
      search: (query, limit) =>
        read('search contacts', async (sql) => {
          const match = ftsQuery(query);
          if (match === undefined) {
            const rows = await sql.all(`SELECT ${CONTACT_COLUMNS} FROM contacts c ORDER BY c.favourite DESC, c.name COLLATE NOCASE LIMIT ?`, [limit]);
            return rows.map(toContact);
          }
          const rows = await sql.all(
            `SELECT ${CONTACT_COLUMNS} FROM contacts_fts f JOIN contacts c ON c.rowid = f.rowid WHERE contacts_fts MATCH ? ORDER BY c.favourite DESC, c.name COLLATE NOCASE, c.rowid LIMIT ?`,
            [match, limit],
          );
          return rows.map(toContact);
        }),
      findByKeys: (keys, limit = 50) =>
        read('look up contacts', async (sql) => {
          if (keys.length === 0) return [];
          const rows = await sql.all(
            `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.rowid IN (SELECT contact_rowid FROM contact_keys WHERE key IN (${placeholders(keys.length)})) ORDER BY c.favourite DESC, c.name COLLATE NOCASE, c.rowid LIMIT ?`,
            [...keys, limit],
          );
          return rows.map(toContact);
        }),
      put: (writes) =>
        write('save contacts', async (sql) => {
          // Multi-row upserts (the triggers maintain keys and the search index): few statements for a large import.
          for (let i = 0; i < writes.length; i += PUT_CHUNK) {
            const chunk = writes.slice(i, i + PUT_CHUNK);
            const params: SqlValue[] = [];
            for (const { contact: c, keys } of chunk) {
              params.push(c.id, c.name, c.organization, c.favourite ? 1 : 0, c.notes, JSON.stringify(c.phones), JSON.stringify(c.sipUris), JSON.stringify(c.emails), c.createdAt, c.updatedAt, JSON.stringify(keys), digitSuffixes(c.phones));
            }
            await sql.run(
              `INSERT INTO contacts (id, name, organization, favourite, notes, phones, sip_uris, emails, created_at, updated_at, match_keys, search_numbers)
               VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
               ON CONFLICT(id) DO UPDATE SET name = excluded.name, organization = excluded.organization, favourite = excluded.favourite, notes = excluded.notes,
                 phones = excluded.phones, sip_uris = excluded.sip_uris, emails = excluded.emails, updated_at = excluded.updated_at,
                 match_keys = excluded.match_keys, search_numbers = excluded.search_numbers`,
              params,
            );
          }
        }),
      remove: (ids) =>
        write('delete contacts', async (sql) => {
          let deleted = 0;
          for (let i = 0; i < ids.length; i += 500) {
            const chunk = ids.slice(i, i + 500);
            deleted += (await sql.run(`DELETE FROM contacts WHERE id IN (${placeholders(chunk.length)})`, [...chunk])).changes;
          }
          return deleted;
        }),
      all: () => read('read contacts', async (sql) => (await sql.all(`SELECT ${CONTACT_COLUMNS} FROM contacts c ORDER BY c.name COLLATE NOCASE, c.rowid`)).map(toContact)),
    },
    history: {
      add: (r) =>
        write('save the call', async (sql) => {
          const { lastId } = await sql.run(
            `INSERT INTO calls (call_id, account_id, direction, remote_uri, display_name, contact_id, started_at, answered_at, ended_at, duration_s, outcome, ended_by, reason_code, reason_message, seen)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [r.callId, r.accountId, r.direction, r.remoteUri, r.displayName ?? null, r.contactId ?? null, r.startedAt, r.answeredAt ?? null, r.endedAt, r.durationSeconds, r.outcome, r.endedBy, r.reason?.code ?? null, r.reason?.message ?? null, r.seen ? 1 : 0],
          );
          return { ...r, id: lastId };
        }),
      list: ({ limit, beforeId }) =>
        read('read the call history', async (sql) => {
          const rows = beforeId === undefined
            ? await sql.all('SELECT * FROM calls ORDER BY id DESC LIMIT ?', [limit])
            : await sql.all('SELECT * FROM calls WHERE id < ? ORDER BY id DESC LIMIT ?', [beforeId, limit]);
          return rows.map(toRecord);
        }),
      markSeen: () => write('mark calls seen', async (sql) => (await sql.run('UPDATE calls SET seen = 1 WHERE seen = 0')).changes),
      unseenMissed: () => read('count missed calls', async (sql) => (await sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM calls WHERE seen = 0 AND outcome = 'missed'"))?.n ?? 0),
      remove: (ids) =>
        write('delete calls', async (sql) => {
          if (ids === undefined) return (await sql.run('DELETE FROM calls')).changes;
          if (ids.length === 0) return 0;
          return (await sql.run(`DELETE FROM calls WHERE id IN (${placeholders(ids.length)})`, [...ids])).changes;
        }),
      removeBefore: (time) => write('prune the call history', async (sql) => (await sql.run('DELETE FROM calls WHERE started_at < ?', [time])).changes),
    },
    documents: {
      read: (name) =>
        read(`read ${name}`, async (sql) => {
          const row = await sql.get<{ json: string }>('SELECT json FROM documents WHERE name = ?', [name]);
          return row ? (JSON.parse(row.json) as unknown) : null;
        }),
      write: (name, value) =>
        write(`save ${name}`, async (sql) => {
          await sql.run('INSERT INTO documents (name, json, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at', [name, JSON.stringify(value), now()]);
        }),
    },
    accounts: {
      list: () => read('read accounts', async (sql) => (await sql.all<{ id: string; json: string }>('SELECT id, json FROM accounts ORDER BY position, id')).map((r) => ({ id: r.id, config: JSON.parse(r.json) as unknown }))),
      put: (id, config) =>
        write('save the account', async (sql) => {
          await sql.run(
            'INSERT INTO accounts (id, json, position) VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM accounts)) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
            [id, JSON.stringify(config)],
          );
        }),
      remove: (id) =>
        write('delete the account', async (sql) => {
          await sql.run('DELETE FROM accounts WHERE id = ?', [id]);
        }),
    },
    async close() {
      const opened = await opening;
      closed = true;
      if ('conn' in opened) await opened.conn.close();
    },
  };
}
