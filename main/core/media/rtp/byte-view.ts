/**
 * A DataView over exactly the bytes of a Uint8Array. Node Buffers are often
 * slices of a shared pool, so `new DataView(buf.buffer)` would read the wrong
 * bytes; every codec in rtp/, rtcp/ and dtmf/ goes through this.
 */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}
