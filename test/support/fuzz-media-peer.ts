/**
 * A media peer for direct-call tests: SIPp does the signalling (scenarios in
 * `test/media/sipp/`, sent straight to Dialtone's SIP port) and a Node UDP
 * socket on 127.0.0.1 plays the peer's RTP: it sends a PCMU tone every 20 ms
 * to whatever address Dialtone's RTP comes from (symmetric RTP) and counts
 * what it receives. Dialtone registers to the lab Kamailio (an account that
 * never registers starts no SIP stack) with `allowDirectCalls: true`, on a
 * known local SIP port, and auto-answers.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { TestContext } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeUlaw } from '../../main/core/media/codecs/g711-ulaw';
import { serializeRtp } from '../../main/core/media/rtp';
import { createFileAudioPort } from '../../main/electron/adapters/file-audio';
import { findFreePort, LOOPBACK } from '../lab/ports';
import { labAccount, registration, startCore, type CoreDriver } from './core-driver';

/** The `-key`s of `late-offer-uac.xml` for a plain RTP answer. */
export function plainAnswerKeys(mediaPort: number): Record<string, string | number> {
  return { media_host: LOOPBACK, media_sink_port: mediaPort, media_profile: 'RTP/AVP', media_extra: 'a=ptime:20' };
}

/** Path of a scenario in `test/media/sipp/`. */
export function mediaScenario(name: 'late-offer-uac' | 'no-common-codec-uac' | 'info-dtmf-uac' | 'reinvite-change-uac'): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'media', 'sipp', `${name}.xml`);
}

/** A Dialtone runtime that takes direct calls on `sipPort`. */
export interface DirectDialtone {
  readonly core: CoreDriver;
  readonly sipPort: number;
}

/** Starts Dialtone registered as `alice` at Kamailio, accepting direct calls on a free local SIP port, auto-answering. */
export async function startDirectDialtone(
  t: TestContext,
  p: { readonly kamailioPort: number; readonly password: string; readonly input?: string; readonly output?: string; readonly statsIntervalMs?: number; readonly srtp?: 'off' | 'required'; readonly natLatching?: boolean; readonly codecs?: readonly ('pcmu' | 'pcma' | 'g722' | 'opus')[] },
): Promise<DirectDialtone> {
  const sipPort = await findFreePort({ proto: 'udp' });
  const core = startCore({
    env: { DIALTONE_PASSWORD: p.password },
    audio: createFileAudioPort({ ...(p.input ? { input: p.input } : {}), ...(p.output ? { output: p.output } : {}) }),
    autoAnswer: true,
    sip: { localPort: sipPort, pingIntervalMs: 0 },
    ...(p.statsIntervalMs ? { statsIntervalMs: p.statsIntervalMs } : {}),
  });
  t.after(() => core.stop());
  await core.runtime.core.saveAccount({ ...labAccount({ user: 'alice', port: p.kamailioPort, transport: 'udp' }), codecs: [...(p.codecs ?? ['pcmu'])], srtp: p.srtp ?? 'off', allowDirectCalls: true, ...(p.natLatching === undefined ? {} : { natLatching: p.natLatching }) });
  await core.waitFor(registration('alice@127.0.0.1', 'registered'));
  return { core, sipPort };
}

/** A Node UDP socket playing the peer's media. */
export interface MediaPeer {
  readonly port: number;
  readonly socket: Socket;
  /** Where Dialtone's RTP came from (undefined before the first packet). */
  readonly dialtone: { address: string; port: number } | undefined;
  /** RTP packets received from Dialtone, by payload type. */
  readonly receivedByPt: ReadonlyMap<number, number>;
  readonly received: number;
  readonly sent: number;
  /** The SSRC of the tone we send. */
  readonly ssrc: number;
  /** The next sequence number / timestamp of the tone (for spliced fuzz packets). */
  readonly nextSeq: number;
  readonly nextTimestamp: number;
  close(): void;
}

/** Opens the peer socket; once Dialtone's first RTP packet arrives, sends a `freq` Hz PCMU tone back every 20 ms. */
export async function startMediaPeer(t: TestContext, freq = 440, protect?: (rtp: Uint8Array) => Uint8Array | undefined): Promise<MediaPeer> {
  const port = await findFreePort({ proto: 'udp', span: 2 });
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, LOOPBACK, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined);
  const byPt = new Map<number, number>();
  const ssrc = 0x1234abcd;
  const state = { dialtone: undefined as { address: string; port: number } | undefined, received: 0, sent: 0, seq: 1000, ts: 160_000, phase: 0, closed: false };
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12 || (msg[0] ?? 0) >> 6 !== 2) return;
    const pt = (msg[1] ?? 0) & 0x7f;
    if (pt >= 72 && pt <= 79) return; // RTCP on the RTP port (not expected here)
    state.received++;
    byPt.set(pt, (byPt.get(pt) ?? 0) + 1);
    state.dialtone ??= { address: rinfo.address, port: rinfo.port };
  });
  const frame = new Int16Array(160);
  // Paced against the start time (not setInterval, which falls behind on a
  // loaded machine and makes the peer's clock slow): late ticks catch up.
  const start = performance.now();
  let ticks = 0;
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    if (state.closed) return;
    while (ticks <= (performance.now() - start) / 20) {
      ticks += 1;
      sendOne();
    }
    timer = setTimeout(run, Math.max(0, start + ticks * 20 - performance.now()));
  };
  const sendOne = (): void => {
    const to = state.dialtone;
    if (!to || state.closed) return;
    for (let i = 0; i < 160; i++) {
      frame[i] = Math.round(8000 * Math.sin(state.phase));
      state.phase += (2 * Math.PI * freq) / 8000;
    }
    state.phase %= 2 * Math.PI;
    const out = serializeRtp({ marker: state.sent === 0, payloadType: 0, sequenceNumber: state.seq & 0xffff, timestamp: state.ts >>> 0, ssrc, csrcs: [], payload: encodeUlaw(frame), paddingLength: 0 });
    state.seq++;
    state.ts += 160;
    if (!out.ok) return;
    const wire = protect ? protect(out.bytes) : out.bytes;
    if (!wire) return;
    state.sent++;
    socket.send(wire, to.port, to.address);
  };
  timer = setTimeout(run, 20);
  const close = (): void => {
    if (state.closed) return;
    state.closed = true;
    clearTimeout(timer);
    socket.close();
  };
  t.after(close);
  return {
    port,
    socket,
    get dialtone() {
      return state.dialtone;
    },
    receivedByPt: byPt,
    get received() {
      return state.received;
    },
    get sent() {
      return state.sent;
    },
    ssrc,
    get nextSeq() {
      return state.seq & 0xffff;
    },
    get nextTimestamp() {
      return state.ts >>> 0;
    },
    close,
  };
}
