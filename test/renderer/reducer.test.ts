/** The pure reducer: calls, stats, DTMF, trace and ended calls fold in by seq, and nothing is mutated. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView, AppEvent, CallView, Snapshot, TraceEntryView } from '../../main/common/ipc/contract';
import { ENDED_LIMIT, initialState, mergeTrace, reduce, TRACE_LIMIT, type UiState } from '../../renderer/src/store/reducer';

const alice: AccountView = { id: 'alice@h', aor: 'sip:alice@h', server: 'h', transport: 'udp', srtp: 'off', registration: { state: 'registered' } };
const call: CallView = { callId: 'c1', accountId: 'alice@h', direction: 'outgoing', state: 'dialing', remoteUri: 'sip:bob@h', srtp: false, remoteHold: false, muted: false, startedAt: 1000 };
const snapshot: Snapshot = { seq: 10, app: { name: 'D', version: '1', mode: 'browser' }, accounts: [alice], calls: [] };
const loaded: UiState = reduce(initialState, { type: 'snapshot', snapshot });

function entry(id: number, over: Partial<TraceEntryView> = {}): TraceEntryView {
  return { id, time: id, accountId: 'alice@h', direction: 'sent', transport: 'udp', local: '127.0.0.1:5070', peer: '127.0.0.1:5060', callId: 'x', summary: 'OPTIONS sip:h SIP/2.0', method: 'OPTIONS', text: '', ...over };
}

/** Applies events with consecutive seqs after the state's. */
function play(state: UiState, ...events: Array<Omit<AppEvent, 'seq'>>): UiState {
  return events.reduce((s, e) => reduce(s, { type: 'event', event: { ...e, seq: (s.snapshot?.seq ?? 0) + 1 } as AppEvent }), state);
}

test('call.updated adds a call, then replaces it in place; call.ended removes it and remembers why', () => {
  let s = play(loaded, { event: 'call.updated', data: call });
  assert.deepEqual(s.snapshot?.calls, [call]);
  const second: CallView = { ...call, callId: 'c2', remoteUri: 'sip:carol@h' };
  s = play(s, { event: 'call.updated', data: second }, { event: 'call.updated', data: { ...call, state: 'active', answeredAt: 2000 } });
  assert.deepEqual(s.snapshot?.calls.map((c) => [c.callId, c.state]), [['c1', 'active'], ['c2', 'dialing']], 'order kept, c1 updated in place');
  s = play(s, { event: 'call.ended', data: { callId: 'c2', endedBy: 'remote', reason: { code: 'SIP_BUSY', message: 'busy' } } });
  assert.deepEqual(s.snapshot?.calls.map((c) => c.callId), ['c1']);
  assert.deepEqual(s.ended[0], { callId: 'c2', remoteUri: 'sip:carol@h', endedBy: 'remote', answered: false, reason: { code: 'SIP_BUSY', message: 'busy' } });
  assert.equal(s.snapshot?.seq, 14);
  const dismissed = reduce(s, { type: 'endedDismissed', callId: 'c2' });
  assert.deepEqual(dismissed.ended, []);
});

test('an event that is not the next seq changes nothing (the store fetches a snapshot instead)', () => {
  const gap = reduce(loaded, { type: 'event', event: { event: 'call.updated', seq: 12, data: call } });
  assert.equal(gap, loaded);
  const stale = reduce(loaded, { type: 'event', event: { event: 'call.updated', seq: 10, data: call } });
  assert.equal(stale, loaded);
  const before = reduce(initialState, { type: 'event', event: { event: 'call.updated', seq: 1, data: call } });
  assert.equal(before, initialState, 'no snapshot yet');
});

test('call.stats and dtmf.received are kept per live call and dropped when it ends', () => {
  const stats = { callId: 'c1', packetsSent: 50, packetsReceived: 49, packetsLost: 1, lateFrames: 0, concealedFrames: 1, jitterMs: 3, bufferDelayMs: 40, srtpFailures: 0, mos: 4.3 };
  let s = play(loaded, { event: 'call.stats', data: stats });
  assert.deepEqual(s.stats, {}, 'stats of an unknown call are ignored');
  s = play(s, { event: 'call.updated', data: { ...call, state: 'active', answeredAt: 5 } }, { event: 'call.stats', data: stats }, { event: 'dtmf.received', data: { callId: 'c1', digit: '4', via: 'rtp' } }, { event: 'dtmf.received', data: { callId: 'c1', digit: '2', via: 'info' } });
  assert.equal(s.stats['c1']?.mos, 4.3);
  assert.equal(s.dtmfReceived['c1'], '42');
  s = play(s, { event: 'call.ended', data: { callId: 'c1', endedBy: 'local' } });
  assert.deepEqual(s.stats, {});
  assert.deepEqual(s.dtmfReceived, {});
  assert.equal(s.ended[0]?.answered, true);
  assert.equal(s.ended[0]?.reason, undefined);
});

test('ended calls are capped, newest first', () => {
  let s = loaded;
  for (let i = 0; i < ENDED_LIMIT + 3; i++) s = play(s, { event: 'call.updated', data: { ...call, callId: `k${i}` } }, { event: 'call.ended', data: { callId: `k${i}`, endedBy: 'remote' } });
  assert.equal(s.ended.length, ENDED_LIMIT);
  assert.equal(s.ended[0]?.callId, `k${ENDED_LIMIT + 2}`);
});

test('sip.traced appends; the loaded trace merges by id in order without duplicates; the trace is capped', () => {
  let s = play(loaded, { event: 'sip.traced', data: entry(5) }, { event: 'sip.traced', data: entry(6) });
  s = reduce(s, { type: 'traceLoaded', entries: [entry(1), entry(2), entry(5)] });
  assert.deepEqual(s.trace.map((e) => e.id), [1, 2, 5, 6]);
  const many = Array.from({ length: TRACE_LIMIT + 10 }, (_, i) => entry(i + 1));
  assert.equal(mergeTrace([], many).length, TRACE_LIMIT);
  assert.equal(mergeTrace([], many)[0]?.id, 11, 'the oldest go first');
});

test('a new snapshot replaces calls and drops stats of calls it no longer has; nothing is mutated', () => {
  let s = play(loaded, { event: 'call.updated', data: { ...call, state: 'active', answeredAt: 1 } });
  s = play(s, { event: 'call.stats', data: { callId: 'c1', packetsSent: 1, packetsReceived: 1, packetsLost: 0, lateFrames: 0, concealedFrames: 0, jitterMs: 0, bufferDelayMs: 0, srtpFailures: 0, mos: 4.4 } });
  const frozen = JSON.stringify(s);
  const next = reduce(s, { type: 'snapshot', snapshot: { ...snapshot, seq: 40, calls: [] } });
  assert.deepEqual(next.stats, {});
  assert.equal(JSON.stringify(s), frozen, 'the previous state is untouched');
  assert.equal(reduce(next, { type: 'connected', connected: false }), next, 'no change, same object');
});

test('registration.changed and accounts.changed update accounts', () => {
  let s = play(loaded, { event: 'registration.changed', data: { accountId: 'alice@h', state: 'failed', reason: { code: 'SIP_AUTH_FAILED', message: 'm' } } });
  assert.deepEqual(s.snapshot?.accounts[0]?.registration, { state: 'failed', reason: { code: 'SIP_AUTH_FAILED', message: 'm' } });
  s = play(s, { event: 'accounts.changed', data: { accounts: [] } });
  assert.deepEqual(s.snapshot?.accounts, []);
});
