/** Integer helpers for the fixed-point codecs (G.722), in the style of the ITU basic operators. */

/** Clamps to the int16 range (the ITU `saturate`). */
export function saturate16(value: number): number {
  return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}

/** Clamps `value` to `[low, high]`. */
export function clamp(value: number, low: number, high: number): number {
  return value > high ? high : value < low ? low : value;
}
