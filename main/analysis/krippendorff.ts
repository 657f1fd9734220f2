// Krippendorff's alpha with the interval metric (squared differences) for any number of raters with missing
// data, plus a seeded bootstrap over units. Definition: Krippendorff (2011), "Computing Krippendorff's
// Alpha-Reliability", via the coincidence matrix; computed here in the equivalent closed form
//   alpha = 1 - (n - 1) * sum_u [ sum_{i != j in u} (v_i - v_j)^2 / (m_u - 1) ] / sum_{i != j, all pairable} (v_i - v_j)^2
// where only units with m_u >= 2 values ("pairable") count and n is the number of pairable values.

import { quantile } from './descriptive.js';
import { mulberry32, multinomial } from './random.js';
import { AnalysisDataError } from './errors.js';
import { labelCounts } from './nominal-agreement.js';

/**
 * Per-unit sufficient statistics of the pairable units, and each unit's type: units with the same multiset
 * of values (numbered in order of first appearance) contribute the same cells to the coincidence table.
 */
interface Units {
  m: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  type: Int32Array;
  /** Index of the first unit of each type. */
  first: number[];
}

function pairableUnits(raters: readonly ArrayLike<number | null | undefined>[]): Units {
  if (raters.length < 2) throw new Error("Krippendorff's alpha: needs at least 2 raters");
  const nUnits = raters[0].length;
  for (const r of raters) if (r.length !== nUnits) throw new Error("Krippendorff's alpha: every rater needs one entry per unit");
  // centre on the mean of all values (alpha is shift invariant) to keep the sums well conditioned
  let tot = 0;
  let cnt = 0;
  for (const r of raters)
    for (let u = 0; u < nUnits; u++) {
      const v = r[u];
      if (v != null && Number.isFinite(v)) {
        tot += v;
        cnt++;
      }
    }
  const centre = cnt ? tot / cnt : 0;
  const m: number[] = [];
  const s1: number[] = [];
  const s2: number[] = [];
  const type: number[] = [];
  const first: number[] = [];
  // A unit's type key is its sorted value ids in base (distinct values + 1): a number while that fits in
  // 2^53 (a few raters on a rating scale), else a string.
  const valueId = new Map<number, number>();
  for (const r of raters) for (let u = 0; u < nUnits; u++) { const v = r[u]; if (v != null && Number.isFinite(v) && !valueId.has(v)) valueId.set(v, valueId.size + 1); }
  const base = valueId.size + 1;
  const numeric = raters.length * Math.log2(base) < 52;
  const types = new Map<number | string, number>();
  const ids: number[] = [];
  for (let u = 0; u < nUnits; u++) {
    let mu = 0;
    let a = 0;
    let b = 0;
    ids.length = 0;
    for (const r of raters) {
      const v = r[u];
      if (v == null || !Number.isFinite(v)) continue;
      const c = v - centre;
      mu++;
      a += c;
      b += c * c;
      ids.push(valueId.get(v)!);
    }
    if (mu >= 2) {
      if (ids.length > 2) ids.sort((x, y) => x - y);
      else if (ids[0] > ids[1]) [ids[0], ids[1]] = [ids[1], ids[0]];
      let key: number | string;
      if (numeric) { key = 0; for (const id of ids) key = key * base + id; } else key = ids.join(',');
      let t = types.get(key);
      if (t === undefined) { t = types.size; types.set(key, t); first.push(m.length); }
      type.push(t);
      m.push(mu);
      s1.push(a);
      s2.push(b);
    }
  }
  return { m: Float64Array.from(m), s1: Float64Array.from(s1), s2: Float64Array.from(s2), type: Int32Array.from(type), first };
}

/** Alpha over the units `pick` (all when null), each counted `weight` times (once when null). */
function alphaFrom(units: Units, pick: ArrayLike<number> | null, weight: ArrayLike<number> | null): number {
  let n = 0;
  let S1 = 0;
  let S2 = 0;
  let within = 0;
  const len = pick ? pick.length : units.m.length;
  for (let t = 0; t < len; t++) {
    const u = pick ? pick[t] : t;
    const w = weight ? weight[t] : 1;
    if (w === 0) continue;
    const m = units.m[u];
    n += w * m;
    S1 += w * units.s1[u];
    S2 += w * units.s2[u];
    within += (w * (2 * (m * units.s2[u] - units.s1[u] * units.s1[u]))) / (m - 1);
  }
  const total = 2 * (n * S2 - S1 * S1);
  if (!(total > 0)) return NaN;
  return 1 - ((n - 1) * within) / total;
}

/**
 * Krippendorff's alpha, interval metric, for raters x units data (one array per rater, null/NaN = missing); NaN when
 * there is no variation among the pairable values. Matches the coincidence-matrix definition (Krippendorff 2011).
 */
export function krippendorffAlphaInterval(raters: readonly ArrayLike<number | null | undefined>[]): number {
  const units = pairableUnits(raters);
  if (units.m.length === 0) throw new AnalysisDataError("Krippendorff's alpha: no unit has values from 2 or more raters");
  return alphaFrom(units, null, null);
}

/** Alpha with its bootstrap percentile interval. */
export interface AlphaBootstrap {
  alpha: number;
  /** Percentile interval (numpy.percentile linear interpolation) of the bootstrap alphas. */
  ci: [number, number];
  reps: number;
  /** Replicates with a defined alpha (replicates without variation are dropped). */
  valid: number;
  /** Pairable units resampled. */
  units: number;
}

/**
 * Bootstrap CI of interval alpha: resamples the pairable units (conversations) with replacement, `reps` times
 * (default 1000), percentile interval at `level` (default 0.95). Units of one type (the same values) add the
 * same cells to the coincidence table, so a replicate draws how many units of each type it holds — one
 * multinomial over at most 25 types for two raters on a 1-5 scale — instead of drawing every unit:
 * the same resampling distribution at a cost that does not grow with the number of units. Draws come from
 * mulberry32(seed) (default seed 20240521) through `multinomial` over the types in order of first
 * appearance; bit-reproducible in tests/golden/make_golden.py.
 */
export function krippendorffAlphaBootstrap(
  raters: readonly ArrayLike<number | null | undefined>[],
  opts: { reps?: number; seed?: number; level?: number } = {},
): AlphaBootstrap {
  const units = pairableUnits(raters);
  const U = units.m.length;
  if (U === 0) throw new AnalysisDataError("Krippendorff's alpha: no unit has values from 2 or more raters");
  const size = new Float64Array(units.first.length);
  for (let t = 0; t < U; t++) size[units.type[t]]++;
  return { ...bootstrapTypes(units, units.first, size, U, opts), alpha: alphaFrom(units, null, null) };
}

/** The replicates of krippendorffAlphaBootstrap over unit types `first` of sizes `size`; alpha over the types. */
function bootstrapTypes(units: Units, first: ArrayLike<number>, size: Float64Array, U: number, opts: { reps?: number; seed?: number; level?: number }): AlphaBootstrap {
  const reps = opts.reps ?? 1000;
  const level = opts.level ?? 0.95;
  const rng = mulberry32(opts.seed ?? 20240521);
  const draw = new Float64Array(size.length);
  const values: number[] = [];
  for (let r = 0; r < reps; r++) {
    multinomial(rng, U, size, draw);
    const a = alphaFrom(units, first, draw);
    if (!Number.isNaN(a)) values.push(a);
  }
  const lo = (1 - level) / 2;
  return {
    alpha: alphaFrom(units, first, size),
    ci: values.length ? [quantile(values, lo), quantile(values, 1 - lo)] : [NaN, NaN],
    reps,
    valid: values.length,
    units: U,
  };
}

/**
 * krippendorffAlphaBootstrap from unit types instead of units: `types[k]` holds the values of a unit of type k
 * (in rater order; every unit of the type has the same multiset), `size[k]` how many units have it, types in
 * order of their first unit. The same statistic and the same replicates as over the units themselves: the centre,
 * the per-type sums and the multinomial draws are computed alike; alpha sums per type rather than per unit.
 */
export function krippendorffAlphaTypes(
  types: readonly (readonly number[])[], size: readonly number[], opts: { reps?: number; seed?: number; level?: number } = {},
): AlphaBootstrap {
  let tot = 0;
  let cnt = 0;
  for (let k = 0; k < types.length; k++) for (const v of types[k]) {
    tot += size[k] * v;
    cnt += size[k];
  }
  const centre = cnt ? tot / cnt : 0;
  const K = types.length;
  const units: Units = { m: new Float64Array(K), s1: new Float64Array(K), s2: new Float64Array(K), type: new Int32Array(K), first: [] };
  const first: number[] = [];
  const sizes: number[] = [];
  let U = 0;
  for (let k = 0; k < K; k++) {
    if (types[k].length < 2 || size[k] === 0) continue;
    const j = first.length;
    for (const v of types[k]) {
      const c = v - centre;
      units.m[j]++;
      units.s1[j] += c;
      units.s2[j] += c * c;
    }
    first.push(j);
    sizes.push(size[k]);
    U += size[k];
  }
  if (U === 0) throw new AnalysisDataError("Krippendorff's alpha: no unit has values from 2 or more raters");
  return bootstrapTypes(units, first, Float64Array.from(sizes), U, opts);
}

/**
 * Krippendorff's alpha, nominal metric, from the coincidence matrix (Krippendorff 2011, §C): raters × units of
 * category labels, null = missing; units with fewer than 2 values are not pairable and left out. NaN when the
 * pairable values all fall in one category (no expected disagreement). Throws when no unit is pairable.
 */
export function krippendorffAlphaNominal(raters: readonly (readonly (string | null | undefined)[])[]): number {
  if (raters.length < 2) throw new Error("Krippendorff's alpha: needs at least 2 raters");
  const nUnits = raters[0].length;
  for (const r of raters) if (r.length !== nUnits) throw new Error("Krippendorff's alpha: every rater needs one entry per unit");
  // o_cc (coincidences within a category) and n_c (pairable values per category) are all nominal alpha needs:
  // D_o ∝ n − Σ o_cc and D_e ∝ n² − Σ n_c².
  let agree = 0;
  let n = 0;
  const nc = new Map<string, number>();
  for (let u = 0; u < nUnits; u++) {
    const { counts, m } = labelCounts(raters, u);
    if (m < 2) continue;
    n += m;
    for (const [c, k] of counts) {
      agree += (k * (k - 1)) / (m - 1);
      nc.set(c, (nc.get(c) ?? 0) + k);
    }
  }
  if (n === 0) throw new AnalysisDataError("Krippendorff's alpha: no unit has values from 2 or more raters");
  let sumSq = 0;
  for (const k of nc.values()) sumSq += k * k;
  const expected = n * n - sumSq;
  if (!(expected > 0)) return NaN;
  return 1 - ((n - 1) * (n - agree)) / expected;
}
