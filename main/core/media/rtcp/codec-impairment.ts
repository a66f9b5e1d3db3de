/**
 * Per-codec constants of the E-model (ITU-T G.107): the equipment impairment
 * factor Ie and the packet-loss robustness factor Bpl, on the narrowband
 * R scale (R = 93.2 for a perfect G.711 call).
 *
 * Sources, and where they are assumptions:
 * - G.711 (PCMU, PCMA): ITU-T G.113 Appendix I: Ie = 0; Bpl = 25.1 with the
 *   G.711 Appendix I packet loss concealment, 4.3 without (random loss).
 * - G.722: G.113 Appendix I lists narrowband codecs only, and G.722's own
 *   values (G.113 Appendix IV) are on the wideband scale, which is out of
 *   scope here. On the narrowband scale G.722 carries at least G.711's band,
 *   so Ie = 0 is taken; its Bpl is ASSUMED equal to G.711's (25.1 with PLC,
 *   4.3 without), since G.722 Appendix III/IV concealment is of the same kind.
 * - Opus: no ITU-T value exists. We use the narrowband-scale values published
 *   by Alahmadi, Počta and Melvin, "An Adaptive Bitrate Switching Algorithm for
 *   Speech Applications in Context of WebRTC", ACM TOMM 17(4), art. 133, 2021
 *   (doi:10.1145/3458751), derived instrumentally with the ITU-T P.834
 *   methodology, as tabulated in the authors' reference implementation: for
 *   narrowband CBR at 11 kbit/s (their highest narrowband rate) Ie = 2.03 and
 *   Bpl = 15.95 under random loss. Our Opus runs at a higher rate, so Ie is
 *   conservative (it can only be lower); Bpl reflects Opus's built-in PLC
 *   without in-band FEC. Opus always conceals, so the `plc` flag does not
 *   apply to it.
 */

/** Codecs the quality estimate knows. */
export type QualityCodec = 'pcmu' | 'pcma' | 'g722' | 'opus';

/** E-model constants of one codec configuration. */
export interface CodecImpairment {
  /** Equipment impairment factor Ie (0 = no coding distortion). */
  readonly ie: number;
  /** Packet-loss robustness factor Bpl (higher = more robust). */
  readonly bpl: number;
}

/** G.711 with Appendix I PLC (G.113 Appendix I). */
export const G711_WITH_PLC: CodecImpairment = { ie: 0, bpl: 25.1 };
/** G.711 without PLC (G.113 Appendix I). */
export const G711_WITHOUT_PLC: CodecImpairment = { ie: 0, bpl: 4.3 };
/** Opus on the narrowband scale (Alahmadi et al. 2021, NB CBR 11 kbit/s, random loss). */
export const OPUS_NARROWBAND: CodecImpairment = { ie: 2.03, bpl: 15.95 };

/**
 * The E-model constants for `codec`. `plc` says whether our decoder conceals
 * lost packets (true by default; G.711 and G.722 only).
 */
export function codecImpairment(codec: QualityCodec, options: { readonly plc?: boolean } = {}): CodecImpairment {
  const plc = options.plc ?? true;
  switch (codec) {
    case 'pcmu':
    case 'pcma':
    case 'g722':
      return plc ? G711_WITH_PLC : G711_WITHOUT_PLC;
    case 'opus':
      return OPUS_NARROWBAND;
  }
}
