/**
 * RTP timeout: SIPp calls Dialtone directly (late offer, answer in the ACK)
 * with a Node socket as the peer's media. While RTP flows the call stays up;
 * once the peer goes silent (socket closed) Dialtone hangs up after
 * `rtpTimeoutSeconds` with CALL_MEDIA_LOST and sends BYE.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { startSipp } from '../lab/sipp-runner';
import { ended, wire } from '../support/call-steps';
import { mediaScenario, plainAnswerKeys, startDirectDialtone, startMediaPeer } from '../support/fuzz-media-peer';

let kam: KamailioHandle;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
});
after(() => kam?.stop());

test('no RTP for rtpTimeoutSeconds on an active call: BYE with CALL_MEDIA_LOST; while RTP flows the call stays', async (t) => {
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123' });
  const set = await core.runtime.router.dispatch('calls.configure', { rtpTimeoutSeconds: 2 });
  assert.ok(set.ok);
  const peer = await startMediaPeer(t, 440);
  const since = core.events.length;
  const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: sipPort }, service: 'alice', keys: plainAnswerKeys(peer.port), maxCalls: 1, timeoutS: 20, extraArgs: ['-d', '15000'] });
  t.after(() => sipp.stop());
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.state === 'active', 10000, since);
  assert.ok(active.event === 'call.updated');
  const callId = active.data.callId;
  await new Promise((r) => setTimeout(r, 3500));
  assert.equal(core.runtime.core.snapshot().calls.find((c) => c.callId === callId)?.state, 'active', 'RTP flows: the call stays up past the timeout');
  const silentAt = Date.now();
  peer.close();
  const e = await ended(core, callId, 8000);
  const after = Date.now() - silentAt;
  assert.equal(e.reason?.code, 'CALL_MEDIA_LOST', JSON.stringify(e));
  assert.equal(e.endedBy, 'local');
  assert.ok(after >= 1800 && after < 5000, `hung up ${after} ms after the media stopped`);
  assert.ok(wire(core).some((w) => w.startsWith('sent BYE')), 'a BYE went out');
});
