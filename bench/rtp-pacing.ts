/**
 * Benchmark: pacing of the RTP sender, Dialtone and baresip in the same run.
 *
 * Each sender calls its own small fake peer written here: a UDP SIP socket that
 * accepts REGISTER (Dialtone only dials from a registered account), answers INVITE with 200 OK and a static SDP (PCMU/8000, ptime 20, RTP to a
 * port of ours) and BYE with 200 OK. The peer's RTP port is a tiny C receiver
 * (compiled with `cc` at run time) that asks the kernel for the arrival time of
 * every datagram (SO_TIMESTAMPNS, so the receiver's own scheduling does not
 * count), echoes the datagram back (symmetric RTP, so each side also has
 * incoming media to decode) and prints the timestamps. No SRTP: the peer does
 * not decrypt, and the send path timing is what is measured.
 *
 * Both calls run at the same time: Dialtone headless (`node --import tsx
 * main/electron/cli/headless.ts`, `--audio-in` a tone WAV) and baresip (aufile
 * tone, no audio player). Two phases in the same calls:
 *  - idle: nothing else runs on the machine;
 *  - busy: N busy-loop `node` processes (default: one per CPU + 1) load every
 *    core. The Dialtone main thread itself is not made busy (that cannot be
 *    done from outside); this is machine load, shared by both senders.
 * For every consecutive pair of packets of the sender's SSRC: interval − 20 ms;
 * reported as mean |dev|, p50, p99, max |dev| (and the mean interval).
 *
 * Run: `node --import tsx bench/rtp-pacing.ts [phaseSeconds=20] [hogs]`.
 */
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeToneWav } from '../test/lab/audio';
import { startBaresip } from '../test/lab/baresip';
import { makeWorkDir } from '../test/lab/workdir';
import { compileReceiver, printTable, startPeer, summarise, type Summary } from './pacing-peer';
import { dataOf, sleep, spawnHeadless, startCpuHogs } from './support';

const phaseS = Number(process.argv[2] ?? 20);
const hogCount = Number(process.argv[3] ?? cpus().length + 1);
const settleS = 3;

async function main(): Promise<void> {
  const dir = makeWorkDir('bench-rtp-pacing');
  const bin = compileReceiver(dir);
  const lifetime = settleS + 2 * phaseS + 60;
  const tone = await makeToneWav(join(dir, 'tone-440-48k.wav'), { freq: 440, seconds: lifetime, rate: 48000 });

  const dPeer = await startPeer(bin, lifetime);
  const bPeer = await startPeer(bin, lifetime);
  const acc = join(dir, 'alice.json');
  writeFileSync(acc, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${dPeer.sipPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true }));
  const h = spawnHeadless(['--account', acc, '--audio-in', tone, '--audio-out', join(dir, 'heard.wav')], { DIALTONE_PASSWORD: 'x' });
  const bare = await startBaresip({ user: 'dave', toneWav: tone, codecs: ['PCMU/8000/1'], autoAnswer: false });
  let stopHogs: (() => Promise<void>) | undefined;
  const results: Array<{ who: string; phase: string; s: Summary }> = [];
  try {
    await h.waitFor((l) => l['event'] === 'registration.changed' && dataOf(l)['state'] === 'registered', 20000, 'registration');
    const dial = await h.request('call.dial', { target: `sip:bob@127.0.0.1:${dPeer.sipPort}` }, 20000);
    if (dial['ok'] !== true) throw new Error(`call.dial failed: ${JSON.stringify(dial)}\n${h.stderr().slice(-3000)}`);
    const callId = String(dataOf(dial)['callId']);
    await h.waitFor((l) => l['event'] === 'call.updated' && dataOf(l)['callId'] === callId && dataOf(l)['state'] === 'active', 15000, 'active call');
    const bc = bare.eventCursor();
    await bare.command('dial', `sip:peer@127.0.0.1:${bPeer.sipPort}`);
    await bare.waitForEvent('CALL_ESTABLISHED', 15000, { since: bc });

    await sleep(settleS * 1000);
    const idleFrom = Date.now();
    await sleep(phaseS * 1000);
    const idleTo = Date.now();
    stopHogs = startCpuHogs(hogCount, phaseS + 5);
    await sleep(1000);
    const busyFrom = Date.now();
    await sleep(phaseS * 1000);
    const busyTo = Date.now();
    await stopHogs();
    stopHogs = undefined;
    await sleep(300);

    for (const [who, peer] of [
      ['Dialtone headless (node+tsx)', dPeer],
      ['baresip 1.0.0', bPeer],
    ] as const) {
      results.push({ who, phase: 'idle machine', s: summarise(peer.arrivals, idleFrom, idleTo) });
      results.push({ who, phase: `busy machine (${hogCount} busy-loop processes on ${cpus().length} CPUs)`, s: summarise(peer.arrivals, busyFrom, busyTo) });
    }
    const stats = h.lines.filter((l) => l['event'] === 'call.stats' && dataOf(l)['callId'] === callId).at(-1);
    if (stats) console.error(`Dialtone last call.stats: ${JSON.stringify(dataOf(stats))}`);
    await h.request('call.hangup', { callId }).catch(() => undefined);
    await bare.command('hangup').catch(() => undefined);
    await sleep(500);
  } finally {
    if (stopHogs) await stopHogs();
    await h.stop();
    await bare.stop();
    await dPeer.close();
    await bPeer.close();
  }

  printTable(`RTP send-interval deviation from 20 ms (kernel arrival time at the peer; ${phaseS} s per phase; ${new Date().toISOString()}), ms`, results);
}

await main();
process.exit(0);
