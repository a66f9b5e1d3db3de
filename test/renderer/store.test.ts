import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DialtoneApi } from '../../main/common/ipc/api';
import type { AccountView, AppEvent, Snapshot } from '../../main/common/ipc/contract';
import { ok } from '../../main/common/result';
import { applyEvent } from '../../renderer/src/store/reducer';
import { createStore } from '../../renderer/src/store/store';

const alice: AccountView = { id: 'alice@h', aor: 'sip:alice@h', server: 'h', transport: 'udp', srtp: 'off', registration: { state: 'unregistered' } };
const base: Snapshot = { seq: 3, app: { name: 'D', version: '1', mode: 'browser' }, accounts: [alice], calls: [] };

test('registration.changed updates only that account and moves seq', () => {
  const next = applyEvent(base, { event: 'registration.changed', seq: 4, data: { accountId: 'alice@h', state: 'failed', reason: { code: 'NO_PASSWORD', message: 'm' } } });
  assert.equal(next.seq, 4);
  assert.deepEqual(next.accounts[0]?.registration, { state: 'failed', reason: { code: 'NO_PASSWORD', message: 'm' } });
  assert.deepEqual(base.accounts[0]?.registration, { state: 'unregistered' }, 'the old state is not mutated');
});

function fakeApi(snapshots: Snapshot[]) {
  let listener: (e: AppEvent) => void = () => undefined;
  let calls = 0;
  const api: DialtoneApi = {
    invoke: (async () => ok(snapshots[Math.min(calls++, snapshots.length - 1)] as Snapshot)) as DialtoneApi['invoke'],
    onEvent: (l) => ((listener = l), () => undefined),
  };
  return { api, emit: (e: AppEvent) => listener(e), calls: () => calls };
}

test('the store starts from the snapshot, applies the next event and ignores stale ones', async () => {
  const { api, emit } = fakeApi([base]);
  const store = createStore();
  await store.start(api);
  assert.equal(store.getState().snapshot?.seq, 3);
  emit({ event: 'accounts.changed', seq: 3, data: { accounts: [] } });
  assert.equal(store.getState().snapshot?.accounts.length, 1, 'seq 3 is already in the snapshot');
  emit({ event: 'accounts.changed', seq: 4, data: { accounts: [] } });
  assert.equal(store.getState().snapshot?.accounts.length, 0);
});

test('a gap in seq fetches a fresh snapshot instead of applying out of order', async () => {
  const fresh: Snapshot = { ...base, seq: 9, accounts: [], calls: [] };
  const { api, emit, calls } = fakeApi([base, fresh]);
  const store = createStore();
  await store.start(api);
  emit({ event: 'registration.changed', seq: 6, data: { accountId: 'alice@h', state: 'registered' } });
  await new Promise((r) => setImmediate(r));
  assert.equal(calls(), 2);
  assert.equal(store.getState().snapshot?.seq, 9);
  assert.equal(store.getState().snapshot?.accounts.length, 0);
});
