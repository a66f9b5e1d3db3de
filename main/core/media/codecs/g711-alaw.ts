/**
 * G.711 A-law (PCMA) sample conversion by lookup tables, bit-exact with the
 * ITU-T G.191 reference (`alaw_compress`/`alaw_expand` of the STL).
 *
 * Encoding: the reference takes the 12 most significant bits of the sample
 * (the one's complement for negatives), finds the segment (the position of the
 * leading one above the 4 mantissa bits), keeps 4 mantissa bits, sets the sign
 * bit for non-negative samples and toggles the even bits (XOR 0x55). It
 * depends on `x >> 4` only, so the table has 4 096 entries, built once at load
 * time by that segment computation.
 *
 * Decoding: a 256-entry table of the reconstruction levels (the middle of each
 * quantisation interval: ±8 at the smallest, ±32 256 at the largest; A-law has
 * no zero level).
 *
 * Not ffmpeg's rounding: ffmpeg's `pcm_alaw` puts its decision thresholds at
 * the rounded midpoints between levels on a 14-bit grid, which differs from
 * G.191 for 964 of the 65 536 inputs (always by one step, at the edges).
 */

/** Decoded value of every A-law code, indexed by the code. */
const ALAW_TO_LINEAR = new Int16Array(256);
/** A-law code of every 12-bit input, indexed by `(x >> 4) & 0xfff`. */
const LINEAR12_TO_ALAW = new Uint8Array(1 << 12);

/** The G.191 compression of one 11-bit magnitude word (already complemented for negatives). */
function compressMagnitude(magnitude11: number, negative: boolean): number {
  let code = magnitude11;
  if (code > 15) {
    // Segment 1..7: shift the mantissa down until its leading one is bit 4, then drop that one.
    let segment = 1;
    while (code > 31) {
      code >>= 1;
      segment++;
    }
    code = (code - 16) | (segment << 4);
  }
  return (negative ? code : code | 0x80) ^ 0x55;
}

for (let code = 0; code < 256; code++) {
  const toggled = (code ^ 0x55) & 0x7f;
  const segment = toggled >> 4;
  const mantissa = (toggled & 0x0f) | (segment > 0 ? 0x10 : 0);
  let magnitude = (mantissa << 4) + 8;
  if (segment > 1) magnitude <<= segment - 1;
  ALAW_TO_LINEAR[code] = code >= 0x80 ? magnitude : -magnitude;
}
for (let index = 0; index < 1 << 12; index++) {
  const x12 = index >= 1 << 11 ? index - (1 << 12) : index; // sign-extend
  LINEAR12_TO_ALAW[index] = x12 < 0 ? compressMagnitude(~x12, true) : compressMagnitude(x12, false);
}

/** Encodes one 16-bit sample (any integer in -32768..32767) to an A-law byte. */
export function linearToAlaw(sample: number): number {
  return LINEAR12_TO_ALAW[(sample >> 4) & 0xfff] ?? 0;
}

/** Decodes one A-law byte (0..255) to a 16-bit sample. */
export function alawToLinear(code: number): number {
  return ALAW_TO_LINEAR[code & 0xff] ?? 0;
}

/** Encodes PCM samples to A-law bytes, one per sample. */
export function encodeAlaw(pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  for (let i = 0; i < pcm.length; i++) out[i] = LINEAR12_TO_ALAW[((pcm[i] ?? 0) >> 4) & 0xfff] ?? 0;
  return out;
}

/** Decodes A-law bytes to PCM samples, one per byte. */
export function decodeAlaw(bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  for (let i = 0; i < bytes.length; i++) out[i] = ALAW_TO_LINEAR[bytes[i] ?? 0] ?? 0;
  return out;
}
