/**
 * Every codec in the direction `call-baresip.test.ts` does not cover:
 * baresip calls Dialtone, through the lab Kamailio and directly (a
 * registrar-less baresip dialing Dialtone's own SIP port, `allowDirectCalls`).
 * baresip offers all four codecs; Dialtone's account allows one, so the
 * answer picks it. Dialtone (auto-answer) plays 880 Hz, baresip 440 Hz; both
 * recordings must carry the other side's tone within ±2 Hz, well above
 * silence.
 *
 * Dialtone → baresip through Kamailio is `call-baresip.test.ts`. Dialtone →
 * baresip "directly" does not exist as a product path: every request of an
 * account goes to its server (`udp-transport.ts`), so there is no direct
 * outgoing call to test.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { makeToneWav } from '../lab/audio';
import { startBaresip, type BaresipHandle } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { LOOPBACK } from '../lab/ports';
import { makeWorkDir } from '../lab/workdir';
import { dominantFrequency, readWavMono, rmsDb, window } from '../support/audio-check';
import { startDirectDialtone } from '../support/fuzz-media-peer';

let kam: KamailioHandle;
let dir: string;
let toneDialtone: string;
let toneBaresip: string;
/** bob registers at Kamailio (outbound proxy); dave has no registrar and dials Dialtone's port itself. */
let bob: BaresipHandle;
let dave: BaresipHandle;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  dir = makeWorkDir('codec-matrix');
  toneDialtone = await makeToneWav(join(dir, 'dialtone-880.wav'), { freq: 880, seconds: 8, rate: 48000 });
  toneBaresip = await makeToneWav(join(dir, 'baresip-440.wav'), { freq: 440, seconds: 8, rate: 48000 });
  bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: LOOPBACK, port: kam.udpPort, transport: 'udp' }, toneWav: toneBaresip });
  dave = await startBaresip({ user: 'dave', toneWav: toneBaresip });
  await bob.waitForRegistration();
});
after(async () => {
  await Promise.all([bob?.stop(), dave?.stop()]);
  await kam?.stop();
});

const codecs = ['pcmu', 'pcma', 'g722', 'opus'] as const;

async function baresipCallsDialtone(t: TestContext, codec: (typeof codecs)[number], route: 'kamailio' | 'direct'): Promise<void> {
  const heard = join(dir, `dialtone-heard-${codec}-${route}.wav`);
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123', input: toneDialtone, output: heard, codecs: [codec] });
  const caller = route === 'kamailio' ? bob : dave;
  const since = core.events.length;
  const cursor = caller.eventCursor();
  await caller.command('dial', route === 'kamailio' ? 'sip:alice@127.0.0.1' : `sip:alice@${LOOPBACK}:${sipPort}`);
  const active = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming' && e.data.state === 'active', 10_000, since);
  const callId = active.event === 'call.updated' ? active.data.callId : '';
  const withCodec = await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.codec !== undefined, 5000, since);
  assert.equal(withCodec.event === 'call.updated' && withCodec.data.codec, codec);
  await caller.waitForEvent('CALL_ESTABLISHED', 5000, { since: cursor });
  await new Promise((r) => setTimeout(r, 3500));
  await caller.command('hangup');
  await core.waitFor((e) => e.event === 'call.ended' && e.data.callId === callId, 5000, since);
  await caller.waitForEvent('CALL_CLOSED', 5000, { since: cursor });
  await core.stop();

  const ours = readWavMono(heard);
  const heardByUs = window(ours.samples, ours.rate, 1, 3);
  const fUs = dominantFrequency(heardByUs, ours.rate, 440);
  const dec = caller.recordings().dec.at(-1);
  assert.ok(dec, 'baresip wrote no recording');
  const theirs = readWavMono(dec);
  const heardByThem = window(theirs.samples, theirs.rate, 1, 3);
  const fThem = dominantFrequency(heardByThem, theirs.rate, 880);
  console.log(`${codec} ${route}: Dialtone heard ${fUs} Hz at ${rmsDb(heardByUs).toFixed(1)} dBFS; baresip heard ${fThem} Hz at ${rmsDb(heardByThem).toFixed(1)} dBFS`);
  assert.ok(Math.abs(fUs - 440) <= 2, `Dialtone heard ${fUs} Hz, not 440`);
  assert.ok(rmsDb(heardByUs) > -35, `Dialtone's recording is too quiet: ${rmsDb(heardByUs).toFixed(1)} dBFS`);
  assert.ok(Math.abs(fThem - 880) <= 2, `baresip heard ${fThem} Hz, not 880`);
  assert.ok(rmsDb(heardByThem) > -35, `baresip's recording is too quiet: ${rmsDb(heardByThem).toFixed(1)} dBFS`);
}

for (const codec of codecs) {
  test(`${codec}: baresip calls Dialtone through Kamailio; each side hears the other's tone`, (t) => baresipCallsDialtone(t, codec, 'kamailio'));
  test(`${codec}: baresip calls Dialtone directly (no proxy); each side hears the other's tone`, (t) => baresipCallsDialtone(t, codec, 'direct'));
}
