/**
 * The constants of ITU-T G.722 SB-ADPCM, in the integer scaling of the
 * specification's fixed-point description. Names follow the specification's
 * blocks (QUANTL, INVQAL, LOGSCL, ...).
 */

/**
 * QUANTL decision levels: the low-band error magnitude is compared with
 * `(Q6[m] × DETL) >> 12` for m = 1..29; the first level it is below selects
 * interval m (30 when it reaches none). Index 0 is unused.
 */
export const Q6: readonly number[] = [
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339,
  1458, 1612, 1765, 1980, 2195, 2557, 2919,
];

/** QUANTL: the 6-bit codeword of interval m (1..30) for a negative error. */
export const ILN: readonly number[] = [
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
];

/** QUANTL: the 6-bit codeword of interval m (1..30) for a positive (or zero) error. */
export const ILP: readonly number[] = [
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33,
  32,
];

/**
 * INVQBL at 64 kbit/s: the output level of each 6-bit low-band codeword, to be
 * scaled as `(DETL × QM6[IL]) >> 15` (decoder output only).
 */
export const QM6: readonly number[] = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
  -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728, 24808,
  21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008,
  3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
];

/**
 * INVQAL: the level of each 4-bit truncated low-band codeword (`IL >> 2`),
 * which is all the encoder and decoder predictors see, so that the two stay in
 * step at 64, 56 and 48 kbit/s.
 */
export const QM4: readonly number[] = [
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
];

/** INVQAH: the level of each 2-bit high-band codeword. */
export const QM2: readonly number[] = [-7408, -1616, 7408, 1616];

/** QUANTH: the high-band codeword of the small (1) or large (2) interval, negative error. */
export const IHN: readonly number[] = [0, 1, 0];
/** QUANTH: the high-band codeword of the small (1) or large (2) interval, positive error. */
export const IHP: readonly number[] = [0, 3, 2];
/** QUANTH: the one decision level, compared with `(564 × DETH) >> 12`. */
export const Q2 = 564;

/** LOGSCL: the log scale factor multiplier, indexed by RL42 of the 4-bit codeword. */
export const WL: readonly number[] = [-60, -30, 58, 172, 334, 538, 1198, 3042];
/** LOGSCL: the magnitude class (0..7) of each 4-bit low-band codeword. */
export const RL42: readonly number[] = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0];
/** LOGSCH: the log scale factor multiplier, indexed by RH2 of the high-band codeword. */
export const WH: readonly number[] = [0, -214, 798];
/** LOGSCH: the magnitude class (1 small, 2 large) of each high-band codeword. */
export const RH2: readonly number[] = [2, 1, 2, 1];

/** SCALEL/SCALEH: the inverse-log table, `ILB[i] = round(2048 × 2^(i/32))`. */
export const ILB: readonly number[] = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960, 3025,
  3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
];

/**
 * The 24 coefficients h0..h23 of the transmit and receive QMF (Table 11),
 * symmetric, summing to 2^13.
 */
export const QMF_COEFFICIENTS: readonly number[] = [
  3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876, 3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
];
