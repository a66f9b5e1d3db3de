/**
 * Profiling aid (not a benchmark table): one Dialtone call with its media on
 * the calling thread (file audio port, SRTP required) to baresip through a
 * lab Kamailio, and a V8 CPU profile of the steady call only (the
 * `node:inspector` profiler is started after the warm-up and stopped before
 * the hangup), so start-up and module loading do not drown the per-packet
 * cost. Prints the top functions by self time and writes the profile.
 *
 * Run: `node --import tsx bench/media-profile.ts [codec=pcmu] [seconds=10] [out=/tmp/media.cpuprofile]`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { makeToneWav } from '../test/lab/audio';
import { startBaresip } from '../test/lab/baresip';
import { startKamailio } from '../test/lab/kamailio';
import { makeWorkDir } from '../test/lab/workdir';
import { createFileAudioPort } from '../main/electron/adapters/file-audio';
import { labAccount, registration, startCore } from '../test/support/core-driver';
import { sleep, threadTicks, USER_HZ } from './support';

const codec = (process.argv[2] ?? 'pcmu') as 'pcmu' | 'opus' | 'pcma' | 'g722';
const seconds = Number(process.argv[3] ?? 10);
const outFile = process.argv[4] ?? '/tmp/media.cpuprofile';
const baresipCodec = { pcmu: 'PCMU/8000/1', pcma: 'PCMA/8000/1', g722: 'G722/16000/1', opus: 'opus/48000/2' }[codec];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const dir = makeWorkDir('bench-media-profile');
const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }, { username: 'bob', password: 'bob123' }], udpPort: 'random', tlsPort: 'random' });
const tone = await makeToneWav(join(dir, 'tone.wav'), { freq: 440, seconds: seconds + 20, rate: 48000 });
const bob = await startBaresip({ user: 'bob', password: 'bob123', registrar: { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' }, toneWav: tone, codecs: [baresipCodec], mediaenc: 'srtp-mand', autoAnswer: true });
const core = startCore({ env: { DIALTONE_PASSWORD: 'alice123' }, audio: createFileAudioPort({ input: tone, output: join(dir, 'heard.wav') }) });
try {
  await bob.waitForRegistration();
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: kam.udpPort, transport: 'udp' }), codecs: [codec], srtp: 'required' });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  const dialed = await core.runtime.router.dispatch('call.dial', { target: 'sip:bob@127.0.0.1' });
  if (!dialed.ok) throw new Error(JSON.stringify(dialed));
  const callId = (dialed.data as { callId: string }).callId;
  await core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.state === 'active', 10000);
  await sleep(2000);
  console.log(`call active, pid ${process.pid}`);
  if (process.env['MEDIA_PROFILE_SLEEP']) await sleep(Number(process.env['MEDIA_PROFILE_SLEEP']) * 1000);
  {
    const c0 = process.cpuUsage();
    const th0 = threadTicks(process.pid);
    const w0 = performance.now();
    const cpuWindowMs = Number(process.env['MEDIA_PROFILE_CPU_SECONDS'] ?? 5) * 1000;
    await sleep(cpuWindowMs);
    const u = process.cpuUsage(c0);
    const th1 = threadTicks(process.pid);
    console.log(`per thread (% of one core): ${[...th1.entries()].map(([k, v]) => [k, v - (th0.get(k) ?? 0)] as const).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${((v / USER_HZ / (cpuWindowMs / 1000)) * 100).toFixed(1)}`).join(', ')}`);
    console.log(`process CPU over ${cpuWindowMs / 1000} s without the profiler: ${(((u.user + u.system) / 1000 / (performance.now() - w0)) * 100).toFixed(2)} % of one core (user ${(u.user / 1000).toFixed(0)} ms, system ${(u.system / 1000).toFixed(0)} ms)`);
  }
  if (!process.env['MEDIA_PROFILE_CPU_ONLY']) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await session.post('Profiler.start');
  await sleep(seconds * 1000);
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  const used = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  session.disconnect();
  writeFileSync(outFile, JSON.stringify(profile));
  console.log(`process CPU during the window: ${(((used.user + used.system) / 1000 / wall) * 100).toFixed(2)} % of one core (profiler included)`);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const cf = byId.get(id)?.callFrame;
    const key = `${cf?.functionName || '(anon)'} ${cf?.url.split('/').slice(-2).join('/')}:${cf?.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  }
  await core.runtime.router.dispatch('call.hangup', { callId });
} finally {
  await core.stop();
  await bob.stop();
  await kam.stop();
}
process.exit(0);
