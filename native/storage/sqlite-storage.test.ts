import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Contact } from '../../main/common/contacts/contact';
import { createSqliteStorage, ftsQuery, openDatabase } from './sqlite-storage';
import { migrations } from './schema';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-storage-'));
const contact = (id: string, name: string, numbers: string[], extra: Partial<Contact> = {}): Contact => ({
  id, name, organization: '', favourite: false, notes: '', sipUris: [], emails: [], createdAt: 1, updatedAt: 1,
  phones: numbers.map((n) => ({ number: n, label: 'mobile' as const, e164: `+1${n.replace(/\D/g, '')}` })),
  ...extra,
});

test('a new database: WAL, schema version, and data that survives a reopen', async () => {
  const path = join(dir, 'a.db');
  const s = createSqliteStorage({ path });
  assert.deepEqual(await s.contacts.put([{ contact: contact('c1', 'Ada Lovelace', ['555 010 0001']), keys: ['tel:+15550100001'] }]), { ok: true, data: undefined });
  await s.close();
  const conn = await openDatabase(path);
  const info = await conn.exclusive(async (sql) => ({
    mode: await sql.get<{ journal_mode: string }>('PRAGMA journal_mode'),
    version: await sql.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_version'),
  }));
  await conn.close();
  assert.equal(info.mode?.journal_mode, 'wal');
  assert.equal(info.version?.v, migrations.length);
  const again = createSqliteStorage({ path });
  const got = await again.contacts.get(['c1']);
  assert.equal(got.ok && got.data[0]?.name, 'Ada Lovelace');
  await again.close();
});

test('a database from a newer Dialtone is refused with the reason, not touched', async () => {
  const path = join(dir, 'future.db');
  const conn = await openDatabase(path);
  await conn.exclusive((sql) => sql.run('INSERT INTO schema_version VALUES (99, 0)'));
  await conn.close();
  const s = createSqliteStorage({ path });
  const r = await s.contacts.all();
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error.message : '', /newer Dialtone \(schema 99; this version knows up to 1\)/);
  assert.equal(!r.ok && r.error.code, 'STORAGE_FAILED');
});

test('an unopenable path gives STORAGE_FAILED with the reason', async () => {
  const s = createSqliteStorage({ path: join(dir, 'no', 'such', 'dir', 'x.db') });
  const r = await s.history.list({ limit: 5 });
  assert.equal(!r.ok && r.error.code, 'STORAGE_FAILED');
  assert.match(!r.ok ? r.error.message : '', /Cannot open the database/);
});

test('search: name prefixes with diacritics folded, digits anywhere in a number, organizations, favourites first', async () => {
  const s = createSqliteStorage({ path: ':memory:' });
  await s.contacts.put([
    { contact: contact('1', 'José Núñez', ['(555) 010-4477']), keys: [] },
    { contact: contact('2', 'Joseph Smith', ['555 010 9999'], { organization: 'Initech', favourite: true }), keys: [] },
    { contact: contact('3', "Mary O'Brien", ['201']), keys: [] },
  ]);
  const names = async (q: string): Promise<string[]> => {
    const r = await s.contacts.search(q, 10);
    assert.ok(r.ok, q);
    return r.ok ? r.data.map((c) => c.name) : [];
  };
  assert.deepEqual(await names('jos'), ['Joseph Smith', 'José Núñez']);
  assert.deepEqual(await names('nunez'), ['José Núñez']);
  assert.deepEqual(await names('4477'), ['José Núñez'], 'digits in the middle of a number');
  assert.deepEqual(await names('010-44'), ['José Núñez']);
  assert.deepEqual(await names('+1 555'), ['Joseph Smith', 'José Núñez']);
  assert.deepEqual(await names('init'), ['Joseph Smith']);
  assert.deepEqual(await names('jo 99'), ['Joseph Smith']);
  assert.deepEqual(await names("o'bri"), ["Mary O'Brien"]);
  assert.deepEqual(await names('"AND OR NEAR('), [], 'FTS syntax in the query is only text');
  assert.deepEqual(await names(''), ['Joseph Smith', 'José Núñez', "Mary O'Brien"]);
  assert.equal(ftsQuery('  '), undefined);
  await s.close();
});

test('keys: lookup, replace on update, cascade on delete', async () => {
  const s = createSqliteStorage({ path: ':memory:' });
  await s.contacts.put([{ contact: contact('1', 'A', ['1']), keys: ['tel:+1', 'sip:a@x'] }, { contact: contact('2', 'B', ['2']), keys: ['tel:+2'] }]);
  const find = async (keys: string[]): Promise<string[]> => {
    const r = await s.contacts.findByKeys(keys);
    return r.ok ? r.data.map((c) => c.id) : ['error'];
  };
  assert.deepEqual(await find(['sip:a@x']), ['1']);
  assert.deepEqual(await find(['tel:+2', 'tel:+1']), ['1', '2']);
  await s.contacts.put([{ contact: contact('1', 'A2', ['3']), keys: ['tel:+3'] }]);
  assert.deepEqual(await find(['tel:+1']), []);
  assert.deepEqual(await find(['tel:+3']), ['1']);
  assert.deepEqual(await s.contacts.remove(['1', 'nope']), { ok: true, data: 1 });
  assert.deepEqual(await find(['tel:+3']), []);
  const names = await s.contacts.search('a2', 5);
  assert.deepEqual(names.ok && names.data, [], 'deleted contacts leave the index');
  await s.close();
});

test('history, documents and accounts round-trip', async () => {
  const s = createSqliteStorage({ path: ':memory:' });
  const base = { callId: 'x', accountId: 'alice@127.0.0.1', direction: 'incoming' as const, remoteUri: 'sip:bob@h', startedAt: 1000, endedAt: 2000, durationSeconds: 0, outcome: 'missed' as const, endedBy: 'remote' as const, seen: false };
  const a = await s.history.add(base);
  const b = await s.history.add({ ...base, callId: 'y', startedAt: 5000, answeredAt: 6000, outcome: 'answered', seen: true, displayName: 'Bob', contactId: 'c', reason: { code: 'SIP_BUSY', message: 'busy' } });
  assert.ok(a.ok && b.ok);
  const list = await s.history.list({ limit: 10 });
  assert.deepEqual(list.ok && list.data.map((r) => r.callId), ['y', 'x']);
  assert.deepEqual(list.ok && list.data[0], { ...base, callId: 'y', startedAt: 5000, answeredAt: 6000, outcome: 'answered', seen: true, displayName: 'Bob', contactId: 'c', reason: { code: 'SIP_BUSY', message: 'busy' }, id: 2 });
  assert.deepEqual(await s.history.unseenMissed(), { ok: true, data: 1 });
  assert.deepEqual(await s.history.markSeen(), { ok: true, data: 1 });
  assert.deepEqual(await s.history.unseenMissed(), { ok: true, data: 0 });
  assert.deepEqual(await s.history.removeBefore(2000), { ok: true, data: 1 });
  const page = await s.history.list({ limit: 10, beforeId: 2 });
  assert.deepEqual(page.ok && page.data, []);
  assert.deepEqual(await s.documents.read('settings'), { ok: true, data: null });
  await s.documents.write('settings', { version: 1, a: [1] });
  assert.deepEqual(await s.documents.read('settings'), { ok: true, data: { version: 1, a: [1] } });
  await s.accounts.put('b', { aor: 'sip:b@h' });
  await s.accounts.put('a', { aor: 'sip:a@h' });
  await s.accounts.put('b', { aor: 'sip:b2@h' });
  assert.deepEqual(await s.accounts.list(), { ok: true, data: [{ id: 'b', config: { aor: 'sip:b2@h' } }, { id: 'a', config: { aor: 'sip:a@h' } }] });
  await s.accounts.remove('b');
  assert.deepEqual(await s.accounts.list(), { ok: true, data: [{ id: 'a', config: { aor: 'sip:a@h' } }] });
  await s.close();
  const after = await s.history.list({ limit: 1 });
  assert.equal(!after.ok && after.error.code, 'STORAGE_FAILED');
});
