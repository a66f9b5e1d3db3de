/**
 * Several calls at once through the lab Kamailio: Dialtone (alice) with
 * baresip (bob, auto-answers) and a second Dialtone core (carol). Only one
 * call is ever active (answering, dialing and swapping hold the other, with a
 * real re-INVITE on the wire), and beyond the call limit an incoming call
 * gets 486 before it rings.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { makeToneWav } from '../lab/audio';
import { makeWorkDir } from '../lab/workdir';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { DEFAULT_CALL_SETTINGS } from '../../main/common/models/call-settings';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, command, dial, ended, incoming, stateOf, wire, wireTexts } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

let kam: KamailioHandle;
let tone: string;
before(async () => {
  tone = await makeToneWav(join(makeWorkDir('several-calls'), 'bob-440.wav'), { freq: 440, seconds: 30, rate: 48000 });
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }, { username: 'carol', password: 'carol123' }], udpPort: 'random', tlsPort: 'random' });
});
after(() => kam?.stop());

async function core(user: string, password: string): Promise<CoreDriver> {
  const c = startCore({ env: { DIALTONE_PASSWORD: password }, audio: createFileAudioPort({}) });
  await c.runtime.core.saveAccount(labAccount({ user, port: kam.udpPort, transport: 'udp' }));
  await c.waitFor(registration(`${user}@127.0.0.1`, 'registered'));
  return c;
}

test('one active call: answering a second call holds the first, swap flips them, dialing holds the active one; beyond the limit 486', async (t) => {
  const alice = await core('alice', 'alice123');
  t.after(() => alice.stop());
  const carol = await core('carol', 'carol123');
  t.after(() => carol.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();

  const limit = await alice.runtime.router.dispatch('calls.configure', { maxCalls: 2 });
  assert.deepEqual(limit, { ok: true, data: { ...DEFAULT_CALL_SETTINGS, maxCalls: 2 } });
  assert.equal((await alice.runtime.router.dispatch('calls.configure', { maxCalls: 0 })).ok, false, 'a limit of 0 is refused');

  // 1. alice ↔ bob.
  const toBob = await dial(alice, 'bob');
  await callState(alice, toBob, 'active');

  // 2. carol calls alice; answering it holds bob's call first.
  const since = alice.events.length;
  const fromCarolOnCarol = await dial(carol, 'alice');
  const fromCarol = await incoming(alice, since).catch((e: Error) => assert.fail(`${e.message}\nalice: ${wire(alice).join(' | ')}\ncarol: ${wire(carol).join(' | ')}`));
  await command(alice, 'call.answer', fromCarol);
  await callState(alice, fromCarol, 'active');
  await callState(carol, fromCarolOnCarol, 'active');
  assert.equal(stateOf(alice, toBob), 'held');
  const holdInvite = wireTexts(alice, (d, s) => d === 'sent' && s.startsWith('INVITE sip:bob')).at(-1) ?? '';
  assert.match(holdInvite, /a=sendonly/, 'bob got a hold re-INVITE');
  const holdIndex = alice.events.findIndex((e) => e.event === 'call.updated' && e.data.callId === toBob && e.data.state === 'held');
  const answerIndex = alice.events.findIndex((e) => e.event === 'call.updated' && e.data.callId === fromCarol && e.data.state === 'active');
  assert.ok(holdIndex >= 0 && holdIndex < answerIndex, 'the first call was held before the second became active');

  // 3. Beyond the limit (2 calls): bob calls alice again and gets 486, alice never rings.
  const ringing = alice.events.length;
  const cursor = bob.eventCursor();
  await bob.command('dial', 'sip:alice@127.0.0.1');
  await bob.waitForEvent('CALL_CLOSED', 10000, { since: cursor });
  assert.ok(wire(alice).some((w) => w.startsWith('sent SIP/2.0 486')), `no 486 sent: ${wire(alice).join(' | ')}`);
  assert.equal(alice.events.slice(ringing).filter((e) => e.event === 'call.updated' && e.data.state === 'ringing').length, 0, 'a call beyond the limit never rings');
  const third = await alice.runtime.router.dispatch('call.dial', { target: 'carol' });
  assert.equal(third.ok, false);
  assert.match(third.ok ? '' : third.error.message, /most allowed \(2\)/);

  // 4. swap back to bob: carol's call is held, bob's resumed.
  assert.equal((await alice.runtime.router.dispatch('call.swap', { callId: fromCarol })).ok, false, 'swap needs a held call');
  await command(alice, 'call.swap', toBob);
  assert.equal(stateOf(alice, toBob), 'active');
  assert.equal(stateOf(alice, fromCarol), 'held');
  await carol.waitFor((e) => e.event === 'call.updated' && e.data.callId === fromCarolOnCarol && e.data.remoteHold, 5000);

  // 5. carol hangs up; dialing carol again while bob's call is active holds it.
  await command(carol, 'call.hangup', fromCarolOnCarol);
  await ended(alice, fromCarol);
  const since2 = carol.events.length;
  const again = await dial(alice, 'carol');
  assert.equal(stateOf(alice, toBob), 'held', 'dialing held the active call');
  const onCarol = await incoming(carol, since2);
  await command(carol, 'call.answer', onCarol);
  await callState(alice, again, 'active');
  assert.deepEqual(alice.runtime.core.snapshot().calls.map((c) => c.state).sort(), ['active', 'held']);
  await command(alice, 'call.hangup', again);
  await command(alice, 'call.hangup', toBob);
  await ended(alice, toBob);
});
