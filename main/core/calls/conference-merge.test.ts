/**
 * The call manager's conference bookkeeping with more than two calls: a
 * third call joins by merging it with a member, a member that hangs up
 * leaves the others mixed, and the last two make a plain call of the
 * survivor. SIP calls and the media engine are small fakes that record what
 * the manager asks of them (the real mix is tested in test/calls/conference).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, recordingLogger } from '../../../test/support/fakes';
import type { CallView } from '../../common/ipc/contract';
import { createEventHub } from '../events/event-hub';
import type { ManagedCallMedia, MediaEngine } from '../media/engine';
import { zeroMediaStreamStats } from '../media/media-stream';
import type { SipCall, SipCallEvent } from '../sip/call/sip-call';
import { CallManager } from './call-manager';

interface FakeCall {
  readonly call: SipCall;
  readonly media: ManagedCallMedia;
  emit(event: SipCallEvent): void;
}

function fakeCall(user: string): FakeCall {
  let listener: (event: SipCallEvent) => void = () => undefined;
  const call = {
    direction: 'incoming',
    remoteUri: `sip:${user}@127.0.0.1`,
    remoteName: undefined,
    replacesACall: false,
    headers: () => undefined,
    header: () => undefined,
    onEvent: (l: (event: SipCallEvent) => void) => {
      listener = l;
    },
    hold: async () => undefined,
    answer: async () => undefined,
    hangup: async () => undefined,
  } as unknown as SipCall;
  const media = { close: async () => undefined, setMuted: () => undefined, stats: zeroMediaStreamStats(), jitterStats: () => undefined, name: user } as unknown as ManagedCallMedia;
  return { call, media, emit: (e) => listener(e) };
}

function setup(n: number) {
  const logger = recordingLogger();
  const hub = createEventHub(logger);
  const views = new Map<string, CallView>();
  hub.subscribe((e) => {
    if (e.event === 'call.updated') views.set(e.data.callId, e.data);
  });
  const conferences: string[][] = [];
  const calls = Array.from({ length: n }, (_, i) => fakeCall(`p${i}`));
  let next = 0;
  const engine = {
    createCallMedia: () => (calls[next++] as FakeCall).media,
    playTone: () => () => undefined,
    setConference: (members: readonly ManagedCallMedia[]) => conferences.push(members.map((m) => (m as unknown as { name: string }).name)),
    close: async () => undefined,
  } as unknown as MediaEngine;
  const manager = new CallManager({ hub, clock: fakeClock(), logger, engine, autoAnswer: false });
  const ids = calls.map((c) => {
    manager.mediaFactory()('127.0.0.1').bind(c.call);
    manager.incoming('acc', c.call);
    const id = manager.views().at(-1)?.callId ?? '';
    return id;
  });
  return { manager, calls, ids, views, conferences };
}

async function answerAll(s: ReturnType<typeof setup>): Promise<void> {
  for (const [i, id] of s.ids.entries()) {
    const answered = await s.manager.answer(id);
    assert.ok(answered.ok, JSON.stringify(answered));
    s.calls[i]?.emit({ kind: 'established' } as SipCallEvent);
  }
}

test('a conference grows one call at a time and survives a member hanging up', async () => {
  const s = setup(3);
  await answerAll(s);
  const [a, b, c] = s.ids as [string, string, string];
  assert.ok((await s.manager.merge(a, b)).ok);
  assert.deepEqual(s.conferences.at(-1), ['p0', 'p1']);
  const conf = s.views.get(a)?.conference;
  assert.ok(conf && s.views.get(b)?.conference === conf);
  // The third (held) call joins by merging it with a member: same id, all three mixed, all active.
  const joined = await s.manager.merge(c, b);
  assert.ok(joined.ok, JSON.stringify(joined));
  assert.deepEqual([...(s.conferences.at(-1) ?? [])].sort(), ['p0', 'p1', 'p2']);
  assert.deepEqual([a, b, c].map((id) => [s.views.get(id)?.conference, s.views.get(id)?.state]), [[conf, 'active'], [conf, 'active'], [conf, 'active']]);
  // A member hangs up: the other two stay mixed in the same conference.
  s.calls[0]?.emit({ kind: 'ended', by: 'remote' } as SipCallEvent);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual([...(s.conferences.at(-1) ?? [])].sort(), ['p1', 'p2']);
  assert.equal(s.views.get(b)?.conference, conf);
  // The next one leaves a plain call.
  s.calls[1]?.emit({ kind: 'ended', by: 'remote' } as SipCallEvent);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(s.conferences.at(-1), []);
  assert.equal(s.views.get(c)?.conference, undefined);
  assert.equal(s.views.get(c)?.state, 'active');
});

test('two calls outside the conference cannot start a second one', async () => {
  const s = setup(4);
  await answerAll(s);
  const [a, b, c, d] = s.ids as [string, string, string, string];
  assert.ok((await s.manager.merge(a, b)).ok);
  const second = await s.manager.merge(c, d);
  assert.ok(!second.ok && second.error.code === 'INVALID_ARGS' && /already a conference/.test(second.error.message), JSON.stringify(second));
  assert.equal(s.views.get(c)?.conference, undefined);
});
