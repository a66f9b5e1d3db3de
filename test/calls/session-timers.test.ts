/**
 * Session timers (RFC 4028) against SIPp, with short intervals: the core's
 * minimum is lowered to 2 s through its `sessionTimer` dependency (the RFC
 * minimum of 90 s stays the default). SIPp checks the headers on the wire
 * (its ereg checks fail the scenario); the test checks the call's fate and
 * the timing from Dialtone's SIP trace.
 * - Dialtone as UAS: 422 below the minimum (to the INVITE and to a
 *   re-INVITE); Session-Expires and Require: timer in the 200; UPDATE and
 *   re-INVITE refreshes; BYE with
 *   CALL_SESSION_EXPIRED when the refreshes stop.
 * - Dialtone as UAS and refresher: UPDATE at half the interval.
 * - Dialtone as UAC: 422 retried with the Min-SE on the same Call-ID; the
 *   200's Session-Expires obeyed; re-INVITE refresh when UPDATE is not allowed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK, waitForListening } from '../lab/ports';
import { runSippRegister, startSipp } from '../lab/sipp-runner';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, dial, ended, incoming } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

/** The interval the SIPp scenarios ask for (SIPp does not put keys into regexps, so it is written there too). */
const INTERVAL = 4;
let kam: KamailioHandle;
let alice: CoreDriver;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'timer', password: 'timer123' }], udpPort: 'random', tlsPort: 'random' });
  alice = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({}), autoAnswer: true, sip: { pingIntervalMs: 0, sessionTimer: { minSeconds: 2, preferredSeconds: 3 } } });
  await alice.runtime.core.saveAccount(labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }));
  await alice.waitFor(registration('alice@127.0.0.1', 'registered'));
});
after(async () => {
  await alice?.stop();
  await kam?.stop();
});

/** Alice's trace entries of one SIP Call-ID. */
function traceOf(sipCallId: string) {
  return alice.runtime.core.trace(0, 5000).filter((e) => e.callId === sipCallId);
}

/** The SIP Call-ID of the last INVITE alice received or sent matching `pred`. */
function lastSipCallId(direction: 'sent' | 'received'): string {
  const e = alice.runtime.core.trace(0, 5000).filter((x) => x.direction === direction && x.summary.startsWith('INVITE')).at(-1);
  assert.ok(e, `no ${direction} INVITE`);
  return e.callId;
}

test('UAS: 422 below the minimum, Session-Expires in the 200, UPDATE and re-INVITE refreshes, then BYE on expiry', async (t) => {
  const since = alice.events.length;
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'timer-uac-refreshes.xml'), remote: { host: LOOPBACK, port: kam.udpPort }, service: 'alice', auth: { username: 'timer', password: 'timer123' }, maxCalls: 1, timeoutS: 20 });
  t.after(() => sipp.stop());
  const callId = await incoming(alice, since);
  const end = await ended(alice, callId, 15000);
  assert.equal(end.endedBy, 'local');
  assert.equal(end.reason?.code, 'CALL_SESSION_EXPIRED', JSON.stringify(end));
  const result = await sipp.wait(10000);
  const trace = traceOf(lastSipCallId('received'));
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}\nDialtone's trace: ${trace.map((e) => `${e.time} ${e.direction} ${e.summary}`).join(' | ')}\n${trace.filter((e) => e.summary.startsWith('SIP/2.0 200')).map((e) => e.text).join('\n')}`);
  assert.equal(trace.filter((e) => e.direction === 'sent' && e.summary.startsWith('SIP/2.0 422')).length, 2, 'sent 422 to the first INVITE and to the re-INVITE below the minimum');
  const lastRefresh = trace.filter((e) => e.direction === 'received' && e.summary.startsWith('INVITE')).at(-1);
  const bye = trace.find((e) => e.direction === 'sent' && e.summary.startsWith('BYE'));
  assert.ok(lastRefresh && bye, 'a refresh re-INVITE and our BYE');
  const gap = bye.time - lastRefresh.time;
  // RFC 4028 §10: BYE at interval - min(32, interval/3) = 2.67 s after the last refresh.
  assert.ok(gap >= 2400 && gap < 3800, `BYE came ${gap} ms after the last refresh`);
});

test('UAS and refresher: Dialtone refreshes with UPDATE at half the interval', async (t) => {
  const since = alice.events.length;
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'timer-uas-refresher.xml'), remote: { host: LOOPBACK, port: kam.udpPort }, service: 'alice', auth: { username: 'timer', password: 'timer123' }, maxCalls: 1, timeoutS: 20 });
  t.after(() => sipp.stop());
  const callId = await incoming(alice, since);
  const end = await ended(alice, callId, 15000).catch((error: Error) => {
    throw new Error(`${error.message}\nDialtone's trace: ${traceOf(lastSipCallId('received')).map((e) => `${e.time} ${e.direction} ${e.summary}`).join(' | ')}`);
  });
  assert.equal(end.endedBy, 'remote');
  assert.equal(end.reason, undefined);
  const result = await sipp.wait(10000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}`);
  const trace = traceOf(lastSipCallId('received'));
  const answered = trace.find((e) => e.direction === 'sent' && e.summary.startsWith('SIP/2.0 200') && e.method === 'INVITE');
  const updates = trace.filter((e) => e.direction === 'sent' && e.summary.startsWith('UPDATE'));
  assert.ok(answered);
  assert.equal(updates.length, 2, 'two UPDATE refreshes');
  const first = (updates[0]?.time ?? 0) - answered.time;
  const second = (updates[1]?.time ?? 0) - (updates[0]?.time ?? 0);
  assert.ok(first >= 1800 && first < 3000, `first refresh after ${first} ms (half of ${INTERVAL} s)`);
  assert.ok(second >= 1800 && second < 3000, `second refresh ${second} ms later`);
});

test('UAC: 422 is retried with its Min-SE, the 200 sets the timer, and Dialtone refreshes by re-INVITE', async (t) => {
  const sipp = await startSipp({ scenario: join(import.meta.dirname, 'sipp', 'timer-uac-422.xml'), transport: 'u1', maxCalls: 1, timeoutS: 20 });
  t.after(() => sipp.stop());
  await waitForListening(sipp.localPort, 'udp', 5000, '127.0.0.1');
  const reg = await runSippRegister({ registrar: { host: '127.0.0.1', port: kam.udpPort }, username: 'timer', password: 'timer123', contactPort: sipp.localPort });
  assert.equal(reg.code, 0, reg.output.slice(-1500));
  const callId = await dial(alice, 'timer');
  await callState(alice, callId, 'active');
  const sipCallId = lastSipCallId('sent');
  const invitesSent = (): string[] => traceOf(sipCallId).filter((e) => e.direction === 'sent' && e.summary.startsWith('INVITE')).map((e) => e.text);
  const deadline = Date.now() + 5000;
  while (invitesSent().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const invites = invitesSent();
  // Kamailio's 407 adds one: the INVITE, with credentials, its retry after 422, one refresh re-INVITE.
  assert.equal(invites.length, 4, invites.map((i) => i.split('\r\n')[0]).join(' | '));
  assert.match(invites[1] ?? '', /CSeq: 2 INVITE/);
  assert.match(invites[1] ?? '', /Session-Expires: 3\r\n/);
  assert.match(invites[2] ?? '', /CSeq: 3 INVITE/);
  assert.match(invites[2] ?? '', /Session-Expires: 4\r\n/);
  assert.match(invites[3] ?? '', /Session-Expires: 4;refresher=uac/);
  // Hang up only once the refresh is acknowledged: a BYE while the re-INVITE
  // is pending is legal, but SIPp's scenario waits for the ACK first.
  const refreshAcked = (): boolean => traceOf(sipCallId).some((e) => e.direction === 'sent' && /^CSeq: 4 ACK/m.test(e.text));
  while (!refreshAcked() && Date.now() < deadline + 4000) await new Promise((r) => setTimeout(r, 50));
  assert.ok(refreshAcked(), 'the refresh re-INVITE was answered and acknowledged');
  assert.deepEqual(await alice.runtime.router.dispatch('call.hangup', { callId }), { ok: true, data: {} });
  await ended(alice, callId);
  const result = await sipp.wait(10000);
  assert.equal(result.code, 0, `SIPp: ${result.output.slice(-3000)}`);
});
