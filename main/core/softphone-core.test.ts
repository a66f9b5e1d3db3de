import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../common/ipc/contract';
import type { AccountConfig } from '../common/models/account';
import { fakeClock, fakeSecrets, recordingLogger } from '../../test/support/fakes';
import { KEYCHAIN_SERVICE } from './accounts/credentials';
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

function core(env: Record<string, string> = {}, secrets = fakeSecrets()) {
  const logger = recordingLogger();
  const c = createSoftphoneCore({ clock: fakeClock(), logger, secrets }, { app, env });
  const events: AppEvent[] = [];
  c.subscribe((e) => events.push(e));
  return { c, events, logger };
}

test('a new core has no accounts and seq 0', () => {
  const { c } = core();
  assert.deepEqual(c.snapshot(), { seq: 0, app, accounts: [] });
});

test('adding an account emits accounts.changed with the next seq and shows in the snapshot', async () => {
  const { c, events } = core({ DIALTONE_PASSWORD: 'pw' });
  const added = await c.addAccount(account);
  assert.equal(added.ok, true);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.event, 'accounts.changed');
  assert.equal(events[0]?.seq, 1);
  const snap = c.snapshot();
  assert.equal(snap.seq, 1);
  assert.equal(snap.accounts[0]?.id, 'alice@127.0.0.1');
  assert.deepEqual(snap.accounts[0]?.registration, { state: 'unregistered' });
});

test('the password is found in the keychain when the environment has none, and never shown', async () => {
  const { c, events, logger } = core({}, fakeSecrets({ [`${KEYCHAIN_SERVICE}/alice@127.0.0.1`]: 's3cret-pw' }));
  await c.addAccount(account);
  assert.equal(events.some((e) => e.event === 'registration.changed'), false);
  assert.ok(logger.lines.some((l) => l.message === 'password found' && l.fields?.['source'] === 'keychain'));
  assert.equal(JSON.stringify([c.snapshot(), events, logger.lines]).includes('s3cret-pw'), false);
});

test('no password anywhere: registration fails with NO_PASSWORD and says where to put it', async () => {
  const { c, events } = core();
  await c.addAccount(account);
  const failed = events.find((e) => e.event === 'registration.changed');
  assert.equal(failed?.seq, 2);
  assert.equal(failed?.event === 'registration.changed' && failed.data.state, 'failed');
  const reason = c.snapshot().accounts[0]?.registration.reason;
  assert.equal(reason?.code, 'NO_PASSWORD');
  assert.match(reason?.message ?? '', /DIALTONE_PASSWORD/);
});

test('a broken keychain surfaces as KEYCHAIN_UNAVAILABLE with its reason', async () => {
  const { c } = core({}, fakeSecrets({}, 'Cannot autolaunch D-Bus without X11 $DISPLAY'));
  await c.addAccount(account);
  const reason = c.snapshot().accounts[0]?.registration.reason;
  assert.equal(reason?.code, 'KEYCHAIN_UNAVAILABLE');
  assert.match(reason?.message ?? '', /D-Bus/);
});

test('an account that does not register needs no password', async () => {
  const { c } = core();
  await c.addAccount({ ...account, register: false });
  assert.deepEqual(c.snapshot().accounts[0]?.registration, { state: 'unregistered' });
});
