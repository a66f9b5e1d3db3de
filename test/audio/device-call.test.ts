/**
 * Real devices through PortAudio, in the media worker: headless `--mic` /
 * `--speaker` on a private PulseAudio whose "microphone" plays a 660 Hz tone
 * and whose "speaker" the test records. Dialtone calls baresip (440 Hz)
 * through Kamailio; each side must hear the other's tone. Mid-call the
 * speaker sink is unloaded, as when a headset is unplugged: the call stays up
 * and media keeps flowing.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyseWav, makeToneWav, startPulseNullSink, type PulseNullSink } from '../lab/audio';
import { startBaresip } from '../lab/baresip';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { startHeadless } from '../support/headless';

let kam: KamailioHandle;
let pulse: PulseNullSink;
let dir: string;
before(async () => {
  kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
  pulse = await startPulseNullSink();
  dir = makeWorkDir('device-call');
});
after(async () => {
  await pulse?.stop();
  kam?.stop();
});

type Line = Record<string, unknown>;
const data = (l: Line): Record<string, unknown> => (l['data'] ?? {}) as Record<string, unknown>;

test('a call on real (virtual) devices: each side hears the other; unplugging the speaker mid-call keeps the call', { timeout: 90_000 }, async (t) => {
  const micTone = await makeToneWav(join(dir, 'mic-660.wav'), { freq: 660, seconds: 25, rate: 48000 });
  const bobTone = await makeToneWav(join(dir, 'bob-440.wav'), { freq: 440, seconds: 25, rate: 48000 });
  const accountFile = join(dir, 'alice.json');
  writeFileSync(accountFile, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true }));
  const bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: bobTone, autoAnswer: true });
  t.after(() => bob.stop());
  await bob.waitForRegistration();
  const playing = pulse.playIntoMic(micTone, 60_000).catch(() => undefined);

  const h = startHeadless(['--account', accountFile, '--mic', 'pulse', '--speaker', 'pulse'], { ...pulse.env, DIALTONE_PASSWORD: 'alice123' });
  t.after(() => {
    if (h.child.exitCode === null) h.child.kill('SIGKILL');
  });
  await h.waitFor((l) => l['event'] === 'registration.changed' && data(l)['state'] === 'registered', 20_000);
  // Pure tones both ways: WebRTC's AEC3 (on by default with devices) suppresses a steady near-end tone while the far end
  // plays another steady tone (measured -57 dB), so this plumbing test switches processing off.
  const unprocessed = (await h.request(20, 'audio.configureProcessing', { echoCancellation: false, noiseSuppression: false })) as Line;
  assert.equal(unprocessed['ok'], true, JSON.stringify(unprocessed));
  const listed = (await h.request(2, 'devices.list')) as Line;
  assert.equal(listed['ok'], true, JSON.stringify(listed));
  const listing = data(listed) as { devices: Array<{ name: string; input: boolean }>; selection: { inputId?: string; outputId?: string } };
  assert.ok(listing.devices.some((d) => d.name === 'pulse' && d.input), `PortAudio lists pulse: ${JSON.stringify(listing.devices.map((d) => d.name))}`);
  assert.equal(listing.selection.inputId, 'ALSA:pulse', '--mic chose the device');
  assert.equal(listing.selection.outputId, 'ALSA:pulse', '--speaker chose the device');

  const dialed = (await h.request(3, 'call.dial', { target: 'sip:bob@127.0.0.1' })) as Line;
  assert.equal(dialed['ok'], true, JSON.stringify(dialed));
  const callId = data(dialed)['callId'] as string;
  await h.waitFor((l) => l['event'] === 'call.updated' && data(l)['callId'] === callId && data(l)['state'] === 'active', 15_000);
  await new Promise((r) => setTimeout(r, 1000));
  const speaker = join(dir, 'speaker.wav');
  // 6 s of wall time for the 3 s analysed: parecord records from when it has connected, which took
  // about 2 s once in a full run (a 4 s recording held 1.99 s).
  await pulse.recordSpeaker(speaker, 6);

  // Unplug the speaker: unload the sink our playback runs on.
  const modules = await pulse.pactl('list', 'short', 'modules');
  const sinkModule = modules.split('\n').find((l) => l.includes('module-null-sink') && l.includes('sink_name=labsink '))?.split('\t')[0] ?? modules.split('\n').find((l) => l.includes('sink_name=labsink'))?.split('\t')[0];
  assert.ok(sinkModule, `the speaker sink's module: ${modules}`);
  await pulse.pactl('unload-module', sinkModule);
  const statsBefore = await h.waitFor((l) => l['event'] === 'call.stats' && data(l)['callId'] === callId, 10_000);
  await new Promise((r) => setTimeout(r, 3000));
  const snap = (await h.request(4, 'snapshot')) as Line;
  const calls = (data(snap)['calls'] ?? []) as Array<{ callId: string; state: string }>;
  assert.equal(calls.find((c) => c.callId === callId)?.state, 'active', 'the call is still up after the speaker vanished');
  const sent = (await h.request(5, 'call.mute', { callId, muted: false })) as Line;
  assert.equal(sent['ok'], true);
  assert.ok(!h.lines.some((l) => l['event'] === 'call.ended'), 'no call.ended');

  assert.deepEqual(await h.request(6, 'call.hangup', { callId }), { id: 6, ok: true, data: {} });
  await h.waitFor((l) => l['event'] === 'call.ended', 10_000);
  const sentAtStats = Number(data(statsBefore)['packetsSent']);
  assert.ok(sentAtStats > 100, `RTP was flowing (${sentAtStats} packets by the first stats)`);
  assert.deepEqual(await h.request(9, 'quit'), { id: 9, ok: true, data: {} });
  assert.equal(await h.exited(20_000), 0);
  await new Promise((r) => setTimeout(r, 700));
  void playing;

  const ours = await analyseWav(speaker, { freq: 440, start: 0.5, duration: 2.5 });
  assert.ok(ours.marginDb >= 20, `our speaker played baresip's 440 Hz (${ours.marginDb.toFixed(1)} dB over off-tone, rms ${ours.rmsDb.toFixed(1)} dB)`);
  const dec = bob.recordings().dec.at(-1);
  assert.ok(dec, 'baresip recorded the call');
  const theirs = await analyseWav(dec, { freq: 660, start: 1.5, duration: 2.5 });
  assert.ok(theirs.marginDb >= 20, `baresip heard our microphone's 660 Hz (${theirs.marginDb.toFixed(1)} dB)`);
});
