/**
 * SIP over UDP as a sip.js Transport: one socket on a random high port (5060
 * only when configured), requests to the server, responses back to where the
 * request came from (RFC 3261 §18.2.2 with rport, RFC 3581), the retransmission
 * timers sip.js lacks, and CRLF keep-alives for NAT bindings.
 */
import { TransportState } from 'sip.js';
import type { TimerHandle } from '../../ports/clock';
import type { Endpoint, UdpSocket } from '../../ports/network';
import { isResponse, topVia } from '../message/sip-text';
import { createRetransmitter, type Retransmitter } from './retransmitter';
import { TransportBase } from './transport-base';
import { MAX_DATAGRAM, type SipTransportOptions } from './transport-options';

const MAX_REMEMBERED_SOURCES = 512;

/** The UDP transport. */
export class UdpTransport extends TransportBase {
  private socket: UdpSocket | undefined;
  private retransmitter: Retransmitter | undefined;
  private keepAlive: TimerHandle | undefined;
  /** Where each incoming request came from, by Via branch, so responses go back there. */
  private readonly sources = new Map<string, Endpoint>();

  constructor(_sipLogger: unknown, options: SipTransportOptions) {
    super(options);
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
    if (!isResponse(message)) return this.options.server;
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
    if (!isResponse(text)) {
      const branch = topVia(text)?.branch;
      if (branch && this.options.acceptFrom(from)) {
        if (this.sources.size >= MAX_REMEMBERED_SOURCES) this.sources.delete(this.sources.keys().next().value as string);
        this.sources.set(branch, from);
      }
    }
    if (this.options.acceptFrom(from)) this.retransmitter?.received(text);
    this.deliver(text, from, this.socket.local);
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
