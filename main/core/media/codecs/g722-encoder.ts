/**
 * ITU-T G.722 encoder, mode 1 (64 kbit/s): sub-band ADPCM of 16 kHz speech.
 *
 * Why hand-written: there is no maintained G.722 package on npm (the notes
 * list the alternatives: port a C library such as spandsp or sippy/libg722 to
 * TypeScript, or ship it as WASM/N-API). This is written from the
 * specification's block structure, not translated from one of those, and is
 * checked bit for bit against ffmpeg's `adpcm_g722` (whose decoder is
 * documented as passing the ITU test vectors) on the fixtures of this folder.
 *
 * Per pair of input samples (one output byte):
 * 1. transmit QMF: split into a lower (0-4 kHz) and a higher (4-8 kHz) band;
 * 2. lower band: SUBTRA (error against the prediction), QUANTL (6-bit
 *    codeword over 30 intervals scaled by DETL), INVQAL (the 4-bit truncated
 *    codeword's difference, all the predictor ever sees), LOGSCL/SCALEL, then
 *    the block 4 predictor;
 * 3. higher band: the same with a 2-bit quantiser (QUANTH, INVQAH, LOGSCH,
 *    SCALEH, block 4);
 * 4. the byte is `IH << 6 | IL`: the 2 higher-band bits in the most
 *    significant bits, then the 6 lower-band bits. That is G.722's own octet
 *    format, which RTP carries as is, one octet per two samples (RFC 3551
 *    §4.5.2, whose RTP clock is 8000 Hz for historical reasons), and the one
 *    ffmpeg's raw `.g722` files use.
 *
 * State is carried from one `encode` call to the next, so encoding 20 ms at a
 * time gives the same bytes as encoding the whole signal at once.
 */
import type { AudioEncoder, CodecDescriptor } from './codec';
import { G722 } from './codec-descriptors';
import * as fixedPoint from './fixed-point';
import { HIGHER_BAND, LOWER_BAND, SubBand } from './g722-band';
import { QmfAnalysis } from './g722-qmf';
import * as tables from './g722-tables';

// Module-local copies for the per-sample loop (see g722-band.ts).
const { saturate16 } = fixedPoint;
const { Q2 } = tables;
const Q6 = Int32Array.from(tables.Q6);
const ILN = Int32Array.from(tables.ILN);
const ILP = Int32Array.from(tables.ILP);
const IHN = Int32Array.from(tables.IHN);
const IHP = Int32Array.from(tables.IHP);
const QM4 = Int32Array.from(tables.QM4);
const QM2 = Int32Array.from(tables.QM2);
/** LOGSCL multiplier of each 4-bit lower-band codeword: WL[RL42[ILR]]. */
const LOW_LOG_STEP = Int32Array.from(tables.RL42, (magnitude) => tables.WL[magnitude] ?? 0);
/** LOGSCH multiplier of each higher-band codeword: WH[RH2[IH]]. */
const HIGH_LOG_STEP = Int32Array.from(tables.RH2, (magnitude) => tables.WH[magnitude] ?? 0);

/** Intervals of the 6-bit lower-band quantiser. */
const LOW_INTERVALS = 30;

/** QUANTL: the 6-bit codeword of the lower-band error `el` for scale factor `det`. */
function quantizeLow(el: number, det: number): number {
  const magnitude = el >= 0 ? el : -(el + 1);
  let m = 1;
  while (m < LOW_INTERVALS && magnitude >= ((Q6[m] ?? 0) * det) >> 12) m++;
  return (el < 0 ? ILN[m] : ILP[m]) ?? 0;
}

/** QUANTH: the 2-bit codeword of the higher-band error `eh` for scale factor `det`. */
function quantizeHigh(eh: number, det: number): number {
  const magnitude = eh >= 0 ? eh : -(eh + 1);
  const interval = magnitude >= (Q2 * det) >> 12 ? 2 : 1;
  return (eh < 0 ? IHN[interval] : IHP[interval]) ?? 0;
}

/** A streaming G.722 64 kbit/s encoder: 16 kHz PCM in, one byte per two samples out. */
export class G722Encoder implements AudioEncoder {
  readonly descriptor: CodecDescriptor = G722;
  readonly sampleRate = 16000;
  readonly frameSamples: number;
  readonly #qmf = new QmfAnalysis();
  readonly #low = new SubBand(LOWER_BAND);
  readonly #high = new SubBand(HIGHER_BAND);

  /** @param frameSamples samples per packet; 320 = 20 ms. */
  constructor(frameSamples = 320) {
    this.frameSamples = frameSamples;
  }

  /** Encodes an even number of samples; throws a `RangeError` on an odd count. */
  encode(pcm: Int16Array): Uint8Array {
    if (pcm.length % 2 !== 0) throw new RangeError(`G.722 encodes sample pairs; got ${pcm.length} samples`);
    const out = new Uint8Array(pcm.length / 2);
    const qmf = this.#qmf;
    const low = this.#low;
    const high = this.#high;
    for (let j = 0; j < out.length; j++) {
      qmf.split(pcm[2 * j] ?? 0, pcm[2 * j + 1] ?? 0);

      // Lower band: SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL, block 4L.
      const il = quantizeLow(saturate16(qmf.low - low.s), low.det);
      const ilr = il >> 2;
      const dlt = (low.det * (QM4[ilr] ?? 0)) >> 15;
      low.adaptScale(LOW_LOG_STEP[ilr] ?? 0);
      low.adaptPredictor(dlt);

      // Higher band: SUBTRA, QUANTH, INVQAH, LOGSCH, SCALEH, block 4H.
      const ih = quantizeHigh(saturate16(qmf.high - high.s), high.det);
      const dh = (high.det * (QM2[ih] ?? 0)) >> 15;
      high.adaptScale(HIGH_LOG_STEP[ih] ?? 0);
      high.adaptPredictor(dh);

      out[j] = (ih << 6) | il;
    }
    return out;
  }

  reset(): void {
    this.#qmf.reset();
    this.#low.reset();
    this.#high.reset();
  }
}
