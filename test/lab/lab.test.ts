/**
 * Smoke tests of the real-peer lab: every test starts real peers on
 * 127.0.0.1 (random free ports) and asserts a real outcome. A peer that
 * cannot start makes its test FAIL with the reason (never a skip).
 *
 * Run: node --import tsx --test test/lab/lab.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { analyseWav, makeToneWav, rawToWav, setupAlsaFilePcms, startPulseNullSink, wavToRaw } from './audio';
import { startBaresip, type BaresipHandle, type SipTransport } from './baresip';
import { startKamailio, type KamailioHandle } from './kamailio';
import { startKeyring } from './keyring';
import { startLinphone } from './linphone';
import { isLoopbackAddress, listeningAddresses, socketAddressesOf } from './ports';
import { runProbe } from './probe';
import { sleep, stopAll, type ManagedProcess } from './proc';
import { runSippRegister } from './sipp-runner';
import { buildInvite, buildRegister, sipUdpRequest } from './sipraw';
import { makeWorkDir } from './workdir';
import type { KeytarProbeResult } from './probes/keytar-probe';
import type { NaudiodonProbeResult } from './probes/naudiodon-probe';

after(() => stopAll());

const USERS = [
  { username: 'alice', password: 'alice-pw-1' },
  { username: 'bob', password: 'bob-pw-2' },
  { username: 'linus', password: 'linus-pw-3' },
  { username: 'sippy', password: 'sippy-pw-4' },
  { username: 'carol', password: 'carol-pw-5' },
] as const;

function user(name: (typeof USERS)[number]['username']): { username: string; password: string } {
  const u = USERS.find((x) => x.username === name);
  assert.ok(u);
  return { username: u.username, password: u.password };
}

/** Assert every TCP/UDP socket of these peers is bound to loopback; returns them. */
async function assertLoopbackOnly(...procs: ManagedProcess[]): Promise<string[]> {
  const pids = procs.flatMap((p) => p.groupPids());
  assert.ok(pids.length >= procs.length, 'peers are running');
  const addrs = await socketAddressesOf(pids);
  const outside = addrs.filter((a) => !isLoopbackAddress(a));
  assert.deepEqual(outside, [], `sockets outside loopback: ${outside.join(', ')}`);
  return addrs;
}

/** Start a Kamailio on random free ports, stopped after the test. */
async function kamailio(t: TestContext): Promise<KamailioHandle> {
  const k = await startKamailio({ users: USERS, udpPort: 'random', tlsPort: 'random' });
  t.after(() => k.stop());
  return k;
}

let toneCache: Promise<{ a440: string; b880: string }> | undefined;
/** 20 s tones (long enough that aufile never runs dry during a call). */
function tones(): Promise<{ a440: string; b880: string }> {
  toneCache ??= (async () => {
    const dir = makeWorkDir('tones');
    return {
      a440: await makeToneWav(join(dir, 'a440.wav'), { freq: 440, seconds: 20 }),
      b880: await makeToneWav(join(dir, 'b880.wav'), { freq: 880, seconds: 20 }),
    };
  })();
  return toneCache;
}

async function baresipOn(
  t: TestContext,
  k: KamailioHandle,
  name: 'alice' | 'bob',
  transport: SipTransport,
  toneWav: string,
): Promise<BaresipHandle> {
  const u = user(name);
  const b = await startBaresip({
    user: u.username,
    password: u.password,
    registrar: { host: k.host, port: transport === 'tls' ? k.tlsPort : k.udpPort, transport },
    caFile: k.certPath,
    toneWav,
  });
  t.after(() => b.stop());
  return b;
}

test('Kamailio listens on UDP, TCP and TLS (loopback only) and challenges unauthenticated requests', { timeout: 30_000 }, async (t) => {
  const k = await kamailio(t);

  assert.deepEqual(await listeningAddresses(k.udpPort, 'udp'), [`127.0.0.1:${k.udpPort}`]);
  assert.deepEqual(await listeningAddresses(k.tcpPort, 'tcp'), [`127.0.0.1:${k.tcpPort}`]);
  assert.deepEqual(await listeningAddresses(k.tlsPort, 'tcp'), [`127.0.0.1:${k.tlsPort}`]);

  const reg = await sipUdpRequest({ host: k.host, port: k.udpPort }, (local) =>
    buildRegister({ user: 'alice', domain: k.domain, local }),
  );
  assert.equal(reg.status, 401, reg.raw);
  assert.match(reg.headers.get('www-authenticate')?.[0] ?? '', /^Digest realm="127\.0\.0\.1", nonce="[^"]+"/);

  const inv = await sipUdpRequest({ host: k.host, port: k.udpPort }, (local) =>
    buildInvite({ from: 'alice', to: 'bob', domain: k.domain, local }),
  );
  assert.equal(inv.status, 407, inv.raw);
  assert.match(inv.headers.get('proxy-authenticate')?.[0] ?? '', /^Digest realm="127\.0\.0\.1"/);

  // The per-run certificate verifies as a CA file, for the IP name.
  const tlsInfo = await new Promise<{ authorized: boolean; cn: string; san: string }>((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port: k.tlsPort, ca: readFileSync(k.certPath), timeout: 5000 }, () => {
      const cert = s.getPeerCertificate();
      resolve({ authorized: s.authorized, cn: String(cert.subject.CN), san: cert.subjectaltname ?? '' });
      s.end();
    });
    s.on('error', reject);
    s.on('timeout', () => reject(new Error('TLS handshake timed out')));
  });
  assert.equal(tlsInfo.authorized, true);
  assert.equal(tlsInfo.cn, '127.0.0.1');
  assert.match(tlsInfo.san, /IP Address:127\.0\.0\.1/);
  assert.match(tlsInfo.san, /DNS:localhost/);
});

test('baresip registers to Kamailio with digest auth over UDP', { timeout: 30_000 }, async (t) => {
  const k = await kamailio(t);
  const { a440 } = await tones();
  assert.equal(await k.isRegistered('alice'), false);
  const a = await baresipOn(t, k, 'alice', 'udp', a440);

  await a.waitForRegistration(10_000);
  assert.equal(await a.isRegistered(), true);
  assert.match(a.logs(), /alice@127\.0\.0\.1: \{0\/UDP\/v4\} 200 OK .*\[1 binding\]/);

  const contacts = await k.waitForRegistration('alice', 5000);
  assert.equal(contacts.length, 1);
  const c = contacts[0];
  assert.ok(c);
  assert.match(c.contact, new RegExp(`^sip:alice-[^@]+@127\\.0\\.0\\.1:${a.sipPort}$`));
  assert.equal(c.socket, `udp:127.0.0.1:${k.udpPort}`);
  assert.match(c.userAgent ?? '', /^baresip/);
});

test('baresip registers to Kamailio with digest auth over TLS', { timeout: 30_000 }, async (t) => {
  const k = await kamailio(t);
  const { b880 } = await tones();
  const b = await baresipOn(t, k, 'bob', 'tls', b880);

  await b.waitForRegistration(10_000);
  assert.equal(await b.isRegistered(), true);
  assert.match(b.logs(), /bob@127\.0\.0\.1: \{0\/TLS\/v4\} 200 OK .*\[1 binding\]/);

  const contacts = await k.waitForRegistration('bob', 5000);
  assert.equal(contacts.length, 1);
  const c = contacts[0];
  assert.ok(c);
  assert.equal(c.socket, `tls:127.0.0.1:${k.tlsPort}`);
  assert.match(c.contact, /;transport=tls$/);
  // nathelper recorded the TLS connection's source, so calls reuse it.
  assert.match(c.received ?? '', /^sip:127\.0\.0\.1:\d+;transport=tls$/);
});

test('linphonec registers to Kamailio', { timeout: 30_000 }, async (t) => {
  const k = await kamailio(t);
  const u = user('linus');
  const l = await startLinphone({
    user: u.username,
    password: u.password,
    registrar: { host: k.host, port: k.udpPort, transport: 'udp' },
  });
  t.after(() => l.stop());

  await l.waitForRegistration(10_000);
  assert.equal(await l.isRegistered(), true);
  const contacts = await k.waitForRegistration('linus', 5000);
  assert.equal(contacts.length, 1);
  assert.equal(contacts[0]?.contact, `sip:linus@127.0.0.1:${l.sipPort};transport=udp`);
  assert.match(contacts[0]?.userAgent ?? '', /^Linphonec\//);
  assert.deepEqual(await listeningAddresses(l.sipPort, 'udp'), [`127.0.0.1:${l.sipPort}`]);
  await assertLoopbackOnly(l.process, k.process);
});

test('SIPp registers with digest auth (and fails with a wrong password)', { timeout: 40_000 }, async (t) => {
  const k = await kamailio(t);
  const u = user('sippy');
  const ok = await runSippRegister({ registrar: { host: k.host, port: k.udpPort }, username: u.username, password: u.password });
  assert.equal(ok.code, 0, ok.output);
  const contacts = await k.waitForRegistration('sippy', 5000);
  assert.match(contacts[0]?.contact ?? '', /^sip:sippy@127\.0\.0\.1:\d+;transport=UDP$/);
  assert.match(contacts[0]?.userAgent ?? '', /dialtone-lab-sipp/);

  const bad = await runSippRegister({
    registrar: { host: k.host, port: k.udpPort },
    username: 'carol',
    password: 'not-the-password',
    timeoutS: 5,
  });
  assert.notEqual(bad.code, 0, 'a wrong password must not register');
  assert.equal(await k.isRegistered('carol'), false);
});

async function callAndCheckAudio(t: TestContext, bTransport: SipTransport): Promise<void> {
  const k = await kamailio(t);
  const { a440, b880 } = await tones();
  const a = await baresipOn(t, k, 'alice', 'udp', a440);
  const b = await baresipOn(t, k, 'bob', bTransport, b880);
  await Promise.all([a.waitForRegistration(10_000), b.waitForRegistration(10_000)]);
  await k.waitForRegistration('bob', 5000);

  const dial = await a.command('dial', `sip:bob@${k.domain}`);
  assert.equal(dial.ok, true, JSON.stringify(dial.raw));
  const [estA, estB] = await Promise.all([
    a.waitForEvent('CALL_ESTABLISHED', 10_000),
    b.waitForEvent('CALL_ESTABLISHED', 10_000),
  ]);
  assert.equal(estA.direction, 'outgoing');
  assert.equal(estB.direction, 'incoming');
  assert.match(estB.peeruri ?? '', /^sip:alice@127\.0\.0\.1/);
  assert.ok(b.recordings().dec.length === 1, 'B started recording what it hears');
  // Mid-call, with RTP flowing: every socket of every peer is on loopback.
  await sleep(500);
  const addrs = await assertLoopbackOnly(k.process, a.process, b.process);
  assert.ok(addrs.length >= 10, `expected SIP, ctrl and RTP sockets, got ${addrs.join(', ')}`);

  await sleep(3000);
  const hangup = await a.command('hangup');
  assert.equal(hangup.ok, true);
  await Promise.all([a.waitForEvent('CALL_CLOSED', 5000), b.waitForEvent('CALL_CLOSED', 5000)]);
  await sleep(500); // sndfile writes the WAV header at call end

  const bDec = b.recordings().dec[0];
  assert.ok(bDec && existsSync(bDec), 'B wrote a -dec.wav');
  const heard = await analyseWav(bDec, { freq: 440, offFreq: 1300, start: 0.5, duration: 1.5 });
  assert.ok(heard.durationS >= 2.5, `B's recording lasts ${heard.durationS} s`);
  assert.ok(heard.rmsDb > -30, `B heard a level well above silence (${heard.rmsDb} dB)`);
  assert.ok(heard.marginDb >= 20, `440 Hz stands ${heard.marginDb.toFixed(1)} dB above 1300 Hz in B's recording`);
  const notOwn = await analyseWav(bDec, { freq: 440, offFreq: 880, start: 0.5, duration: 1.5 });
  assert.ok(notOwn.marginDb >= 20, `B hears A's 440 Hz, not its own 880 Hz (${notOwn.marginDb.toFixed(1)} dB)`);

  const aDec = a.recordings().dec[0];
  assert.ok(aDec);
  const back = await analyseWav(aDec, { freq: 880, offFreq: 1300, start: 0.5, duration: 1.5 });
  assert.ok(back.marginDb >= 20, `A hears B's 880 Hz (${back.marginDb.toFixed(1)} dB)`);
}

test('call: baresip A (UDP) calls baresip B (UDP) through Kamailio; B hears A\'s tone', { timeout: 45_000 }, async (t) => {
  await callAndCheckAudio(t, 'udp');
});

test('call: baresip A (UDP) calls baresip B (TLS) through Kamailio; B hears A\'s tone', { timeout: 45_000 }, async (t) => {
  await callAndCheckAudio(t, 'tls');
});

test('keytar stores, finds and deletes a secret in the lab gnome-keyring', { timeout: 40_000 }, async (t) => {
  const kr = await startKeyring();
  t.after(() => kr.stop());
  assert.ok((await kr.listNames()).includes('org.freedesktop.secrets'));

  const secret = `pw-${process.pid}-${Date.now()}`;
  const { result, run } = await runProbe<KeytarProbeResult>('keytar-probe', ['dialtone-lab-test', 'alice@127.0.0.1', secret], {
    env: kr.env,
    timeoutMs: 30_000,
  });
  assert.equal(result.ok, true, `${result.error ?? ''}\n${run.stderr}`);
  assert.equal(result.got, secret);
  assert.deepEqual(result.found, [{ account: 'alice@127.0.0.1', password: secret }]);
  assert.equal(result.foundPassword, secret);
  assert.equal(result.deleted, true);
  assert.equal(result.afterDelete, null);
  assert.equal(result.deletedAgain, false);
  // The secret went to the lab's keyring, not anyone else's.
  assert.ok(existsSync(join(kr.env['XDG_DATA_HOME'] ?? '', 'keyrings', 'login.keyring')), 'lab login keyring exists');
});

test('naudiodon (PortAudio) sees the virtual ALSA devices, captures the mic file and plays to the speaker file', { timeout: 40_000 }, async () => {
  const dir = makeWorkDir('naudiodon');
  const mic = await makeToneWav(join(dir, 'mic.wav'), { freq: 440, seconds: 3 });
  const spkSrc = await wavToRaw(await makeToneWav(join(dir, 'spk.wav'), { freq: 880, seconds: 1.5 }), join(dir, 'spk.raw'));
  const alsa = await setupAlsaFilePcms({ dir, micSource: mic });
  const captureOut = join(dir, 'captured.raw');

  const { result, run } = await runProbe<NaudiodonProbeResult>(
    'naudiodon-probe',
    [
      JSON.stringify({
        captureDevice: alsa.devices.capture,
        captureBytes: alsa.rate * 2, // 1 s of S16 mono
        captureOut,
        sampleRate: alsa.rate,
        playbackDevice: alsa.devices.playback,
        playbackRaw: spkSrc,
        timeoutMs: 20_000,
      }),
    ],
    { env: alsa.env, timeoutMs: 30_000 },
  );
  assert.equal(result.ok, true, `${result.error ?? ''}\n${run.stderr.slice(-2000)}`);
  const names = result.devices.map((d) => d.name);
  for (const n of ['labmic', 'labspk', 'labduplex', 'default']) assert.ok(names.includes(n), `PortAudio lists ${n}: ${names.join(', ')}`);
  assert.ok(result.devices.every((d) => d.hostAPIName === 'ALSA'));
  assert.equal(result.capturedBytes, alsa.rate * 2);
  assert.ok((result.captureRmsDb ?? -Infinity) > -20, `captured level ${String(result.captureRmsDb)} dBFS is not silence`);

  const captured = await analyseWav(await rawToWav(captureOut, join(dir, 'captured.wav')), { freq: 440, start: 0.1, duration: 0.8 });
  assert.ok(captured.marginDb >= 20, `captured audio is the 440 Hz mic tone (${captured.marginDb.toFixed(1)} dB)`);

  assert.equal(result.playedBytes, 1.5 * alsa.rate * 2);
  const played = await analyseWav(alsa.speakerWav, { freq: 880, start: 0.1, duration: 1.2 });
  assert.ok(played.marginDb >= 20, `speaker file holds the 880 Hz tone (${played.marginDb.toFixed(1)} dB)`);
});

test('naudiodon captures in real time from a private PulseAudio null sink', { timeout: 40_000 }, async (t) => {
  const pulse = await startPulseNullSink();
  t.after(() => pulse.stop());
  const dir = makeWorkDir('pulse-capture');
  const tone = await makeToneWav(join(dir, 'mic.wav'), { freq: 660, seconds: 6 });
  const playing = pulse.playIntoMic(tone, 20_000);
  const captureOut = join(dir, 'captured.raw');

  const { result, run } = await runProbe<NaudiodonProbeResult>(
    'naudiodon-probe',
    [JSON.stringify({ captureDevice: 'pulse', captureBytes: 48000 * 2, captureOut, sampleRate: 48000, timeoutMs: 20_000 })],
    { env: pulse.env, timeoutMs: 30_000 },
  );
  await playing;
  assert.equal(result.ok, true, `${result.error ?? ''}\n${run.stderr.slice(-2000)}`);
  assert.ok(result.devices.some((d) => d.name === 'pulse'), 'PortAudio lists the ALSA pulse device');
  // Real-time pacing: 1 s of audio takes about 1 s to capture (file PCMs take ~40 ms).
  assert.ok((result.captureMs ?? 0) >= 900, `capture of 1 s took ${String(result.captureMs)} ms`);
  const captured = await analyseWav(await rawToWav(captureOut, join(dir, 'captured.wav')), { freq: 660, start: 0.1, duration: 0.8 });
  assert.ok(captured.rmsDb > -30, `captured level ${captured.rmsDb} dBFS`);
  assert.ok(captured.marginDb >= 20, `captured audio is the 660 Hz tone (${captured.marginDb.toFixed(1)} dB)`);
});
