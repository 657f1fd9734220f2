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

// log(k!) for small k, summed once; Stirling's series beyond (error below 1e-16 relative there).
const LOG_FACTORIAL = (() => {
  const t = new Float64Array(1024);
  for (let i = 2; i < t.length; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(k!) for an integer k ≥ 0. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL.length) return LOG_FACTORIAL[k];
  const r = 1 / k;
  const r2 = r * r;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}

/**
 * One Binomial(n, p) draw by inversion from the mode outwards (Kemp's chop-down search): one uniform per
 * draw and on the order of sqrt(n·p·(1-p)) steps, with only products and quotients after the mode's
 * probability, so tests/golden/make_golden.py repeats it draw for draw.
 */
export function binomial(rng: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pm = Math.exp(logFactorial(n) - logFactorial(mode) - logFactorial(n - mode) + mode * Math.log(p) + (n - mode) * Math.log(1 - p));
  let u = rng();
  if (u < pm) return mode;
  u -= pm;
  const r = p / (1 - p);
  let lo = mode;
  let hi = mode;
  let plo = pm;
  let phi = pm;
  for (;;) {
    if (hi < n) {
      phi = phi * ((n - hi) / (hi + 1)) * r;
      hi++;
      if (u < phi) return hi;
      u -= phi;
    }
    if (lo > 0) {
      plo = plo * (lo / (n - lo + 1)) / r;
      lo--;
      if (u < plo) return lo;
      u -= plo;
    }
    // What is left of u is rounding in the summed probabilities: the draw is the mode.
    if ((hi >= n || phi === 0) && (lo <= 0 || plo === 0)) return mode;
  }
}

/**
 * Counts of `n` draws over categories with weights `w` (any non-negative scale), written into `out`:
 * a binomial per category given what earlier categories took.
 */
export function multinomial(rng: () => number, n: number, w: ArrayLike<number>, out: Int32Array | Float64Array): void {
  let left = n;
  let mass = 0;
  for (let k = 0; k < w.length; k++) mass += w[k];
  for (let k = 0; k < w.length; k++) {
    if (k === w.length - 1 || left === 0) { out[k] = left; left = 0; continue; }
    const x = binomial(rng, left, w[k] / mass);
    out[k] = x;
    left -= x;
    mass -= w[k];
  }
}
