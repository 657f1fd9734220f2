// Which sentences a describing model sees for a latent, and which held-out ones the fidelity check labels. Pure and
// seeded: the same activations, settings and seed choose the same sentences, so requests (and cache keys) repeat.
//
// A sentence "activates" a latent when the latent is among its stored top-K (theme_activations); every other
// sentence of the model has activation zero for it. Positives shown: the top activations, or (as the paper did) a
// random draw from a percentile band of the non-zero activations. Negatives shown: a random draw of zero-activation
// sentences. Candidate i draws with seed + i. The fidelity check then takes the top activations and a random draw of
// zero-activation sentences among those no candidate was shown (HypotheSAEs' sample_top_zero on held-out data).
import { mulberry32 } from '../analysis/random.js';

/** One latent's non-zero activations: indexes into the model's sentence list, highest activation first. */
export interface LatentFiring { latent: number; sentences: Int32Array; activations: Float32Array }

export interface ShownSample { positives: number[]; negatives: number[] }
export interface HeldOutSample { positives: number[]; negatives: number[] }

export interface SampleSettings {
  positives: number;
  negatives: number;
  positiveSampling: 'top' | 'percentile';
  percentile: [number, number];
  seed: number;
  candidates: number;
  fidelityPositives: number;
  fidelityNegatives: number;
}

/** A 32-bit seed from the run's seed, a latent and a purpose, so every latent and candidate draws independently. */
export function drawSeed(seed: number, latent: number, purpose: number): number {
  let h = 0x811c9dc5;
  for (const x of [seed, latent, purpose]) {
    h = Math.imul(h ^ (x & 0xffff), 0x01000193);
    h = Math.imul(h ^ ((x >>> 16) & 0xffff), 0x01000193);
  }
  return h >>> 0;
}

/** numpy.percentile's default (linear interpolation between closest ranks) over ascending values. */
export function percentileOf(ascending: ArrayLike<number>, p: number): number {
  const n = ascending.length;
  if (n === 0) return NaN;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return ascending[lo] + (ascending[hi] - ascending[lo]) * (pos - lo);
}

/** Up to `k` distinct items of `pool` drawn uniformly without replacement (partial Fisher-Yates on a copy). */
export function drawWithout(pool: readonly number[], k: number, rng: () => number): number[] {
  const a = pool.slice();
  const m = Math.min(k, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m);
}

/**
 * Up to `k` sentences of 0..total-1 that are not in `excluded`, uniformly. Rejection sampling while the pool is
 * large (the usual case: a latent fires on a few percent of sentences), a full list otherwise.
 */
export function drawZeros(total: number, excluded: Set<number>, k: number, rng: () => number): number[] {
  const free = total - excluded.size;
  if (k <= 0 || free <= 0) return [];
  if (free < 4 * k) {
    const pool: number[] = [];
    for (let i = 0; i < total; i++) if (!excluded.has(i)) pool.push(i);
    return drawWithout(pool, k, rng);
  }
  const out: number[] = [];
  const taken = new Set<number>();
  while (out.length < k) {
    const i = Math.floor(rng() * total);
    if (excluded.has(i) || taken.has(i)) continue;
    taken.add(i);
    out.push(i);
  }
  return out;
}

/** The sentences shown for one candidate description. */
export function shownSample(f: LatentFiring, total: number, s: SampleSettings, candidate: number): ShownSample {
  const rng = mulberry32(drawSeed(s.seed + candidate, f.latent, 1));
  let positives: number[];
  if (s.positiveSampling === 'top') {
    positives = Array.from(f.sentences.subarray(0, s.positives));
  } else {
    const asc = Float32Array.from(f.activations).sort();
    const lo = percentileOf(asc, s.percentile[0]);
    const hi = percentileOf(asc, s.percentile[1]);
    const band: number[] = [];
    for (let i = 0; i < f.sentences.length; i++) if (f.activations[i] >= lo && f.activations[i] <= hi) band.push(f.sentences[i]);
    positives = drawWithout(band, s.positives, rng);
  }
  const active = new Set(f.sentences);
  return { positives, negatives: drawZeros(total, active, s.negatives, rng) };
}

/** Held-out sentences for the fidelity check: none of them was shown to any candidate. */
export function heldOutSample(f: LatentFiring, total: number, s: SampleSettings, shown: ShownSample[]): HeldOutSample {
  const seen = new Set<number>();
  for (const c of shown) for (const i of [...c.positives, ...c.negatives]) seen.add(i);
  const positives: number[] = [];
  for (let i = 0; i < f.sentences.length && positives.length < s.fidelityPositives; i++) if (!seen.has(f.sentences[i])) positives.push(f.sentences[i]);
  const excluded = new Set<number>([...f.sentences, ...seen]);
  const rng = mulberry32(drawSeed(s.seed, f.latent, 2));
  return { positives, negatives: drawZeros(total, excluded, s.fidelityNegatives, rng) };
}
