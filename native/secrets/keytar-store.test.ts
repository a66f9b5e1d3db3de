import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKeytarStore, type KeytarApi } from './keytar-store';

function fake(overrides: Partial<KeytarApi>): KeytarApi {
  return {
    getPassword: async () => null,
    setPassword: async () => undefined,
    deletePassword: async () => false,
    ...overrides,
  };
}

test('values and misses pass through as Results', async () => {
  const store = createKeytarStore({ keytar: fake({ getPassword: async (s, a) => (s === 'Dialtone' && a === 'alice' ? 'pw' : null) }) });
  assert.deepEqual(await store.get('Dialtone', 'alice'), { ok: true, data: 'pw' });
  assert.deepEqual(await store.get('Dialtone', 'bob'), { ok: true, data: null });
  assert.equal(store.kind, 'os-keyring');
});

test('a keyring error becomes KEYCHAIN_UNAVAILABLE with the reason', async () => {
  const store = createKeytarStore({ keytar: fake({ setPassword: async () => { throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'); } }) });
  const r = await store.set('Dialtone', 'alice', 'pw');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'KEYCHAIN_UNAVAILABLE');
  assert.match(!r.ok ? r.error.message : '', /D-Bus/);
});

test('a keyring that never answers times out instead of hanging', async () => {
  const store = createKeytarStore({ timeoutMs: 50, keytar: fake({ getPassword: () => new Promise<string | null>(() => undefined) }) });
  const started = Date.now();
  const r = await store.get('Dialtone', 'alice');
  assert.equal(!r.ok && r.error.code, 'KEYCHAIN_UNAVAILABLE');
  assert.match(!r.ok ? r.error.message : '', /did not answer within 50 ms/);
  assert.ok(Date.now() - started < 2000);
});
