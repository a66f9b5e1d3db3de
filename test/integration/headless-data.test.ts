/**
 * Contacts, history and settings through headless mode's exact interface:
 * `npm run headless -- --data-dir <dir>`, JSON lines on stdio. Data outlives
 * the process; bad files get clear errors.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startHeadless, type Headless } from '../support/headless';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-headless-data-'));
const fixture = (name: string): string => {
  const to = join(dir, name);
  copyFileSync(new URL(`../fixtures/contacts/${name}`, import.meta.url), to);
  return to;
};
const noKeyring = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '', DIALTONE_PASSWORD: '', DIALTONE_SECRETS: 'session' };

async function quit(h: Headless): Promise<void> {
  assert.deepEqual(await h.request(999, 'quit'), { id: 999, ok: true, data: {} });
  assert.equal(await h.exited(), 0);
  assert.deepEqual(h.lines.filter((l) => 'raw' in l), [], 'stdout carried a non-JSON line');
}

test('--data-dir: contacts.import, contacts.search, history.list, settings; everything is still there after a restart', async () => {
  const dataDir = join(dir, 'data');
  const h = startHeadless(['--data-dir', dataDir], noKeyring);
  const imported = await h.request(1, 'contacts.import', { path: fixture('sample.vcf') });
  assert.deepEqual(imported, { id: 1, ok: true, data: { imported: 3, merged: 0, skipped: 0, issues: [] } });
  const changed = await h.waitFor((l) => l['event'] === 'contacts.changed');
  assert.equal((changed['data'] as { reason: string; count: number }).count, 3);
  const search = await h.request(2, 'contacts.search', { query: 'ada' });
  assert.deepEqual(((search['data'] as { contacts: Array<{ name: string }> }).contacts).map((c) => c.name), ['Ada Lovelace']);
  const byDigits = await h.request(3, 'contacts.search', { query: '0100' });
  assert.deepEqual(((byDigits['data'] as { contacts: Array<{ name: string }> }).contacts).map((c) => c.name), ['Ada Lovelace']);
  assert.deepEqual(await h.request(4, 'history.list', { limit: 10 }), { id: 4, ok: true, data: { calls: [], missedUnseen: 0 } });
  const settings = await h.request(5, 'settings.update', { patch: { history: { retentionDays: 90 } } });
  assert.equal((settings['data'] as { history: { retentionDays: number } }).history.retentionDays, 90);
  const account = { aor: 'sip:carol@127.0.0.1', username: 'carol', server: '127.0.0.1:5', transport: 'udp', codecs: ['pcmu'], register: false };
  assert.equal((await h.request(6, 'account.save', { account, password: 'carol-secret' }))['ok'], true);
  await quit(h);
  assert.ok(existsSync(join(dataDir, 'dialtone.db')));
  assert.equal(statSync(join(dataDir, 'dialtone.db')).mode & 0o077, 0, 'the database is private to the user');

  const again = startHeadless(['--data-dir', dataDir], noKeyring);
  const lookup = await again.request(1, 'contacts.lookup', { number: 'sip:+15550100001@pbx.example.com;user=phone' });
  assert.equal(((lookup['data'] as { contact: { name: string } | null }).contact)?.name, 'Ada Lovelace');
  const kept = await again.request(2, 'settings.get');
  assert.equal((kept['data'] as { history: { retentionDays: number } }).history.retentionDays, 90);
  const accounts = await again.waitFor((l) => l['event'] === 'accounts.changed');
  assert.deepEqual((accounts['data'] as { accounts: Array<{ aor: string }> }).accounts.map((a) => a.aor), ['sip:carol@127.0.0.1'], 'the saved account comes back');
  await quit(again);
  assert.doesNotMatch(again.stderr() + JSON.stringify(again.lines) + h.stderr(), /carol-secret/, 'the password leaked');
  const files = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('');
  assert.match(files, /carol@127\.0\.0\.1/, 'the account configuration is stored');
  assert.doesNotMatch(files, /carol-secret/, 'the password is in the data folder');
});

test('bad imports: per-row errors and nothing imported until confirmed; oversized and unknown files refused with the reason', async () => {
  const h = startHeadless([], noKeyring);
  const broken = await h.request(1, 'contacts.import', { path: fixture('broken.csv') });
  assert.equal((broken['error'] as { code: string }).code, 'IMPORT_INVALID');
  assert.match((broken['error'] as { message: string }).message, /3 of 4 rows .*row 2 \(line 3\): 4 fields, but the header has 2/);
  const none = await h.request(2, 'contacts.list', {});
  assert.equal((none['data'] as { total: number }).total, 0);
  const preview = await h.request(3, 'contacts.previewImport', { path: fixture('broken.vcf') });
  assert.deepEqual(((preview['data'] as { issues: Array<{ row: number }> }).issues).map((i) => i.row), [2, 3, 4, 5]);
  const confirmed = await h.request(4, 'contacts.import', { path: fixture('broken.csv'), skipInvalid: true });
  assert.deepEqual({ ...(confirmed['data'] as object), issues: undefined }, { imported: 1, merged: 0, skipped: 3, issues: undefined });
  const big = join(dir, 'big.csv');
  writeFileSync(big, 'Name,Number\n');
  truncateSync(big, 25 * 1024 * 1024);
  const tooBig = await h.request(5, 'contacts.import', { path: big });
  assert.deepEqual(tooBig['error'], { code: 'FILE_TOO_LARGE', message: `${big} is 25.0 MB; the limit is 20.0 MB.` });
  const missing = await h.request(6, 'contacts.import', { path: join(dir, 'missing.vcf') });
  assert.equal((missing['error'] as { code: string }).code, 'FILE_ACCESS');
  await quit(h);
});
