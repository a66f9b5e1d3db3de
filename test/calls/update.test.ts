/**
 * UPDATE (RFC 3311), which sip.js alone answers 405: Dialtone answers an SDP
 * offer in an UPDATE through its SDH (hold and resume show as `remoteHold`),
 * refuses an offer it cannot take with 488, and answers an UPDATE without a
 * body with 200. SIPp (through the lab Kamailio) checks the answers' SDP.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { ended, incoming } from '../support/call-steps';
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

test('UPDATE: an SDP offer is answered (hold, resume), one without a common codec gets 488, one without a body 200', async (t) => {
  const since = alice.events.length;
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'update-uac.xml'), remote: { host: LOOPBACK, port: kam.udpPort }, service: 'alice', auth: { username: 'timer', password: 'timer123' }, maxCalls: 1, timeoutS: 20 });
  t.after(() => sipp.stop());
  const callId = await incoming(alice, since);
  await alice.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.remoteHold, 10000, since);
  const resumed = await alice.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active' && !e.data.remoteHold && alice.runtime.core.trace(0, 5000).filter((x) => x.method === 'UPDATE' && x.direction === 'sent').length >= 4, 10000, since);
  assert.ok(resumed.event === 'call.updated');
  const end = await ended(alice, callId);
  assert.equal(end.endedBy, 'remote');
  const result = await sipp.wait(10000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}`);
  const answers = alice.runtime.core.trace(0, 5000).filter((e) => e.method === 'UPDATE' && e.direction === 'sent').map((e) => e.summary);
  assert.deepEqual(answers, ['SIP/2.0 200 OK', 'SIP/2.0 488 Not Acceptable Here', 'SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
  const ok = alice.runtime.core.trace(0, 5000).filter((e) => e.method === 'INVITE' && e.direction === 'sent' && e.summary.startsWith('SIP/2.0 200')).at(-1);
  assert.match(ok?.text ?? '', /Allow:[^\r\n]*UPDATE/, 'our 200 tells the caller it may send UPDATE');
});
