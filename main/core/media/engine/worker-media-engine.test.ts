/**
 * The worker engine's proxy and the worker runtime, joined by a real
 * MessageChannel (structured clone, as between threads) with the local engine
 * on the far side over a test-driven audio clock and real UDP sockets.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { test } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { manualAudioPort, recordingLogger, type ManualAudioPort } from '../../../../test/support/fakes';
import { createNodeSocketFactory } from '../../../electron/adapters/node-sockets';
import { createSystemClock } from '../../../electron/adapters/system-clock';
import { parseRtp } from '../rtp';
import type { ActiveAudioSession } from '../sdp';
import { compareSessions } from '../sdp/session-changes';
import { LocalMediaEngine } from './local-media-engine';
import { WorkerMediaEngine } from './worker-media-engine';
import { serveMediaWorker } from './worker-runtime';
import type { FromWorker, MediaWorkerHandle, ToWorker } from './worker-protocol';

interface Harness {
  readonly engine: WorkerMediaEngine;
  readonly audio: ManualAudioPort;
  readonly spawned: () => number;
  /** Kills the current "worker" as a crash would. */
  crash(reason: string): void;
}

function harness(): Harness {
  const audio = manualAudioPort(8000);
  let spawned = 0;
  let current: { port: MessagePort; die: (reason: string) => void; stop: () => Promise<void> } | undefined;
  const spawn = (): MediaWorkerHandle => {
    spawned += 1;
    const { port1, port2 } = new MessageChannel();
    const local = new LocalMediaEngine({ audio, sockets: createNodeSocketFactory(), clock: createSystemClock(), logger: recordingLogger(), random: Math.random, devicePollMs: 0 });
    const stop = serveMediaWorker({ postMessage: (m) => port2.postMessage(m), onMessage: (l) => port2.on('message', l as (m: ToWorker) => void) }, local, { statsIntervalMs: 50 });
    const exits: Array<(reason: string) => void> = [];
    current = {
      port: port1,
      die: (reason) => {
        port1.close();
        port2.close();
        void stop();
        for (const l of exits) l(reason);
      },
      stop,
    };
    return {
      postMessage: (m) => port1.postMessage(m),
      onMessage: (l) => port1.on('message', l as (m: FromWorker) => void),
      onExit: (l) => exits.push(l),
      terminate: async () => {
        port1.close();
        port2.close();
        await stop();
      },
    };
  };
  return { engine: new WorkerMediaEngine({ spawn, logger: recordingLogger() }), audio, spawned: () => spawned, crash: (reason) => current?.die(reason) };
}

async function peer(): Promise<{ socket: Socket; port: number; packets: Buffer[] }> {
  const socket = createSocket('udp4');
  const packets: Buffer[] = [];
  socket.on('message', (m) => packets.push(m));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port, packets };
}

function session(port: number): ActiveAudioSession {
  return {
    disabled: false,
    role: 'offerer',
    mediaIndex: 0,
    profile: 'RTP/AVP',
    remoteRtp: { family: 'IP4', address: '127.0.0.1', port },
    remoteRtcp: { family: 'IP4', address: '127.0.0.1', port: port + 1 },
    sendCodec: { name: 'pcmu', encodingName: 'PCMU', payloadType: 0, clockRate: 8000, channels: 1, fmtp: {} },
    receiveCodecs: [{ name: 'pcmu', encodingName: 'PCMU', payloadType: 0, clockRate: 8000, channels: 1, fmtp: {} }],
    telephoneEvent: { payloadType: 101, clockRate: 8000, events: '0-16' },
    receiveTelephoneEvents: [{ payloadType: 101, clockRate: 8000, events: '0-16' }],
    ptime: 20,
    direction: 'sendrecv',
    send: true,
    receive: true,
    remoteHold: { onHold: false, method: undefined },
    srtp: undefined,
    remoteOrigin: { username: '-', sessionId: '1', version: '1', address: '127.0.0.1' },
  };
}

const until = async (what: string, check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('a call through the worker proxy: RTP flows on the worker\'s clock, stats come back, DTMF and mute reach the wire', async (t) => {
  const h = harness();
  const p = await peer();
  t.after(() => p.socket.close());
  const media = h.engine.createCallMedia({ localAddress: '127.0.0.1' });
  assert.equal(media.sdesKeys.length, 2, 'SDES keys are made on this side, synchronously');
  const local = await media.prepare();
  assert.ok(local.ok);
  assert.ok(local.data.rtpPort > 0);
  const s = session(p.port);
  assert.deepEqual(await media.apply(s, compareSessions(undefined, s)), { ok: true, data: undefined });

  const tone = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
  for (let i = 0; i < 5; i++) h.audio.tick(tone);
  await until('5 RTP packets', () => p.packets.length >= 5);
  const first = parseRtp(p.packets[0] as Buffer);
  assert.ok(first.ok);
  assert.equal(first.packet.payloadType, 0);
  assert.ok(first.packet.payload.some((b) => b !== 0xff), 'the tone, not silence');
  await until('stats from the worker', () => media.stats.packetsSent >= 5);

  media.setMuted(true);
  await new Promise((r) => setTimeout(r, 30));
  const before = p.packets.length;
  h.audio.tick(tone);
  await until('a muted packet', () => p.packets.length > before);
  const muted = parseRtp(p.packets.at(-1) as Buffer);
  assert.ok(muted.ok);
  assert.ok(muted.packet.payload.every((b) => b === 0xff), 'muted sends µ-law silence');

  assert.equal(media.sendDtmf('5'), true);
  assert.equal(media.sendDtmf('x'), false, 'not a DTMF digit');
  await new Promise((r) => setTimeout(r, 30));
  const mark = p.packets.length;
  for (let i = 0; i < 3; i++) h.audio.tick(tone);
  await until('telephone-event packets', () => p.packets.slice(mark).some((b) => (parseRtp(b).ok ? (parseRtp(b) as { packet: { payloadType: number } }).packet.payloadType === 101 : false)));

  await media.close();
  await h.engine.close();
  assert.equal(h.audio.closed, 1, 'the device was released in the worker');
});

test('when the worker dies, pending and later requests fail with a clear error, DTMF reports false, and the next call starts a new worker', async (t) => {
  const h = harness();
  const p = await peer();
  t.after(() => p.socket.close());
  const media = h.engine.createCallMedia({ localAddress: '127.0.0.1' });
  assert.ok((await media.prepare()).ok);
  const s = session(p.port);
  assert.ok((await media.apply(s, compareSessions(undefined, s))).ok);
  h.crash('out of memory');
  const after = await media.prepare();
  assert.ok(!after.ok);
  assert.equal(after.error.code, 'INTERNAL');
  assert.match(after.error.message, /The media worker stopped \(out of memory\)/);
  assert.equal(media.sendDtmf('1'), false);
  await media.close();
  const next = h.engine.createCallMedia({ localAddress: '127.0.0.1' });
  assert.equal(h.spawned(), 2);
  assert.ok((await next.prepare()).ok, 'a new worker serves the next call');
  await next.close();
  await h.engine.close();
});

test('device commands go to the worker: list, select (refused for an unplugged device), problems come back', async () => {
  const h = harness();
  const problems: string[] = [];
  h.engine.onDeviceProblem((pr) => problems.push(pr.message));
  const listed = await h.engine.listDevices();
  assert.deepEqual(listed, { ok: true, data: [] });
  assert.deepEqual(await h.engine.selectDevices({ outputId: 'ALSA:Speakers' }), { ok: true, data: undefined });
  assert.deepEqual(h.engine.selection, { outputId: 'ALSA:Speakers' });
  h.audio.broken.add('ALSA:Speakers');
  const media = h.engine.createCallMedia({ localAddress: '127.0.0.1' });
  const p = await peer();
  assert.ok((await media.prepare()).ok);
  const s = session(p.port);
  assert.ok((await media.apply(s, compareSessions(undefined, s))).ok, 'the call falls back to the default device');
  await until('the problem report', () => problems.length > 0);
  assert.match(problems[0] ?? '', /ALSA:Speakers.*Using the default device instead/);
  await media.close();
  p.socket.close();
  await h.engine.close();
});
