/**
 * The baresip leg of `bench/jitter-impairment.ts`: baresip 1.0 receives the
 * same impaired PCMU stream as Dialtone (SIPp calls it directly with a late
 * offer and answers with the relay as the media address), and plays what it
 * decodes to a private PulseAudio null sink (`pulse.so`), so its receive
 * path waits for a real-time clock as a softphone's does. Its jitter buffer
 * keeps baresip's defaults (`jitter_buffer_delay 5-10` frames, `audio_buffer`
 * 20-160 ms).
 *
 * What baresip 1.0 with Debian's libre 1.1.0 exposes, read with `audio_debug`
 * over ctrl_tcp every 250 ms: the jitter buffer's fill (`min=5 cur=N max=10
 * [frames]`) and the decoded-audio buffer in front of the player (`aubuf …
 * cur X ms … or N, ur M`: overruns = audio dropped because it was full,
 * underruns = the player found it empty). libre was built without
 * JBUF_STAT, so jbuf's own late/lost counters print "(not available)";
 * late packets are counted from baresip's log instead (`jbuf_put` refusing a
 * packet logs "dropping N bytes").
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeToneWav, startPulseNullSink } from '../test/lab/audio';
import { startBaresip } from '../test/lab/baresip';
import { LOOPBACK } from '../test/lab/ports';
import { startSipp } from '../test/lab/sipp-runner';
import { mediaScenario, plainAnswerKeys } from '../test/support/fuzz-media-peer';
import { startJitterPeer, type Impairment } from './jitter-peer-client';
import type { JitterRow } from './jitter-row';
import { mean, sleep } from './support';

/** One `audio_debug` sample of the receive side. */
export interface BaresipRxSample {
  readonly jbufFrames: number;
  readonly aubufMs: number;
  readonly overruns: number;
  readonly underruns: number;
}

/** Parses baresip 1.0's `audio_debug` text (the `rx:` aubuf line and the jitter buffer's `cur=`); undefined when absent. */
export function parseAudioDebug(text: string): BaresipRxSample | undefined {
  const rx = text.slice(text.indexOf(' rx:'));
  const aubuf = /aubuf: .*?\(cur ([\d.]+)ms, max [\d.]+ms, or (\d+), ur (\d+)\)/.exec(rx);
  const jbuf = /min=\d+ cur=(\d+) max=\d+ \[frames\]/.exec(text);
  if (!aubuf || !jbuf) return undefined;
  return { jbufFrames: Number(jbuf[1]), aubufMs: Number(aubuf[1]), overruns: Number(aubuf[2]), underruns: Number(aubuf[3]) };
}

/** Runs the baresip receiver for `seconds` behind the relay and measures it. */
export async function runBaresipReceiver(p: { readonly dir: string; readonly seconds: number; readonly impairment: Impairment; readonly seed: number; readonly warmupMs: number }): Promise<JitterRow> {
  const cleanups: Array<() => unknown> = [];
  try {
    const pulse = await startPulseNullSink({ dir: join(p.dir, 'pulse'), rate: 8000 });
    cleanups.push(() => pulse.stop());
    const tone = await makeToneWav(join(p.dir, 'tone-baresip.wav'), { freq: 880, seconds: p.seconds + 15, rate: 48000 });
    const bob = await startBaresip({ user: 'bob', toneWav: tone, codecs: ['PCMU/8000/1'], pulsePlayer: { env: pulse.env, sink: pulse.sink } });
    cleanups.push(() => bob.stop());
    const peer = await startJitterPeer(p.impairment, p.seconds + 30, p.seed);
    cleanups.push(() => peer.kill());
    const since = bob.eventCursor();
    const sipp = await startSipp({ scenario: mediaScenario('late-offer-uac'), remote: { host: LOOPBACK, port: bob.sipPort }, service: 'bob', keys: plainAnswerKeys(peer.relayPort), maxCalls: 1, timeoutS: p.seconds + 20, extraArgs: ['-d', String((p.seconds + 2) * 1000)] });
    cleanups.push(() => sipp.stop());
    await bob.waitForEvent('CALL_ESTABLISHED', 10_000, { since });
    const start = performance.now();
    const samples: BaresipRxSample[] = [];
    let last: BaresipRxSample | undefined;
    while (performance.now() - start < p.seconds * 1000) {
      await sleep(250);
      const parsed = parseAudioDebug((await bob.command('audio_debug')).data);
      if (parsed === undefined) continue;
      last = parsed;
      if (performance.now() - start >= p.warmupMs) samples.push(parsed);
    }
    const done = await peer.stop();
    if (samples.length === 0 || last === undefined) throw new Error(`baresip's audio_debug printed no rx/jbuf figures:\n${bob.logs().slice(-2000)}`);
    const buffering = samples.map((s) => s.jbufFrames * 20 + s.aubufMs);
    const late = (bob.logs().match(/dropping \d+ bytes/g) ?? []).length;
    return {
      receiver: 'baresip 1.0.0 (PCMU, pulse null sink, jbuf 5-10 frames)',
      sent: done.sent,
      networkLossPct: (100 * done.down.dropped) / Math.max(1, done.down.received),
      late,
      concealed: undefined,
      meanBufferingMs: mean(buffering),
      maxBufferingMs: Math.max(...buffering),
      meanArrivalToPlayMs: mean(buffering),
      notes: `jbuf mean ${mean(samples.map((s) => s.jbufFrames * 20)).toFixed(1)} ms + aubuf mean ${mean(samples.map((s) => s.aubufMs)).toFixed(1)} ms; aubuf overruns ${last.overruns} (audio dropped: buffer full), underruns ${last.underruns} (player found it empty).`,
    };
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  }
}
