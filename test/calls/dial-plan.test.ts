/**
 * The dial plan through `call.dial` against real peers: an account whose
 * plan strips the outside-line 9 reaches baresip registered as 5551234 at
 * the lab Kamailio when the user types "9 555-1234"; bad input is refused
 * with INVALID_ARGS and nothing is sent.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip } from '../lab/baresip';
import { startKamailio } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, dial, ended, incoming, wire, wireTexts } from '../support/call-steps';
import { labAccount, registration, startCore } from '../support/core-driver';

test('call.dial applies the account dial plan before building the URI; bad input gets INVALID_ARGS', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: '5551234', password: 'ext123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const tone = await makeToneWav(join(makeWorkDir('dial-plan'), 'ext.wav'), { freq: 440, seconds: 20, rate: 48000 });
  const ext = await startBaresip({ user: '5551234', password: 'ext123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  t.after(() => ext.stop());
  await ext.waitForRegistration();
  const alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}) });
  t.after(() => alice.stop());
  const saved = await alice.runtime.router.dispatch('account.save', { account: { ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), dialPlan: { rules: [{ prefix: '9', strip: 1 }] } } });
  assert.ok(saved.ok, JSON.stringify(saved));
  assert.deepEqual((saved.data as { dialPlan?: unknown }).dialPlan, { rules: [{ prefix: '9', strip: 1, prepend: '' }] });
  const badPlan = await alice.runtime.router.dispatch('account.save', { account: { ...labAccount({ user: 'bob', port: kam.udpPort, transport: 'udp' }), register: false, dialPlan: { region: 'XX' } } });
  assert.equal(badPlan.ok, false, 'an unknown region is refused when saving');
  await alice.waitFor(registration('alice@127.0.0.1', 'registered'));

  const before = wire(alice).length;
  for (const typed of ['12a 4', '1+2', '+44 1']) {
    const r = await alice.runtime.router.dispatch('call.dial', { target: typed, accountId: 'alice@127.0.0.1' });
    assert.equal(r.ok, false, typed);
    assert.equal(!r.ok && r.error.code, 'INVALID_ARGS', typed);
  }
  assert.equal(wire(alice).slice(before).filter((w) => w.startsWith('sent INVITE')).length, 0, 'nothing was sent for bad input');

  const callId = await dial(alice, '9 555-1234');
  const active = await callState(alice, callId, 'active');
  assert.ok(active.event === 'call.updated');
  assert.equal(active.data.remoteUri, 'sip:5551234@127.0.0.1');
  assert.ok(wire(alice).some((w) => w.startsWith('sent INVITE sip:5551234@127.0.0.1')));
  await alice.runtime.router.dispatch('call.hangup', { callId });
  await ended(alice, callId);
});

test('the dial plan also shapes forwarding and transfer targets; a bad transfer target gets INVALID_ARGS', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'carol', password: 'carol123' }, { username: '5551234', password: 'ext123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const tone = await makeToneWav(join(makeWorkDir('dial-plan'), 'ext2.wav'), { freq: 440, seconds: 20, rate: 48000 });
  const ext = await startBaresip({ user: '5551234', password: 'ext123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  t.after(() => ext.stop());
  const alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}) });
  t.after(() => alice.stop());
  const carol = startCore({ env: { DIALTONE_PASSWORD: 'carol123' }, audio: createFileAudioPort({}) });
  t.after(() => carol.stop());
  await alice.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), dialPlan: { rules: [{ prefix: '9', strip: 1, prepend: '' }] } });
  await carol.runtime.core.saveAccount(labAccount({ user: 'carol', port: kam.udpPort, transport: 'udp' }));
  await Promise.all([ext.waitForRegistration(), alice.waitFor(registration('alice@127.0.0.1', 'registered')), carol.waitFor(registration('carol@127.0.0.1', 'registered'))]);

  // Forward always to "9 555-1234": the 302 names the planned number.
  assert.ok((await alice.runtime.router.dispatch('calls.configure', { forward: 'always', forwardTo: '9 555-1234' })).ok);
  const forwarded = await dial(carol, 'alice');
  const reached = await carol.waitFor((e) => e.event === 'call.updated' && e.data.callId === forwarded && e.data.state === 'active', 10000);
  assert.ok(reached.event === 'call.updated' && reached.data.remoteUri === 'sip:5551234@127.0.0.1', JSON.stringify(reached.data));
  assert.match(wireTexts(alice, (d, s) => d === 'sent' && s.startsWith('SIP/2.0 302')).at(-1) ?? '', /Contact: <sip:5551234@127\.0\.0\.1>/);
  await carol.runtime.router.dispatch('call.hangup', { callId: forwarded });
  await ended(carol, forwarded);

  // Transfer carol to "9 555-1234": the REFER names the planned number; a bad target is refused before anything is sent.
  assert.ok((await alice.runtime.router.dispatch('calls.configure', { forward: 'off' })).ok);
  const since = alice.events.length;
  const out = await dial(carol, 'alice');
  const onAlice = await incoming(alice, since);
  assert.deepEqual(await alice.runtime.router.dispatch('call.answer', { callId: onAlice }), { ok: true, data: {} });
  await callState(carol, out, 'active');
  const bad = await alice.runtime.router.dispatch('call.transfer', { callId: onAlice, target: '12a 4' });
  assert.equal(!bad.ok && bad.error.code, 'INVALID_ARGS');
  const sinceCarol = carol.events.length;
  assert.deepEqual(await alice.runtime.router.dispatch('call.transfer', { callId: onAlice, target: '9 555-1234' }), { ok: true, data: {} });
  assert.match(wireTexts(alice, (d, s) => d === 'sent' && s.startsWith('REFER')).at(-1) ?? '', /Refer-To: <?sip:5551234@127\.0\.0\.1/);
  const transferred = await carol.waitFor((e) => e.event === 'call.updated' && e.data.remoteUri === 'sip:5551234@127.0.0.1' && e.data.state === 'active', 10000, sinceCarol);
  assert.ok(transferred.event === 'call.updated');
  await ended(alice, onAlice);
  await carol.runtime.router.dispatch('call.hangup', { callId: transferred.data.callId });
  await ended(carol, transferred.data.callId);
});
