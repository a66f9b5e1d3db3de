/**
 * A minimal STUN (RFC 5389) Binding codec: the request the doctor sends and
 * the parts of the response it reads (XOR-MAPPED-ADDRESS, MAPPED-ADDRESS,
 * ERROR-CODE). Pure functions over bytes, tested on the RFC 5769 vectors.
 *
 * Hand-written on purpose: it is about a hundred lines, and the npm STUN
 * packages either own their sockets (we must send through the SocketFactory
 * port, on the address SIP uses) or are unmaintained.
 */
import type { Endpoint } from '../ports/network';

/** The fixed value in every STUN header (RFC 5389 §6). */
export const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const BINDING_ERROR = 0x0111;
const ATTR_MAPPED_ADDRESS = 0x0001;
const ATTR_ERROR_CODE = 0x0009;
const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
const HEADER_BYTES = 20;

/** A decoded Binding response. */
export type BindingResponse =
  | { readonly kind: 'success'; readonly mapped: Endpoint; readonly xor: boolean }
  | { readonly kind: 'error'; readonly code: number; readonly reason: string };

/** A Binding request with no attributes and the given 12-byte transaction id. */
export function encodeBindingRequest(transactionId: Uint8Array): Buffer {
  if (transactionId.length !== 12) throw new RangeError('a STUN transaction id has 12 bytes');
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt16BE(BINDING_REQUEST, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  Buffer.from(transactionId).copy(out, 8);
  return out;
}

/** True when `data` looks like a STUN message (first two bits zero, the magic cookie, a 4-aligned length that fits). */
export function isStunMessage(data: Uint8Array): boolean {
  if (data.length < HEADER_BYTES) return false;
  const b = Buffer.from(data.buffer, data.byteOffset, data.length);
  const length = b.readUInt16BE(2);
  return (b[0] ?? 0xff) >> 6 === 0 && b.readUInt32BE(4) === MAGIC_COOKIE && length % 4 === 0 && HEADER_BYTES + length <= b.length;
}

function readAddress(value: Buffer, xorWith: Buffer | undefined): Endpoint | undefined {
  if (value.length < 8) return undefined;
  const family = value[1];
  let port = value.readUInt16BE(2);
  if (xorWith) port ^= MAGIC_COOKIE >>> 16;
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (size === 0 || value.length < 4 + size) return undefined;
  const raw = Buffer.from(value.subarray(4, 4 + size));
  if (xorWith) for (let i = 0; i < size; i += 1) raw[i] = (raw[i] ?? 0) ^ (xorWith[i] ?? 0);
  if (size === 4) return { address: [...raw].join('.'), port };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(raw.readUInt16BE(i).toString(16));
  // The URL parser writes IPv6 in its canonical short form.
  return { address: new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1), port };
}

/**
 * Decodes a Binding response to the request with `transactionId`. Returns
 * undefined for anything else (another transaction, not STUN, truncated),
 * which the caller ignores as it would a stray datagram.
 */
export function decodeBindingResponse(data: Uint8Array, transactionId: Uint8Array): BindingResponse | undefined {
  if (!isStunMessage(data)) return undefined;
  const b = Buffer.from(data.buffer, data.byteOffset, data.length);
  const type = b.readUInt16BE(0);
  if (type !== BINDING_SUCCESS && type !== BINDING_ERROR) return undefined;
  if (!b.subarray(8, 20).equals(Buffer.from(transactionId))) return undefined;
  const end = HEADER_BYTES + b.readUInt16BE(2);
  const xorKey = b.subarray(4, 20);
  let mapped: Endpoint | undefined;
  let xorMapped: Endpoint | undefined;
  let error: { code: number; reason: string } | undefined;
  for (let at = HEADER_BYTES; at + 4 <= end; ) {
    const attrType = b.readUInt16BE(at);
    const length = b.readUInt16BE(at + 2);
    const value = b.subarray(at + 4, at + 4 + length);
    if (at + 4 + length > end) return undefined;
    if (attrType === ATTR_XOR_MAPPED_ADDRESS) xorMapped = readAddress(value, xorKey);
    else if (attrType === ATTR_MAPPED_ADDRESS) mapped = readAddress(value, undefined);
    else if (attrType === ATTR_ERROR_CODE && value.length >= 4) {
      error = { code: ((value[2] ?? 0) & 0x07) * 100 + (value[3] ?? 0), reason: value.subarray(4).toString('utf8') };
    }
    at += 4 + Math.ceil(length / 4) * 4;
  }
  if (type === BINDING_ERROR) return { kind: 'error', code: error?.code ?? 0, reason: error?.reason ?? '' };
  if (xorMapped) return { kind: 'success', mapped: xorMapped, xor: true };
  if (mapped) return { kind: 'success', mapped, xor: false };
  return undefined;
}
