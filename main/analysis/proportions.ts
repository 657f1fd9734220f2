// Proportions: pooled two-proportion z test, unpooled Wald CI of the difference, Wilson score intervals and
// binned selection rates (methods §5, §6).

import { normalQuantile, normalTwoSidedP, Z975 } from './distributions.js';
import { AnalysisDataError } from './errors.js';

/** Two-proportion comparison of group 1 against group 2 (difference = p1 - p2). */
export interface TwoProportionResult {
  x1: number;
  n1: number;
  x2: number;
  n2: number;
  p1: number;
  p2: number;
  diff: number;
  /** Pooled z statistic. When the pooled proportion is 0 or 1 the difference is 0 and z = 0, p = 1. */
  z: number;
  p: number;
  /** 95% unpooled Wald interval of p1 - p2. */
  ci: [number, number];
}

/**
 * Two-proportion z test with pooled variance, statsmodels `proportions_ztest([x1, x2], [n1, n2])`, and the
 * unpooled normal 95% CI of p1 - p2, statsmodels `confint_proportions_2indep(x1, n1, x2, n2, method="wald")`.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult {
  if (!(n1 > 0 && n2 > 0)) throw new AnalysisDataError(`two-proportion test: both groups need observations (n1 = ${n1}, n2 = ${n2})`);
  if (x1 < 0 || x1 > n1 || x2 < 0 || x2 > n2) throw new Error('two-proportion test: counts must lie between 0 and n');
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p1 - p2;
  const pool = (x1 + x2) / (n1 + n2);
  const sePooled = Math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
  const z = sePooled > 0 ? diff / sePooled : 0;
  const p = sePooled > 0 ? normalTwoSidedP(z) : 1;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { x1, n1, x2, n2, p1, p2, diff, z, p, ci: [diff - Z975 * se, diff + Z975 * se] };
}

/** Wilson score interval for k successes in n trials, statsmodels `proportion_confint(k, n, alpha, method="wilson")`. */
export function wilsonInterval(k: number, n: number, alpha = 0.05): [number, number] {
  if (!(n > 0)) throw new AnalysisDataError(`wilson interval: n must be positive, got ${n}`);
  const z = alpha === 0.05 ? Z975 : normalQuantile(1 - alpha / 2);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0 or 1 in exact arithmetic; rounding can put it a hair inside
  // (1 - 1e-16 at 13 of 13), which would leave the observed rate outside its own interval.
  return [k === 0 ? 0 : centre - half, k === n ? 1 : centre + half];
}

/** One bin of observed selection rates. */
export interface RateBin {
  /** Bin bounds [lo, hi) (the last bin includes hi); for value bins lo = hi = the value. */
  lo: number;
  hi: number;
  n: number;
  k: number;
  rate: number;
  /** 95% Wilson interval. */
  ci: [number, number];
}

/**
 * Observed rate of y = 1 by binned x with 95% Wilson intervals (Fig. 6B). With `edges` e_0 < ... < e_m, bins are
 * [e_i, e_{i+1}) and the last is closed; x outside the edges is dropped. Without edges each distinct x is a bin.
 * Empty bins are omitted.
 */
export function binnedRates(x: ArrayLike<number>, y: ArrayLike<number | boolean>, opts: { edges?: number[] } = {}): RateBin[] {
  if (x.length !== y.length) throw new Error(`binned rates: x has ${x.length} entries but y has ${y.length}`);
  const bins: RateBin[] = [];
  if (opts.edges) {
    const e = opts.edges;
    for (let i = 1; i < e.length; i++) if (!(e[i] > e[i - 1])) throw new AnalysisDataError('binned rates: edges must increase');
    const n = new Array<number>(e.length - 1).fill(0);
    const k = new Array<number>(e.length - 1).fill(0);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!Number.isFinite(v) || v < e[0] || v > e[e.length - 1]) continue;
      let b = 0;
      while (b < e.length - 2 && v >= e[b + 1]) b++;
      n[b]++;
      if (Number(y[i]) === 1) k[b]++;
    }
    for (let b = 0; b < n.length; b++)
      if (n[b] > 0) bins.push({ lo: e[b], hi: e[b + 1], n: n[b], k: k[b], rate: k[b] / n[b], ci: wilsonInterval(k[b], n[b]) });
    return bins;
  }
  const acc = new Map<number, { n: number; k: number }>();
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    const a = acc.get(v) ?? { n: 0, k: 0 };
    a.n++;
    if (Number(y[i]) === 1) a.k++;
    acc.set(v, a);
  }
  for (const v of [...acc.keys()].sort((a, b) => a - b)) {
    const { n, k } = acc.get(v)!;
    bins.push({ lo: v, hi: v, n, k, rate: k / n, ci: wilsonInterval(k, n) });
  }
  return bins;
}
