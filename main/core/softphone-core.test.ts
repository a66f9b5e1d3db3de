import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../common/ipc/contract';
import type { AccountConfig } from '../common/models/account';
import { fakePorts, fakeSecrets, recordingLogger } from '../../test/support/fakes';
import { KEYCHAIN_SERVICE } from './accounts/credentials';
import type { CorePorts } from './ports';
import { createSoftphoneCore } from './softphone-core';

const account: AccountConfig = {
  aor: 'sip:alice@127.0.0.1',
  username: 'alice',
  server: '127.0.0.1:5060',
  transport: 'udp',
  srtp: 'off',
  codecs: ['pcmu'],
  register: true,
};
const app = { name: 'Dialtone', version: '1.2.3', mode: 'headless' as const };

function core(env: Record<string, string> = {}, overrides: Partial<CorePorts> = {}) {
  const logger = recordingLogger();
  const ports = fakePorts({ logger, ...overrides });
  const c = createSoftphoneCore(ports, { app, env });
  const events: AppEvent[] = [];
  const waiters: Array<() => void> = [];
  c.subscribe((e) => {
    events.push(e);
    waiters.forEach((w) => w());
  });
  const waitFor = (pred: (e: AppEvent) => boolean): Promise<AppEvent> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such event in ${JSON.stringify(events)}`)), 2000);
      const check = (): void => {
        const hit = events.find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        }
      };
      waiters.push(check);
      check();
    });
  return { c, events, logger, ports, waitFor };
}

const failedWith = (code: string) => (e: AppEvent) => e.event === 'registration.changed' && e.data.state === 'failed' && e.data.reason?.code === code;

test('a new core has no accounts and seq 0', () => {
  const { c } = core();
  assert.deepEqual(c.snapshot(), { seq: 0, app, accounts: [], calls: [] });
});

test('saving an account emits accounts.changed with seq 1 and shows it in the snapshot', async () => {
  const { c, events } = core({ DIALTONE_PASSWORD: 'pw' });
  const saved = await c.saveAccount({ ...account, register: false });
  assert.equal(saved.ok, true);
  assert.equal(events[0]?.event, 'accounts.changed');
  assert.equal(events[0]?.seq, 1);
  const snap = c.snapshot();
  assert.equal(snap.accounts[0]?.id, 'alice@127.0.0.1');
  assert.deepEqual(snap.accounts[0]?.registration, { state: 'unregistered' });
  // The view carries the rest of the configuration, so a settings form can edit it without losing fields.
  assert.equal(snap.accounts[0]?.username, account.username);
  assert.deepEqual(snap.accounts[0]?.codecs, account.codecs);
  assert.equal(snap.accounts[0]?.register, false);
});

test('with a password the account starts registering, and a dead network is reported as such', async () => {
  const { c, waitFor } = core({ DIALTONE_PASSWORD: 'pw' });
  await c.saveAccount(account);
  await waitFor((e) => e.event === 'registration.changed' && e.data.state === 'registering');
  await waitFor(failedWith('NETWORK_UNREACHABLE'));
  await c.shutdown();
});

test('the password is found in the keychain when the environment has none, and never shown', async () => {
  const { c, logger, events, waitFor } = core({}, { secrets: fakeSecrets({ [`${KEYCHAIN_SERVICE}/alice@127.0.0.1`]: 's3cret-pw' }) });
  await c.saveAccount(account);
  await waitFor(failedWith('NETWORK_UNREACHABLE'));
  assert.ok(logger.lines.some((l) => l.message === 'password found' && l.fields?.['source'] === 'keychain'));
  assert.equal(JSON.stringify([c.snapshot(), events, logger.lines]).includes('s3cret-pw'), false);
  await c.shutdown();
});

test('a password given with the account goes to the keychain, not into any view', async () => {
  const secrets = fakeSecrets();
  const { c } = core({}, { secrets });
  const saved = await c.saveAccount({ ...account, register: false }, 'given-pw');
  assert.equal(JSON.stringify(saved).includes('given-pw'), false);
  assert.deepEqual(await secrets.get(KEYCHAIN_SERVICE, 'alice@127.0.0.1'), { ok: true, data: 'given-pw' });
  await c.removeAccount('alice@127.0.0.1');
  assert.deepEqual(await secrets.get(KEYCHAIN_SERVICE, 'alice@127.0.0.1'), { ok: true, data: null });
  assert.deepEqual(c.snapshot().accounts, []);
});

test('no password anywhere: registration fails with NO_PASSWORD and says where to put it', async () => {
  const { c, waitFor } = core();
  await c.saveAccount(account);
  const failed = await waitFor(failedWith('NO_PASSWORD'));
  assert.match(failed.event === 'registration.changed' ? (failed.data.reason?.message ?? '') : '', /DIALTONE_PASSWORD/);
});

test('a broken keychain surfaces as KEYCHAIN_UNAVAILABLE with its reason', async () => {
  const { c, waitFor } = core({}, { secrets: fakeSecrets({}, 'Cannot autolaunch D-Bus without X11 $DISPLAY') });
  await c.saveAccount(account);
  const failed = await waitFor(failedWith('KEYCHAIN_UNAVAILABLE'));
  assert.match(JSON.stringify(failed), /D-Bus/);
});

test('unknown account ids are NOT_FOUND', async () => {
  const { c } = core();
  for (const r of [await c.removeAccount('x@y'), await c.register('x@y'), await c.unregister('x@y')]) {
    assert.equal(!r.ok && r.error.code, 'NOT_FOUND');
  }
});
