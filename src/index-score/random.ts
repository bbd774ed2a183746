/**
 * mulberry32, Tommy Ettinger's 32-bit generator (public domain): small, fast and fully
 * determined by its seed, which is what reproducible Monte Carlo needs. Not for cryptography.
 * Returns uniform numbers in [0, 1) with 32 bits of resolution.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
