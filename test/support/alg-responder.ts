/**
 * A UDP SIP server on 127.0.0.1 that answers every request with 200 and
 * echoes what it received the way the connection doctor compares it: the
 * Via (with received/rport), the Contact and the SDP body. With `rewrite`, it
 * behaves like a SIP ALG in a router: the echoed Via sent-by, Contact host and
 * SDP address become a "public" address, as if rewritten on the way. With
 * `date`, it adds that Date header (for the clock-skew check).
 */
import { createSocket } from 'node:dgram';

/** A running responder. */
export interface AlgResponder {
  readonly port: number;
  /** The raw requests it received. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** The address the fake ALG writes. */
export const ALG_PUBLIC_ADDRESS = '203.0.113.7';

/** Starts the responder. */
export async function startAlgResponder(options: { rewrite: boolean; date?: string }): Promise<AlgResponder> {
  const socket = createSocket('udp4');
  const requests: string[] = [];
  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    if (text.startsWith('SIP/2.0') || !text.includes('\r\n\r\n')) return;
    requests.push(text);
    const split = text.indexOf('\r\n\r\n');
    const lines = text.slice(0, split).split('\r\n');
    let body = text.slice(split + 4);
    const alg = (s: string): string => (options.rewrite ? s.replace(/127\.0\.0\.1:\d+/g, `${ALG_PUBLIC_ADDRESS}:5060`) : s);
    const via = lines.filter((l) => /^(via|v)\s*:/i.test(l)).map((l, i) => (i === 0 ? `${alg(l).replace(/;rport(?=;|$)/, `;rport=${from.port}`)};received=${from.address}` : l));
    const copy = lines.filter((l) => /^(from|f|to|t|call-id|i|cseq)\s*:/i.test(l));
    const contact = lines.filter((l) => /^(contact|m)\s*:/i.test(l)).map(alg);
    if (options.rewrite) body = body.replace(/^c=IN IP4 \S+/m, `c=IN IP4 ${ALG_PUBLIC_ADDRESS}`);
    const headers = ['SIP/2.0 200 OK', ...via, ...copy, ...contact, ...(options.date ? [`Date: ${options.date}`] : []), ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`];
    socket.send(`${headers.join('\r\n')}\r\n\r\n${body}`, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, requests, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
