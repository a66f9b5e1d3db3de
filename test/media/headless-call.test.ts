/**
 * Calls through headless mode's exact interface: `--auto-answer` answers a call
 * from baresip, `--audio-in` is what baresip hears, `--audio-out` records what
 * Dialtone hears; `call.dtmf` digits reach baresip as RFC 4733 events.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip, stripAnsi } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { startHeadless } from '../support/headless';

let kam: KamailioHandle;
let dir: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('headless-calls');
});
after(() => kam?.stop());

test('headless --auto-answer takes a call from baresip; both recordings carry the other tone; DTMF reaches baresip', async (t) => {
  const ourTone = await makeToneWav(join(dir, 'in-880.wav'), { freq: 880, seconds: 10, rate: 16000 });
  const theirTone = await makeToneWav(join(dir, 'bob-440.wav'), { freq: 440, seconds: 10, rate: 48000 });
  const heard = join(dir, 'heard.wav');
  const accountFile = join(dir, 'alice.json');
  writeFileSync(accountFile, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'off', codecs: ['g722', 'pcmu'], register: true }));
  const bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: theirTone, autoAnswer: true });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  const h = startHeadless(['--account', accountFile, '--auto-answer', '--audio-in', ourTone, '--audio-out', heard], { DIALTONE_PASSWORD: 'alice123' });
  t.after(() => {
    if (h.child.exitCode === null) h.child.kill('SIGKILL');
  });
  await h.waitFor((l) => l['event'] === 'registration.changed' && (l['data'] as { state: string }).state === 'registered');

  await bob.command('dial', 'sip:alice@127.0.0.1');
  const ringing = await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { direction: string }).direction === 'incoming');
  const callId = (ringing['data'] as { callId: string }).callId;
  await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { state: string; callId: string }).state === 'active' && (l['data'] as { callId: string }).callId === callId, 10000);
  const withCodec = await h.waitFor((l) => l['event'] === 'call.updated' && (l['data'] as { codec?: string }).codec !== undefined);
  assert.equal((withCodec['data'] as { codec: string }).codec, 'g722');
  await new Promise((r) => setTimeout(r, 2500));
  const dtmf = await h.request(5, 'call.dtmf', { callId, digits: '159#' });
  assert.deepEqual(dtmf, { id: 5, ok: true, data: {} });
  await new Promise((r) => setTimeout(r, 2000));
  await bob.command('hangup');
  const ended = await h.waitFor((l) => l['event'] === 'call.ended' && (l['data'] as { callId: string }).callId === callId, 10000);
  assert.equal((ended['data'] as { endedBy: string }).endedBy, 'remote');
  assert.deepEqual(await h.request(9, 'quit'), { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(), 0);
  await new Promise((r) => setTimeout(r, 700));

  const ours = readWavMono(heard);
  const mid = window(ours.samples, ours.rate, 1, 2.5);
  const f = dominantFrequency(mid, ours.rate, 440);
  assert.ok(Math.abs(f - 440) <= 2, `Dialtone heard ${f} Hz`);
  assert.ok(rmsDb(mid) > -35, `too quiet: ${rmsDb(mid)}`);
  const dec = bob.recordings().dec.at(-1);
  assert.ok(dec);
  const theirs = readWavMono(dec);
  const theirMid = window(theirs.samples, theirs.rate, 1, 2.5);
  const fb = dominantFrequency(theirMid, theirs.rate, 880);
  assert.ok(Math.abs(fb - 880) <= 2, `baresip heard ${fb} Hz`);
  const pressed = bob
    .events()
    .filter((e) => e.type === 'CALL_DTMF_START')
    .map((e) => e.param ?? '')
    .join('');
  console.log(`baresip received DTMF keys: "${pressed}"`);
  assert.equal(pressed, '159#', `baresip's DTMF events: ${stripAnsi(JSON.stringify(bob.events().filter((e) => /DTMF/.test(e.type))))}`);
});
