// The row passes of a Newton-Raphson logit over design columns: one per step, the linear predictor with the
// log-likelihood, the probabilities, the score X'(y - p) and the information matrix X' diag(p(1-p)) X (rows may carry
// frequency weights: logit-patterns.ts). Each entry is the same sum as a
// plain loop over the rows computes, term by term in row order and with the same products, so the fit is the same to
// the last bit; what changes is the work around it. The design is read once per pass, row by row: its dense columns
// as one row-major block, and indicator columns whose rows of 1 do not overlap (a factor's dummies: scenarios,
// categories) as one level per row, since every term a row's other indicators would add is a product with 0. At
// 100x the preference models' column passes (one per entry or four entries, plus one per column for the predictor)
// cost 2.5 times as much as these (issue 12).

import { scratchF64, scratchI32 } from './scratch.js';

/** A design read row by row: dense columns row-major, disjoint indicator columns as a level per row. */
export interface RowPlan {
  n: number;
  k: number;
  /** Design indexes of the dense columns, ascending, and their values (n x d, row-major). */
  dense: number[];
  x: Float64Array;
  /** Design indexes of the indicator columns of the factor, and each row's index into them (-1: none). */
  factor: number[];
  level: Int32Array;
  /** For each factor column, how many dense columns come before it in the design (where the predictor adds it). */
  before: Int32Array;
}

// Every loop over the rows below is a small function of its own: V8 optimizes a long loop while it runs (on-stack
// replacement), and in a larger function that code is thrown away at the first statement after the loop that has not
// run yet, so each of the few calls of a fit ran mostly unoptimized (rowPlan: 35 ms instead of 6 at 100x).

/**
 * True when a column is an indicator (only 0 and 1, at most half of them 1: an intercept stays dense) with none of its
 * rows of 1 already another factor column's (level >= 0).
 */
function joinsFactor(c: ArrayLike<number>, level: Int32Array): boolean {
  let count = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (v === 1) {
      if (level[i] >= 0) return false;
      count++;
    } else if (v !== 0) return false;
  }
  return 2 * count <= c.length;
}

function markLevel(c: ArrayLike<number>, level: Int32Array, f: number): void {
  for (let i = 0; i < c.length; i++) if (c[i] === 1) level[i] = f;
}

/** Column c as entry a of each row of x (rows of d entries). */
function putColumn(c: ArrayLike<number>, x: Float64Array, a: number, d: number): void {
  for (let i = 0, o = a; i < c.length; i++, o += d) x[o] = c[i];
}

/** The plan of a design; its arrays are scratch slots (scratch.ts), valid until the next plan. */
export function rowPlan(cols: readonly ArrayLike<number>[]): RowPlan {
  const k = cols.length;
  const n = cols[0]?.length ?? 0;
  const level = scratchI32('logit.level', n).fill(-1);
  const factor: number[] = [];
  const dense: number[] = [];
  for (let j = 0; j < k; j++) {
    if (!joinsFactor(cols[j], level)) {
      dense.push(j);
      continue;
    }
    markLevel(cols[j], level, factor.length);
    factor.push(j);
  }
  const d = dense.length;
  const x = scratchF64('logit.x', n * d);
  dense.forEach((j, a) => putColumn(cols[j], x, a, d));
  const before = Int32Array.from(factor, (j) => dense.filter((a) => a < j).length);
  return { n, k, dense, x, factor, level, before };
}

/**
 * One Newton pass at `beta`: the linear predictor X beta into `eta` (the terms added in design order, those of a zero
 * coefficient left out), the residuals y - p into `res`, the score into g and the information into h (k x k,
 * symmetric); returns the log-likelihood. Dense pairs sum ((x_a x_b) p) q over every row, a dense column with a factor
 * column (x_a p) q over the factor column's rows, a factor column with itself p q; two factor columns share no row (0).
 * With weights `w` (rows standing for w of their kind: logit-patterns.ts), each row's terms are w times its
 * log-likelihood, w (y - p) and (w p) q; the residuals stay y - p. One pass for what took two (the log-likelihood with
 * the predictor, then the sums from it): the same values in the same order, and the fit's last pass is its
 * information at the estimate.
 */
export function newtonSums(
  plan: RowPlan, beta: readonly number[], y: Float64Array, w: Float64Array | null, eta: Float64Array, res: Float64Array, g: number[], h: number[][],
): number {
  const { n, dense, x, factor, before } = plan;
  const d = dense.length;
  const m = factor.length;
  const b = new Float64Array(dense.map((j) => beta[j]));
  const bf = new Float64Array(factor.map((j) => beta[j]));
  const hd = new Float64Array((d * (d + 1)) / 2);
  // Per factor column: its d sums with the dense columns, then its own.
  const hf = new Float64Array(m * (d + 1));
  const gd = new Float64Array(d);
  const gf = new Float64Array(m);
  const ll = rowSums(n, d, x, plan.level, before, b, bf, y, w, eta, res, gd, hd, gf, hf);
  for (let a = 0, t = 0; a < d; a++) {
    g[dense[a]] = gd[a];
    for (let c = a; c < d; c++, t++) h[dense[a]][dense[c]] = h[dense[c]][dense[a]] = hd[t];
  }
  for (let f = 0; f < m; f++) {
    const j = factor[f];
    g[j] = gf[f];
    for (let a = 0; a < d; a++) h[j][dense[a]] = h[dense[a]][j] = hf[f * (d + 1) + a];
    for (let e = 0; e < m; e++) if (e !== f) h[j][factor[e]] = 0;
    h[j][j] = hf[f * (d + 1) + d];
  }
  return ll;
}

/** newtonSums' pass over the rows (a function of its own, as every row loop here). */
function rowSums(
  n: number, d: number, x: Float64Array, level: Int32Array, before: Int32Array, b: Float64Array, bf: Float64Array, y: Float64Array,
  w: Float64Array | null, eta: Float64Array, res: Float64Array, gd: Float64Array, hd: Float64Array, gf: Float64Array, hf: Float64Array,
): number {
  let s = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const f = level[i];
    // The factor's term goes where its column stands among the dense ones: d when there is none to add.
    const at = f >= 0 && bf[f] !== 0 ? before[f] : d;
    let e = 0;
    for (let a = 0; a < d; a++) {
      if (a === at) e += bf[f];
      if (b[a] !== 0) e += b[a] * x[o + a];
    }
    if (at === d && f >= 0 && bf[f] !== 0) e += bf[f];
    eta[i] = e;
    const z = Math.exp(-Math.abs(e));
    const li = y[i] * e - (e > 0 ? e + Math.log1p(z) : Math.log1p(z));
    // A weight of 1 (no weights) multiplies exactly: without weights these are the unweighted terms, bit for bit.
    s += w === null ? li : w[i] * li;
    const p = e >= 0 ? 1 / (1 + z) : z / (1 + z);
    const qi = 1 - p;
    const ri = (res[i] = y[i] - p);
    const pi = w === null ? p : w[i] * p;
    const r = w === null ? ri : w[i] * ri;
    for (let a = 0, t = 0; a < d; a++) {
      const xa = x[o + a];
      gd[a] += xa * r;
      for (let c = a; c < d; c++) hd[t++] += xa * x[o + c] * pi * qi;
    }
    if (f < 0) continue;
    gf[f] += r;
    const base = f * (d + 1);
    for (let a = 0; a < d; a++) hf[base + a] += x[o + a] * pi * qi;
    hf[base + d] += pi * qi;
  }
  return s;
}

/** Each cluster's score, sum over its rows of x_i (y_i - p_i): G x k, row-major, summed in row order (a scratch slot). */
export function clusterScores(plan: RowPlan, res: Float64Array, index: Int32Array, count: number): Float64Array {
  const { n, k, dense, x, factor, level } = plan;
  const d = dense.length;
  const scores = scratchF64('logit.clusterScores', count * k).fill(0);
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const base = index[i] * k;
    const r = res[i];
    for (let a = 0; a < d; a++) scores[base + dense[a]] += x[o + a] * r;
    const f = level[i];
    if (f >= 0) scores[base + factor[f]] += r;
  }
  return scores;
}

/** The meat of the clustered covariance, sum over clusters of s_g s_g' (k x k), each entry summed in cluster order. */
export function clusterMeat(scores: Float64Array, count: number, k: number): number[][] {
  const m = new Float64Array(k * k);
  for (let g = 0, o = 0; g < count; g++, o += k)
    for (let a = 0; a < k; a++) {
      const sa = scores[o + a];
      for (let b = a; b < k; b++) m[a * k + b] += sa * scores[o + b];
    }
  return Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => (a <= b ? m[a * k + b] : m[b * k + a])));
}

/** Each column's least and greatest value among the rows with y = 0 and with y = 1 (±Infinity when none), in one pass. */
export function columnRanges(plan: RowPlan, y: Float64Array): { min0: number; max0: number; min1: number; max1: number }[] {
  const { n, k, dense, x, factor, level } = plan;
  const d = dense.length;
  const lo0 = new Float64Array(d).fill(Infinity), hi0 = new Float64Array(d).fill(-Infinity);
  const lo1 = new Float64Array(d).fill(Infinity), hi1 = new Float64Array(d).fill(-Infinity);
  // Rows with y = 1 and y = 0 in each factor column; the column is 1 there and 0 on every other row.
  const in1 = new Float64Array(factor.length), in0 = new Float64Array(factor.length);
  let n1 = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const one = y[i] === 1;
    if (one) n1++;
    const lo = one ? lo1 : lo0, hi = one ? hi1 : hi0;
    for (let a = 0; a < d; a++) {
      const v = x[o + a];
      if (v < lo[a]) lo[a] = v;
      if (v > hi[a]) hi[a] = v;
    }
    if (level[i] >= 0) (one ? in1 : in0)[level[i]]++;
  }
  const n0 = n - n1;
  const out = new Array<{ min0: number; max0: number; min1: number; max1: number }>(k);
  dense.forEach((j, a) => (out[j] = { min0: lo0[a], max0: hi0[a], min1: lo1[a], max1: hi1[a] }));
  factor.forEach((j, f) => {
    const range = (ones: number, all: number) => ({ min: all > ones ? 0 : ones > 0 ? 1 : Infinity, max: ones > 0 ? 1 : all > 0 ? 0 : -Infinity });
    const r0 = range(in0[f], n0), r1 = range(in1[f], n1);
    out[j] = { min0: r0.min, max0: r0.max, min1: r1.min, max1: r1.max };
  });
  return out;
}

/**
 * True when a Gram matrix (X'X up to a positive factor) is clearly of full rank: Cholesky pivots all above 1e-4 of
 * their diagonal entries. householderQR's rank test is 1e-10 on the corresponding norms (1e-20 on these squares), so
 * a design that passes here passes there; anything closer is left to householderQR, whose error names the column.
 */
export function clearlyFullRank(g: number[][]): boolean {
  const k = g.length;
  const L = g.map(() => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let d = g[j][j];
    for (let m = 0; m < j; m++) d -= L[j][m] * L[j][m];
    if (!(g[j][j] > 0) || !(d > 1e-4 * g[j][j]) || !Number.isFinite(d)) return false;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < k; i++) {
      let s = g[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      L[i][j] = s / L[j][j];
    }
  }
  return true;
}
