/**
 * Direct calls from SIPp to Dialtone (auto-answer, `allowDirectCalls`):
 *
 * 1. Late offer: SIPp's INVITE has no SDP; Dialtone's 200 OK must carry the
 *    offer (checked by SIPp's `check_it` regexps and in Dialtone's trace);
 *    SIPp's ACK answers PCMU towards a Node UDP socket (the peer's media).
 *    The call must become active with PCMU, RTP must flow both ways (the
 *    socket receives PCMU from Dialtone; Dialtone's `call.stats`
 *    packetsReceived grows and its recording carries the peer's 440 Hz
 *    tone), and SIPp's BYE ends it on both sides.
 * 2. An offer of G.729 only (PT 18) gets 488 Not Acceptable Here.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { runSipp, startSipp } from '../lab/sipp-runner';
import { makeToneWav } from '../lab/audio';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { mediaScenario, plainAnswerKeys, startDirectDialtone, startMediaPeer } from '../support/fuzz-media-peer';

let kam: KamailioHandle;
let dir: string;
let tone880: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('late-offer');
  tone880 = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 15, rate: 8000 });
});
after(() => kam?.stop());

test('late offer: INVITE without SDP → Dialtone offers PCMU in the 200 OK → answer in the ACK; RTP flows both ways; BYE ends the call', async (t) => {
  const heard = join(dir, 'heard.wav');
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: tone880, output: heard, statsIntervalMs: 500 });
  const peer = await startMediaPeer(t, 440);
  const since = core.events.length;
  const sipp = await startSipp({
    scenario: mediaScenario('late-offer-uac'),
    remote: { host: LOOPBACK, port: sipPort },
    service: 'alice',
    keys: plainAnswerKeys(peer.port),
    maxCalls: 1,
    timeoutS: 20,
    extraArgs: ['-d', '4000', '-trace_msg'],
  });
  t.after(() => sipp.stop());

  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.state === 'active', 10_000, since);
  assert.ok(active.event === 'call.updated');
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  const withCodec = await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.codec !== undefined, 5000, since);
  assert.equal(withCodec.event === 'call.updated' && withCodec.data.codec, 'pcmu');

  // Dialtone's own trace: the INVITE came without a body, the 200 OK carries the offer, the ACK the answer.
  const trace = core.runtime.core.trace(0, 500);
  const invite = trace.find((e) => e.direction === 'received' && e.summary.startsWith('INVITE'));
  assert.ok(invite, 'Dialtone did not trace the INVITE');
  assert.match(invite.text, /Content-Length: 0/i);
  const ok200 = trace.find((e) => e.direction === 'sent' && /^SIP\/2\.0 200/.test(e.summary) && /CSeq: 1 INVITE/i.test(e.text));
  assert.ok(ok200, 'no 200 OK to the INVITE in the trace');
  assert.match(ok200.text, /Content-Type: application\/sdp/i);
  assert.match(ok200.text, /m=audio \d+ RTP\/AVP( \d+)* 0\b/, `the 200 OK carries no PCMU offer:\n${ok200.text}`);
  const offeredPort = Number(/m=audio (\d+) /.exec(ok200.text)?.[1]);

  // RTP both ways.
  await new Promise((r) => setTimeout(r, 2000));
  assert.ok(peer.dialtone, 'the peer socket never received RTP from Dialtone');
  assert.equal(peer.dialtone.port, offeredPort, 'Dialtone sent RTP from another port than the one it offered (not symmetric)');
  assert.ok((peer.receivedByPt.get(0) ?? 0) > 50, `PCMU packets from Dialtone: ${JSON.stringify([...peer.receivedByPt])}`);
  const stats = await core.waitFor((e) => e.event === 'call.stats' && e.data.callId === callId && e.data.packetsReceived > 40, 3000, since);
  assert.ok(stats.event === 'call.stats');
  const received1 = stats.event === 'call.stats' ? stats.data.packetsReceived : 0;

  // SIPp hangs up after its pause: BYE/200 end the call on both sides.
  const ended = await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10_000, since);
  assert.equal(ended.event === 'call.ended' && ended.data.endedBy, 'remote');
  const result = await sipp.wait(15_000);
  assert.equal(result.code, 0, `SIPp failed (exit ${String(result.code)}):\n${result.output.slice(-5000)}`);
  const lastStats = core.events.filter((e) => e.event === 'call.stats' && e.data.callId === callId).at(-1);
  assert.ok(lastStats?.event === 'call.stats' && lastStats.data.packetsReceived > received1, 'packetsReceived did not grow');
  const bye = core.runtime.core.trace(0, 500).find((e) => e.direction === 'received' && e.summary.startsWith('BYE'));
  assert.ok(bye, 'no BYE in the trace');
  console.log(`late offer: Dialtone sent ${peer.received} PCMU packets to the peer, received ${lastStats?.event === 'call.stats' ? lastStats.data.packetsReceived : '?'}`);
  await core.stop();
  await new Promise((r) => setTimeout(r, 300));

  const ours = readWavMono(heard);
  const mid = window(ours.samples, ours.rate, 1.5, 3);
  const f = dominantFrequency(mid, ours.rate, 440);
  assert.ok(Math.abs(f - 440) <= 2, `Dialtone heard ${f} Hz, not the peer's 440 Hz`);
  assert.ok(rmsDb(mid) > -35, `Dialtone's recording is too quiet: ${rmsDb(mid).toFixed(1)} dBFS`);
});

/**
 * sip.js 0.21's Invitation.accept() answers 480 to any SDH failure, so Dialtone
 * checks an incoming offer first and refuses one it cannot answer with 488,
 * never ringing (no call event).
 */
test('an incoming offer with no common codec (G.729 only) is refused: no 200, no active call', async (t) => {
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123' });
  const since = core.events.length;
  const result = await runSipp({
    scenario: mediaScenario('no-common-codec-uac'),
    remote: { host: LOOPBACK, port: sipPort },
    service: 'alice',
    keys: { media_host: LOOPBACK, media_sink_port: 40_000 },
    maxCalls: 1,
    timeoutS: 10,
    extraArgs: ['-trace_msg'],
  });
  const trace = core.runtime.core.trace(0, 500);
  const sent = trace.filter((e) => e.direction === 'sent' && /CSeq: 1 INVITE/i.test(e.text)).map((e) => e.summary);
  const final = sent.find((s) => /^SIP\/2\.0 [2-6]\d\d/.test(s));
  assert.ok(final, `Dialtone sent no final response to the INVITE: ${sent.join(' | ')}`);
  assert.match(final, /^SIP\/2\.0 [4-6]\d\d/, `Dialtone accepted a G.729-only offer: ${sent.join(' | ')}`);
  assert.ok(!core.events.slice(since).some((e) => e.event === 'call.updated' && e.data.state === 'active'), 'a call became active');
  // Refused before ringing: the phone never rings for a call it cannot take.
  assert.ok(!core.events.slice(since).some((e) => e.event === 'call.updated'), 'a call that cannot be answered must not ring');
  assert.equal(final, 'SIP/2.0 488 Not Acceptable Here', `Dialtone answered "${final}"`);
  assert.equal(result.code, 0, `SIPp did not get its 488 (exit ${String(result.code)})`);
});
