/**
 * The per-packet AES-CM of one session key (RFC 3711 §4.1.1), built for the
 * media path: one OpenSSL AES-128-ECB context per session key, reused for
 * every packet, instead of a new `aes-128-ctr` cipher per packet.
 *
 * Why hand-written: `node:crypto` cannot re-key a CTR cipher with a new IV,
 * and creating a cipher per packet (key schedule, OpenSSL context, a JS
 * object) was a measured share of a call's CPU (BENCHMARKS.md, CPU per call).
 * Counter mode is `keystream_j = AES_k(IV + j)`, so we lay out the counter
 * blocks of a packet in a reused buffer, encrypt them all with one
 * `update()` of the ECB context (ECB keeps no state between blocks, and the
 * input is always whole blocks, so `update` returns exactly as many bytes),
 * and XOR. The low 16 bits of every SRTP IV are zero and a datagram is far
 * shorter than 2^16 blocks, so block `j` only sets those 16 bits and no carry
 * can leave them (as RFC 3711 requires). `aes-cm.ts`'s per-call CTR function
 * stays for key derivation and as the reference in the tests.
 */
import { Buffer } from 'node:buffer';
import { type Cipher, createCipheriv } from 'node:crypto';

/** Most blocks one call to {@link PacketCipher.xor} can cover (16 bits of counter). */
const MAX_BLOCKS = 0x10000;

/** AES-CM for the packets of one session key (encryption key + session salt). */
export class PacketCipher {
  readonly #ecb: Cipher;
  readonly #salt: Buffer;
  #counters: Buffer = Buffer.alloc(16 * 64);

  constructor(encryptionKey: Uint8Array, sessionSalt: Uint8Array) {
    this.#ecb = createCipheriv('aes-128-ecb', encryptionKey, null);
    this.#ecb.setAutoPadding(false);
    this.#salt = Buffer.from(sessionSalt.subarray(0, 14));
  }

  /**
   * Writes `src[srcStart, srcEnd)` XOR the keystream of the packet
   * (`IV = salt ⊕ SSRC·2^64 ⊕ high·2^32 ⊕ low·2^16`, see `packetIv`) into
   * `dst` at `dstOffset`. `src` and `dst` may be the same buffer at the same
   * offset. For SRTP `high` is the ROC and `low` the SEQ; for SRTCP the
   * 31-bit index split as `index >>> 16`, `index & 0xffff`.
   */
  xor(ssrc: number, high: number, low: number, src: Uint8Array, srcStart: number, srcEnd: number, dst: Uint8Array, dstOffset: number): void {
    const length = srcEnd - srcStart;
    if (length <= 0) return;
    const blocks = (length + 15) >>> 4;
    if (blocks > MAX_BLOCKS) throw new RangeError(`AES-CM segment of ${length} bytes exceeds 2^16 blocks`);
    if (this.#counters.length < blocks * 16) this.#counters = Buffer.alloc(blocks * 16 * 2);
    const counters = this.#counters;
    const salt = this.#salt;
    // Block 0: the IV of the packet.
    counters.set(salt, 0);
    counters[4] = (salt[4] ?? 0) ^ (ssrc >>> 24);
    counters[5] = (salt[5] ?? 0) ^ ((ssrc >>> 16) & 0xff);
    counters[6] = (salt[6] ?? 0) ^ ((ssrc >>> 8) & 0xff);
    counters[7] = (salt[7] ?? 0) ^ (ssrc & 0xff);
    counters[8] = (salt[8] ?? 0) ^ (high >>> 24);
    counters[9] = (salt[9] ?? 0) ^ ((high >>> 16) & 0xff);
    counters[10] = (salt[10] ?? 0) ^ ((high >>> 8) & 0xff);
    counters[11] = (salt[11] ?? 0) ^ (high & 0xff);
    counters[12] = (salt[12] ?? 0) ^ ((low >>> 8) & 0xff);
    counters[13] = (salt[13] ?? 0) ^ (low & 0xff);
    counters[14] = 0;
    counters[15] = 0;
    // Blocks 1..n-1: the same IV with the block number in the low 16 bits.
    for (let j = 1; j < blocks; j++) {
      const o = j << 4;
      counters.copyWithin(o, 0, 14);
      counters[o + 14] = j >>> 8;
      counters[o + 15] = j & 0xff;
    }
    const keystream = this.#ecb.update(counters.subarray(0, blocks << 4));
    for (let i = 0; i < length; i++) dst[dstOffset + i] = (src[srcStart + i] as number) ^ (keystream[i] as number);
  }
}
