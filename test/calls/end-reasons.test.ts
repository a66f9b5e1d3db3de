/**
 * Why a call ended, against real peers through the lab Kamailio: SIPp plays
 * each callee (registered with `runSippRegister`, its Contact pointing at a
 * SIPp UAS) and refuses with a final status; `call.ended` must carry the
 * typed reason. Then 3xx: a SIPp callee forwards to baresip (the call is
 * answered there), and a SIPp callee that forwards to itself ends the call
 * with CALL_REDIRECT_FAILED after a bounded number of attempts.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { waitForListening } from '../lab/ports';
import { runSippRegister, startSipp, type SippHandle } from '../lab/sipp-runner';
import { makeWorkDir } from '../lab/workdir';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, dial, ended, wire } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

const scenario = (name: string): string => join(import.meta.dirname, 'sipp', `${name}.xml`);
const statuses: Array<[status: number, phrase: string, code: string]> = [
  [480, 'Temporarily Unavailable', 'CALL_UNAVAILABLE'],
  [486, 'Busy Here', 'SIP_BUSY'],
  [603, 'Decline', 'CALL_DECLINED'],
  [408, 'Request Timeout', 'CALL_NO_ANSWER'],
  [487, 'Request Terminated', 'CALL_CANCELLED'],
  [488, 'Not Acceptable Here', 'CALL_MEDIA_MISMATCH'],
  [500, 'Server Internal Error', 'CALL_SERVER_ERROR'],
  [503, 'Service Unavailable', 'CALL_SERVER_ERROR'],
];

let kam: KamailioHandle;
let alice: CoreDriver;
before(async () => {
  const users = [{ username: 'alice', password: 'alice123' }, { username: 'carol', password: 'carol123' }, { username: 'fwd', password: 'fwd123' }, { username: 'loop', password: 'loop123' }, ...statuses.map(([s]) => ({ username: `u${s}`, password: `p${s}` }))];
  kam = await startKamailio({ users, udpPort: 'random', tlsPort: 'random' });
  alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}) });
  await alice.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await alice.waitFor(registration('alice@127.0.0.1', 'registered'));
});
after(async () => {
  await alice?.stop();
  await kam?.stop();
});

/** A SIPp UAS registered at Kamailio as `user`. */
async function sippCallee(t: TestContext, user: string, password: string, name: string, keys: Record<string, string | number>, calls = 1): Promise<SippHandle> {
  const sipp = await startSipp({ scenario: name.endsWith('.xml') ? name : scenario(name), transport: 'u1', maxCalls: calls, timeoutS: 20, keys });
  t.after(() => sipp.stop());
  await waitForListening(sipp.localPort, 'udp', 5000, '127.0.0.1');
  const reg = await runSippRegister({ registrar: { host: '127.0.0.1', port: kam.udpPort }, username: user, password, contactPort: sipp.localPort });
  assert.equal(reg.code, 0, `SIPp could not register ${user}: ${reg.output.slice(-1500)}`);
  return sipp;
}

test('404: a user nobody registered → SIP_NOT_FOUND', async () => {
  const callId = await dial(alice, 'nobody');
  const e = await ended(alice, callId);
  assert.equal(e.reason?.code, 'SIP_NOT_FOUND', JSON.stringify(e));
  assert.match(e.reason?.message ?? '', /404/);
});

for (const [status, phrase, code] of statuses) {
  test(`${status} ${phrase} from the callee → ${code}`, async (t) => {
    // SIPp checks a response code when it parses the scenario, before -key values apply: write one per status.
    const file = join(makeWorkDir('end-reasons'), `answer-${status}.xml`);
    writeFileSync(file, readFileSync(scenario('answer-status'), 'utf8').replaceAll('[status]', String(status)).replaceAll('[phrase]', phrase));
    const sipp = await sippCallee(t, `u${status}`, `p${status}`, file, {});
    const callId = await dial(alice, `u${status}`);
    const e = await ended(alice, callId);
    assert.equal(e.reason?.code, code, `${JSON.stringify(e)}\n${wire(alice).slice(-8).join(' | ')}`);
    assert.equal(e.endedBy, 'remote');
    assert.match(e.reason?.message ?? '', /\S+\. \S/, 'what happened, then the guide');
    const result = await sipp.wait(5000);
    assert.equal(result.code, 0, `SIPp: ${result.output.slice(-1500)}`);
  });
}

test('302 to carol: the call follows the Contact and is answered by carol (baresip)', async (t) => {
  const tone = await makeToneWav(join(makeWorkDir('end-reasons'), 'carol.wav'), { freq: 440, seconds: 20, rate: 48000 });
  const carol = await startBaresip({ user: 'carol', password: 'carol123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: ['PCMU/8000/1'] });
  t.after(() => carol.stop());
  await carol.waitForRegistration();
  await sippCallee(t, 'fwd', 'fwd123', 'redirect', { target: 'carol', kamailio_port: kam.udpPort });
  const since = alice.events.length;
  const callId = await dial(alice, 'fwd');
  const active = await callState(alice, callId, 'active', 10000, since);
  assert.ok(active.event === 'call.updated');
  assert.match(active.data.remoteUri, /^sip:carol@127\.0\.0\.1/);
  assert.ok(wire(alice).some((w) => w.startsWith('received SIP/2.0 302')));
  await carol.waitForEvent('CALL_ESTABLISHED', 5000);
  const r = await alice.runtime.router.dispatch('call.hangup', { callId });
  assert.ok(r.ok);
  await ended(alice, callId);
});

test('a 302 loop (the callee forwards to itself) ends with CALL_REDIRECT_FAILED after a bounded number of tries', async (t) => {
  await sippCallee(t, 'loop', 'loop123', 'redirect', { target: 'loop', kamailio_port: kam.udpPort }, 3);
  const callId = await dial(alice, 'loop');
  const e = await ended(alice, callId);
  assert.equal(e.reason?.code, 'CALL_REDIRECT_FAILED', JSON.stringify(e));
  const dialogs = new Set(alice.runtime.core.trace(0, 5000).filter((x) => x.direction === 'sent' && x.summary.startsWith('INVITE sip:loop')).map((x) => x.callId));
  assert.ok(dialogs.size >= 1 && dialogs.size <= 2, `INVITE dialogs to the loop: ${dialogs.size}`);
});
