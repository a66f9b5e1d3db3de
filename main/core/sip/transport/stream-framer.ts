/**
 * Splits a TCP/TLS byte stream into SIP messages by the byte Content-Length
 * that RFC 3261 §18.3 makes mandatory on streams, and recognises the RFC 5626
 * keep-alives (CRLFCRLF ping, CRLF pong) between messages.
 *
 * Hand-written: framing is ~60 lines and must count bytes, not characters
 * (a UTF-8 body would otherwise be cut wrong), which no small package does.
 */

/** What the framer found in the stream. */
export type FramerOutput = { readonly kind: 'message'; readonly text: string } | { readonly kind: 'ping' } | { readonly kind: 'pong' };

/** Largest header section accepted before the stream is declared broken. */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Largest body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Feeds stream bytes and returns whole messages; throws only through the `error` result. */
export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** Appends `chunk`; returns the complete items, or an error that means the stream must be closed. */
  push(chunk: Buffer): { items: FramerOutput[]; error?: string } {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: FramerOutput[] = [];
    for (;;) {
      // Keep-alives: CRLFCRLF is a ping, a lone CRLF a pong (RFC 5626 §3.5.1).
      if (this.buffer.length >= 4 && this.buffer.subarray(0, 4).equals(CRLFCRLF)) {
        items.push({ kind: 'ping' });
        this.buffer = this.buffer.subarray(4);
        continue;
      }
      if (this.buffer.length >= 2 && this.buffer[0] === 13 && this.buffer[1] === 10) {
        if (this.buffer.length < 4 && (this.buffer.length === 2 || this.buffer[2] === 13)) break; // maybe the start of a ping
        items.push({ kind: 'pong' });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const headEnd = this.buffer.indexOf(CRLFCRLF);
      if (headEnd < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) return { items, error: `SIP header section larger than ${MAX_HEADER_BYTES} bytes` };
        break;
      }
      const head = this.buffer.subarray(0, headEnd).toString('utf8');
      const m = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(head);
      if (!m) return { items, error: 'SIP message on a stream without Content-Length' };
      const bodyBytes = Number(m[1]);
      if (bodyBytes > MAX_BODY_BYTES) return { items, error: `SIP body of ${bodyBytes} bytes is over the ${MAX_BODY_BYTES}-byte limit` };
      const total = headEnd + 4 + bodyBytes;
      if (this.buffer.length < total) break;
      items.push({ kind: 'message', text: this.buffer.subarray(0, total).toString('utf8') });
      this.buffer = this.buffer.subarray(total);
    }
    return { items };
  }
}
