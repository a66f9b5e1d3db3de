/** The data services over the real SQLite store (in a temp folder) and the real file adapter. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AppEvent, CallView } from '../../common/ipc/contract';
import { fakeClock, recordingLogger } from '../../../test/support/fakes';
import { createNodeFiles } from '../../electron/adapters/node-files';
import { createSqliteStorage } from '../../../native/storage/sqlite-storage';
import { createEventHub } from '../events/event-hub';
import { createDataServices } from './data-services';
import { MAX_IMPORT_BYTES } from './contacts-service';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-data-'));
const fixture = (name: string): string => {
  const to = join(dir, name);
  copyFileSync(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url), to);
  return to;
};

function setup(name: string, region = 'US') {
  const clock = fakeClock(Date.UTC(2026, 10, 24));
  const hub = createEventHub(recordingLogger());
  const events: AppEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const storage = createSqliteStorage({ path: join(dir, `${name}.db`) });
  const data = createDataServices({ storage, files: createNodeFiles(), clock, logger: recordingLogger(), core: { subscribe: hub.subscribe, publish: (e, d) => void hub.emit(e, d) }, defaultRegion: region });
  return { clock, hub, events, data, storage };
}

const unwrap = <T>(r: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
};

test('save, search as you type, caller-ID lookup, delete', async () => {
  const { data, events } = setup('crud');
  const ada = unwrap(await data.contacts.save({ name: 'Ada Lovelace', organization: 'Engines', phones: [{ number: '(555) 010-0001', label: 'mobile' }, { number: '201', label: 'work' }], sipUris: ['sip:ada@pbx.example.com'], emails: [], favourite: false, notes: '' }));
  assert.equal(ada.phones[0]?.e164, '+15550100001');
  assert.equal(ada.phones[1]?.e164, undefined);
  assert.deepEqual(unwrap(await data.contacts.search('lov', 10)).map((c) => c.id), [ada.id]);
  assert.deepEqual(unwrap(await data.contacts.search('0100', 10)).map((c) => c.id), [ada.id]);
  for (const incoming of ['sip:+15550100001@pbx.example.com;user=phone', 'sip:5550100001@10.0.0.1', '+1 555 010 0001', 'sip:201@pbx', 'sip:ADA@PBX.example.com']) {
    assert.equal(unwrap(await data.contacts.lookup(incoming))?.id, ada.id, incoming);
  }
  assert.equal(unwrap(await data.contacts.lookup('sip:bob@pbx.example.com')), null);
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = ada;
  const edited = unwrap(await data.contacts.save({ ...input, name: 'Ada King', phones: [{ number: '555 010 0002', label: 'home' }] }, ada.id));
  assert.equal(edited.createdAt, ada.createdAt);
  assert.equal(unwrap(await data.contacts.lookup('+15550100001')), null, 'the old number no longer matches');
  assert.equal((await data.contacts.save(input, 'missing')).ok, false);
  assert.deepEqual(unwrap(await data.contacts.remove([ada.id])), 1);
  assert.equal((await data.contacts.get(ada.id)).ok, false);
  assert.deepEqual(events.filter((e) => e.event === 'contacts.changed').map((e) => e.event === 'contacts.changed' && e.data.reason), ['saved', 'saved', 'deleted']);
  await data.shutdown();
});

test('import: preview writes nothing; invalid rows block the import until confirmed; duplicates merge by number', async () => {
  const { data, events } = setup('import');
  unwrap(await data.contacts.save({ name: 'Grace', organization: '', phones: [{ number: '+1 555 010 0100', label: 'work' }], sipUris: [], emails: [], favourite: false, notes: '' }));
  const google = fixture('google.csv');
  const preview = unwrap(await data.contacts.preview(google));
  assert.equal(preview.format, 'csv-google');
  assert.equal(preview.rows, 3);
  assert.equal(preview.creates, 1, 'Alan is new');
  assert.equal(preview.merges, 1, 'Grace Hopper shares a number with Grace');
  assert.equal(preview.skipped, 1);
  assert.equal(unwrap(await data.contacts.list(0, 10, false)).total, 1, 'a preview writes nothing');
  const refused = await data.contacts.import(google, { skipInvalid: false });
  assert.equal(!refused.ok && refused.error.code, 'IMPORT_INVALID');
  assert.match(!refused.ok ? refused.error.message : '', /1 of 3 rows .* cannot be imported, so nothing was: row 3 \(line 5\)/);
  assert.equal(unwrap(await data.contacts.list(0, 10, false)).total, 1, 'nothing half-imported');
  const done = unwrap(await data.contacts.import(google, { skipInvalid: true }));
  assert.deepEqual({ ...done, issues: done.issues.length }, { imported: 1, merged: 1, skipped: 1, issues: 1 });
  const grace = unwrap(await data.contacts.lookup('+15550100101'));
  assert.equal(grace?.name, 'Grace', 'the existing name wins');
  assert.equal(grace?.organization, 'US Navy');
  assert.equal(grace?.favourite, true);
  assert.deepEqual(grace?.phones.map((p) => p.number), ['+1 555 010 0100', '+1 555-010-0101', '555 010 0102'], 'the shared number once');
  const again = unwrap(await data.contacts.import(google, { skipInvalid: true }));
  assert.deepEqual([again.imported, again.merged], [0, 2], 'a second import only merges');
  assert.equal(unwrap(await data.contacts.list(0, 10, false)).total, 2);
  const vcf = unwrap(await data.contacts.import(fixture('sample.vcf'), { skipInvalid: false }));
  assert.deepEqual([vcf.imported, vcf.merged, vcf.skipped], [3, 0, 0]);
  assert.ok(events.some((e) => e.event === 'contacts.changed' && e.data.reason === 'imported' && e.data.count === 3));
  await data.shutdown();
});

test('bad files: oversized refused with the reason, unknown format, missing file', async () => {
  const { data } = setup('bad');
  const big = join(dir, 'big.vcf');
  writeFileSync(big, 'BEGIN:VCARD\n');
  truncateSync(big, MAX_IMPORT_BYTES + 1);
  const tooBig = await data.contacts.import(big, { skipInvalid: true });
  assert.equal(!tooBig.ok && tooBig.error.code, 'FILE_TOO_LARGE');
  assert.match(!tooBig.ok ? tooBig.error.message : '', /is 20\.0 MB; the limit is 20\.0 MB/);
  const other = join(dir, 'other.csv');
  writeFileSync(other, 'Foo,Bar\n1,2\n');
  const unknown = await data.contacts.preview(other);
  assert.equal(!unknown.ok && unknown.error.code, 'IMPORT_INVALID');
  const missing = await data.contacts.import(join(dir, 'nope.vcf'), { skipInvalid: true });
  assert.equal(!missing.ok && missing.error.code, 'FILE_ACCESS');
  assert.match(!missing.ok ? missing.error.message : '', /ENOENT/);
  await data.shutdown();
});

test('a Windows-1252 Outlook export reads with its accents', async () => {
  const { data } = setup('cp1252');
  const path = join(dir, 'outlook-ansi.csv');
  writeFileSync(path, Buffer.from('First Name,Last Name,Mobile Phone\r\nJos\xe9,M\xfcller,+49 151 2345678\r\n', 'latin1'));
  unwrap(await data.contacts.import(path, { skipInvalid: false }));
  assert.equal(unwrap(await data.contacts.search('muller', 5))[0]?.name, 'José Müller');
  await data.shutdown();
});

test('export in every format, to a file and as text, reads back', async () => {
  const { data } = setup('export');
  unwrap(await data.contacts.import(fixture('sample.vcf'), { skipInvalid: false }));
  for (const format of ['vcard', 'vcard3', 'csv-google', 'csv-outlook', 'csv-microsip'] as const) {
    const path = join(dir, `out-${format}.${format.startsWith('csv') ? 'csv' : 'vcf'}`);
    assert.deepEqual(unwrap(await data.contacts.export(format, path)), { count: 3 });
    const { data: other } = setup(`reimport-${format}`);
    const back = unwrap(await other.contacts.import(path, { skipInvalid: false }));
    assert.equal(back.imported, 3, format);
    assert.equal(unwrap(await other.contacts.search('jos', 5))[0]?.name, 'José Ñúñez 李四');
    await other.shutdown();
  }
  const text = unwrap(await data.contacts.export('vcard'));
  assert.match(text.text ?? '', /^BEGIN:VCARD\r\nVERSION:4.0/);
  assert.equal(readFileSync(join(dir, 'out-vcard.vcf'), 'utf8'), text.text);
  const denied = await data.contacts.export('vcard', join(dir, 'no-such-dir', 'x.vcf'));
  assert.equal(!denied.ok && denied.error.code, 'FILE_ACCESS');
  await data.shutdown();
});

test('settings: defaults from the locale, validated updates, a new region re-normalizes numbers', async () => {
  const { data, events, storage } = setup('settings', 'GB');
  assert.deepEqual(await data.settings.get(), { version: 1, contacts: { defaultRegion: 'GB' }, history: { retentionDays: 365 } });
  const c = unwrap(await data.contacts.save({ name: 'Local', organization: '', phones: [{ number: '030 1234567', label: 'work' }], sipUris: [], emails: [], favourite: false, notes: '' }));
  assert.equal(unwrap(await data.contacts.lookup('+49301234567')), null);
  const bad = await data.settings.update({ contacts: { defaultRegion: 'Mars' as 'US' } });
  assert.equal(!bad.ok && bad.error.code, 'INVALID_ARGS');
  unwrap(await data.settings.update({ contacts: { defaultRegion: 'DE' } }));
  assert.equal(unwrap(await data.contacts.lookup('+49301234567'))?.id, c.id);
  assert.equal(unwrap(await data.contacts.get(c.id)).phones[0]?.e164, '+49301234567');
  assert.ok(events.some((e) => e.event === 'settings.changed'));
  assert.ok(events.some((e) => e.event === 'contacts.changed' && e.data.reason === 'renormalized'));
  assert.deepEqual(await storage.documents.read('settings'), { ok: true, data: { version: 1, contacts: { defaultRegion: 'DE' }, history: { retentionDays: 365 } } });
  await data.shutdown();
});

function callEvents(hub: ReturnType<typeof createEventHub>, view: CallView, endedBy: 'local' | 'remote', reason?: { code: 'SIP_BUSY'; message: string }): void {
  hub.emit('call.updated', view);
  hub.emit('call.ended', reason ? { callId: view.callId, endedBy, reason } : { callId: view.callId, endedBy });
}

test('history: every ended call is recorded with caller ID, outcome and duration; missed calls count until seen; retention prunes', async () => {
  const { data, events, hub, clock } = setup('history');
  unwrap(await data.contacts.save({ name: 'Bob', organization: '', phones: [{ number: '555 010 0007', label: 'mobile' }], sipUris: [], emails: [], favourite: false, notes: '' }));
  const base = { accountId: 'alice@127.0.0.1', state: 'ended' as const, srtp: false, remoteHold: false, muted: false };
  const now = clock.now();
  callEvents(hub, { ...base, callId: 'a', direction: 'incoming', remoteUri: 'sip:+15550100007@pbx', startedAt: now - 20_000 }, 'remote');
  callEvents(hub, { ...base, callId: 'b', direction: 'outgoing', remoteUri: 'sip:carol@pbx', startedAt: now - 90_000, answeredAt: now - 65_000 }, 'local');
  callEvents(hub, { ...base, callId: 'c', direction: 'outgoing', remoteUri: 'sip:dave@pbx', startedAt: now - 5_000 }, 'remote', { code: 'SIP_BUSY', message: 'busy' });
  callEvents(hub, { ...base, callId: 'd', direction: 'incoming', remoteUri: 'sip:eve@pbx', startedAt: now - 3_000 }, 'local');
  await data.history.flush();
  const list = unwrap(await data.history.list(10));
  assert.deepEqual(list.calls.map((c) => [c.callId, c.outcome, c.durationSeconds, c.displayName ?? '']), [
    ['d', 'rejected', 0, ''],
    ['c', 'failed', 0, ''],
    ['b', 'answered', 65, ''],
    ['a', 'missed', 0, 'Bob'],
  ]);
  assert.equal(list.calls[1]?.reason?.code, 'SIP_BUSY');
  assert.equal(list.missedUnseen, 1);
  assert.equal(events.filter((e) => e.event === 'history.added').length, 4);
  assert.deepEqual(unwrap(await data.history.markSeen()), { missedUnseen: 0 });
  assert.ok(events.some((e) => e.event === 'history.changed' && e.data.missedUnseen === 0));
  assert.deepEqual(unwrap(await data.history.list(2, list.calls[1]?.id)).calls.map((c) => c.callId), ['b', 'a']);
  clock.advance(40 * 24 * 3600 * 1000);
  callEvents(hub, { ...base, callId: 'e', direction: 'incoming', remoteUri: 'sip:frank@pbx', startedAt: clock.now() }, 'remote');
  await data.history.flush();
  unwrap(await data.settings.update({ history: { retentionDays: 30 } }));
  assert.deepEqual(unwrap(await data.history.list(10)).calls.map((c) => c.callId), ['e']);
  assert.deepEqual(unwrap(await data.history.remove()), 1);
  await data.shutdown();
});
