/**
 * Stand-ins for SIP servers behind DNS names, for the failover test: UDP
 * sockets on 127.0.0.1 that answer every datagram with a fixed status line,
 * or never answer. They speak just enough SIP to be told apart.
 */
import { createSocket } from 'node:dgram';
import type { Endpoint } from '../../main/core/ports/network';

/** A fake server: where it listens, how many datagrams it got, and `close`. */
export interface SipPeer {
  readonly port: number;
  readonly received: string[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that replies `SIP/2.0 <status>` to every datagram, or stays silent when `status` is undefined. */
export async function startSipPeer(status: string | undefined): Promise<SipPeer> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (msg, from) => {
    received.push(msg.toString('utf8'));
    if (status !== undefined) socket.send(`SIP/2.0 ${status}\r\nContent-Length: 0\r\n\r\n`, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, received, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/** Sends `text` to `to` from a fresh socket and returns the first reply (with its source), or 'timeout' after `waitMs`. */
export async function sendAndWait(to: Endpoint, text: string, waitMs: number): Promise<{ text: string; from: Endpoint } | 'timeout'> {
  const socket = createSocket(to.address.includes(':') ? 'udp6' : 'udp4');
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), waitMs);
      socket.once('message', (msg, from) => {
        clearTimeout(timer);
        resolve({ text: msg.toString('utf8'), from: { address: from.address, port: from.port } });
      });
      socket.send(text, to.port, to.address);
    });
  } finally {
    socket.close();
  }
}
