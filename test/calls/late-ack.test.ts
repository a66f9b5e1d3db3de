/**
 * A hold right after answering, before the caller's ACK: Dialtone holds its
 * re-INVITE back until the ACK arrives instead of crossing its own 200 (the
 * race the attended-transfer test used to sleep around). SIPp (through the
 * lab Kamailio) sends its ACK 1 s late and fails on an early re-INVITE.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, ended, incoming } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

let kam: KamailioHandle;
let alice: CoreDriver;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'timer', password: 'timer123' }], udpPort: 'random', tlsPort: 'random' });
  alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}), autoAnswer: true, sip: { pingIntervalMs: 0 } });
  await alice.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await alice.waitFor(registration('alice@127.0.0.1', 'registered'));
});
after(async () => {
  await alice?.stop();
  await kam?.stop();
});

test('hold before the ACK of our 200: the re-INVITE waits for the ACK, then the call is held', async (t) => {
  const since = alice.events.length;
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'late-ack-uac.xml'), remote: { host: LOOPBACK, port: kam.udpPort }, service: 'alice', auth: { username: 'timer', password: 'timer123' }, maxCalls: 1, timeoutS: 20 });
  t.after(() => sipp.stop());
  const callId = await incoming(alice, since);
  await callState(alice, callId, 'active', 10000, since);
  const held = await alice.runtime.router.dispatch('call.hold', { callId });
  assert.deepEqual(held, { ok: true, data: {} });
  assert.equal(alice.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'held');
  const trace = alice.runtime.core.trace(0, 5000).filter((e) => e.method === 'ACK' || (e.direction === 'sent' && e.summary.startsWith('INVITE')));
  const ack = trace.findIndex((e) => e.direction === 'received' && e.method === 'ACK');
  const reinvite = trace.findIndex((e) => e.direction === 'sent' && e.summary.startsWith('INVITE'));
  assert.ok(ack >= 0 && reinvite > ack, `the re-INVITE left after the ACK: ${trace.map((e) => `${e.direction} ${e.summary}`).join(' | ')}`);
  assert.deepEqual(await alice.runtime.router.dispatch('call.hangup', { callId }), { ok: true, data: {} });
  await ended(alice, callId);
  const result = await sipp.wait(10000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}`);
});
