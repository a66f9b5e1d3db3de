/**
 * A call whose signaling crosses 30% loss each way (a userspace lossy relay
 * between Dialtone and Kamailio; this kernel has no netem): INVITE, 200, ACK
 * and BYE survive through RFC 3261 retransmissions (Timers A, E, G and sip.js's
 * 2xx/ACK handling), the call is established and ends cleanly on both sides.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip } from '../lab/baresip';
import { startKamailio } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { dominantFrequency, readWavMono, window } from '../support/audio-check';
import { labAccount, registration, startCore } from '../support/core-driver';
import { startLossyRelay } from '../support/lossy-relay';

test('a call with 30% SIP loss each way is set up and torn down on both sides', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const dir = makeWorkDir('call-loss');
  const relay = await startLossyRelay({ target: { port: kam.udpPort }, up: { loss: 0.3 }, down: { loss: 0.3 }, seed: 20261124, lifetimeMs: 170_000 });
  t.after(() => relay.close());
  const bobTone = await makeToneWav(join(dir, 'bob-440.wav'), { freq: 440, seconds: 30, rate: 48000 });
  const ourTone = await makeToneWav(join(dir, 'alice-880.wav'), { freq: 880, seconds: 30, rate: 48000 });
  const bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: bobTone, codecs: ['PCMU/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: ourTone }), sip: { pingIntervalMs: 0 } });
  t.after(() => core.stop());
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: relay.port, transport: 'udp', server: relay.address }), codecs: ['pcmu'] });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'), 60000);

  const started = Date.now();
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok, JSON.stringify(dialed));
  const callId = (dialed.data as { callId: string }).callId;
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active', 45000);
  await bob.waitForEvent('CALL_ESTABLISHED', 15000);
  const setupMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 3000));
  const sentInvites = core.runtime.core.trace(0, 5000).filter((e) => e.direction === 'sent' && e.summary.startsWith('INVITE')).length;
  assert.deepEqual(await core.runtime.router.dispatch('call.hangup', { callId }), { ok: true, data: {} });
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 40000);
  await bob.waitForEvent('CALL_CLOSED', 40000);
  console.log(`30% loss each way: call set up in ${setupMs} ms with ${sentInvites} INVITE datagrams; relay ${JSON.stringify(relay.stats())}`);
  await new Promise((r) => setTimeout(r, 700));
  const dec = bob.recordings().dec.at(-1);
  assert.ok(dec, 'baresip recorded nothing');
  const heard = readWavMono(dec);
  const f = dominantFrequency(window(heard.samples, heard.rate, 0.5, 2.5), heard.rate, 880);
  assert.ok(Math.abs(f - 880) <= 2, `baresip heard ${f} Hz`);
});
