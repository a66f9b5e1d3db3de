/** Every data command through the real router with result checking on, over the real SQLite store: replies match the contract. */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeClock, recordingLogger } from '../../../test/support/fakes';
import { createNodeFiles } from '../../electron/adapters/node-files';
import { createSqliteStorage } from '../../../native/storage/sqlite-storage';
import { createDataServices } from '../data/data-services';
import { createEventHub } from '../events/event-hub';
import { createDataHandlers, unavailableDataHandlers } from './data-handlers';
import { createRouter, type CommandHandlers } from './router';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-data-handlers-'));

test('each data command answers within its contract schema', async () => {
  const hub = createEventHub(recordingLogger());
  const clock = fakeClock();
  const data = createDataServices({ storage: createSqliteStorage({ path: ':memory:' }), files: createNodeFiles(), clock, logger: recordingLogger(), core: { subscribe: hub.subscribe, publish: (e, d) => void hub.emit(e, d) }, defaultRegion: 'US' });
  const router = createRouter(createDataHandlers(data) as unknown as CommandHandlers, recordingLogger(), { checkResults: true });
  const call = async (cmd: string, args: unknown = {}): Promise<unknown> => {
    const r = await router.dispatch(cmd, args);
    assert.ok(r.ok, `${cmd}: ${JSON.stringify(r)}`);
    return r.ok ? r.data : undefined;
  };
  const vcf = join(dir, 'sample.vcf');
  copyFileSync(new URL('../../../test/fixtures/contacts/sample.vcf', import.meta.url), vcf);
  await call('contacts.previewImport', { path: vcf });
  await call('contacts.import', { path: vcf });
  const saved = (await call('contacts.save', { contact: { name: 'New', phones: [{ number: '201', label: 'work' }] } })) as { id: string };
  await call('contacts.get', { id: saved.id });
  await call('contacts.list', {});
  await call('contacts.search', { query: 'ada' });
  await call('contacts.lookup', { number: 'sip:201@pbx' });
  await call('contacts.export', { format: 'csv-google' });
  await call('contacts.export', { format: 'vcard3', path: join(dir, 'out.vcf') });
  await call('contacts.delete', { ids: [saved.id] });
  hub.emit('call.updated', { callId: 'c', accountId: 'a', direction: 'incoming', state: 'ringing', remoteUri: 'sip:201@pbx', srtp: false, remoteHold: false, muted: false, startedAt: clock.now() });
  hub.emit('call.ended', { callId: 'c', endedBy: 'remote', reason: { code: 'SIP_TIMEOUT', message: 'gone' } });
  await data.history.flush();
  const history = (await call('history.list', { limit: 5 })) as { calls: Array<{ outcome: string }>; missedUnseen: number };
  assert.deepEqual([history.calls.map((c) => c.outcome), history.missedUnseen], [['missed'], 1]);
  await call('history.markSeen');
  await call('history.delete', { ids: [1] });
  await call('history.clear');
  await call('settings.get');
  await call('settings.update', { patch: { contacts: { defaultRegion: 'GB' } } });
  const bad = await router.dispatch('settings.update', { patch: { history: { retentionDays: 'forever' } } });
  assert.equal(!bad.ok && bad.error.code, 'INVALID_ARGS');
  await data.shutdown();
});

test('an import file sent as text (what a sandboxed renderer has) previews and imports like a path; bad input is refused clearly', async () => {
  const hub = createEventHub(recordingLogger());
  const data = createDataServices({ storage: createSqliteStorage({ path: ':memory:' }), files: createNodeFiles(), clock: fakeClock(), logger: recordingLogger(), core: { subscribe: hub.subscribe, publish: (e, d) => void hub.emit(e, d) }, defaultRegion: 'US' });
  const router = createRouter(createDataHandlers(data) as unknown as CommandHandlers, recordingLogger(), { checkResults: true });
  const google = readFileSync(new URL('../../../test/fixtures/contacts/google.csv', import.meta.url), 'utf8');
  const preview = await router.dispatch('contacts.previewImport', { content: `\uFEFF${google}`, fileName: 'google.csv' });
  assert.ok(preview.ok, JSON.stringify(preview));
  const p = preview.data as { format: string; rows: number; skipped: number; issues: unknown[] };
  assert.deepEqual([p.format, p.rows, p.skipped], ['csv-google', 3, 1]);
  const refused = await router.dispatch('contacts.import', { content: google, fileName: 'google.csv' });
  assert.equal(!refused.ok && refused.error.code, 'IMPORT_INVALID');
  assert.match(!refused.ok ? refused.error.message : '', /rows in google\.csv cannot be imported/);
  const done = await router.dispatch('contacts.import', { content: google, fileName: 'google.csv', skipInvalid: true });
  assert.ok(done.ok && (done.data as { imported: number }).imported === 2, JSON.stringify(done));
  for (const args of [{}, { path: '/x.vcf', content: 'BEGIN:VCARD' }]) {
    const bad = await router.dispatch('contacts.previewImport', args);
    assert.equal(!bad.ok && bad.error.code, 'INVALID_ARGS');
    assert.match(!bad.ok ? bad.error.message : '', /either path .* or content/);
  }
  await data.shutdown();
});

test('without storage every data command says so', async () => {
  const handlers = unavailableDataHandlers();
  const r = await handlers['contacts.search']({ query: 'x', limit: 5 });
  assert.deepEqual(r, { ok: false, error: { code: 'STORAGE_FAILED', message: 'This runtime has no data storage.' } });
});
