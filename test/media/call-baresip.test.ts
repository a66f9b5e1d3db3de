/**
 * Calls between Dialtone and baresip through the lab Kamailio, one per codec:
 * Dialtone plays an 880 Hz tone from a WAV and records what it hears; baresip
 * plays 440 Hz and records too. The recordings must carry the other side's
 * tone within ±2 Hz, well above silence.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { makeToneWav } from '../lab/audio';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { labAccount, registration, startCore } from '../support/core-driver';

let kam: KamailioHandle;
let dir: string;
let toneFor: string;
let toneBaresip: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('calls');
  toneFor = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 10, rate: 48000 });
  toneBaresip = await makeToneWav(join(dir, 'baresip-440.wav'), { freq: 440, seconds: 10, rate: 48000 });
});
after(() => kam?.stop());

const codecs: Array<[name: 'pcmu' | 'pcma' | 'g722' | 'opus', baresip: string]> = [
  ['pcmu', 'PCMU/8000/1'],
  ['pcma', 'PCMA/8000/1'],
  ['g722', 'G722/16000/1'],
  ['opus', 'opus/48000/2'],
];

for (const [codec, baresipCodec] of codecs) {
  test(`${codec}: Dialtone calls baresip through Kamailio; each side hears the other's tone`, async (t) => {
    const out = join(dir, `dialtone-heard-${codec}.wav`);
    const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: toneFor, output: out }) });
    t.after(() => core.stop());
    const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip, codecs: [baresipCodec] });
    t.after(() => bob.stop());
    await bob.waitForRegistration();
    await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: [codec] });
    await core.waitFor(registration('alice@127.0.0.1', 'registered'));
    const dialed = await core.runtime.router.dispatch('call.dial', { target: 'sip:bob@127.0.0.1' });
    assert.ok(dialed.ok, JSON.stringify(dialed));
    const callId = (dialed.data as { callId: string }).callId;
    const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active', 10000);
    await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.codec === codec, 5000);
    assert.equal(active.event === 'call.updated' && active.data.direction, 'outgoing');
    await new Promise((r) => setTimeout(r, 4000));
    assert.deepEqual(await core.runtime.router.dispatch('call.hangup', { callId }), { ok: true, data: {} });
    await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 5000);
    await bob.waitForEvent('CALL_CLOSED', 5000);
    await new Promise((r) => setTimeout(r, 700));
    await core.stop();

    const ours = readWavMono(out);
    const heardByUs = window(ours.samples, ours.rate, 1.5, 3.5);
    const fUs = dominantFrequency(heardByUs, ours.rate, 440);
    console.log(`${codec}: Dialtone heard ${fUs} Hz at ${rmsDb(heardByUs).toFixed(1)} dBFS`);
    assert.ok(Math.abs(fUs - 440) <= 2, `Dialtone heard ${fUs} Hz, not 440`);
    assert.ok(rmsDb(heardByUs) > -35, `Dialtone's recording is too quiet: ${rmsDb(heardByUs).toFixed(1)} dBFS`);

    const dec = bob.recordings().dec.at(-1);
    assert.ok(dec, 'baresip wrote no recording');
    const theirs = readWavMono(dec);
    const heardByBob = window(theirs.samples, theirs.rate, 1.5, 3.5);
    const fBob = dominantFrequency(heardByBob, theirs.rate, 880);
    console.log(`${codec}: baresip heard ${fBob} Hz at ${rmsDb(heardByBob).toFixed(1)} dBFS`);
    assert.ok(Math.abs(fBob - 880) <= 2, `baresip heard ${fBob} Hz, not 880`);
    assert.ok(rmsDb(heardByBob) > -35, `baresip's recording is too quiet: ${rmsDb(heardByBob).toFixed(1)} dBFS`);
  });
}

test('SRTP required on both sides: the call is encrypted (RTP/SAVP) and each side hears the other', async (t) => {
  const out = join(dir, 'dialtone-heard-srtp.wav');
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: toneFor, output: out }) });
  t.after(() => core.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip, codecs: ['PCMU/8000/1'], mediaenc: 'srtp-mand' });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcmu'], srtp: 'required' });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok, JSON.stringify(dialed));
  const callId = (dialed.data as { callId: string }).callId;
  const srtp = await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.srtp, 10000);
  assert.equal(srtp.event === 'call.updated' && srtp.data.codec, 'pcmu');
  const invite = core.runtime.core.trace(0, 200).find((e) => e.direction === 'sent' && e.summary.startsWith('INVITE'));
  assert.match(invite?.text ?? '', /m=audio \d+ RTP\/SAVP 0/);
  assert.match(invite?.text ?? '', /a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/);
  await new Promise((r) => setTimeout(r, 4000));
  await core.runtime.router.dispatch('call.hangup', { callId });
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 5000);
  await bob.waitForEvent('CALL_CLOSED', 5000);
  await new Promise((r) => setTimeout(r, 700));
  await core.stop();
  const ours = readWavMono(out);
  const heard = window(ours.samples, ours.rate, 1.5, 3.5);
  assert.ok(Math.abs(dominantFrequency(heard, ours.rate, 440) - 440) <= 2, 'Dialtone did not hear 440 Hz over SRTP');
  assert.ok(rmsDb(heard) > -35);
  const dec = bob.recordings().dec.at(-1);
  assert.ok(dec);
  const theirs = readWavMono(dec);
  const theirHeard = window(theirs.samples, theirs.rate, 1.5, 3.5);
  assert.ok(Math.abs(dominantFrequency(theirHeard, theirs.rate, 880) - 880) <= 2, 'baresip did not hear 880 Hz over SRTP');
  assert.ok(rmsDb(theirHeard) > -35);
});

test('hold and resume: no RTP comes from the held side while on hold, then it flows again', async (t) => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: toneFor }), statsIntervalMs: 500 });
  t.after(() => core.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip, codecs: ['PCMU/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcmu'] });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok);
  const callId = (dialed.data as { callId: string }).callId;
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active', 10000);
  const received = async (): Promise<number> => {
    const since = core.events.length;
    const s = await core.waitFor((e) => e.event === 'call.stats' && e.data.callId === callId, 3000, since);
    return s.event === 'call.stats' ? s.data.packetsReceived : -1;
  };
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok((await received()) > 40, 'media flows before hold');
  assert.deepEqual(await core.runtime.router.dispatch('call.hold', { callId }), { ok: true, data: {} });
  const held = await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'held', 5000);
  assert.ok(held);
  const reinvite = core.runtime.core.trace(0, 500).filter((e) => e.direction === 'sent' && e.summary.startsWith('INVITE')).at(-1);
  assert.match(reinvite?.text ?? '', /a=sendonly/);
  await new Promise((r) => setTimeout(r, 1000));
  const a = await received();
  await new Promise((r) => setTimeout(r, 2000));
  const b = await received();
  assert.ok(b - a <= 2, `baresip kept sending to the holder: ${a} → ${b} packets`);
  assert.deepEqual(await core.runtime.router.dispatch('call.resume', { callId }), { ok: true, data: {} });
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active', 5000, core.events.length - 1);
  await new Promise((r) => setTimeout(r, 1500));
  const c = await received();
  assert.ok(c - b > 40, `media did not resume: ${b} → ${c}`);
  await core.runtime.router.dispatch('call.hangup', { callId });
});

test('no codec in common: the callee answers 488 and the call ends with a plain reason', async (t) => {
  // Its own registrar: a baresip of an earlier test may have left a stale binding
  // for bob, and Kamailio would then fork to it and answer 408 instead of 488.
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  t.after(() => kam.stop());
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' } });
  t.after(() => core.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip, codecs: ['PCMU/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['g722'] });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok);
  const callId = (dialed.data as { callId: string }).callId;
  const ended = await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10000);
  const response = core.runtime.core.trace(0, 500).find((e) => e.direction === 'received' && /^SIP\/2\.0 (488|415|606)/.test(e.summary));
  assert.ok(response, `no 488 on the wire: ${core.runtime.core.trace(0, 500).map((e) => `${e.direction} ${e.summary}`).join(' | ')}; ended ${JSON.stringify(ended)}`);
  assert.equal(ended.event === 'call.ended' && ended.data.reason?.code, 'CALL_MEDIA_MISMATCH');
});

test('RTCP: SR/RR flow both ways; call.stats carries the RTT, no loss and a good MOS', async (t) => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: toneFor }), statsIntervalMs: 1000 });
  t.after(() => core.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip, codecs: ['PCMA/8000/1'] });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: ['pcma'] });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok);
  const callId = (dialed.data as { callId: string }).callId;
  const stats = await core.waitFor((e) => e.event === 'call.stats' && e.data.callId === callId && e.data.rttMs !== undefined, 20000);
  assert.ok(stats.event === 'call.stats');
  if (stats.event !== 'call.stats') return;
  console.log(`RTCP stats: ${JSON.stringify(stats.data)}`);
  assert.ok((stats.data.rttMs ?? -1) >= 0 && (stats.data.rttMs ?? 1e9) < 200, `RTT on loopback: ${stats.data.rttMs} ms`);
  assert.equal(stats.data.remoteLossPercent, 0);
  assert.ok(stats.data.packetsReceived > 100 && stats.data.packetsSent > 100);
  assert.ok(stats.data.mos >= 4, `MOS ${stats.data.mos} on a clean loopback G.711 call`);
  await core.runtime.router.dispatch('call.hangup', { callId });
});

test('over TLS an account that does not choose gets SRTP required: the call is encrypted end to end', async (t) => {
  const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: toneFor }) });
  t.after(() => core.stop());
  const bob: BaresipHandle = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.tlsPort, transport: 'tls' }, caFile: kam.certPath, toneWav: toneBaresip, codecs: ['PCMU/8000/1'], mediaenc: 'srtp-mand' });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  const { srtp: _default, ...account } = { ...labAccount({ user: 'alice', port: kam.tlsPort, transport: 'tls', tlsCaFile: kam.certPath }), codecs: ['pcmu' as const] };
  const saved = await core.runtime.router.dispatch('account.save', { account });
  assert.ok(saved.ok, JSON.stringify(saved));
  assert.equal((saved.data as { srtp: string }).srtp, 'required');
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'bob' });
  assert.ok(dialed.ok, JSON.stringify(dialed));
  const callId = (dialed.data as { callId: string }).callId;
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active' && e.data.srtp, 15000);
  const invite = core.runtime.core.trace(0, 200).find((e) => e.direction === 'sent' && e.summary.startsWith('INVITE'));
  assert.equal(invite?.transport, 'tls');
  assert.match(invite?.text ?? '', /m=audio \d+ RTP\/SAVP/);
  await core.runtime.router.dispatch('call.hangup', { callId });
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 10000);
});
