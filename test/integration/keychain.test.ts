/**
 * The keychain for real: Dialtone's keytar store against gnome-keyring on a
 * private D-Bus (test/lab/keyring.ts), through the real composition root; and
 * the no-keyring path (a session bus that does not exist), where the user gets
 * KEYCHAIN_UNAVAILABLE until they choose to keep passwords for this session.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startKeyring } from '../lab/keyring';
import { runCommand } from '../lab/proc';
import { makeWorkDir } from '../lab/workdir';

const probe = join(dirname(fileURLToPath(import.meta.url)), 'probes', 'secret-store-probe.ts');

async function runSecretProbe(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, { ok?: boolean; data?: unknown; error?: { code: string; message: string } } | unknown>> {
  const run = await runCommand(process.execPath, ['--import', 'tsx', probe, ...args], {
    timeoutMs: 30_000,
    env: { ...env, TSX_DISABLE_CACHE: '1', TMPDIR: makeWorkDir('secret-probe-tmp') },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no RESULT\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
  assert.equal(result['error'], undefined, String(result['error']));
  return result;
}

test('passwords round-trip through gnome-keyring, and removing an account deletes its secret', { timeout: 60_000 }, async (t) => {
  const kr = await startKeyring();
  t.after(() => kr.stop());
  const secret = `pw-${process.pid}-${Date.now()}`;
  const r = await runSecretProbe(['round-trip', secret], kr.env);
  assert.deepEqual(r['set'], { ok: true });
  assert.deepEqual(r['got'], { ok: true, data: secret });
  assert.deepEqual(r['deleted'], { ok: true, data: true });
  assert.deepEqual(r['after'], { ok: true, data: null });
  assert.equal(r['saved'], true);
  assert.deepEqual(r['stored'], { ok: true, data: `${secret}-bob` });
  assert.equal(r['removed'], true);
  assert.deepEqual(r['afterRemove'], { ok: true, data: null });
});

test('with no keyring: a clear KEYCHAIN_UNAVAILABLE, then session-only storage when the user chooses it', { timeout: 60_000 }, async () => {
  const home = makeWorkDir('no-keyring-home');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`, XDG_RUNTIME_DIR: home };
  delete env['DISPLAY'];
  const r = await runSecretProbe(['no-keyring'], env);
  const refused = r['refused'] as { ok: boolean; error?: { code: string; message: string } };
  assert.equal(refused.ok, false);
  assert.equal(refused.error?.code, 'KEYCHAIN_UNAVAILABLE');
  assert.match(refused.error?.message ?? '', /keyring/i);
  assert.equal((r['readRefused'] as { error?: { code: string } }).error?.code, 'KEYCHAIN_UNAVAILABLE');
  assert.deepEqual(r['kept'], { ok: true });
  assert.deepEqual(r['read'], { ok: true, data: 'pw' });
  assert.equal(r['kind'], 'session-only');
});
