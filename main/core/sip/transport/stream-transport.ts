/**
 * SIP over TCP or TLS as a sip.js Transport: one connection to the server,
 * framed by byte Content-Length, answering CRLFCRLF pings and sending its own
 * every `keepAliveMs` (RFC 5626 §4.4.1). A broken connection goes to
 * Disconnected with the error, as sip.js's contract asks; reconnecting is the
 * account's job. TLS is verified by the socket port (TLS 1.2+, SNI, CA).
 */
import { TransportState } from 'sip.js';
import type { TimerHandle } from '../../ports/clock';
import type { StreamSocket } from '../../ports/network';
import { StreamFramer } from './stream-framer';
import { TransportBase } from './transport-base';
import type { SipTransportOptions } from './transport-options';

/** The TCP/TLS transport. */
export class StreamTransport extends TransportBase {
  private socket: StreamSocket | undefined;
  private keepAlive: TimerHandle | undefined;
  private closing = false;

  constructor(_sipLogger: unknown, options: SipTransportOptions) {
    super(options);
  }

  get localPort(): number {
    return this.socket?.local.port ?? 0;
  }

  async connect(): Promise<void> {
    if (this.socket) return;
    this.closing = false;
    this.setState(TransportState.Connecting);
    const { sockets, server, kind, connectTimeoutMs } = this.options;
    const opened =
      kind === 'tls'
        ? await sockets.connectTls(server, this.options.tlsCa ? { servername: this.options.serverName, ca: this.options.tlsCa } : { servername: this.options.serverName }, connectTimeoutMs)
        : await sockets.connectTcp(server, connectTimeoutMs);
    if (!opened.ok) {
      const error = Object.assign(new Error(opened.error.message), { code: opened.error.code });
      this.setState(TransportState.Disconnected, error);
      throw error;
    }
    const socket = opened.data;
    this.socket = socket;
    const framer = new StreamFramer();
    socket.onData((chunk) => {
      const { items, error } = framer.push(chunk);
      for (const item of items) {
        if (item.kind === 'ping') socket.write('\r\n');
        else if (item.kind === 'message') this.deliver(item.text, socket.remote, socket.local);
      }
      if (error) {
        this.options.onDrop(error, socket.remote);
        socket.end();
      }
    });
    socket.onClose((error) => {
      if (this.keepAlive) this.options.clock.clearTimeout(this.keepAlive);
      this.socket = undefined;
      const reason = this.closing ? undefined : (error ?? new Error(`${kind.toUpperCase()} connection closed by the server`));
      this.setState(TransportState.Disconnected, reason);
    });
    this.scheduleKeepAlive();
    this.setState(TransportState.Connected);
  }

  async disconnect(): Promise<void> {
    if (!this.socket) return;
    this.closing = true;
    this.setState(TransportState.Disconnecting);
    const socket = this.socket;
    this.socket = undefined;
    if (this.keepAlive) this.options.clock.clearTimeout(this.keepAlive);
    socket.end();
    this.setState(TransportState.Disconnected);
  }

  async send(message: string): Promise<void> {
    const socket = this.socket;
    if (!socket) throw this.lastError ?? new Error(`${this.protocol} transport is not connected`);
    const out = this.outgoing(message);
    socket.write(out);
    this.options.onWire({ direction: 'sent', transport: this.options.kind, local: socket.local, peer: socket.remote, text: out });
  }

  sendProbe(message: string): void {
    const socket = this.socket;
    if (!socket) return;
    socket.write(message);
    this.options.onWire({ direction: 'sent', transport: this.options.kind, local: socket.local, peer: socket.remote, text: message });
  }

  private scheduleKeepAlive(): void {
    if (this.options.keepAliveMs <= 0) return;
    this.keepAlive = this.options.clock.setTimeout(() => {
      this.socket?.write('\r\n\r\n');
      if (this.socket) this.scheduleKeepAlive();
    }, this.options.keepAliveMs);
  }
}
