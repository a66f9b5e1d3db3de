/**
 * AES in Segmented Integer Counter mode (AES-CM, RFC 3711 §4.1.1), the
 * cipher of both SDES suites and of the key derivation PRF (§4.3.3).
 *
 * AES-CM is counter mode whose 128-bit counter block is the IV plus the
 * block number, which is exactly OpenSSL's `aes-128-ctr` (it increments the
 * whole block, big-endian). The low 16 bits of every SRTP IV are zero and a
 * packet is far shorter than 2^16 blocks, so no carry ever leaves those
 * 16 bits, as the RFC requires. OpenSSL does the AES (constant time,
 * AES-NI); this module only builds IVs.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv } from 'node:crypto';

/**
 * XORs `data` with the AES-CM keystream of `key` starting at counter block
 * `iv` (16 bytes), into a new Buffer of the same length. Encrypts and
 * decrypts alike.
 */
export function aesCmXor(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  if (data.length === 0) return Buffer.alloc(0);
  return createCipheriv('aes-128-ctr', key, iv).update(data);
}

/** The first `length` bytes of the AES-CM keystream of `key` at `iv` (the XOR of zeros). */
export function aesCmKeystream(key: Uint8Array, iv: Uint8Array, length: number): Buffer {
  return aesCmXor(key, iv, Buffer.alloc(length));
}

/**
 * The counter block of one packet (RFC 3711 §4.1.1):
 * `IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16)`, where `i` is the
 * 48-bit packet index `ROC ‖ SEQ` (for SRTCP, the 31-bit SRTCP index split
 * the same way: `high = index >>> 16`, `low = index & 0xffff`).
 *
 * Byte layout (big-endian, 16 bytes): salt in bytes 0-13, SSRC XORed into
 * bytes 4-7, `high` into 8-11, `low` into 12-13; bytes 14-15 stay zero.
 */
export function packetIv(sessionSalt: Uint8Array, ssrc: number, high: number, low: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.set(sessionSalt.subarray(0, 14));
  iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
  iv.writeUInt32BE((iv.readUInt32BE(8) ^ high) >>> 0, 8);
  iv.writeUInt16BE((iv.readUInt16BE(12) ^ low) & 0xffff, 12);
  return iv;
}
