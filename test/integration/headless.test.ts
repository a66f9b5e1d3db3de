/**
 * Headless mode, through the exact documented interface:
 * `npm run headless -- --account <file>`, JSON lines on stdio.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startHeadless } from '../support/headless';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-headless-'));
const account = { aor: 'sip:alice@127.0.0.1', username: 'alice', server: '127.0.0.1:5060', transport: 'udp', srtp: 'off', codecs: ['opus', 'g722', 'pcmu', 'pcma'], register: true };
const accountFile = join(dir, 'account.json');
writeFileSync(accountFile, JSON.stringify(account));
/** No session bus and no display: keytar cannot reach a keyring, deterministically. */
const noKeyring = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '', DIALTONE_PASSWORD: '' };

test('snapshot and quit: replies on stdout, only JSON lines, exit 0', async () => {
  const h = startHeadless(['--account', accountFile], { DIALTONE_PASSWORD: 'alice123' });
  const snap = await h.request(1, 'snapshot');
  assert.equal(snap['ok'], true);
  const data = snap['data'] as { app: { mode: string }; accounts: Array<{ id: string; aor: string }> };
  assert.equal(data.app.mode, 'headless');
  assert.deepEqual(data.accounts.map((a) => a.aor), ['sip:alice@127.0.0.1']);
  const quit = await h.request(9, 'quit');
  assert.deepEqual(quit, { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(), 0);
  assert.deepEqual(h.lines.filter((l) => 'raw' in l), [], 'stdout carried a non-JSON line');
  assert.ok(h.lines.some((l) => l['event'] === 'accounts.changed' && l['seq'] === 1));
  assert.doesNotMatch(h.stderr() + JSON.stringify(h.lines), /alice123/, 'the password leaked');
});

test('end of input unregisters and exits 0', async () => {
  const h = startHeadless([]);
  const snap = await h.request(1, 'snapshot');
  assert.deepEqual((snap['data'] as { accounts: unknown[] }).accounts, []);
  h.child.stdin.end();
  assert.equal(await h.exited(), 0);
});

test('bad requests get error replies and the process keeps serving', async () => {
  const h = startHeadless([]);
  h.send('this is not json');
  const bad = await h.waitFor((l) => l['id'] === null);
  assert.equal((bad['error'] as { code: string }).code, 'BAD_REQUEST');
  const unknown = await h.request(2, 'call.teleport');
  assert.equal((unknown['error'] as { code: string }).code, 'UNKNOWN_COMMAND');
  const args = await h.request(3, 'snapshot', { all: true });
  assert.equal((args['error'] as { code: string }).code, 'INVALID_ARGS');
  h.send({ id: 4 });
  const frame = await h.waitFor((l) => l['id'] === 4);
  assert.equal((frame['error'] as { code: string }).code, 'BAD_REQUEST');
  assert.equal((await h.request(5, 'snapshot'))['ok'], true);
  h.child.stdin.end();
  assert.equal(await h.exited(), 0);
});

test('no password and no keyring: registration.changed failed, with the keyring reason', async () => {
  const h = startHeadless(['--account', accountFile], noKeyring);
  const failed = await h.waitFor((l) => l['event'] === 'registration.changed');
  const data = failed['data'] as { accountId: string; state: string; reason: { code: string; message: string } };
  assert.equal(data.accountId, 'alice@127.0.0.1');
  assert.equal(data.state, 'failed');
  assert.equal(data.reason.code, 'KEYCHAIN_UNAVAILABLE');
  h.child.stdin.end();
  assert.equal(await h.exited(), 0);
});

test('a bad account file or option: one clear line on stderr, nothing on stdout, exit 2', async () => {
  const withPassword = join(dir, 'pw.json');
  writeFileSync(withPassword, JSON.stringify({ ...account, password: 'alice123' }));
  const cases: Array<[string[], RegExp]> = [
    [['--account', withPassword], /passwords are never read from a file/],
    [['--account', join(dir, 'missing.json')], /Cannot read account file .*ENOENT/],
    [['--acount', accountFile], /Unknown option '--acount'/],
    [['--audio-in', join(dir, 'none.wav')], /--audio-in .*not readable/],
  ];
  for (const [args, message] of cases) {
    const h = startHeadless(args);
    assert.equal(await h.exited(), 2, args.join(' '));
    assert.match(h.stderr(), message);
    assert.deepEqual(h.lines, []);
  }
});

test('headless registers the --account on start and unregisters on quit (real Kamailio)', async (t) => {
  const { startKamailio } = await import('../lab/kamailio');
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const file = join(dir, 'kamailio-account.json');
  writeFileSync(file, JSON.stringify({ ...account, server: `127.0.0.1:${kam.udpPort}` }));
  const h = startHeadless(['--account', file], { DIALTONE_PASSWORD: 'alice123' });
  const registered = await h.waitFor((l) => l['event'] === 'registration.changed' && (l['data'] as { state: string }).state === 'registered');
  assert.equal((registered['data'] as { accountId: string }).accountId, 'alice@127.0.0.1');
  assert.equal(await kam.isRegistered('alice'), true);
  const states = h.lines.filter((l) => l['event'] === 'registration.changed').map((l) => (l['data'] as { state: string }).state);
  assert.deepEqual(states, ['registering', 'registered']);
  assert.ok(h.lines.some((l) => l['event'] === 'sip.traced'));
  assert.deepEqual(await h.request(9, 'quit'), { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(), 0);
  assert.equal(await kam.isRegistered('alice'), false, 'quit did not unregister');
  assert.doesNotMatch(h.stderr() + JSON.stringify(h.lines), /alice123/, 'the password leaked');
});
