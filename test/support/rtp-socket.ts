/**
 * Loopback UDP sockets that play a media peer in tests: count the RTP they
 * receive (and by payload type), remember where it came from, and send a
 * G.711 tone every 20 ms to wherever the test says.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { TestContext } from 'node:test';
import { encodeAlaw } from '../../main/core/media/codecs/g711-alaw';
import { encodeUlaw } from '../../main/core/media/codecs/g711-ulaw';
import { serializeRtp } from '../../main/core/media/rtp';
import { LOOPBACK } from '../lab/ports';

/** A UDP socket on loopback that counts the RTP it receives and remembers where it came from. */
export interface Sock {
  readonly socket: Socket;
  readonly port: number;
  received: number;
  /** RTP packets received, by payload type. */
  readonly byPt: Map<number, number>;
  from: { address: string; port: number } | undefined;
}

export async function openSock(t: TestContext, address = LOOPBACK): Promise<Sock> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => resolve());
  });
  socket.on('error', () => undefined);
  const sock: Sock = { socket, port: socket.address().port, received: 0, byPt: new Map(), from: undefined };
  socket.on('message', (msg, rinfo) => {
    // RTP only: version 2, and not an RTCP packet type (200-204) on the RTP port.
    if (msg.length < 12 || (msg[0] ?? 0) >> 6 !== 2 || ((msg[1] ?? 0) >= 200 && (msg[1] ?? 0) <= 204)) return;
    sock.received += 1;
    sock.byPt.set((msg[1] ?? 0) & 0x7f, (sock.byPt.get((msg[1] ?? 0) & 0x7f) ?? 0) + 1);
    sock.from ??= { address: rinfo.address, port: rinfo.port };
  });
  t.after(() => socket.close());
  return sock;
}

/** Sends a PCMU tone from `sock` to `to` every 20 ms until stopped. */
export function sendTone(sock: Sock, to: { address: string; port: number }, freq: number, ssrc: number, codec: 'pcmu' | 'pcma' = 'pcmu'): { stop(): void; sent(): number } {
  let seq = 100;
  let ts = 8000;
  let phase = 0;
  let sent = 0;
  let frames = 0;
  const frame = new Int16Array(160);
  // Paced against the start time (not setInterval, which falls behind on a
  // loaded machine and makes the sender's clock slow): late ticks catch up.
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    while (frames <= (performance.now() - start) / 20) sendOne();
    timer = setTimeout(run, Math.max(0, start + frames * 20 - performance.now()));
  };
  const sendOne = (): void => {
    frames += 1;
    for (let i = 0; i < 160; i++) {
      frame[i] = Math.round(8000 * Math.sin(phase));
      phase += (2 * Math.PI * freq) / 8000;
    }
    phase %= 2 * Math.PI;
    const out = serializeRtp({ marker: sent === 0, payloadType: codec === 'pcmu' ? 0 : 8, sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, ssrc, csrcs: [], payload: codec === 'pcmu' ? encodeUlaw(frame) : encodeAlaw(frame), paddingLength: 0 });
    seq += 1;
    ts += 160;
    if (!out.ok) return;
    sent += 1;
    sock.socket.send(out.bytes, to.port, to.address);
  };
  run();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    sent: () => sent,
  };
}

export const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await wait(20);
  }
}

