/**
 * The local 3-way conference between three Dialtone cores through the lab
 * Kamailio: A calls B and C and merges the calls. Each core plays its own
 * tone from a WAV file (A 500 Hz, B 700 Hz, C 1100 Hz) and records what it
 * plays out; the recordings prove that each party hears both others and not
 * itself. Then: hanging up one member leaves the other active, hold and
 * resume move the conference as one, and split keeps the named call active
 * and holds the other.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import type { AudioDevicePort } from '../../main/core/ports/audio';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { makeToneWav } from '../lab/audio';
import { startKamailio, type KamailioHandle } from '../lab/kamailio';
import { makeWorkDir } from '../lab/workdir';
import { readWavMono, toneMarginDb, window } from '../support/audio-check';
import { callState, command, dial, ended, incoming } from '../support/call-steps';
import { labAccount, registration, startCore, type CoreDriver } from '../support/core-driver';

type Party = 'a' | 'b' | 'c';
const users = { a: 'alice', b: 'bob', c: 'carol' } as const;
const tones = { a: 500, b: 700, c: 1100 } as const;
/** A frequency nobody plays: the noise floor the tones are compared with. */
const OFF_HZ = 1700;

/** A file audio port that also tells when its stream opened and when its recording is on disk. */
interface RecordingPort {
  readonly port: AudioDevicePort;
  readonly output: string;
  /** performance.now() of each open. */
  readonly opened: number[];
  /** Resolves when the stream has closed (the WAV is written). */
  closed(timeoutMs: number): Promise<void>;
}

function recordingPort(input: string, output: string): RecordingPort {
  const inner = createFileAudioPort({ input, output });
  const opened: number[] = [];
  let onClosed: (() => void) | undefined;
  let isClosed = false;
  const port: AudioDevicePort = {
    ...inner,
    listDevices: () => inner.listDevices(),
    async open(options) {
      const r = await inner.open(options);
      if (!r.ok) return r;
      opened.push(performance.now());
      isClosed = false;
      const stream = r.data;
      return {
        ok: true,
        data: {
          ...stream,
          sampleRate: stream.sampleRate,
          frameSamples: stream.frameSamples,
          onTick: (l) => stream.onTick(l),
          onError: (l) => stream.onError(l),
          async close() {
            await stream.close();
            isClosed = true;
            onClosed?.();
          },
        },
      };
    },
  };
  return {
    port,
    output,
    opened,
    closed: (timeoutMs) =>
      new Promise((resolve, reject) => {
        if (isClosed) return resolve();
        const timer = setTimeout(() => reject(new Error(`${output}: the audio stream did not close within ${timeoutMs} ms`)), timeoutMs);
        onClosed = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
  };
}

let kam: KamailioHandle;
const cores = {} as Record<Party, CoreDriver>;
const ports = {} as Record<Party, RecordingPort>;
before(async () => {
  kam = await startKamailio({ users: Object.values(users).map((u) => ({ username: u, password: `${u}123` })), udpPort: 'random', tlsPort: 'random' });
  const dir = makeWorkDir('conference');
  for (const k of ['a', 'b', 'c'] as const) {
    const tone = await makeToneWav(join(dir, `${k}-${tones[k]}.wav`), { freq: tones[k], seconds: 30, rate: 48000 });
    ports[k] = recordingPort(tone, join(dir, `${k}-heard.wav`));
    cores[k] = startCore({ env: { DIALTONE_PASSWORD: `${users[k]}123` }, audio: ports[k].port });
    await cores[k].runtime.core.saveAccount(labAccount({ user: users[k], port: kam.udpPort, transport: 'udp' }));
  }
  await Promise.all((['a', 'b', 'c'] as const).map((k) => cores[k].waitFor(registration(`${users[k]}@127.0.0.1`, 'registered'))));
});
after(async () => {
  for (const c of Object.values(cores)) await c.stop();
  await kam?.stop();
});

/** A calls `to` and `to` answers; returns the call id on A and on `to`. */
async function aCalls(to: 'b' | 'c'): Promise<{ onA: string; onPeer: string }> {
  const { a } = cores;
  const peer = cores[to];
  const since = peer.events.length;
  const onA = await dial(a, users[to]);
  const onPeer = await incoming(peer, since);
  await command(peer, 'call.answer', onPeer);
  await callState(a, onA, 'active', 10000, a.events.length - 1);
  return { onA, onPeer };
}

/** A's view of a call now. */
function viewOnA(callId: string) {
  return cores.a.runtime.core.snapshot().calls.find((c) => c.callId === callId);
}

/** Waits until the other side's view of its call shows `remoteHold`. */
function remoteHold(core: CoreDriver, callId: string, on: boolean, since: number) {
  return core.waitFor((e) => e.event === 'call.updated' && e.data.callId === callId && e.data.remoteHold === on, 10000, since);
}

test('merge: A, B and C each hear both others and not themselves; hanging up B leaves A and C talking', async () => {
  const { a, b, c } = cores;
  const ab = await aCalls('b');
  const ac = await aCalls('c');
  assert.equal(viewOnA(ab.onA)?.state, 'held', 'calling C held B');
  const sinceB = b.events.length;
  const merged = await a.runtime.router.dispatch('call.merge', { callIds: [ab.onA, ac.onA] });
  assert.deepEqual(merged, { ok: true, data: {} });
  const mergedAt = performance.now();
  const onB = viewOnA(ab.onA);
  const onC = viewOnA(ac.onA);
  assert.equal(onB?.state, 'active');
  assert.equal(onC?.state, 'active');
  assert.ok(onB?.conference !== undefined && onB.conference === onC?.conference, 'both calls carry the same conference id');
  await remoteHold(b, ab.onPeer, false, sinceB);

  await new Promise((r) => setTimeout(r, 2600));
  const sinceC = c.events.length;
  await command(a, 'call.hangup', ab.onA);
  await ended(b, ab.onPeer);
  await ended(a, ab.onA);
  const left = viewOnA(ac.onA);
  assert.equal(left?.state, 'active', 'C stays active');
  assert.equal(left?.conference, undefined, 'the conference dissolved');
  assert.equal(c.runtime.core.snapshot().calls.find((x) => x.callId === ac.onPeer)?.state, 'active');
  assert.ok(!c.events.slice(sinceC).some((e) => e.event === 'call.updated' && e.data.callId === ac.onPeer && e.data.remoteHold), 'C was never put on hold');
  await command(a, 'call.hangup', ac.onA);
  await ended(c, ac.onPeer);
  await Promise.all((['a', 'b', 'c'] as const).map((k) => ports[k].closed(5000)));

  for (const k of ['a', 'b', 'c'] as const) {
    assert.equal(ports[k].opened.length, 1, `${k}'s audio device opened once`);
    const rec = readWavMono(ports[k].output);
    const from = (mergedAt - (ports[k].opened[0] ?? 0)) / 1000 + 0.5;
    const heard = window(rec.samples, rec.rate, from, from + 2);
    assert.ok(heard.length >= rec.rate * 1.9, `${k}'s recording covers the conference (${heard.length} samples)`);
    const margins = Object.fromEntries((['a', 'b', 'c'] as const).map((p) => [p, toneMarginDb(heard, rec.rate, tones[p], OFF_HZ)]));
    console.log(`${k} heard: ${(['a', 'b', 'c'] as const).map((p) => `${tones[p]} Hz ${margins[p]?.toFixed(1)} dB`).join(', ')} (over ${OFF_HZ} Hz)`);
    for (const p of ['a', 'b', 'c'] as const) {
      const m = margins[p] ?? 0;
      if (p === k) assert.ok(m < 10, `${k} hears its own ${tones[p]} Hz tone (${m.toFixed(1)} dB)`);
      else assert.ok(m > 25, `${k} does not hear ${p}'s ${tones[p]} Hz tone (${m.toFixed(1)} dB)`);
    }
  }
});

test('hold and resume move the conference as one; split keeps the named call active and holds the other', async () => {
  const { a, b, c } = cores;
  const ab = await aCalls('b');
  const ac = await aCalls('c');
  const bad = await Promise.all([
    a.runtime.router.dispatch('call.merge', { callIds: [ab.onA, ab.onA] }),
    a.runtime.router.dispatch('call.merge', { callIds: [ab.onA, 'nope'] }),
    a.runtime.router.dispatch('call.split', { callId: ab.onA }),
  ]);
  assert.deepEqual(bad.map((r) => (r.ok ? 'ok' : r.error.code)), ['INVALID_ARGS', 'NOT_FOUND', 'INVALID_ARGS']);
  assert.deepEqual(await a.runtime.router.dispatch('call.merge', { callIds: [ac.onA, ab.onA] }), { ok: true, data: {} });

  const sinceB0 = b.events.length;
  const sinceC0 = c.events.length;
  await command(a, 'call.hold', ab.onA);
  assert.deepEqual([viewOnA(ab.onA)?.state, viewOnA(ac.onA)?.state], ['held', 'held'], 'holding one member holds the conference');
  await remoteHold(b, ab.onPeer, true, sinceB0);
  await remoteHold(c, ac.onPeer, true, sinceC0);
  await command(a, 'call.resume', ac.onA);
  assert.deepEqual([viewOnA(ab.onA)?.state, viewOnA(ac.onA)?.state], ['active', 'active'], 'resuming one member resumes the conference');
  assert.ok(viewOnA(ab.onA)?.conference !== undefined);

  const sinceB = b.events.length;
  assert.deepEqual(await a.runtime.router.dispatch('call.split', { callId: ac.onA }), { ok: true, data: {} });
  assert.equal(viewOnA(ac.onA)?.state, 'active');
  assert.equal(viewOnA(ab.onA)?.state, 'held');
  assert.equal(viewOnA(ac.onA)?.conference, undefined);
  assert.equal(viewOnA(ab.onA)?.conference, undefined);
  await remoteHold(b, ab.onPeer, true, sinceB);

  await command(a, 'call.hangup', ab.onA);
  await command(a, 'call.hangup', ac.onA);
  await ended(b, ab.onPeer);
  await ended(c, ac.onPeer);
});
