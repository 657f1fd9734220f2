// Rank and product-moment correlation: average ranks, Pearson, Spearman with scipy's t-based p-value and a
// Fisher-z confidence interval.

import { studentTTwoSidedP, Z975 } from './distributions.js';

/**
 * Ranks 1..n with ties given their average rank, scipy.stats.rankdata(x, method="average"). The order comes from a
 * radix sort of the values' bits (orderBy: no comparator call per comparison, which at 290,400 values was most of a
 * Spearman correlation), and each tied run of the sorted order, positions first … last, gets (first + last) / 2 + 1.
 * NaN has no place in that order; with one the ranks come from the index sort as before.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i])) return averageRanksByIndex(x);
  const ranks = new Float64Array(n);
  runRanks(orderBy(x, identity(n)), x, ranks);
  return ranks;
}

const identity = (n: number) => {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
};

/** Float64 bits as two words: which of a Uint32Array view over one double holds the high word on this platform. */
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * `items` ordered by x[item] ascending, stably (items with equal values keep their order), by an LSD radix sort over
 * the values' IEEE-754 bits in 16-bit digits (a pass whose digit is the same for every item is skipped). -0 sorts as
 * 0; x[item] must not be NaN. At 290,400 values this is a few milliseconds, a comparator sort over a hundred.
 */
export function orderBy(x: ArrayLike<number>, items: Int32Array): Int32Array {
  const n = items.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  for (let i = 0; i < n; i++) {
    const v = x[items[i]];
    f[0] = v === 0 ? 0 : v;
    const h = w[HIGH_WORD];
    // Negative values: every bit flipped (larger magnitude sorts first); others: the sign bit set, above them all.
    if (h >>> 31) {
      hi[i] = ~h >>> 0;
      lo[i] = ~w[1 - HIGH_WORD] >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = w[1 - HIGH_WORD];
    }
  }
  let perm = identity(n);
  let next = new Int32Array(n);
  const count = new Uint32Array(65536);
  for (const [word, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    if (n === 0 || count[(word[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = perm[i];
      next[count[(word[p] >>> shift) & 0xffff]++] = p;
    }
    [perm, next] = [next, perm];
  }
  for (let i = 0; i < n; i++) next[i] = items[perm[i]];
  return next;
}

/**
 * averageRanks of the items listed in `order` (orderBy's order, or any order sorted by x), written by item into
 * `ranks`: a tied run at positions first … last of the order gets (first + last) / 2 + 1, as averageRanks gives it
 * over those items alone.
 */
export function runRanks(order: Int32Array, x: ArrayLike<number>, ranks: Float64Array): void {
  const n = order.length;
  for (let i = 0; i < n;) {
    const v = x[order[i]];
    let j = i + 1;
    while (j < n && x[order[j]] === v) j++;
    const r = (i + j - 1) / 2 + 1;
    for (let m = i; m < j; m++) ranks[order[m]] = r;
    i = j;
  }
}

/** averageRanks by sorting the indexes with a comparator (the reference the fast path is tested against). */
export function averageRanksByIndex(x: ArrayLike<number>): Float64Array {
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
  // Counted first and written straight into typed arrays: growing JS arrays cost several times more at 100x.
  const keep = new Uint8Array(x.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    keep[i] = 1;
    m++;
  }
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0, k = 0; k < m; i++) {
    if (!keep[i]) continue;
    xs[k] = x[i] as number;
    ys[k++] = y[i] as number;
  }
  return { x: xs, y: ys };
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
  if (c.x.length < 2) return { n: c.x.length, rho: NaN, p: NaN, ci: null };
  return spearmanOfRanks(averageRanks(c.x), averageRanks(c.y));
}

/** spearman() from the average ranks of the complete pairs, in the pairs' order (Pearson of the ranks). */
export function spearmanOfRanks(rx: ArrayLike<number>, ry: ArrayLike<number>): SpearmanResult {
  const n = rx.length;
  if (n < 2) return { n, rho: NaN, p: NaN, ci: null };
  const rho = pearson(rx, ry);
  let p = NaN;
  if (!Number.isNaN(rho) && n > 2) {
    if (Math.abs(rho) === 1) p = 0;
    else p = studentTTwoSidedP(rho * Math.sqrt((n - 2) / ((1 + rho) * (1 - rho))), n - 2);
  }
  return { n, rho, p, ci: fisherCi(rho, n) };
}
