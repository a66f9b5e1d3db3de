/**
 * Benchmark: the jitter buffer behind an impaired network (5 % loss,
 * 40 ± 20 ms one-way delay, uniform, so packets also reorder), Dialtone and
 * baresip one after the other in the same run, each receiving the same
 * impaired stream: a userspace impairing relay (`test/support/lossy-relay.ts`)
 * in front of a Node socket that sends a PCMU tone every 20 ms, in its own
 * process (`bench/jitter-peer.ts`); the relay's loss and delay draws use
 * one seed for both receivers, so both see the same losses and delays
 * packet for packet. Only the direction towards the receiver is impaired.
 *
 * - Dialtone (`jitter-dialtone.ts`): in-process, file audio port clock;
 *   `call.stats` every 250 ms and each played frame's arrival → play time.
 * - baresip (`jitter-baresip.ts`): playing to a PulseAudio null sink (a
 *   real-time clock), its jbuf and aubuf fill from `audio_debug` every 250 ms.
 *
 * Late loss = packets the receiver's buffer refused as too late, per packet
 * sent; network loss = relay drops. Figures after a 3 s warm-up.
 *
 * Run: `node --import tsx bench/jitter-impairment.ts [seconds=20] [seed|-] [loss=0.05 delayMs=40 jitterMs=20] [--receiver=both|dialtone|baresip] [--hogs=N] [--trace=FILE]`.
 * `--hogs=N` runs N busy-loop processes meanwhile (machine load, as when
 * other test runs share the CPUs). `--trace=FILE` records Dialtone's jitter-buffer pushes and ticks for `bench/jitter-replay.ts`.
 */
import { loadavg } from 'node:os';
import { stopAll } from '../test/lab/proc';
import { makeWorkDir } from '../test/lab/workdir';
import { runBaresipReceiver } from './jitter-baresip';
import { runDialtoneReceiver } from './jitter-dialtone';
import { printJitterTable, type JitterRow } from './jitter-row';
import { startCpuHogs } from './support';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name: string): string | undefined => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
const seconds = Number(args[0] ?? 20);
const seed = args[1] === undefined || args[1] === '-' ? Math.floor(Math.random() * 2 ** 32) >>> 0 : Number(args[1]) >>> 0;
/** Optional: loss fraction, delay and jitter (ms) instead of the issue's 0.05, 40, 20 (e.g. `0 0 0` for a baseline). */
const [lossArg, delayArg, jitterArg] = args.slice(2).map(Number);
const impairment = { loss: lossArg ?? 0.05, delayMs: delayArg ?? 40, jitterMs: jitterArg ?? 20 };
const receiver = flag('receiver') ?? 'both';
if (!['both', 'dialtone', 'baresip'].includes(receiver) || !(seconds > 3)) {
  console.error('usage: jitter-impairment.ts [seconds>3] [seed|-] [loss delayMs jitterMs] [--receiver=both|dialtone|baresip] [--hogs=N] [--trace=FILE]');
  process.exit(2);
}
const tracePath = flag('trace');
const hogs = Number(flag('hogs') ?? 0);
const dir = makeWorkDir('bench-jitter');
const warmupMs = 3000;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadAtStart = load();

const rows: JitterRow[] = [];
const stopHogs = hogs > 0 ? startCpuHogs(hogs, 2 * (seconds + 40)) : undefined;
try {
  if (receiver !== 'baresip') rows.push(await runDialtoneReceiver({ dir, seconds, impairment, seed, warmupMs, ...(tracePath ? { tracePath } : {}) }));
  if (receiver !== 'dialtone') rows.push(await runBaresipReceiver({ dir, seconds, impairment, seed, warmupMs }));
  printJitterTable(impairment, seed, seconds, rows, `${loadAtStart} → ${load()}${hogs > 0 ? ` (${hogs} busy loops)` : ''}`);
} finally {
  await stopHogs?.();
  await stopAll();
}
process.exit(0);
