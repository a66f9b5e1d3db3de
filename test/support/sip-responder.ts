/**
 * A tiny stateless SIP responder on 127.0.0.1 for tests: answers every request
 * with one fixed status, copying Via, From, To (adding a tag), Call-ID and
 * CSeq as RFC 3261 §8.2.6 asks, so a real UA matches the response.
 */
import { createSocket } from 'node:dgram';

/** A running responder. */
export interface SipResponder {
  readonly port: number;
  /** The start lines of the requests it received. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** One scripted answer: the status line and extra headers; `contactExpires` echoes the request's Contact with that expiry. */
export interface ScriptedAnswer {
  readonly status: string;
  readonly headers?: readonly string[];
  readonly contactExpires?: number;
}

/**
 * Starts a responder. With a string, every request gets that status (e.g.
 * `503 Service Unavailable`) plus `extraHeaders`; with a list, the n-th request
 * gets the n-th answer (the last one repeats).
 */
export async function startSipResponder(status: string | readonly ScriptedAnswer[], extraHeaders: readonly string[] = []): Promise<SipResponder> {
  const script: readonly ScriptedAnswer[] = typeof status === 'string' ? [{ status, headers: extraHeaders }] : status;
  const socket = createSocket('udp4');
  const requests: string[] = [];
  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    if (text.startsWith('SIP/2.0') || !text.includes('\r\n\r\n')) return;
    const lines = text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
    requests.push(lines[0] ?? '');
    if ((lines[0] ?? '').startsWith('ACK ')) return;
    const answer = script[Math.min(requests.length - 1, script.length - 1)] ?? { status: '500 No Script' };
    const copy = lines.filter((l) => /^(via|v|from|f|call-id|i|cseq)\s*:/i.test(l));
    const to = lines.find((l) => /^(to|t)\s*:/i.test(l));
    const contact = lines.find((l) => /^(contact|m)\s*:/i.test(l))?.replace(/;\s*expires=\d+/i, '');
    const contactLine = answer.contactExpires !== undefined && contact ? [`${contact};expires=${answer.contactExpires}`] : [];
    const reply = [`SIP/2.0 ${answer.status}`, ...copy, to && !/;\s*tag=/i.test(to) ? `${to};tag=responder` : (to ?? ''), ...contactLine, ...(answer.headers ?? []), 'Content-Length: 0', '', ''].join('\r\n');
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, requests, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
