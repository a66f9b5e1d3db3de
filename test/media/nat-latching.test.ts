/**
 * NAT latching as an account setting, end to end: SIPp calls Dialtone
 * directly (late offer, answer in the ACK naming socket A as the peer's
 * media address), and the "peer behind a NAT" sends its RTP from another
 * socket B, as a NAT mapping would.
 *
 * - `natLatching` off (the default): B's packets are dropped and counted
 *   (`call.stats` `foreignPacketsDropped`), nothing is played from them,
 *   and Dialtone keeps sending to A, the negotiated address.
 * - `natLatching` on: Dialtone moves its media to B during the first
 *   packets (receives and plays B's tone, sends to B); a third socket C
 *   that starts sending later is dropped and counted, and does not move
 *   the stream again.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { AppEvent } from '../../main/common/ipc/contract';
import { makeToneWav } from '../lab/audio';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { mediaScenario, plainAnswerKeys, startDirectDialtone } from '../support/fuzz-media-peer';
import { openSock, sendTone, wait, waitUntil } from '../support/rtp-socket';

let kam: KamailioHandle;
let dir: string;
let tone880: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('nat-latching');
  tone880 = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 10, rate: 8000 });
});
after(() => kam?.stop());

function lastStats(events: readonly AppEvent[], callId: string): Extract<AppEvent, { event: 'call.stats' }>['data'] | undefined {
  const e = events.filter((x) => x.event === 'call.stats' && x.data.callId === callId).at(-1);
  return e?.event === 'call.stats' ? e.data : undefined;
}

/** Sets up the call: SIPp's answer names socket A; returns once Dialtone's RTP reaches A. */
async function callWithNattedPeer(t: TestContext, natLatching: boolean | undefined, output: string) {
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: tone880, output, statsIntervalMs: 250, ...(natLatching === undefined ? {} : { natLatching }) });
  const a = await openSock(t);
  const b = await openSock(t);
  const since = core.events.length;
  const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: plainAnswerKeys(a.port), maxCalls: 1, timeoutS: 20, extraArgs: ['-d', '4500'] });
  t.after(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  await waitUntil('Dialtone RTP at the negotiated address A', () => a.from !== undefined, 5000);
  return { core, a, b, callId, since, sipp };
}

test('natLatching off (default): RTP from an address other than the negotiated one is dropped and counted; Dialtone keeps sending to the negotiated address', async (t) => {
  const heard = join(dir, 'heard-off.wav');
  const { core, a, b, callId, since } = await callWithNattedPeer(t, undefined, heard);
  const dialtoneRtp = a.from as { address: string; port: number };
  const tone = sendTone(b, dialtoneRtp, 440, 0x0badcafe);
  t.after(() => tone.stop());
  await waitUntil('Dialtone to count 60 foreign packets', () => (lastStats(core.events.slice(since), callId)?.foreignPacketsDropped ?? 0) >= 60, 5000);
  const aBefore = a.received;
  await wait(500);
  const stats = lastStats(core.events.slice(since), callId);
  console.log(`latching off: B sent ${tone.sent()}, Dialtone dropped ${stats?.foreignPacketsDropped} as foreign, received ${stats?.packetsReceived}; A got ${a.received}, B got ${b.received}`);
  assert.equal(stats?.packetsReceived, 0, 'no packet from the foreign address may be accepted');
  assert.equal(b.received, 0, 'Dialtone must not send to the foreign address');
  assert.ok(a.received > aBefore + 10, 'Dialtone kept sending to the negotiated address');
  tone.stop();
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10_000, since);
  await core.stop();
  const ours = readWavMono(heard);
  const mid = window(ours.samples, ours.rate, 1, 2.5);
  assert.ok(rmsDb(mid) < -50, `nothing from the foreign address may be played: ${rmsDb(mid).toFixed(1)} dBFS`);
});

test('natLatching on: the stream moves to where the first packets really come from, then a later stranger is dropped and counted', async (t) => {
  const heard = join(dir, 'heard-on.wav');
  const { core, a, b, callId, since } = await callWithNattedPeer(t, true, heard);
  // The setting is part of the account as clients see it, so a settings form can keep it.
  const views = core.events.filter((e) => e.event === 'accounts.changed').at(-1);
  assert.equal(views?.event === 'accounts.changed' && views.data.accounts[0]?.natLatching, true);
  const dialtoneRtp = a.from as { address: string; port: number };
  const tone = sendTone(b, dialtoneRtp, 440, 0x0badcafe);
  t.after(() => tone.stop());
  await waitUntil('Dialtone RTP at the latched address B', () => b.received >= 20, 5000);
  const aAfterLatch = a.received;
  // Well after the latch window (20 packets), a stranger C sends from a third address.
  await wait(600);
  const c = await openSock(t);
  const stranger = sendTone(c, dialtoneRtp, 1000, 0x5eed5eed);
  t.after(() => stranger.stop());
  await waitUntil('Dialtone to count the stranger', () => (lastStats(core.events.slice(since), callId)?.foreignPacketsDropped ?? 0) >= 20, 5000);
  const bBefore = b.received;
  await wait(500);
  stranger.stop();
  const stats = lastStats(core.events.slice(since), callId);
  console.log(`latching on: B sent ${tone.sent()}, C sent ${stranger.sent()}; Dialtone received ${stats?.packetsReceived}, dropped ${stats?.foreignPacketsDropped}; A got ${a.received}, B ${b.received}, C ${c.received}`);
  assert.ok((stats?.packetsReceived ?? 0) > 40, `Dialtone accepted the latched source: ${JSON.stringify(stats)}`);
  assert.ok(b.received > bBefore + 10, 'Dialtone kept sending to the latched address B while C was sending');
  assert.equal(c.received, 0, 'the stranger must not take the stream over');
  assert.ok(a.received <= aAfterLatch + 2, `Dialtone stopped sending to A after the latch (A got ${a.received - aAfterLatch} more)`);
  tone.stop();
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10_000, since);
  await core.stop();
  const ours = readWavMono(heard);
  const mid = window(ours.samples, ours.rate, 1, 2);
  const f = dominantFrequency(mid, ours.rate, 440);
  assert.ok(Math.abs(f - 440) <= 2 && rmsDb(mid) > -35, `Dialtone played B's tone: ${f} Hz at ${rmsDb(mid).toFixed(1)} dBFS`);
});
