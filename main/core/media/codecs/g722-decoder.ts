/**
 * ITU-T G.722 decoder, mode 1 (64 kbit/s). Hand-written for the reasons given
 * in `g722-encoder.ts`; bit-exact with ffmpeg's `adpcm_g722` decoder on the
 * fixtures of this folder, including random bytes (every codeword).
 *
 * Per byte (`IH << 6 | IL`, RFC 3551 §4.5.2), two 16 kHz output samples:
 * 1. lower band: INVQBL (the full 6-bit codeword's level) + the prediction,
 *    limited to 15 bits, is the output rL; the predictor adapts on the 4-bit
 *    truncated codeword (INVQAL, LOGSCL, SCALEL, block 4), as in the encoder;
 * 2. higher band: INVQAH + the prediction, limited, is rH; then LOGSCH,
 *    SCALEH, block 4;
 * 3. receive QMF: rL and rH merged into two samples.
 *
 * State is carried from one `decode` call to the next. No concealment of its
 * own (G.722 Appendices III/IV are not implemented): the jitter buffer's
 * generic concealment covers lost packets.
 */
import type { AudioDecoder, CodecDescriptor } from './codec';
import { G722 } from './codec-descriptors';
import * as fixedPoint from './fixed-point';
import { HIGHER_BAND, LOWER_BAND, SubBand } from './g722-band';
import { QmfSynthesis } from './g722-qmf';
import * as tables from './g722-tables';

// Module-local copies for the per-byte loop (see g722-band.ts).
const { clamp } = fixedPoint;
const QM6 = Int32Array.from(tables.QM6);
const QM4 = Int32Array.from(tables.QM4);
const QM2 = Int32Array.from(tables.QM2);
/** LOGSCL multiplier of each 4-bit lower-band codeword: WL[RL42[ILR]]. */
const LOW_LOG_STEP = Int32Array.from(tables.RL42, (magnitude) => tables.WL[magnitude] ?? 0);
/** LOGSCH multiplier of each higher-band codeword: WH[RH2[IH]]. */
const HIGH_LOG_STEP = Int32Array.from(tables.RH2, (magnitude) => tables.WH[magnitude] ?? 0);

/** A streaming G.722 64 kbit/s decoder: one byte in, two 16 kHz samples out. */
export class G722Decoder implements AudioDecoder {
  readonly descriptor: CodecDescriptor = G722;
  readonly sampleRate = 16000;
  readonly #qmf = new QmfSynthesis();
  readonly #low = new SubBand(LOWER_BAND);
  readonly #high = new SubBand(HIGHER_BAND);

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length * 2);
    const qmf = this.#qmf;
    const low = this.#low;
    const high = this.#high;
    for (let j = 0; j < payload.length; j++) {
      const code = payload[j] ?? 0;
      const il = code & 0x3f;
      const ih = code >> 6;

      // Lower band: INVQBL, RECONS, LIMIT for the output; INVQAL, LOGSCL, SCALEL, block 4L.
      const rl = clamp(low.s + ((low.det * (QM6[il] ?? 0)) >> 15), -16384, 16383);
      const ilr = il >> 2;
      const dlt = (low.det * (QM4[ilr] ?? 0)) >> 15;
      low.adaptScale(LOW_LOG_STEP[ilr] ?? 0);
      low.adaptPredictor(dlt);

      // Higher band: INVQAH, RECONS, LIMIT; LOGSCH, SCALEH, block 4H.
      const dh = (high.det * (QM2[ih] ?? 0)) >> 15;
      const rh = clamp(high.s + dh, -16384, 16383);
      high.adaptScale(HIGH_LOG_STEP[ih] ?? 0);
      high.adaptPredictor(dh);

      qmf.merge(rl, rh);
      out[2 * j] = qmf.first;
      out[2 * j + 1] = qmf.second;
    }
    return out;
  }

  reset(): void {
    this.#qmf.reset();
    this.#low.reset();
    this.#high.reset();
  }
}
