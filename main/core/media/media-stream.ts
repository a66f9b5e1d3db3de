/**
 * One call's audio: the CallMedia the SIP layer negotiates for, and the
 * AudioLeg the audio engine ticks. Per tick (20 ms, on the audio clock):
 *   send:    microphone → encoder (or an RFC 4733 event) → RTP → SRTP → socket
 *   receive: jitter buffer → decoder / concealment → speaker
 * and packets from the socket go SRTP → RTP → jitter buffer or DTMF detector
 * whenever they arrive. Timestamps count samples, never wall-clock time.
 */
import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../common/result';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SocketFactory } from '../ports/network';
import type { AudioEngine, AudioLeg } from './audio-engine';
import type { CallMedia, LocalMediaTransport } from './call-media';
import { createDecoder, createEncoder } from './codec-factory';
import { rtpTimestampUnits, type AudioDecoder, type AudioEncoder } from './codecs';
import { DtmfDetector, DtmfSender } from './dtmf';
import { JitterBuffer, type JitterOutput } from './jitter';
import { buildRtcpCompound, parseRtcp, reportBlockFor, roundTripTimeMs, RtcpScheduler, senderInfoAt, srReceipt, type SrReceipt } from './rtcp';
import { parseRtp, RtpReceiverStats, RtpSequencer, serializeRtp } from './rtp';
import { SsrcLock } from './rtp/ssrc-lock';
import { openRtpEndpoint, type RtpEndpoint } from './rtp-endpoint';
import type { ActiveAudioSession, NegotiatedSession, SdesKey, SessionChanges } from './sdp';
import { createSrtpContext, generateSdesKey, parseSdesKey, type SrtpContext } from './srtp';

/** What a media stream needs. */
export interface MediaStreamDeps {
  readonly sockets: SocketFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  readonly engine: AudioEngine;
  /** The local address for RTP (the one SIP uses). */
  readonly localAddress: string;
  /** Accept media from where it really comes (NAT mode). */
  readonly latch?: boolean;
  /** Received DTMF digits. */
  readonly onDtmf?: (digit: string) => void;
  /** SDES keys to offer (the worker engine makes them on the main thread); fresh ones by default. */
  readonly sdesKeys?: readonly SdesKey[];
}

/** Counters for `call.stats` and tests. */
export interface MediaStreamStats {
  /** Round-trip time from RTCP (RFC 3550 §6.4.1), once the peer has reported on our SRs. */
  rttMs: number | undefined;
  /** The loss the peer reports on our stream (fraction of the last interval, %). */
  remoteLossPercent: number | undefined;
  rtcpSent: number;
  rtcpReceived: number;
  packetsSent: number;
  packetsReceived: number;
  srtpFailures: number;
  malformed: number;
  dtmfSent: number;
  concealed: number;
  /** Packets dropped because they came from another address than the negotiated (or latched) one. */
  foreignDropped: number;
  /** Times the stream moved to the address media really came from (NAT latching). */
  latched: number;
  /**
   * Packets dropped before the jitter buffer because they did not fit the
   * stream: another SSRC not (yet) confirmed, or a sequence jump that the
   * next packet did not follow (RFC 3550 A.1).
   */
  strayDropped: number;
}

/** Counters before the first packet. */
export function zeroMediaStreamStats(): MediaStreamStats {
  return { rttMs: undefined, remoteLossPercent: undefined, rtcpSent: 0, rtcpReceived: 0, packetsSent: 0, packetsReceived: 0, srtpFailures: 0, malformed: 0, dtmfSent: 0, concealed: 0, foreignDropped: 0, latched: 0, strayDropped: 0 };
}

const FRAME_MS = 20;
const EMPTY_PCM = new Int16Array(0);

/** Strips `inline:` and anything after the key. */
function bareKey(inline: string): string {
  return inline.replace(/^inline:/, '').split('|')[0] ?? '';
}

/** One SDES key per suite we offer, in order of preference (RFC 4568). */
export function freshSdesKeys(): SdesKey[] {
  return [
    { suite: 'AES_CM_128_HMAC_SHA1_80', key: bareKey(generateSdesKey(randomBytes)) },
    { suite: 'AES_CM_128_HMAC_SHA1_32', key: bareKey(generateSdesKey(randomBytes)) },
  ];
}

/** One call's media stream. */
export class MediaStream implements CallMedia, AudioLeg {
  readonly sdesKeys: readonly SdesKey[];
  readonly stats: MediaStreamStats = zeroMediaStreamStats();
  private readonly rtcpScheduler: RtcpScheduler;
  private readonly cname = `dialtone-${randomBytes(6).toString('hex')}`;
  private lastSr: SrReceipt | undefined;
  private remoteSsrc: number | undefined;
  private readonly ssrcLock = new SsrcLock();
  private endpoint: RtpEndpoint | undefined;
  private opening: Promise<Result<RtpEndpoint>> | undefined;
  private session: ActiveAudioSession | undefined;
  private encoder: AudioEncoder | undefined;
  private decoder: AudioDecoder | undefined;
  private sequencer: RtpSequencer | undefined;
  private receiverStats: RtpReceiverStats | undefined;
  private jitter: JitterBuffer | undefined;
  private srtp: SrtpContext | undefined;
  private dtmfSender: DtmfSender | undefined;
  private readonly dtmfDetector = new DtmfDetector();
  private attached = false;
  private muted = false;
  private closed = false;
  private pending = new Int16Array(0);
  private lastFrame: Int16Array | undefined;
  private concealRun = 0;
  private recvPt: number | undefined;
  private rate = 8000;
  private readonly log: Logger;

  constructor(private readonly deps: MediaStreamDeps) {
    this.log = deps.logger.child('media');
    this.rtcpScheduler = new RtcpScheduler({ random: deps.random });
    this.sdesKeys = deps.sdesKeys ?? freshSdesKeys();
  }

  /** Sends silence instead of the microphone. */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** The codec rate this leg runs at. */
  get sampleRate(): number {
    return this.rate;
  }

  /** The negotiated session in force. */
  get current(): ActiveAudioSession | undefined {
    return this.session;
  }

  /** Jitter buffer figures, for `call.stats`. */
  jitterStats(): ReturnType<JitterBuffer['stats']> | undefined {
    return this.jitter?.stats();
  }

  async prepare(): Promise<Result<LocalMediaTransport>> {
    if (this.closed) return err('INTERNAL', 'The call media is closed.');
    this.opening ??= openRtpEndpoint(this.deps.sockets, this.deps.localAddress, this.deps.random);
    const opened = await this.opening;
    if (!opened.ok) return opened;
    if (!this.endpoint) {
      this.endpoint = opened.data;
      opened.data.onRtp((packet) => this.receive(packet));
      opened.data.onRtcp((packet) => this.receiveRtcp(packet));
    }
    return ok({ address: opened.data.address, rtpPort: opened.data.rtpPort, rtcpPort: opened.data.rtcpPort });
  }

  async apply(next: NegotiatedSession, changes: SessionChanges): Promise<Result<void>> {
    if (this.closed) return err('INTERNAL', 'The call media is closed.');
    const prepared = await this.prepare();
    if (!prepared.ok) return prepared;
    if (next.disabled) {
      this.session = undefined;
      await this.detach();
      return ok(undefined);
    }
    const endpoint = this.endpoint as RtpEndpoint;
    endpoint.setRemote({
      rtp: { address: next.remoteRtp.address, port: next.remoteRtp.port },
      rtcp: { address: next.remoteRtcp.address, port: next.remoteRtcp.port },
      latch: this.deps.latch ?? false,
    });
    const codecChanged = !this.session || changes.codec || this.session.sendCodec.name !== next.sendCodec.name;
    if (codecChanged) {
      this.encoder = createEncoder(next.sendCodec.name, next.ptime);
      this.decoder = createDecoder(next.sendCodec.name);
      this.sequencer = new RtpSequencer({ payloadType: next.sendCodec.payloadType, random: this.deps.random });
      this.receiverStats = new RtpReceiverStats(next.sendCodec.clockRate);
      this.jitter = new JitterBuffer({ clockRate: next.sendCodec.clockRate, frameMs: FRAME_MS });
      this.recvPt = undefined;
      this.pending = new Int16Array(0);
    }
    if (!this.session || changes.srtp || codecChanged) {
      const keys = next.srtp;
      if (keys) {
        const local = parseSdesKey(`inline:${keys.localKey}`);
        const remote = parseSdesKey(`inline:${keys.remoteKey}`);
        if (!local.ok || !remote.ok) return err('SIP_UNSUPPORTED', 'The SRTP keys could not be read.');
        this.srtp = createSrtpContext({ suite: keys.suite, local: local.data, remote: remote.data });
      } else {
        this.srtp = undefined;
      }
    }
    this.dtmfSender = next.telephoneEvent ? new DtmfSender({ clockRate: next.telephoneEvent.clockRate }) : undefined;
    const rate = this.encoder?.sampleRate ?? 8000;
    const rateChanged = rate !== this.rate;
    this.session = next;
    this.rate = rate;
    if (rateChanged && this.attached) await this.detach();
    if (!this.attached) {
      const attached = await this.deps.engine.attach(this);
      if (!attached.ok) return attached;
      this.attached = true;
    }
    this.log.info('media running', { codec: next.sendCodec.name, pt: next.sendCodec.payloadType, srtp: next.srtp?.suite ?? 'off', send: next.send, receive: next.receive, remote: `${next.remoteRtp.address}:${next.remoteRtp.port}` });
    return ok(undefined);
  }

  sendDtmf(digits: string): boolean {
    if (!this.dtmfSender) return false;
    return this.dtmfSender.enqueue(digits).ok;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.detach();
    this.endpoint?.close();
    const opening = this.opening;
    if (!this.endpoint && opening) void opening.then((r) => r.ok && r.data.close());
    this.endpoint = undefined;
  }

  /** The audio clock tick (AudioLeg). Synchronous, no I/O waits. */
  tick(captured: Int16Array): Int16Array | undefined {
    const counters = this.endpoint?.counters;
    if (counters) {
      this.stats.foreignDropped = counters.foreignDropped;
      this.stats.latched = counters.latched;
    }
    const s = this.session;
    if (!s) return undefined;
    if (s.send) this.send(s, this.muted ? new Int16Array(captured.length) : captured);
    this.maybeSendRtcp();
    return s.receive ? this.play(captured.length) : undefined;
  }

  private async detach(): Promise<void> {
    if (!this.attached) return;
    this.attached = false;
    await this.deps.engine.detach(this);
  }

  private send(s: ActiveAudioSession, captured: Int16Array): void {
    const encoder = this.encoder;
    const sequencer = this.sequencer;
    const endpoint = this.endpoint;
    if (!encoder || !sequencer || !endpoint) return;
    const event = s.telephoneEvent && this.dtmfSender?.busy !== false ? this.dtmfSender?.tick(sequencer.timestamp) : undefined;
    if (event && s.telephoneEvent) {
      const header = sequencer.event(event.timestamp, event.marker, s.telephoneEvent.payloadType, event.payload.length);
      sequencer.skip(rtpTimestampUnits(encoder.descriptor, captured.length));
      this.transmit({ ...header, payload: event.payload });
      this.stats.dtmfSent += 1;
      return;
    }
    // The usual tick is exactly one frame with nothing pending: no copy.
    const merged = this.pending.length === 0 ? captured : new Int16Array(this.pending.length + captured.length);
    if (merged !== captured) {
      merged.set(this.pending);
      merged.set(captured, this.pending.length);
    }
    let offset = 0;
    while (merged.length - offset >= encoder.frameSamples) {
      const frame = merged.subarray(offset, offset + encoder.frameSamples);
      offset += encoder.frameSamples;
      const payload = encoder.encode(frame);
      const header = sequencer.frame(rtpTimestampUnits(encoder.descriptor, frame.length), payload.length);
      this.transmit({ ...header, payload });
    }
    this.pending = offset === merged.length ? EMPTY_PCM : merged.slice(offset);
  }

  private transmit(packet: Parameters<typeof serializeRtp>[0]): void {
    const bytes = serializeRtp(packet);
    if (!bytes.ok) return;
    let wire: Uint8Array = bytes.bytes;
    if (this.srtp) {
      const protectedPacket = this.srtp.protectRtp(wire);
      if (!protectedPacket.ok) return;
      wire = protectedPacket.data;
    }
    this.endpoint?.sendRtp(wire);
    this.stats.packetsSent += 1;
  }

  /** RTCP SR (when we send) or RR with a report block on the peer's stream, every ~5 s (RFC 3550 §6.2). */
  private maybeSendRtcp(): void {
    const now = this.deps.clock.monotonic();
    if (this.rtcpScheduler.nextReportAt === undefined) this.rtcpScheduler.start(now);
    if (!this.rtcpScheduler.due(now) || !this.sequencer) return;
    this.rtcpScheduler.sent(now);
    const report = this.receiverStats?.takeReport();
    const reports = report && this.remoteSsrc !== undefined ? [reportBlockFor(this.remoteSsrc, report, this.lastSr, now)] : [];
    const sending = this.stats.packetsSent > 0;
    const compound = buildRtcpCompound({
      ssrc: this.sequencer.ssrc,
      cname: this.cname,
      ...(sending ? { sender: senderInfoAt(this.deps.clock.now(), this.sequencer.senderCounts()) } : {}),
      reports,
    });
    if (!compound.ok) return;
    let wire: Uint8Array = compound.bytes;
    if (this.srtp) {
      const p = this.srtp.protectRtcp(wire);
      if (!p.ok) return;
      wire = p.data;
    }
    this.endpoint?.sendRtcp(wire);
    this.stats.rtcpSent += 1;
  }

  private receiveRtcp(raw: Buffer): void {
    let data: Uint8Array = raw;
    if (this.srtp) {
      const clear = this.srtp.unprotectRtcp(raw);
      if (!clear.ok) {
        this.stats.srtpFailures += 1;
        return;
      }
      data = clear.data;
    }
    const parsed = parseRtcp(data);
    if (!parsed.ok) {
      this.stats.malformed += 1;
      return;
    }
    this.stats.rtcpReceived += 1;
    const ours = this.sequencer?.ssrc;
    for (const packet of parsed.packets) {
      if (packet.type === 'sr') this.lastSr = srReceipt(packet.sender.ntp, this.deps.clock.monotonic());
      if (packet.type === 'sr' || packet.type === 'rr') {
        for (const block of packet.reports) {
          if (block.ssrc !== ours) continue;
          const rtt = roundTripTimeMs(this.deps.clock.now(), block);
          if (rtt !== undefined) this.stats.rttMs = rtt;
          this.stats.remoteLossPercent = (100 * block.fractionLost) / 256;
          this.encoder?.adaptToLoss?.(this.stats.remoteLossPercent);
        }
      }
    }
  }

  private receive(raw: Buffer): void {
    const s = this.session;
    if (!s) return;
    let data: Uint8Array = raw;
    if (this.srtp) {
      const clear = this.srtp.unprotectRtp(raw);
      if (!clear.ok) {
        this.stats.srtpFailures += 1;
        return;
      }
      data = clear.data;
    }
    const parsed = parseRtp(data);
    if (!parsed.ok) {
      this.stats.malformed += 1;
      return;
    }
    const p = parsed.packet;
    this.stats.packetsReceived += 1;
    const now = this.deps.clock.monotonic();
    if (s.receiveTelephoneEvents.some((t) => t.payloadType === p.payloadType)) {
      // RFC 4733 events bypass the SSRC lock: some gateways send them with an SSRC of their own.
      if (p.ssrc === this.ssrcLock.current) this.receiverStats?.receive(p.sequenceNumber, p.timestamp, now, { jitter: false });
      for (const d of this.dtmfDetector.receive({ timestamp: p.timestamp, payload: p.payload }, now)) this.deps.onDtmf?.(d.digit);
      return;
    }
    if (!s.receiveCodecs.some((c) => c.payloadType === p.payloadType)) {
      this.stats.malformed += 1;
      return;
    }
    // Only the confirmed source, and only packets in its sequence, reach the jitter buffer.
    const source = this.ssrcLock.accept(p.ssrc, p.sequenceNumber);
    if (source === 'held') {
      this.stats.strayDropped += 1;
      return;
    }
    if (source === 'switched') this.receiverStats = new RtpReceiverStats(s.sendCodec.clockRate);
    this.remoteSsrc = p.ssrc;
    if (this.receiverStats?.receive(p.sequenceNumber, p.timestamp, now).verdict === 'jump') {
      this.stats.strayDropped += 1;
      return;
    }
    if (this.recvPt !== undefined && this.recvPt !== p.payloadType) this.jitter?.reset();
    this.recvPt = p.payloadType;
    this.jitter?.push({ seq: p.sequenceNumber, timestamp: p.timestamp, payload: Uint8Array.from(p.payload), marker: p.marker, ssrc: p.ssrc }, now);
  }

  private play(samples: number): Int16Array | undefined {
    for (const d of this.dtmfDetector.poll(this.deps.clock.monotonic())) this.deps.onDtmf?.(d.digit);
    const jitter = this.jitter;
    const decoder = this.decoder;
    if (!jitter || !decoder) return undefined;
    const out: JitterOutput = jitter.pop(this.deps.clock.monotonic());
    try {
      if (out.kind === 'audio') {
        const pcm = decoder.decode(out.payload);
        this.lastFrame = pcm;
        this.concealRun = 0;
        return pcm;
      }
      if (out.kind === 'conceal') {
        this.stats.concealed += 1;
        return this.conceal(decoder, samples, out.reason === 'loss' ? out.nextPayload : undefined);
      }
    } catch {
      this.stats.malformed += 1;
      return this.conceal(decoder, samples, undefined);
    }
    return undefined;
  }

  /** Codec PLC (Opus, with FEC from the next packet when present), else repetition with a fade (G.711, G.722). */
  private conceal(decoder: AudioDecoder, samples: number, next: Uint8Array | undefined): Int16Array {
    const withFec = decoder as AudioDecoder & { decodeFec?: (next: Uint8Array, n: number) => Int16Array };
    if (next && withFec.decodeFec) return withFec.decodeFec(next, samples);
    if (decoder.conceal) return decoder.conceal(samples);
    this.concealRun += 1;
    const last = this.lastFrame;
    if (!last || this.concealRun > 3) return new Int16Array(samples);
    const gain = 0.6 ** this.concealRun;
    return Int16Array.from({ length: samples }, (_, i) => Math.round((last[i % last.length] ?? 0) * gain));
  }
}
