// Seeded pseudo-random numbers for bootstraps and adaptive sampling. mulberry32 (Tommy Ettinger's 32-bit
// generator); tests/golden/make_golden.py carries a bit-exact Python port so bootstrap CIs are reproducible there.

/** Returns a function producing uniform numbers in [0, 1) from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n) from a generator: floor(u * n). */
export function randomInt(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}
