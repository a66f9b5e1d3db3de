/**
 * The ports through which the core reaches the world. `main/electron/bootstrap.ts`
 * passes the real ones; tests pass fakes. Audio devices and storage get their
 * ports with the issues that need them.
 */
export type { AudioDevice, AudioDevicePort, AudioStream, AudioStreamOptions, AudioTick } from './audio';
export type { Clock, TimerHandle } from './clock';
export type { DnsPort } from './dns';
export type { FilePort } from './files';
export type { LogFields, Logger } from './logger';
export type { Endpoint, SocketFactory, StreamSocket, UdpSocket } from './network';
export type { SecretStoreKind, SecretStorePort } from './secrets';
export type { SystemEventsPort } from './system-events';
export type { TlsPeerCertificate, TlsProbePort, TlsProbeResult } from './tls-probe';
export type { CommandRunnerPort, HookPorts, HttpPort, HttpRequest, UrlOpenerPort } from './integrations';

import type { AudioDevicePort } from './audio';
import type { Clock } from './clock';
import type { DnsPort } from './dns';
import type { FilePort } from './files';
import type { Logger } from './logger';
import type { SocketFactory } from './network';
import type { SecretStorePort } from './secrets';
import type { SystemEventsPort } from './system-events';
import type { TlsProbePort } from './tls-probe';
import type { HookPorts } from './integrations';

/** Everything the core needs from outside. */
export interface CorePorts {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secrets: SecretStorePort;
  readonly sockets: SocketFactory;
  /** A TLS handshake that reports the certificate (the connection doctor). */
  readonly tlsProbe: TlsProbePort;
  readonly dns: DnsPort;
  readonly files: FilePort;
  readonly systemEvents: SystemEventsPort;
  /** The audio devices (or files) calls capture from and play to. */
  readonly audio: AudioDevicePort;
  /** HTTP, URL opening and process running for call hooks. */
  readonly hooks: HookPorts;
  /** [0, 1) randomness for jitter and SRV weights; injected so tests are deterministic. */
  readonly random: () => number;
}
