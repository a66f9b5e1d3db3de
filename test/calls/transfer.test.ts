/**
 * Transfers between three Dialtone cores through the lab Kamailio: A calls
 * B, B transfers A to C, blind (REFER) and attended (REFER with Replaces
 * after B's consultation call to C). Checked on all three: call states, the
 * REFER/NOTIFY sipfrag on the wire, B's transfer progress, and who ends up
 * talking to whom.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { callState, command, dial, ended, incoming, wire, wireTexts } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

let kam: KamailioHandle;
const cores: Record<'a' | 'b' | 'c', CoreDriver> = {} as Record<'a' | 'b' | 'c', CoreDriver>;
const users = { a: 'alice', b: 'bob', c: 'carol' } as const;
before(async () => {
  kam = await startKamailio({ users: Object.values(users).map((u) => ({ username: u, password: `${u}123` })), udpPort: 'random', tlsPort: 'random' });
  for (const k of ['a', 'b', 'c'] as const) {
    cores[k] = startCore({ env: { DIALTONE_PASSWORD: `${users[k]}123` }, audio: createFileAudioPort({}) });
    await cores[k].runtime.core.saveAccount(labAccount({ user: users[k], port: kam.udpPort, transport: 'udp' }));
  }
  await Promise.all((['a', 'b', 'c'] as const).map((k) => cores[k].waitFor(registration(`${users[k]}@127.0.0.1`, 'registered'))));
});
after(async () => {
  for (const c of Object.values(cores)) await c.stop();
  await kam?.stop();
});

/** A calls B and B answers; returns both call ids. */
async function aCallsB(): Promise<{ onA: string; onB: string }> {
  const { a, b } = cores;
  const since = b.events.length;
  const onA = await dial(a, 'bob');
  const onB = await incoming(b, since);
  await command(b, 'call.answer', onB);
  await callState(a, onA, 'active');
  return { onA, onB };
}

/** A's new call (the transferred one) once it is active, and C's side of it. */
async function aReachesC(sinceA: number, sinceC: number, answerOnC: boolean): Promise<{ newOnA: string; onC: string }> {
  const { a, c } = cores;
  const placed = await a.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'outgoing' && e.data.remoteUri.startsWith('sip:carol@') && e.data.state === 'dialing', 10000, sinceA);
  assert.ok(placed.event === 'call.updated');
  const onC = await c.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.remoteUri.startsWith('sip:alice@'), 10000, sinceC);
  assert.ok(onC.event === 'call.updated');
  if (answerOnC) await command(c, 'call.answer', onC.data.callId);
  await callState(a, placed.data.callId, 'active');
  await callState(c, onC.data.callId, 'active');
  return { newOnA: placed.data.callId, onC: onC.data.callId };
}

test('blind: B transfers A to C; A calls C (Referred-By), B sees the NOTIFY 200 and hangs up', async () => {
  const { a, b, c } = cores;
  const { onA, onB } = await aCallsB();
  const sinceA = a.events.length;
  const sinceC = c.events.length;
  const r = await b.runtime.router.dispatch('call.transfer', { callId: onB, target: 'carol' });
  assert.deepEqual(r, { ok: true, data: {} });
  const { newOnA, onC } = await aReachesC(sinceA, sinceC, true);
  const done = await b.waitFor((e) => e.event === 'call.updated' && e.data.callId === onB && e.data.transfer?.state === 'succeeded', 10000);
  assert.ok(done.event === 'call.updated' && done.data.transfer?.status === 200);
  await ended(b, onB);
  await ended(a, onA);
  assert.ok(wire(b).some((w) => w.startsWith('sent REFER')), 'B sent a REFER');
  assert.match(wireTexts(b, (d, s) => d === 'sent' && s.startsWith('REFER')).at(-1) ?? '', /Refer-To: <?sip:carol@127\.0\.0\.1/i);
  assert.ok(wireTexts(b, (d, s) => d === 'received' && s.startsWith('NOTIFY')).some((t) => /SIP\/2\.0 200/.test(t)), 'B got NOTIFY sipfrag 200');
  assert.match(wireTexts(a, (d, s) => d === 'sent' && s.startsWith('INVITE sip:carol')).at(-1) ?? '', /Referred-By:/i);
  assert.deepEqual(a.runtime.core.snapshot().calls.map((x) => [x.callId, x.state]), [[newOnA, 'active']]);
  await command(a, 'call.hangup', newOnA);
  await ended(c, onC);
});

test('attended: B consults C, then transfers A to C with Replaces; C takes A without ringing and B drops out', async () => {
  const { a, b, c } = cores;
  const { onA, onB } = await aCallsB();
  // No pause: B's hold re-INVITE right after its 200 waits for A's ACK (SipCall.ackArrived).
  const sinceC0 = c.events.length;
  const consult = await dial(b, 'carol');
  assert.equal(b.runtime.core.snapshot().calls.find((x) => x.callId === onB)?.state, 'held', 'dialing C held A');
  const consultOnC = await incoming(c, sinceC0);
  await command(c, 'call.answer', consultOnC);
  await callState(b, consult, 'active');
  const sinceA = a.events.length;
  const sinceC = c.events.length;
  const r = await b.runtime.router.dispatch('call.transfer', { callId: onB, replacesCallId: consult });
  if (!r.ok) assert.fail(JSON.stringify(b.events.filter((e) => e.event === 'call.updated' || e.event === 'call.ended').map((e) => [e.event, e.data.callId.slice(0, 4), 'state' in e.data ? e.data.state : '', 'reason' in e.data ? e.data.reason?.message : ''])) + wire(b).join(' | '));
  assert.deepEqual(r, { ok: true, data: {} });
  const { newOnA, onC } = await aReachesC(sinceA, sinceC, false);
  assert.match(wireTexts(a, (d, s) => d === 'sent' && s.startsWith('INVITE sip:carol')).at(-1) ?? '', /Replaces:/i);
  await ended(c, consultOnC);
  await ended(b, consult);
  await ended(b, onB);
  await ended(a, onA);
  assert.equal(b.runtime.core.snapshot().calls.length, 0, 'B has no call left');
  assert.deepEqual(c.runtime.core.snapshot().calls.map((x) => [x.callId, x.state]), [[onC, 'active']]);
  await command(a, 'call.hangup', newOnA);
  await ended(c, onC);
});
