import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DialtoneApi } from '../../main/common/ipc/api';
import type { AccountView, AppEvent, Snapshot, TraceEntryView } from '../../main/common/ipc/contract';
import { ok, type Result } from '../../main/common/result';
import { applyEvent } from '../../renderer/src/store/reducer';
import { createStore } from '../../renderer/src/store/store';

const alice: AccountView = { id: 'alice@h', aor: 'sip:alice@h', server: 'h', transport: 'udp', srtp: 'off', registration: { state: 'unregistered' } };
const base: Snapshot = { seq: 3, app: { name: 'D', version: '1', mode: 'browser' }, accounts: [alice], calls: [] };
const traced: TraceEntryView = { id: 1, time: 1, accountId: 'alice@h', direction: 'sent', transport: 'udp', local: 'a:1', peer: 'b:2', callId: 'r', summary: 'REGISTER sip:h SIP/2.0', method: 'REGISTER', text: '' };

test('registration.changed updates only that account and moves seq', () => {
  const next = applyEvent(base, { event: 'registration.changed', seq: 4, data: { accountId: 'alice@h', state: 'failed', reason: { code: 'NO_PASSWORD', message: 'm' } } });
  assert.equal(next.seq, 4);
  assert.deepEqual(next.accounts[0]?.registration, { state: 'failed', reason: { code: 'NO_PASSWORD', message: 'm' } });
  assert.deepEqual(base.accounts[0]?.registration, { state: 'unregistered' }, 'the old state is not mutated');
});

/** A fake bridge: `snapshot` answers the next of `snapshots`, `sip.trace` the given entries; every command is recorded. */
function fakeApi(snapshots: Snapshot[], trace: TraceEntryView[] = [], hold?: Promise<void>) {
  let listener: (e: AppEvent) => void = () => undefined;
  let snapshotCalls = 0;
  const sent: string[] = [];
  const api: DialtoneApi = {
    invoke: (async (cmd: string) => {
      sent.push(cmd);
      if (cmd === 'snapshot') {
        const s = snapshots[Math.min(snapshotCalls++, snapshots.length - 1)] as Snapshot;
        if (hold) await hold;
        return ok(s);
      }
      if (cmd === 'sip.trace') return ok({ entries: trace });
      if (cmd === 'history.list') return ok({ calls: [], missedUnseen: 2 });
      return ok({}) as Result<unknown>;
    }) as DialtoneApi['invoke'],
    onEvent: (l) => ((listener = l), () => undefined),
  };
  return { api, emit: (e: AppEvent) => listener(e), snapshots: () => snapshotCalls, sent };
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
  const { api, emit, snapshots } = fakeApi([base, fresh]);
  const store = createStore();
  await store.start(api);
  emit({ event: 'registration.changed', seq: 6, data: { accountId: 'alice@h', state: 'registered' } });
  await new Promise((r) => setImmediate(r));
  assert.equal(snapshots(), 2);
  assert.equal(store.getState().snapshot?.seq, 9);
  assert.equal(store.getState().snapshot?.accounts.length, 0);
});

test('events that arrive while the snapshot loads are applied after it, in seq order; the trace so far and the missed-call count are loaded', async () => {
  let release: () => void = () => undefined;
  const hold = new Promise<void>((r) => (release = r));
  const { api, emit, sent } = fakeApi([base], [traced], hold);
  const store = createStore();
  const started = store.start(api);
  emit({ event: 'registration.changed', seq: 5, data: { accountId: 'alice@h', state: 'registered' } });
  emit({ event: 'registration.changed', seq: 4, data: { accountId: 'alice@h', state: 'registering' } });
  emit({ event: 'registration.changed', seq: 3, data: { accountId: 'alice@h', state: 'failed' } });
  release();
  await started;
  assert.equal(store.getState().snapshot?.seq, 5);
  assert.equal(store.getState().snapshot?.accounts[0]?.registration.state, 'registered');
  assert.deepEqual(store.getState().trace, [traced]);
  assert.deepEqual(sent, ['snapshot', 'sip.trace', 'history.list']);
  assert.equal(store.getState().missedUnseen, 2);
});

test('commands go out through the bridge; before start they fail with a reason instead of throwing', async () => {
  const store = createStore();
  const early = await store.invoke('call.hangup', { callId: 'x' });
  assert.equal(early.ok, false);
  const { api, sent } = fakeApi([base]);
  await store.start(api);
  assert.deepEqual(await store.invoke('call.hangup', { callId: 'x' }), { ok: true, data: {} });
  assert.equal(sent.at(-1), 'call.hangup');
  assert.equal(store.getState().snapshot?.calls.length, 0, 'a command never changes call state by itself');
});
