// Rank and product-moment correlation: average ranks, Pearson, Spearman with scipy's t-based p-value and a
// Fisher-z confidence interval.

import { studentTTwoSidedP, Z975 } from './distributions.js';

/** Ranks 1..n with ties given their average rank, scipy.stats.rankdata(x, method="average"). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) ranks[order[m]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equal-length arrays (scipy.stats.pearsonr statistic); NaN if either is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: x has ${n} entries but y has ${y.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Pairs (x_i, y_i) where both are finite numbers (null/undefined/NaN = missing). */
export function completePairs(x: ArrayLike<number | null | undefined>, y: ArrayLike<number | null | undefined>): { x: Float64Array; y: Float64Array } {
  if (x.length !== y.length) throw new Error(`paired data: first has ${x.length} entries but second has ${y.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    xs.push(a);
    ys.push(b);
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** Fisher-z 95% interval of a correlation: tanh(atanh(r) +- z * se), se = 1/sqrt(n-3), z = 1.959963984540054; null if n <= 3. */
export function fisherCi(r: number, n: number, z = Z975): [number, number] | null {
  if (!(n > 3) || Number.isNaN(r)) return null;
  const f = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  return [Math.tanh(f - z * se), Math.tanh(f + z * se)];
}

/** Spearman correlation with its p-value and Fisher CI. */
export interface SpearmanResult {
  n: number;
  /** Spearman's rho (Pearson correlation of average ranks); NaN when either side is constant (as scipy). */
  rho: number;
  /** Two-sided p as scipy.stats.spearmanr: t = rho sqrt((n-2)/((1+rho)(1-rho))) on n-2 df. */
  p: number;
  /** Fisher-z 95% CI with se = 1/sqrt(n-3); null when n <= 3 or rho is undefined. */
  ci: [number, number] | null;
}

/** Spearman rank correlation over pairwise-complete observations, scipy.stats.spearmanr, with a Fisher-z CI. */
export function spearman(x: ArrayLike<number | null | undefined>, y: ArrayLike<number | null | undefined>): SpearmanResult {
  const c = completePairs(x, y);
  const n = c.x.length;
  if (n < 2) return { n, rho: NaN, p: NaN, ci: null };
  const rho = pearson(averageRanks(c.x), averageRanks(c.y));
  let p = NaN;
  if (!Number.isNaN(rho) && n > 2) {
    if (Math.abs(rho) === 1) p = 0;
    else p = studentTTwoSidedP(rho * Math.sqrt((n - 2) / ((1 + rho) * (1 - rho))), n - 2);
  }
  return { n, rho, p, ci: fisherCi(rho, n) };
}
