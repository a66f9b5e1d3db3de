/**
 * A small, fast, seedable PRNG (mulberry32), uniform in [0, 1). One copy for
 * the whole project: jitter simulations, test signals, the lossy relay and the
 * fuzzers replay exactly from a seed. Not for keys or anything secret.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
