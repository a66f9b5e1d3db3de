/**
 * SIP over UDP as a sip.js Transport: one socket on a random high port (5060
 * only when configured), requests to the server, responses back to where the
 * request came from (RFC 3261 §18.2.2 with rport, RFC 3581), the retransmission
 * timers sip.js lacks, and CRLF keep-alives for NAT bindings.
 */
import { TransportState } from 'sip.js';
import type { TimerHandle } from '../../ports/clock';
import type { Endpoint, UdpSocket } from '../../ports/network';
import { cseq, headerValue, isResponse, requestMethod, statusCode, topVia } from '../message/sip-text';
import { createRetransmitter, type Retransmitter } from './retransmitter';
import { TransportBase } from './transport-base';
import { MAX_DATAGRAM, type SipTransportOptions } from './transport-options';

/** How long a request's source (and a delivered final response) is remembered: 64·T1, the longest transaction. */
const REMEMBER_MS = 32_000;
/** A hard bound on both memories, whatever arrives. */
const MAX_REMEMBERED = 8192;
/** Most direct dialogs remembered (calls that did not come through the server); the oldest is forgotten first. */
const MAX_DIRECT_DIALOGS = 256;

/** A time-bounded, size-bounded map (oldest first). */
class RecentMap<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly now: () => number) {}

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    this.prune();
  }

  get(key: string): V | undefined {
    this.prune();
    return this.entries.get(key)?.value;
  }

  private prune(): void {
    const limit = this.now() - REMEMBER_MS;
    for (const [key, e] of this.entries) {
      if (e.at >= limit && this.entries.size <= MAX_REMEMBERED) break;
      this.entries.delete(key);
    }
  }
}

/** The UDP transport. */
export class UdpTransport extends TransportBase {
  private socket: UdpSocket | undefined;
  private retransmitter: Retransmitter | undefined;
  private keepAlive: TimerHandle | undefined;
  /** Where each incoming request came from, by Via branch, so responses go back there (for as long as its transaction can live). */
  private readonly sources: RecentMap<Endpoint>;
  /**
   * Final responses to our non-INVITE requests already handed to sip.js. A
   * retransmitted copy (our request was resent before the answer came back,
   * e.g. RTT > T1) is dropped here: sip.js 0.21 would feed a second 401 to the
   * authenticated retry and give up with "authentication loop".
   */
  private readonly deliveredFinals: RecentMap<true>;
  /**
   * Calls that reached us directly (an INVITE from an address that is not the
   * server, `allowDirectCalls`), by Call-ID: our requests in those dialogs
   * (BYE, INFO, re-INVITE, their ACK) go back to that peer, not to the
   * server, which knows nothing of the dialog (a registrar answers 404).
   */
  private readonly directDialogs = new Map<string, Endpoint>();

  constructor(_sipLogger: unknown, options: SipTransportOptions) {
    super(options);
    this.sources = new RecentMap<Endpoint>(() => options.clock.monotonic());
    this.deliveredFinals = new RecentMap<true>(() => options.clock.monotonic());
  }

  get localPort(): number {
    return this.socket?.local.port ?? 0;
  }

  /** Retransmissions sent so far. */
  get retransmissions(): number {
    return this.retransmitter?.count ?? 0;
  }

  async connect(): Promise<void> {
    if (this.socket) return;
    this.setState(TransportState.Connecting);
    const bound = await this.options.sockets.bindUdp({ address: this.options.localAddress, port: this.options.localPort });
    if (!bound.ok) {
      const error = new Error(bound.error.message);
      this.setState(TransportState.Disconnected, error);
      throw error;
    }
    const socket = bound.data;
    this.socket = socket;
    this.retransmitter = createRetransmitter(this.options.clock, (m) => this.write(m));
    socket.onMessage((data, from) => this.receive(data, from));
    socket.onError((error) => {
      // ICMP errors (port unreachable) land here; keep them to explain timeouts.
      this.lastError = error;
      this.options.logger.debug('udp socket error', { error: error.message });
    });
    this.scheduleKeepAlive();
    this.setState(TransportState.Connected);
  }

  async disconnect(): Promise<void> {
    if (!this.socket) return;
    this.setState(TransportState.Disconnecting);
    if (this.keepAlive) this.options.clock.clearTimeout(this.keepAlive);
    this.retransmitter?.dispose();
    this.socket.close();
    this.socket = undefined;
    this.setState(TransportState.Disconnected);
  }

  async send(message: string): Promise<void> {
    if (!this.socket) throw new Error('UDP transport is not connected');
    const out = this.outgoing(message);
    this.write(out);
    this.retransmitter?.sent(out);
  }

  sendProbe(message: string): void {
    this.write(message);
  }

  private destinationOf(message: string): Endpoint {
    if (!isResponse(message)) {
      const callId = this.directDialogs.size > 0 ? headerValue(message, 'call-id') : undefined;
      return (callId === undefined ? undefined : this.directDialogs.get(callId)) ?? this.options.server;
    }
    const branch = topVia(message)?.branch;
    return (branch ? this.sources.get(branch) : undefined) ?? this.options.server;
  }

  private write(message: string): void {
    if (!this.socket) return;
    const to = this.destinationOf(message);
    this.socket.send(Buffer.from(message, 'utf8'), to);
    this.options.onWire({ direction: 'sent', transport: 'udp', local: this.socket.local, peer: to, text: message });
  }

  private receive(data: Buffer, from: Endpoint): void {
    if (!this.socket) return;
    if (data.length > MAX_DATAGRAM) return this.options.onDrop('oversized datagram', from);
    // A bare CRLF (keep-alive) is silently ignored.
    if (data.length <= 4 && data.toString('latin1').trim() === '') return;
    const text = data.toString('utf8');
    const accepted = this.options.acceptFrom(from);
    if (!isResponse(text)) {
      const branch = topVia(text)?.branch;
      if (branch && accepted) this.sources.set(branch, from);
      if (accepted && requestMethod(text) === 'INVITE' && (from.address !== this.options.server.address || from.port !== this.options.server.port)) this.rememberDirect(text, from);
    } else if (accepted) {
      const status = statusCode(text) ?? 0;
      const seq = cseq(text);
      const branch = topVia(text)?.branch;
      if (status >= 200 && seq && seq.method !== 'INVITE' && branch) {
        const key = `${branch}|${seq.seq}|${seq.method}|${status}`;
        if (this.deliveredFinals.get(key)) {
          this.retransmitter?.received(text);
          this.options.onDrop('retransmitted final response', from);
          return;
        }
        this.deliveredFinals.set(key, true);
      }
    }
    if (accepted) this.retransmitter?.received(text);
    this.deliver(text, from, this.socket.local);
  }

  private rememberDirect(invite: string, from: Endpoint): void {
    const callId = headerValue(invite, 'call-id');
    if (callId === undefined || this.directDialogs.has(callId)) return;
    this.directDialogs.set(callId, from);
    if (this.directDialogs.size > MAX_DIRECT_DIALOGS) {
      const oldest = this.directDialogs.keys().next().value;
      if (oldest !== undefined) this.directDialogs.delete(oldest);
    }
  }

  private scheduleKeepAlive(): void {
    if (this.options.keepAliveMs <= 0) return;
    this.keepAlive = this.options.clock.setTimeout(() => {
      if (!this.socket) return;
      this.socket.send(Buffer.from('\r\n\r\n'), this.options.server);
      this.scheduleKeepAlive();
    }, this.options.keepAliveMs);
  }
}
