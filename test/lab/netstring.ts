/**
 * Netstring framing (`<len>:<bytes>,`), as spoken by baresip's `ctrl_tcp`.
 *
 * Lengths count bytes, not characters, so frames are handled as Buffers.
 *
 * @module
 */

/** Frame one payload as a netstring. */
export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

/**
 * Incremental netstring decoder: feed it socket chunks with `push()`, get
 * back every complete payload. Throws on malformed framing (the stream is
 * then unusable) and refuses frames above `maxFrame` bytes.
 */
export class NetstringDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrame = 1024 * 1024) {}

  /** Append bytes; return the payloads of all frames completed by them. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: string[] = [];
    for (;;) {
      const colon = this.pending.indexOf(0x3a); // ':'
      if (colon < 0) {
        if (this.pending.length > 10) throw new Error('netstring: length prefix too long');
        return out;
      }
      const lenText = this.pending.subarray(0, colon).toString('ascii');
      if (!/^\d{1,9}$/.test(lenText)) throw new Error(`netstring: bad length ${JSON.stringify(lenText)}`);
      const len = Number(lenText);
      if (len > this.maxFrame) throw new Error(`netstring: frame of ${len} bytes exceeds ${this.maxFrame}`);
      const end = colon + 1 + len;
      if (this.pending.length < end + 1) return out;
      if (this.pending[end] !== 0x2c) throw new Error('netstring: missing trailing comma');
      out.push(this.pending.subarray(colon + 1, end).toString('utf8'));
      this.pending = this.pending.subarray(end + 1);
    }
  }
}
