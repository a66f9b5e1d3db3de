/**
 * The sockets of one call's media: an even RTP port and the RTCP port above it
 * (RFC 3550 §11), symmetric (we send from the port we receive on, RFC 4961),
 * accepting packets only from the negotiated remote address. In NAT mode the
 * endpoint may "latch" onto the address the first packets really come from
 * (the peer's NAT mapping), but only during the first packets of a stream.
 */
import { err, ok, type Result } from '../../common/result';
import type { Endpoint, SocketFactory, UdpSocket } from '../ports/network';
import { isRtcp } from './rtp';

/** Where the remote side's media goes, from the SDP. */
export interface RemoteMedia {
  readonly rtp: Endpoint;
  /** Undefined with rtcp-mux (RTCP on the RTP port). */
  readonly rtcp?: Endpoint;
  /** Latch onto the real source of the first packets (NAT mode). */
  readonly latch: boolean;
}

/** Counters for diagnostics and the fuzz tests. */
export interface EndpointCounters {
  rtpIn: number;
  rtcpIn: number;
  foreignDropped: number;
  latched: number;
}

/** One call's RTP and RTCP sockets. */
export interface RtpEndpoint {
  readonly address: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly counters: Readonly<EndpointCounters>;
  /** Sets (or changes, on a re-INVITE) where media goes and comes from. */
  setRemote(remote: RemoteMedia): void;
  sendRtp(packet: Uint8Array): void;
  sendRtcp(packet: Uint8Array): void;
  onRtp(listener: (packet: Buffer, from: Endpoint) => void): void;
  onRtcp(listener: (packet: Buffer, from: Endpoint) => void): void;
  close(): void;
}

/** How many packets may arrive before the latch closes. */
const LATCH_WINDOW = 20;

/** The default even-port range for RTP. */
export const RTP_PORT_RANGE = { min: 16384, max: 32766 } as const;

/** Binds an RTP/RTCP pair on `address`, trying random even ports in `range`. */
export async function openRtpEndpoint(sockets: SocketFactory, address: string, random: () => number, range: { min: number; max: number } = RTP_PORT_RANGE): Promise<Result<RtpEndpoint>> {
  let rtp: UdpSocket | undefined;
  let rtcp: UdpSocket | undefined;
  let lastError = '';
  for (let attempt = 0; attempt < 20 && !rtcp; attempt++) {
    const port = range.min + 2 * Math.floor(random() * ((range.max - range.min) / 2));
    const a = await sockets.bindUdp({ address, port });
    if (!a.ok) {
      lastError = a.error.message;
      continue;
    }
    const b = await sockets.bindUdp({ address, port: port + 1 });
    if (!b.ok) {
      a.data.close();
      lastError = b.error.message;
      continue;
    }
    rtp = a.data;
    rtcp = b.data;
  }
  if (!rtp || !rtcp) return err('NETWORK_UNREACHABLE', `No free RTP port pair on ${address}: ${lastError}`);
  const rtpSocket = rtp;
  const rtcpSocket = rtcp;
  const counters: EndpointCounters = { rtpIn: 0, rtcpIn: 0, foreignDropped: 0, latched: 0 };
  let remote: RemoteMedia | undefined;
  let seen = 0;
  let rtpListener: ((p: Buffer, f: Endpoint) => void) | undefined;
  let rtcpListener: ((p: Buffer, f: Endpoint) => void) | undefined;
  const same = (a: Endpoint, b: Endpoint): boolean => a.address === b.address && a.port === b.port;

  const accept = (from: Endpoint, expected: Endpoint | undefined, kind: 'rtp' | 'rtcp'): boolean => {
    if (!remote || !expected) return false;
    if (same(from, expected)) return true;
    if (remote.latch && kind === 'rtp' && seen < LATCH_WINDOW) {
      // The peer is behind NAT: its packets come from its mapping, not its SDP address.
      remote = remote.rtcp ? { ...remote, rtp: from, rtcp: { address: from.address, port: from.port + 1 } } : { rtp: from, latch: remote.latch };
      counters.latched += 1;
      return true;
    }
    counters.foreignDropped += 1;
    return false;
  };

  rtpSocket.onMessage((data, from) => {
    if (isRtcp(data)) {
      // rtcp-mux (RFC 5761): RTCP on the RTP port.
      if (!accept(from, remote?.rtp, 'rtcp')) return;
      counters.rtcpIn += 1;
      rtcpListener?.(data, from);
      return;
    }
    if (!accept(from, remote?.rtp, 'rtp')) return;
    seen += 1;
    counters.rtpIn += 1;
    rtpListener?.(data, from);
  });
  rtcpSocket.onMessage((data, from) => {
    if (!accept(from, remote?.rtcp ?? remote?.rtp, 'rtcp')) return;
    counters.rtcpIn += 1;
    rtcpListener?.(data, from);
  });
  rtpSocket.onError(() => undefined);
  rtcpSocket.onError(() => undefined);

  return ok({
    address,
    rtpPort: rtpSocket.local.port,
    rtcpPort: rtcpSocket.local.port,
    counters,
    setRemote(next) {
      if (!remote || !same(remote.rtp, next.rtp)) seen = 0;
      remote = next;
    },
    sendRtp(packet) {
      if (remote) rtpSocket.send(Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength), remote.rtp);
    },
    sendRtcp(packet) {
      if (!remote) return;
      const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
      if (remote.rtcp) rtcpSocket.send(buf, remote.rtcp);
      else rtpSocket.send(buf, remote.rtp);
    },
    onRtp: (l) => {
      rtpListener = l;
    },
    onRtcp: (l) => {
      rtcpListener = l;
    },
    close() {
      rtpSocket.close();
      rtcpSocket.close();
    },
  });
}
