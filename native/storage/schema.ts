/**
 * The database schema as an ordered list of migrations. `schema_version`
 * records each one applied; opening a database applies the missing ones, each
 * in its own transaction, and refuses a database written by a newer Dialtone
 * (rather than guess at a schema it does not know).
 *
 * Never edit a shipped migration: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: contacts with match keys and full-text search, call history, documents, accounts.
  `
  CREATE TABLE contacts (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organization TEXT NOT NULL,
    favourite INTEGER NOT NULL,
    notes TEXT NOT NULL,
    phones TEXT NOT NULL,
    sip_uris TEXT NOT NULL,
    emails TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Match keys (JSON array) and digit suffixes for search: the triggers below keep
    -- contact_keys and contacts_fts in step, so one row write is one statement.
    match_keys TEXT NOT NULL,
    search_numbers TEXT NOT NULL
  );
  CREATE INDEX contacts_by_name ON contacts(favourite DESC, name COLLATE NOCASE);
  CREATE TABLE contact_keys (
    key TEXT NOT NULL,
    contact_rowid INTEGER NOT NULL REFERENCES contacts(rowid) ON DELETE CASCADE,
    PRIMARY KEY (key, contact_rowid)
  ) WITHOUT ROWID;
  CREATE INDEX contact_keys_by_contact ON contact_keys(contact_rowid);
  CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, organization, numbers,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
  );
  CREATE TRIGGER contacts_after_insert AFTER INSERT ON contacts BEGIN
    INSERT OR IGNORE INTO contact_keys (key, contact_rowid) SELECT value, new.rowid FROM json_each(new.match_keys);
    INSERT INTO contacts_fts (rowid, name, organization, numbers) VALUES (new.rowid, new.name, new.organization, new.search_numbers);
  END;
  CREATE TRIGGER contacts_after_update AFTER UPDATE ON contacts BEGIN
    DELETE FROM contact_keys WHERE contact_rowid = old.rowid;
    INSERT OR IGNORE INTO contact_keys (key, contact_rowid) SELECT value, new.rowid FROM json_each(new.match_keys);
    DELETE FROM contacts_fts WHERE rowid = old.rowid;
    INSERT INTO contacts_fts (rowid, name, organization, numbers) VALUES (new.rowid, new.name, new.organization, new.search_numbers);
  END;
  CREATE TRIGGER contacts_after_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_keys WHERE contact_rowid = old.rowid;
    DELETE FROM contacts_fts WHERE rowid = old.rowid;
  END;
  CREATE TABLE calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    remote_uri TEXT NOT NULL,
    display_name TEXT,
    contact_id TEXT,
    started_at INTEGER NOT NULL,
    answered_at INTEGER,
    ended_at INTEGER NOT NULL,
    duration_s INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    ended_by TEXT NOT NULL,
    reason_code TEXT,
    reason_message TEXT,
    seen INTEGER NOT NULL
  );
  CREATE INDEX calls_by_start ON calls(started_at);
  CREATE INDEX calls_unseen ON calls(seen) WHERE seen = 0;
  CREATE TABLE documents (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE accounts (id TEXT PRIMARY KEY, json TEXT NOT NULL, position INTEGER NOT NULL);
  `,
];
