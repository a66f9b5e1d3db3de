/**
 * Mid-call signalling with media, SIPp calling Dialtone directly
 * (`allowDirectCalls`, auto-answer) and loopback sockets playing the peer's
 * RTP:
 *
 * 1. SIP INFO DTMF (`application/dtmf-relay`) both ways: the offer has no
 *    telephone-event, SIPp's INFO "Signal=5" becomes `dtmf.received`
 *    {digit 5, via info}, and `call.dtmf` 7 goes out as an INFO that SIPp
 *    checks (`test/media/sipp/info-dtmf-uac.xml`); a key the peer refuses
 *    (415) makes `call.dtmf` fail with that status, and one it never answers
 *    fails with SIP_TIMEOUT after 5 s, while the call is still up.
 * 2. A re-INVITE that moves the media to another address and port and
 *    switches PCMU → PCMA (`reinvite-change-uac.xml`): Dialtone answers
 *    PCMA, its RTP (PT 8) goes to the new socket and stops at the old one,
 *    and its recording carries the old tone before and the new one after.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { mediaScenario, startDirectDialtone } from '../support/fuzz-media-peer';
import { openSock, sendTone, wait, waitUntil } from '../support/rtp-socket';

let kam: KamailioHandle;
let dir: string;
let tone880: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('mid-call');
  tone880 = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 10, rate: 8000 });
});
after(() => kam?.stop());

test('SIP INFO DTMF (application/dtmf-relay): a digit from the peer is reported, and call.dtmf without telephone-event goes out as INFO', async (t) => {
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: tone880 });
  const a = await openSock(t);
  const since = core.events.length;
  const sipp = await startSipp({ scenario: mediaScenario('info-dtmf-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: { media_host: LOOPBACK, media_sink_port: a.port }, maxCalls: 1, timeoutS: 20, extraArgs: ['-trace_msg'] });
  t.after(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  const digit = await core.waitFor((e) => e.event === 'dtmf.received' && e.data.callId === callId, 8000, since);
  assert.deepEqual(digit.event === 'dtmf.received' && digit.data, { callId, digit: '5', via: 'info' });
  // The offer had no telephone-event: RFC 4733 is impossible, so the key goes out as SIP INFO.
  assert.deepEqual(await core.runtime.router.dispatch('call.dtmf', { callId, digits: '7' }), { ok: true, data: {} });
  // A key the peer refuses (415) is reported as failed, with the status, not as sent.
  const refused = await core.runtime.router.dispatch('call.dtmf', { callId, digits: '8' });
  assert.equal(refused.ok, false, JSON.stringify(refused));
  assert.ok(!refused.ok && refused.error.code === 'SIP_REJECTED' && /415/.test(refused.error.message), JSON.stringify(refused));
  // A key the peer never answers fails on its own (DTMF_INFO_ANSWER_MS), while the call is still up
  // (SIPp hangs up 6.5 s after it got that INFO), not after the transaction's 32 s.
  const silent = await core.runtime.router.dispatch('call.dtmf', { callId, digits: '9' });
  assert.ok(!silent.ok && silent.error.code === 'SIP_TIMEOUT' && /did not answer the DTMF key 9/.test(silent.error.message), JSON.stringify(silent));
  assert.equal(core.events.slice(since).find((e) => e.event === 'call.ended'), undefined, 'the call ended before call.dtmf gave up');
  const result = await sipp.wait(15_000);
  if (process.env['DEBUG_TRACE']) console.log(core.runtime.core.trace(0, 500).map((e) => `${e.direction} ${e.peer} ${e.summary} | ${/CSeq: .*/i.exec(e.text)?.[0] ?? ''}`).join('\n'));
  assert.equal(result.code, 0, `SIPp did not get a valid INFO Signal=7 (exit ${String(result.code)}):\n${result.output.slice(-4000)}`);
  const info = core.runtime.core.trace(0, 500).find((e) => e.direction === 'sent' && e.summary.startsWith('INFO'));
  assert.ok(info, 'no INFO in Dialtone\'s trace');
  // A direct call: the INFO goes to the peer, not to the account's server (which knows nothing of the dialog).
  const invite = core.runtime.core.trace(0, 500).find((e) => e.direction === 'received' && e.summary.startsWith('INVITE'));
  assert.equal(info.peer, invite?.peer, 'the INFO must go where the direct INVITE came from');
  assert.notEqual(info.peer, `${LOOPBACK}:${kam.udpPort}`);
  assert.match(info.text, /Content-Type: application\/dtmf-relay/i);
  assert.match(info.text, /Signal=7/);
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10_000, since);
});

test('re-INVITE changing address, port and codec (PCMU → PCMA) mid-call: Dialtone answers PCMA and the audio continues at the new address', async (t) => {
  const heard = join(dir, 'heard-reinvite.wav');
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: tone880, output: heard, codecs: ['pcmu', 'pcma'] });
  const a = await openSock(t, LOOPBACK);
  const b = await openSock(t, '127.0.0.2');
  const since = core.events.length;
  const sipp = await startSipp({
    scenario: mediaScenario('reinvite-change-uac'),
    remote: { host: LOOPBACK, port: sipPort },
    service: 'alice',
    keys: { media_host: LOOPBACK, media_sink_port: a.port, media_host_2: '127.0.0.2', media_sink_port_2: b.port },
    maxCalls: 1,
    timeoutS: 20,
    extraArgs: ['-trace_msg'],
  });
  t.after(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  const activeAt = Date.now();
  // Before the re-INVITE: PCMU both ways with socket A (440 Hz from the peer).
  await waitUntil('Dialtone RTP at A', () => a.from !== undefined, 5000);
  const dialtoneRtp = a.from as { address: string; port: number };
  const toneA = sendTone(a, dialtoneRtp, 440, 0x11110000, 'pcmu');
  t.after(() => toneA.stop());
  // After it: Dialtone's RTP arrives at B; B answers with a 660 Hz PCMA tone to the same Dialtone port.
  await waitUntil('Dialtone RTP at B after the re-INVITE', () => b.from !== undefined, 6000);
  const switchedAt = Date.now();
  toneA.stop();
  assert.deepEqual(b.from, dialtoneRtp, 'Dialtone kept its RTP port across the re-INVITE');
  const toneB = sendTone(b, dialtoneRtp, 660, 0x22220000, 'pcma');
  t.after(() => toneB.stop());
  const aAtSwitch = a.received;
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.codec === 'pcma', 3000, since);
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 8000, since);
  toneB.stop();
  const result = await sipp.wait(10_000);
  assert.equal(result.code, 0, `SIPp: the re-INVITE was not answered with PCMA (exit ${String(result.code)}):\n${result.output.slice(-4000)}`);
  console.log(`re-INVITE: A got ${JSON.stringify([...a.byPt])} (${a.received - aAtSwitch} after the switch), B got ${JSON.stringify([...b.byPt])}`);
  assert.ok((a.byPt.get(0) ?? 0) > 40, 'PCMU reached A before the re-INVITE');
  assert.equal(a.byPt.get(8) ?? 0, 0, 'no PCMA may go to the old address');
  assert.ok(a.received - aAtSwitch <= 3, `Dialtone kept sending to the old address: ${a.received - aAtSwitch} packets after the switch`);
  assert.ok((b.byPt.get(8) ?? 0) > 40, `PCMA at the new address: ${JSON.stringify([...b.byPt])}`);
  assert.equal(b.byPt.get(0) ?? 0, 0, 'no PCMU after the switch to PCMA');
  await core.stop();

  // The recording: the old peer's 440 Hz before the switch, the new peer's 660 Hz after it.
  const ours = readWavMono(heard);
  const switchS = (switchedAt - activeAt) / 1000;
  const before = window(ours.samples, ours.rate, 0.6, Math.max(1.2, switchS - 0.3));
  const afterSwitch = window(ours.samples, ours.rate, switchS + 0.5, switchS + 1.7);
  const f1 = dominantFrequency(before, ours.rate, 440);
  const f2 = dominantFrequency(afterSwitch, ours.rate, 660);
  console.log(`re-INVITE: Dialtone heard ${f1} Hz at ${rmsDb(before).toFixed(1)} dBFS before, ${f2} Hz at ${rmsDb(afterSwitch).toFixed(1)} dBFS after (switch at ${switchS.toFixed(2)} s)`);
  assert.ok(Math.abs(f1 - 440) <= 2 && rmsDb(before) > -35, `before the switch: ${f1} Hz at ${rmsDb(before).toFixed(1)} dBFS`);
  assert.ok(Math.abs(f2 - 660) <= 2 && rmsDb(afterSwitch) > -35, `after the switch: ${f2} Hz at ${rmsDb(afterSwitch).toFixed(1)} dBFS`);
  await wait(0);
});
