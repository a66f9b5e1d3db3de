/**
 * 491 glare on hold: a SIPp callee (registered at the lab Kamailio) answers
 * Dialtone's first hold re-INVITE with 491 Request Pending; Dialtone waits
 * the RFC 3261 §14.1 time (2.1-4 s, it placed the call) and re-INVITEs again,
 * which succeeds. SIPp checks the whole exchange (exit 0).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startKamailio } from '../lab/kamailio';
import { waitForListening } from '../lab/ports';
import { runSippRegister, startSipp } from '../lab/sipp-runner';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, command, dial, ended, wire } from '../support/call-steps';
import { labAccount, registration, startCore } from '../support/core-driver';

test('hold meets 491: retried after 2.1-4 s and the call is held', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'glare', password: 'glare123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'glare-uas.xml'), transport: 'u1', maxCalls: 1, timeoutS: 30 });
  t.after(() => sipp.stop());
  await waitForListening(sipp.localPort, 'udp', 5000, '127.0.0.1');
  const reg = await runSippRegister({ registrar: { host: '127.0.0.1', port: kam.udpPort }, username: 'glare', password: 'glare123', contactPort: sipp.localPort });
  assert.equal(reg.code, 0, reg.output.slice(-1500));
  const alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}) });
  t.after(() => alice.stop());
  await alice.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await alice.waitFor(registration('alice@127.0.0.1', 'registered'));
  const callId = await dial(alice, 'glare');
  await callState(alice, callId, 'active');
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  await command(alice, 'call.hold', callId);
  const took = Date.now() - t0;
  assert.equal(alice.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'held');
  assert.ok(wire(alice).some((w) => w.startsWith('received SIP/2.0 491')), 'the 491 came');
  assert.ok(took >= 2000 && took < 6000, `hold took ${took} ms (one 2.1-4 s glare wait)`);
  // Kamailio relays with several UDP workers: a BYE sent right after the ACK can overtake it,
  // and SIPp (waiting for that ACK) would abort on the "unexpected" BYE.
  await new Promise((r) => setTimeout(r, 500));
  await command(alice, 'call.hangup', callId);
  await ended(alice, callId);
  const result = await sipp.wait(5000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-2000)}`);
});
