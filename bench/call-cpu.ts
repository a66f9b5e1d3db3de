/**
 * Benchmark: CPU per call, Dialtone side by side with baresip in the same run.
 *
 * For each codec (PCMU and Opus, both with SDES-SRTP mandatory) two calls are
 * made through a lab Kamailio on loopback, one after the other:
 *  1. Dialtone headless (`node --import tsx main/electron/cli/headless.ts`,
 *     `--audio-in` a 48 kHz tone WAV, `--audio-out` a WAV) dials baresip "bob"
 *     (aufile tone in, sndfile recording, no audio player: RTP drives it);
 *  2. baseline: baresip "carol" (same config) dials the same baresip "bob".
 * After the call is established and a warm-up, the CPU time (utime+stime from
 * /proc/PID/stat, all threads) of each process is read over a steady window,
 * and reported as % of one core. The Dialtone process runs the TypeScript
 * sources through tsx (compiled at start-up, before the window).
 *
 * Run: `node --import tsx bench/call-cpu.ts [windowSeconds=20] [warmupSeconds=5]`.
 * Prints Markdown tables.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeToneWav } from '../test/lab/audio';
import { startBaresip, type BaresipHandle } from '../test/lab/baresip';
import { startKamailio } from '../test/lab/kamailio';
import { makeWorkDir } from '../test/lab/workdir';
import { cpuTicks, threadTicks, dataOf, pidByComm, sleep, spawnHeadless, USER_HZ, type Line } from './support';

const windowS = Number(process.argv[2] ?? 20);
const warmupS = Number(process.argv[3] ?? 5);

interface Codec {
  readonly label: string;
  readonly dialtone: 'pcmu' | 'opus';
  readonly baresip: string;
}
const codecs: readonly Codec[] = [
  { label: 'G.711 PCMU + SRTP', dialtone: 'pcmu', baresip: 'PCMU/8000/1' },
  { label: 'Opus + SRTP', dialtone: 'opus', baresip: 'opus/48000/2' },
];

interface Row {
  codec: string;
  scenario: string;
  process: string;
  pct: number;
  note: string;
}
const rows: Row[] = [];
const threadNotes: string[] = [];

/** CPU % of one core of each pid over `seconds` (wall time measured). */
async function measure(pids: readonly number[], seconds: number): Promise<number[]> {
  const t0 = performance.now();
  const c0 = pids.map(cpuTicks);
  await sleep(seconds * 1000);
  const c1 = pids.map(cpuTicks);
  const wall = (performance.now() - t0) / 1000;
  return pids.map((_, i) => (((c1[i] ?? 0) - (c0[i] ?? 0)) / USER_HZ / wall) * 100);
}

const baresipPid = (b: BaresipHandle): number => pidByComm(b.process.groupPids(), 'baresip');

async function main(): Promise<void> {
  const dir = makeWorkDir('bench-call-cpu');
  const kam = await startKamailio({
    users: [
      { username: 'alice', password: 'alice123' },
      { username: 'bob', password: 'bob123' },
      { username: 'carol', password: 'carol123' },
    ],
    udpPort: 'random',
    tlsPort: 'random',
  });
  const reg = { host: '127.0.0.1', port: kam.udpPort, transport: 'udp' } as const;
  const tone = await makeToneWav(join(dir, 'tone-440-48k.wav'), { freq: 440, seconds: 90, rate: 48000 });
  const tone2 = await makeToneWav(join(dir, 'tone-880-48k.wav'), { freq: 880, seconds: 90, rate: 48000 });
  try {
    // Idle Dialtone (registered, no call) for reference.
    {
      const acc = join(dir, 'idle.json');
      writeFileSync(acc, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'required', codecs: ['pcmu'], register: true }));
      const h = spawnHeadless(['--account', acc], { DIALTONE_PASSWORD: 'alice123' });
      try {
        await h.waitFor((l) => l['event'] === 'registration.changed' && dataOf(l)['state'] === 'registered', 20000, 'registration');
        await sleep(2000);
        const [pct] = await measure([h.pid], 5);
        rows.push({ codec: '-', scenario: 'Dialtone idle (registered, no call)', process: 'Dialtone headless (node+tsx)', pct: pct ?? NaN, note: '5 s window' });
      } finally {
        await h.stop();
      }
    }

    for (const codec of codecs) {
      console.error(`# ${codec.label}`);
      const common = { registrar: reg, codecs: [codec.baresip], mediaenc: 'srtp-mand' as const, autoAnswer: true };
      const bob = await startBaresip({ user: 'bob', password: 'bob123', toneWav: tone2, ...common });
      const carol = await startBaresip({ user: 'carol', password: 'carol123', toneWav: tone, ...common });
      try {
        await Promise.all([bob.waitForRegistration(), carol.waitForRegistration()]);
        const bobPid = baresipPid(bob);
        const carolPid = baresipPid(carol);

        // 1. Dialtone -> bob
        const acc = join(dir, `alice-${codec.dialtone}.json`);
        writeFileSync(acc, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${kam.udpPort}`, transport: 'udp', srtp: 'required', codecs: [codec.dialtone], register: true }));
        const h = spawnHeadless(['--account', acc, '--audio-in', tone, '--audio-out', join(dir, `heard-${codec.dialtone}.wav`)], { DIALTONE_PASSWORD: 'alice123' });
        try {
          await h.waitFor((l) => l['event'] === 'registration.changed' && dataOf(l)['state'] === 'registered', 20000, 'registration');
          const bobCursor = bob.eventCursor();
          const dial = await h.request('call.dial', { target: 'sip:bob@127.0.0.1' });
          if (dial['ok'] !== true) throw new Error(`call.dial failed: ${JSON.stringify(dial)}`);
          const callId = String(dataOf(dial)['callId']);
          const active = await h.waitFor((l) => l['event'] === 'call.updated' && dataOf(l)['callId'] === callId && dataOf(l)['state'] === 'active', 15000, 'active call');
          await bob.waitForEvent('CALL_ESTABLISHED', 10000, { since: bobCursor });
          const view = dataOf(h.lines.filter((l) => l['event'] === 'call.updated' && dataOf(l)['callId'] === callId).at(-1) ?? active);
          await sleep(warmupS * 1000);
          const th0 = threadTicks(h.pid);
          const [dPct, bPct] = await measure([h.pid, bobPid], windowS);
          const th1 = threadTicks(h.pid);
          const perThread = [...th1.entries()]
            .map(([k, v]) => [k, v - (th0.get(k) ?? 0)] as const)
            .filter(([, v]) => v > 0)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => `${k.split(' ').slice(1).join(' ')}${k.split(' ')[0] === String(h.pid) ? ' (main)' : ''} ${((v / USER_HZ / windowS) * 100).toFixed(2)}%`)
            .join(', ');
          console.error(`Dialtone ${codec.label} per thread (% of one core): ${perThread}`);
          threadNotes.push(`${codec.label}: ${perThread}`);
          const stats = h.lines.filter((l: Line) => l['event'] === 'call.stats' && dataOf(l)['callId'] === callId).at(-1);
          const s = stats ? dataOf(stats) : {};
          const note = `codec=${String(view['codec'])} srtp=${String(view['srtp'])}; Dialtone stats: sent ${String(s['packetsSent'])}, received ${String(s['packetsReceived'])}, lost ${String(s['packetsLost'])}, srtpFailures ${String(s['srtpFailures'])}`;
          rows.push({ codec: codec.label, scenario: 'Dialtone -> baresip', process: 'Dialtone headless (node+tsx)', pct: dPct ?? NaN, note });
          rows.push({ codec: codec.label, scenario: 'Dialtone -> baresip', process: 'baresip (callee)', pct: bPct ?? NaN, note: '' });
          await h.request('call.hangup', { callId });
          await h.waitFor((l) => l['event'] === 'call.ended' && dataOf(l)['callId'] === callId, 10000, 'call.ended');
        } finally {
          await h.stop();
        }
        await bob.waitForEvent('CALL_CLOSED', 10000, { since: 0 }).catch(() => undefined);
        await sleep(1000);

        // 2. baresip carol -> bob
        const cc = carol.eventCursor();
        const bc = bob.eventCursor();
        await carol.command('dial', 'sip:bob@127.0.0.1');
        await carol.waitForEvent('CALL_ESTABLISHED', 15000, { since: cc });
        await bob.waitForEvent('CALL_ESTABLISHED', 15000, { since: bc });
        await sleep(warmupS * 1000);
        const [cPct, b2Pct] = await measure([carolPid, bobPid], windowS);
        rows.push({ codec: codec.label, scenario: 'baresip -> baresip', process: 'baresip (caller)', pct: cPct ?? NaN, note: '' });
        rows.push({ codec: codec.label, scenario: 'baresip -> baresip', process: 'baresip (callee)', pct: b2Pct ?? NaN, note: '' });
        await carol.command('hangup');
        await carol.waitForEvent('CALL_CLOSED', 10000, { since: cc }).catch(() => undefined);
        const rtcp = bob.logs().split('\n').filter((l) => /lost:|jitter:/.test(l)).slice(-4).join(' | ');
        if (rtcp) console.error(`bob RTCP (last lines): ${rtcp}`);
      } finally {
        await Promise.all([bob.stop(), carol.stop()]);
      }
    }
  } finally {
    await kam.stop();
  }

  console.log(`\nCPU per call, % of one core (utime+stime over a ${windowS} s window after ${warmupS} s of warm-up; ${new Date().toISOString()}):\n`);
  console.log('| codec | call | process | CPU % of one core | notes |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.codec} | ${r.scenario} | ${r.process} | ${r.pct.toFixed(2)} | ${r.note} |`);
  console.log('\nDialtone process per thread, % of one core (approximate: same window):\n');
  for (const t of threadNotes) console.log(`- ${t}`);
  console.log('\n| codec | Dialtone % | baresip (same role, caller in baresip->baresip) % | ratio Dialtone / baresip | goal |');
  console.log('|---|---|---|---|---|');
  for (const codec of codecs) {
    const d = rows.find((r) => r.codec === codec.label && r.process.startsWith('Dialtone'))?.pct ?? NaN;
    const b = rows.find((r) => r.codec === codec.label && r.process === 'baresip (caller)')?.pct ?? NaN;
    const goal = codec.dialtone === 'pcmu' ? 1.0 : 1.5;
    const ratio = d / b;
    console.log(`| ${codec.label} | ${d.toFixed(2)} | ${b.toFixed(2)} | ${ratio.toFixed(2)}x | <= ${goal.toFixed(1)}x: ${ratio <= goal ? 'met' : 'NOT met'} |`);
  }
}

await main();
process.exit(0);
