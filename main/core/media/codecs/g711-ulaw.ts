/**
 * G.711 µ-law (PCMU) sample conversion by lookup tables, bit-exact with the
 * ITU-T G.191 reference (`ulaw_compress`/`ulaw_expand` of the STL).
 *
 * Encoding: the reference takes the 14 most significant bits of the sample
 * (the one's complement for negatives, so -1 encodes like 0), adds the bias
 * 33, finds the segment (position of the leading one) and keeps 4 mantissa
 * bits, all inverted. It depends on `x >> 2` only, so the table has 16 384
 * entries (16 KiB), built once at load time by that segment computation.
 *
 * Decoding: a 256-entry table of the reconstruction levels (the middle of each
 * quantisation interval, ±32 124 at most; 0x7F and 0xFF both decode to 0).
 *
 * Not ffmpeg's rounding: ffmpeg's `pcm_mulaw` puts its decision thresholds at
 * the rounded midpoints between levels on a 14-bit grid, which differs from
 * G.191 for 964 of the 65 536 inputs (always by one step, at the edges).
 */

/** Decoded value of every µ-law code, indexed by the code. */
const ULAW_TO_LINEAR = new Int16Array(256);
/** µ-law code of every 14-bit input, indexed by `(x >> 2) & 0x3fff`. */
const LINEAR14_TO_ULAW = new Uint8Array(1 << 14);

/** The G.191 compression of one 14-bit magnitude word (already complemented for negatives). */
function compressMagnitude(magnitude14: number, negative: boolean): number {
  const biased = Math.min(magnitude14 + 33, 0x1fff);
  // Segment 1..8: one more than the number of bits above the 6 low ones.
  let segment = 1;
  for (let rest = biased >> 6; rest !== 0; rest >>= 1) segment++;
  const mantissa = 0x0f - ((biased >> segment) & 0x0f);
  const code = ((8 - segment) << 4) | mantissa;
  return negative ? code : code | 0x80;
}

for (let code = 0; code < 256; code++) {
  const inverted = ~code & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
  ULAW_TO_LINEAR[code] = code < 0x80 ? -magnitude : magnitude;
}
for (let index = 0; index < 1 << 14; index++) {
  const x14 = index >= 1 << 13 ? index - (1 << 14) : index; // sign-extend
  LINEAR14_TO_ULAW[index] = x14 < 0 ? compressMagnitude(~x14, true) : compressMagnitude(x14, false);
}

/** Encodes one 16-bit sample (any integer in -32768..32767) to a µ-law byte. */
export function linearToUlaw(sample: number): number {
  return LINEAR14_TO_ULAW[(sample >> 2) & 0x3fff] ?? 0;
}

/** Decodes one µ-law byte (0..255) to a 16-bit sample. */
export function ulawToLinear(code: number): number {
  return ULAW_TO_LINEAR[code & 0xff] ?? 0;
}

/** Encodes PCM samples to µ-law bytes, one per sample. */
export function encodeUlaw(pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  for (let i = 0; i < pcm.length; i++) out[i] = LINEAR14_TO_ULAW[((pcm[i] ?? 0) >> 2) & 0x3fff] ?? 0;
  return out;
}

/** Decodes µ-law bytes to PCM samples, one per byte. */
export function decodeUlaw(bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  for (let i = 0; i < bytes.length; i++) out[i] = ULAW_TO_LINEAR[bytes[i] ?? 0] ?? 0;
  return out;
}
