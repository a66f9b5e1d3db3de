import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok, type Result } from '../../common/result';
import { createSoftphoneCore } from '../softphone-core';
import { fakePorts } from '../../../test/support/fakes';
import type { SecretStorePort } from '../ports/secrets';
import { createSessionChoiceSecretStore } from './session-choice-secret-store';
import { createSessionSecretStore } from './session-secret-store';

/** A keyring like keytar's with no D-Bus session: every call fails. */
const noKeyring: SecretStorePort = {
  kind: 'os-keyring',
  get: async () => err('KEYCHAIN_UNAVAILABLE', 'The system keyring refused reading a password: Cannot autolaunch D-Bus without X11 $DISPLAY'),
  set: async () => err('KEYCHAIN_UNAVAILABLE', 'The system keyring refused storing a password: Cannot autolaunch D-Bus without X11 $DISPLAY'),
  delete: async () => err('KEYCHAIN_UNAVAILABLE', 'The system keyring refused deleting a password: Cannot autolaunch D-Bus without X11 $DISPLAY'),
};

test('without the user\'s choice a missing keyring is a clear error, never a silent fallback', async () => {
  const store = createSessionChoiceSecretStore(noKeyring);
  const r = await store.set('Dialtone', 'alice', 'pw');
  assert.equal(!r.ok && r.error.code, 'KEYCHAIN_UNAVAILABLE');
  assert.equal((await store.get('Dialtone', 'alice')).ok, false);
  assert.equal(store.kind, 'os-keyring');
});

test('with session-only chosen, passwords live in memory and the dead keyring is not asked', async () => {
  const store = createSessionChoiceSecretStore(noKeyring);
  store.setSessionOnly(true);
  assert.equal(store.kind, 'session-only');
  assert.deepEqual(await store.set('Dialtone', 'alice', 'pw'), ok(undefined));
  assert.deepEqual(await store.get('Dialtone', 'alice'), ok('pw'));
  assert.deepEqual(await store.get('Dialtone', 'bob'), ok(null));
  assert.deepEqual(await store.delete('Dialtone', 'alice'), ok(true));
  assert.deepEqual(await store.get('Dialtone', 'alice'), ok(null));
});

test('session-only neither writes to nor reads from the keyring; turning it off goes back to the keyring', async () => {
  const keyring = createSessionSecretStore();
  await keyring.set('Dialtone', 'old', 'stored-before');
  const writes: string[] = [];
  const spy: SecretStorePort = { ...keyring, kind: 'os-keyring', set: async (s, a, v): Promise<Result<void>> => { writes.push(a); return keyring.set(s, a, v); } };
  const store = createSessionChoiceSecretStore(spy, true);
  await store.set('Dialtone', 'new', 'pw');
  assert.deepEqual(writes, []);
  assert.deepEqual(await store.get('Dialtone', 'old'), ok(null));
  assert.deepEqual(await store.get('Dialtone', 'new'), ok('pw'));
  store.setSessionOnly(false);
  assert.deepEqual(await store.get('Dialtone', 'old'), ok('stored-before'));
  await store.set('Dialtone', 'later', 'pw2');
  assert.deepEqual(writes, ['later']);
});

test('removing an account deletes its secret', async () => {
  const keyring = createSessionSecretStore();
  const store = createSessionChoiceSecretStore(keyring);
  const core = createSoftphoneCore(fakePorts({ secrets: store }), { app: { name: 'D', version: '1', mode: 'headless' }, env: {} });
  const saved = await core.saveAccount({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: '127.0.0.1', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: false }, 'secret');
  assert.ok(saved.ok);
  assert.deepEqual(await keyring.get('Dialtone', saved.data.id), ok('secret'));
  assert.deepEqual(await core.removeAccount(saved.data.id), ok(undefined));
  assert.deepEqual(await keyring.get('Dialtone', saved.data.id), ok(null));
  await core.shutdown();
});
