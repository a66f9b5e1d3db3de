/**
 * Sockets, as a port: the SIP transports reach the network only through it.
 * The real adapter wraps node:dgram, node:net and node:tls; tests can wrap it
 * to drop, delay or duplicate packets without root or a kernel qdisc.
 */
import type { Result } from '../../common/result';

/** Where a datagram came from or goes to. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** A bound UDP socket. */
export interface UdpSocket {
  /** The address and port actually bound. */
  readonly local: Endpoint;
  /** Sends one datagram; send errors (for example ICMP port unreachable) arrive through `onError`. */
  send(data: Buffer, to: Endpoint): void;
  onMessage(listener: (data: Buffer, from: Endpoint) => void): void;
  onError(listener: (error: Error) => void): void;
  close(): void;
}

/** A connected byte stream (TCP, or TLS after a verified handshake). */
export interface StreamSocket {
  readonly local: Endpoint;
  readonly remote: Endpoint;
  write(data: Buffer | string): void;
  onData(listener: (data: Buffer) => void): void;
  /** Called once when the stream ends, with the error if it broke. */
  onClose(listener: (error?: Error) => void): void;
  end(): void;
}

/** Options for a TLS connection. Verification is always on. */
export interface TlsOptions {
  /** The name to send as SNI and to check the certificate against. */
  readonly servername: string;
  /** PEM of extra trusted CAs (for a private PBX); the system store is used as well. */
  readonly ca?: string;
}

/** Creates sockets. Every failure comes back as a Result with an exact reason. */
export interface SocketFactory {
  /** Binds a UDP socket on `local` (port 0 picks a random free port). */
  bindUdp(local: Endpoint): Promise<Result<UdpSocket>>;
  /** Opens a TCP connection, bounded by `timeoutMs`. */
  connectTcp(to: Endpoint, timeoutMs: number): Promise<Result<StreamSocket>>;
  /** Opens a TLS (1.2+) connection and verifies the server certificate, bounded by `timeoutMs`. */
  connectTls(to: Endpoint, tls: TlsOptions, timeoutMs: number): Promise<Result<StreamSocket>>;
  /** The local address the OS would use to reach `to` (for Via and Contact). */
  localAddressFor(to: Endpoint): Promise<Result<string>>;
}
