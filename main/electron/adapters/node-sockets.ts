/**
 * The real SocketFactory over node:dgram, node:net and node:tls. TLS is always
 * verified (TLS 1.2 minimum, SNI, system CAs plus an optional extra CA), and
 * certificate failures are reported by their exact OpenSSL name.
 */
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { err, ok, type Result } from '../../common/result';
import type { Endpoint, SocketFactory, StreamSocket, UdpSocket } from '../../core/ports/network';
import { describeSocketError } from './socket-errors';

function wrapUdp(socket: DgramSocket): UdpSocket {
  const a = socket.address();
  return {
    local: { address: a.address, port: a.port },
    send: (data, to) => socket.send(data, to.port, to.address),
    onMessage: (listener) => socket.on('message', (msg, rinfo) => listener(msg, { address: rinfo.address, port: rinfo.port })),
    onError: (listener) => socket.on('error', listener),
    close: () => {
      try {
        socket.close();
      } catch {
        // already closed
      }
    },
  };
}

function wrapStream(socket: Socket): StreamSocket {
  let closeError: Error | undefined;
  socket.on('error', (e) => {
    closeError = e;
  });
  return {
    local: { address: socket.localAddress ?? '', port: socket.localPort ?? 0 },
    remote: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    onData: (listener) => socket.on('data', listener),
    onClose: (listener) => socket.once('close', () => listener(closeError)),
    end: () => {
      socket.end();
      socket.destroySoon();
    },
  };
}

function connectWith(open: () => Socket, readyEvent: 'connect' | 'secureConnect', to: Endpoint, timeoutMs: number, what: string): Promise<Result<StreamSocket>> {
  return new Promise((resolve) => {
    const socket = open();
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(err('SIP_TIMEOUT', `${what} to ${to.address}:${to.port} did not connect within ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(ok(wrapStream(socket)));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(err(...describeSocketError(e, `${what} to ${to.address}:${to.port}`)));
    });
  });
}

/**
 * The name lookup of our UDP sockets. Every `dgram` send to an address goes
 * through the socket's lookup first, and `dns.lookup` answers even an IP
 * literal on the next tick (a `process.nextTick`, async-hook scope and
 * callback per datagram). Our ports always pass IP literals, so answer those
 * at once; anything else still goes to `dns.lookup`. This is the RTP send
 * path (50 packets a second per call), so the saving is per packet.
 */
function udpLookup(hostname: string, options: number | LookupOneOptions, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = isIP(hostname);
  if (family !== 0) {
    callback(null, hostname, family);
    return;
  }
  dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}

/** Creates the Node socket factory. */
export function createNodeSocketFactory(): SocketFactory {
  return {
    bindUdp(local) {
      return new Promise((resolve) => {
        const socket = createSocket({ type: isIPv6(local.address) ? 'udp6' : 'udp4', reuseAddr: false, lookup: udpLookup });
        socket.once('error', (e) => resolve(err(...describeSocketError(e, `Binding UDP ${local.address}:${local.port}`))));
        socket.bind(local.port, local.address, () => {
          socket.removeAllListeners('error');
          resolve(ok(wrapUdp(socket)));
        });
      });
    },
    connectTcp: (to, timeoutMs) => connectWith(() => netConnect({ host: to.address, port: to.port }), 'connect', to, timeoutMs, 'TCP connection'),
    connectTls: (to, tls, timeoutMs) =>
      connectWith(
        () =>
          tlsConnect({
            host: to.address,
            port: to.port,
            servername: isIPLiteral(tls.servername) ? undefined : tls.servername,
            ca: tls.ca ? [...rootCertificates, tls.ca] : undefined,
            minVersion: 'TLSv1.2',
            rejectUnauthorized: true,
          }),
        'secureConnect',
        to,
        timeoutMs,
        'TLS connection',
      ),
    localAddressFor(to) {
      return new Promise((resolve) => {
        const socket = createSocket(isIPv6(to.address) ? 'udp6' : 'udp4');
        socket.once('error', (e) => {
          socket.close();
          resolve(err(...describeSocketError(e, `Finding a route to ${to.address}`)));
        });
        socket.connect(to.port, to.address, () => {
          const address = socket.address().address;
          socket.close();
          resolve(ok(address));
        });
      });
    },
  };
}

function isIPLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
