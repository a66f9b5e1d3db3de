import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent, CallView } from '../../common/ipc/contract';
import { HookTracker } from './hook-tracker';
import { numberOf, payloadOf } from './hook-payload';

let seq = 0;
const view = (over: Partial<CallView>): CallView => ({ callId: 'c1', accountId: 'a', direction: 'incoming', state: 'ringing', remoteUri: 'sip:%2B4930123@example.com', srtp: false, remoteHold: false, muted: false, startedAt: 1000, ...over });
const updated = (over: Partial<CallView>): AppEvent => ({ event: 'call.updated', seq: ++seq, data: view(over) });
const ended = (endedBy: 'local' | 'remote', reason?: { code: 'SIP_BUSY' | 'SIP_REJECTED'; message: string }): AppEvent => ({ event: 'call.ended', seq: ++seq, data: { callId: 'c1', endedBy, ...(reason ? { reason } : {}) } });

function run(events: AppEvent[]): string[] {
  const t = new HookTracker(() => 5000);
  return events.flatMap((e) => t.feed(e).map((x) => x.event));
}

test('incoming answered call: incoming, ringing, answered, ended', () => {
  assert.deepEqual(run([updated({}), updated({ state: 'active', answeredAt: 2000 }), ended('remote')]), ['incoming', 'ringing', 'answered', 'ended']);
});

test('incoming call the caller gave up on is missed; one we rejected is not', () => {
  assert.deepEqual(run([updated({}), ended('remote')]), ['incoming', 'ringing', 'missed', 'ended']);
  assert.deepEqual(run([updated({}), ended('local')]), ['incoming', 'ringing', 'ended']);
});

test('outgoing call: outgoing, ringing on alert, busy then ended', () => {
  assert.deepEqual(run([updated({ direction: 'outgoing', state: 'dialing' }), updated({ direction: 'outgoing', state: 'ringing' }), ended('remote', { code: 'SIP_BUSY', message: 'busy' })]), ['outgoing', 'ringing', 'busy', 'ended']);
});

test('repeated updates fire nothing new; unknown calls ending fire nothing', () => {
  assert.deepEqual(run([updated({ direction: 'outgoing', state: 'dialing' }), updated({ direction: 'outgoing', state: 'dialing' }), updated({ direction: 'outgoing', state: 'active', answeredAt: 3 }), updated({ direction: 'outgoing', state: 'held', answeredAt: 3 })]), ['outgoing', 'answered']);
  assert.deepEqual(new HookTracker(() => 0).feed(ended('remote')), []);
});

test('payload: number decoded from the URI, name, duration on ended', () => {
  assert.equal(numberOf('sip:%2B4930123@example.com;user=phone'), '+4930123');
  assert.equal(numberOf('"Bob" <sips:bob@example.com>'), 'bob');
  assert.equal(numberOf('tel:+1-555-0100'), '+1-555-0100');
  const t = new HookTracker(() => 9000);
  t.feed(updated({ remoteName: 'Bob', state: 'active', answeredAt: 4000 }));
  const end = t.feed(ended('remote')).find((x) => x.event === 'ended');
  assert.ok(end);
  const p = payloadOf(end, 9000);
  assert.equal(p.number, '+4930123');
  assert.equal(p.name, 'Bob');
  assert.equal(p.durationMs, 5000);
  assert.equal(p.time, new Date(9000).toISOString());
});
