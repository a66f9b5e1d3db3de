/**
 * Reject, do-not-disturb, forwarding and auto-answer on request, between
 * Dialtone cores (alice, carol), baresip (bob, auto-answers) and SIPp,
 * through the lab Kamailio. Settings go through `calls.configure`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { findFreePort, LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { makeWorkDir } from '../lab/workdir';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import type { CallView } from '../../main/common/ipc/contract';
import { DEFAULT_CALL_SETTINGS } from '../../main/common/models/call-settings';
import { callState, dial, ended, incoming, wire } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';
import { plainAnswerKeys, startMediaPeer } from '../support/fuzz-media-peer';

let kam: KamailioHandle;
let alice: CoreDriver;
let carol: CoreDriver;
let bob: BaresipHandle;
let aliceSipPort: number;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }, { username: 'carol', password: 'carol123' }], udpPort: 'random', tlsPort: 'random' });
  aliceSipPort = await findFreePort({ proto: 'udp' });
  alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}), sip: { localPort: aliceSipPort, pingIntervalMs: 0 } });
  await alice.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), allowDirectCalls: true });
  carol = startCore({ env: { DIALTONE_PASSWORD: 'carol123' }, audio: createFileAudioPort({}) });
  await carol.runtime.core.saveAccount(labAccount({ user: 'carol', port: kam.udpPort, transport: 'udp' }));
  const tone = await makeToneWav(join(makeWorkDir('screening'), 'bob.wav'), { freq: 440, seconds: 30, rate: 48000 });
  bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  await Promise.all([alice.waitFor(registration('alice@127.0.0.1', 'registered')), carol.waitFor(registration('carol@127.0.0.1', 'registered')), bob.waitForRegistration()]);
});
after(async () => {
  await alice?.stop();
  await carol?.stop();
  await bob?.stop();
  await kam?.stop();
});
beforeEach(async () => {
  const r = await alice.runtime.router.dispatch('calls.configure', { ...DEFAULT_CALL_SETTINGS });
  assert.ok(r.ok);
});

async function configure(patch: Record<string, unknown>): Promise<void> {
  const r = await alice.runtime.router.dispatch('calls.configure', patch);
  assert.ok(r.ok, JSON.stringify(r));
}

test('DND answers 480 or 486 by setting; alice never rings', async () => {
  for (const [status, code] of [[480, 'CALL_UNAVAILABLE'], [486, 'SIP_BUSY']] as const) {
    await configure({ dnd: true, dndStatus: status });
    const since = alice.events.length;
    const callId = await dial(carol, 'alice');
    const e = await ended(carol, callId);
    assert.equal(e.reason?.code, code);
    assert.ok(wire(alice).some((w) => w.startsWith(`sent SIP/2.0 ${status}`)));
    assert.equal(alice.events.slice(since).filter((x) => x.event === 'call.updated').length, 0, 'nothing rang');
  }
});

test('call.reject: 603 Decline on request, else the rejectWith setting (486)', async () => {
  for (const [reason, code] of [['decline', 'CALL_DECLINED'], [undefined, 'SIP_BUSY']] as const) {
    const since = alice.events.length;
    const out = await dial(carol, 'alice');
    const inc = await incoming(alice, since);
    const r = await alice.runtime.router.dispatch('call.reject', reason ? { callId: inc, reason } : { callId: inc });
    assert.deepEqual(r, { ok: true, data: {} });
    assert.equal((await ended(carol, out)).reason?.code, code);
    await ended(alice, inc);
  }
  await configure({ rejectWith: 'decline' });
  const since = alice.events.length;
  const out = await dial(carol, 'alice');
  await alice.runtime.router.dispatch('call.reject', { callId: await incoming(alice, since) });
  assert.equal((await ended(carol, out)).reason?.code, 'CALL_DECLINED');
});

test('forwarding needs a target; always, busy (DND) and after no answer forward by 302 to bob, who answers', async () => {
  const bad = await alice.runtime.router.dispatch('calls.configure', { forward: 'always' });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error.message, /forwardTo/);

  for (const patch of [{ forward: 'always', forwardTo: 'bob' }, { forward: 'busy', forwardTo: 'bob', dnd: true }]) {
    await configure(patch);
    const since = carol.events.length;
    const callId = await dial(carol, 'alice');
    const active = await callState(carol, callId, 'active', 10000, since);
    assert.ok(active.event === 'call.updated');
    assert.match(active.data.remoteUri, /^sip:bob@127\.0\.0\.1/, JSON.stringify(patch));
    assert.ok(wire(alice).some((w) => w.startsWith('sent SIP/2.0 302')));
    await carol.runtime.router.dispatch('call.hangup', { callId });
    await ended(carol, callId);
    await configure({ ...DEFAULT_CALL_SETTINGS });
  }

  await configure({ forward: 'noAnswer', forwardTo: 'sip:bob@127.0.0.1', forwardAfterSeconds: 1 });
  const since = alice.events.length;
  const t0 = Date.now();
  const callId = await dial(carol, 'alice');
  const inc = await incoming(alice, since);
  await ended(alice, inc);
  const waited = Date.now() - t0;
  assert.ok(waited >= 900, `forwarded after ${waited} ms, before the 1 s of ringing`);
  const active = await callState(carol, callId, 'active');
  assert.ok(active.event === 'call.updated');
  assert.match(active.data.remoteUri, /^sip:bob@127\.0\.0\.1/);
  await carol.runtime.router.dispatch('call.hangup', { callId });
  await ended(carol, callId);
});

test('auto-answer on request: off by default (the intercom call just rings); when allowed, Call-Info answer-after answers it', async (t) => {
  const peer = await startMediaPeer(t, 440);
  const run = async (): Promise<Awaited<ReturnType<typeof startSipp>>> => {
    const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'intercom-uac.xml'), remote: { host: LOOPBACK, port: aliceSipPort }, service: 'alice', keys: { ...plainAnswerKeys(peer.port), answer_after: 0 }, maxCalls: 1, timeoutS: 15, extraArgs: ['-d', '1000'] });
    t.after(() => sipp.stop());
    return sipp;
  };
  let since = alice.events.length;
  const first = await run();
  const ringing = await incoming(alice, since);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(alice.runtime.core.snapshot().calls.find((c) => c.callId === ringing)?.state, 'ringing', 'not answered while the setting is off');
  await alice.runtime.router.dispatch('call.reject', { callId: ringing });
  await ended(alice, ringing);
  await first.stop();

  await configure({ autoAnswerOnRequest: true });
  since = alice.events.length;
  const second = await run();
  const answered = await incoming(alice, since);
  await callState(alice, answered, 'active', 5000, since);
  const result = await second.wait(10000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-1500)}`);
  await ended(alice, answered);
});

test('caller ID: the identity the server asserts (P-Asserted-Identity, its sip: value) is shown, not From; Privacy: id shows the From', async (t) => {
  const run = async (privacy: string): Promise<{ view: CallView; code: number | null; output: string }> => {
    const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'caller-id-uac.xml'), remote: { host: LOOPBACK, port: aliceSipPort }, service: 'alice', keys: { pai_name: 'Alice Smith, Accounts', pai_user: '+15551234567', privacy }, maxCalls: 1, timeoutS: 15 });
    t.after(() => sipp.stop());
    const since = alice.events.length;
    const callId = await incoming(alice, since);
    const view = alice.runtime.core.snapshot().calls.find((c) => c.callId === callId);
    assert.ok(view);
    const r = await alice.runtime.router.dispatch('call.reject', { callId, reason: 'decline' });
    assert.ok(r.ok, JSON.stringify(r));
    await ended(alice, callId);
    const result = await sipp.wait(10000);
    return { view, code: result.code, output: result.output };
  };
  const asserted = await run('none');
  assert.equal(asserted.code, 0, `SIPp: ${asserted.output.slice(-1500)}`);
  assert.equal(asserted.view.remoteUri, 'sip:+15551234567@127.0.0.1');
  assert.equal(asserted.view.remoteName, 'Alice Smith, Accounts');
  const withheld = await run('id');
  assert.equal(withheld.code, 0, `SIPp: ${withheld.output.slice(-1500)}`);
  assert.match(withheld.view.remoteUri, /^sip:sipp@127\.0\.0\.1/);
  assert.equal(withheld.view.remoteName, undefined, 'no name for a caller who asked for privacy');
});

test('ignore: call.silence marks the ringing call silenced; nothing goes to the caller, who still rings until it cancels', async () => {
  const since = alice.events.length;
  const callId = await dial(carol, 'alice');
  const ringing = await incoming(alice, since);
  const before = wire(alice).length;
  const r = await alice.runtime.router.dispatch('call.silence', { callId: ringing });
  assert.ok(r.ok, JSON.stringify(r));
  const view = alice.runtime.core.snapshot().calls.find((c) => c.callId === ringing);
  assert.equal(view?.state, 'ringing');
  assert.equal(view?.silenced, true);
  await new Promise((res) => setTimeout(res, 500));
  assert.deepEqual(wire(alice).slice(before).filter((w) => w.startsWith('sent ')), [], 'ignoring sends nothing');
  assert.equal(carol.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'ringing', 'the caller still rings');
  const again = await alice.runtime.router.dispatch('call.silence', { callId: 'nope' });
  assert.equal(again.ok, false);
  await carol.runtime.router.dispatch('call.hangup', { callId });
  const e = await ended(alice, ringing);
  assert.equal(e.endedBy, 'remote');
});

test('auto-answer setting: a call is answered by itself after the set ringing time; while alice is in a call, the next one just rings', async () => {
  await configure({ autoAnswer: true, autoAnswerAfterSeconds: 1 });
  let since = alice.events.length;
  const first = await dial(carol, 'alice');
  const ringing = await incoming(alice, since);
  const t0 = Date.now();
  await callState(alice, ringing, 'active', 10000, since);
  const waited = Date.now() - t0;
  assert.ok(waited >= 800, `answered after ${waited} ms, not before the 1 s of ringing`);
  await callState(carol, first, 'active');

  // alice is busy: bob (baresip) calls her; it must ring, not hold carol's call.
  since = alice.events.length;
  await bob.command('dial', 'sip:alice@127.0.0.1');
  const second = await incoming(alice, since);
  await new Promise((r) => setTimeout(r, 2000));
  const views = alice.runtime.core.snapshot().calls;
  assert.equal(views.find((c) => c.callId === second)?.state, 'ringing', 'the second call still rings');
  assert.equal(views.find((c) => c.callId === ringing)?.state, 'active', 'the first call was not held');
  await alice.runtime.router.dispatch('call.reject', { callId: second });
  await ended(alice, second);
  await alice.runtime.router.dispatch('call.hangup', { callId: ringing });
  await ended(carol, first);
});
