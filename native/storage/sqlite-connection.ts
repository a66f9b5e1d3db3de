/**
 * A promise face over one node-sqlite3 connection, with every unit of work
 * run one after another. node-sqlite3 queues statements but not transactions:
 * two async callers could interleave statements inside each other's BEGIN …
 * COMMIT. `exclusive()` serializes whole units, so a transaction is a
 * transaction.
 */
import { createRequire } from 'node:module';
import type * as Sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';

/** A value SQLite binds or returns. */
export type SqlValue = string | number | null;
/** A row as SQLite returns it. */
export type Row = Record<string, SqlValue>;

/** What a unit of work may do. */
export interface Sql {
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number; lastId: number }>;
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  exec(sql: string): Promise<void>;
}

/** One open connection. */
export interface Connection {
  /** Runs `work` alone on the connection. */
  exclusive<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Runs `work` alone, inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws). */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Sqlite3Module = typeof Sqlite3;

function loadSqlite(): Sqlite3Module {
  const require = createRequire(import.meta.url);
  return require('sqlite3') as Sqlite3Module;
}

function wrap(db: Database): Sql {
  return {
    run: (sql, params = []) =>
      new Promise((resolve, reject) => {
        db.run(sql, params, function (this: { changes: number; lastID: number }, error: Error | null) {
          if (error) reject(error);
          else resolve({ changes: this.changes, lastId: this.lastID });
        });
      }),
    all: <T>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<T[]>((resolve, reject) => db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)))),
    get: <T>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<T | undefined>((resolve, reject) => db.get(sql, params, (error: Error | null, row: T | undefined) => (error ? reject(error) : resolve(row)))),
    exec: (sql) => new Promise((resolve, reject) => db.exec(sql, (error: Error | null) => (error ? reject(error) : resolve()))),
  };
}

/** Opens (creating) the database at `path` (`:memory:` for a throw-away one). Rejects with SQLite's reason. */
export function openConnection(path: string): Promise<Connection> {
  const sqlite = loadSqlite();
  return new Promise((resolve, reject) => {
    const db: Database = new sqlite.Database(path, sqlite.OPEN_READWRITE | sqlite.OPEN_CREATE, (error: Error | null) => {
      if (error) {
        reject(error);
        return;
      }
      const sql = wrap(db);
      let tail: Promise<unknown> = Promise.resolve();
      let closed: Promise<void> | undefined;
      const exclusive = <T>(work: (s: Sql) => Promise<T>): Promise<T> => {
        if (closed) return Promise.reject(new Error('the database is closed'));
        const run = tail.then(() => work(sql));
        tail = run.catch(() => undefined);
        return run;
      };
      resolve({
        exclusive,
        transaction: (work) =>
          exclusive(async (s) => {
            await s.exec('BEGIN IMMEDIATE');
            try {
              const result = await work(s);
              await s.exec('COMMIT');
              return result;
            } catch (failure) {
              await s.exec('ROLLBACK').catch(() => undefined);
              throw failure;
            }
          }),
        close: () =>
          (closed ??= tail.then(
            () => new Promise<void>((res) => db.close(() => res())),
          )),
      });
    });
  });
}
