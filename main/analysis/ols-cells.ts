// The clustered OLS of olsClustered for a saturated categorical design, from sufficient statistics instead of rows.
// When every regressor is a function of a few design cells and there are as many cells as coefficients, the fitted
// value of a row is its cell's mean; X'X and X'y come from cell counts and sums, the residual sum of squares from
// the within-cell sums of squares, and a cluster's score X_g'e_g = sum_c x_c (S_gc - n_gc mean_c). So the CR1 meat
// needs, per pair of cells, only sum_g d_gc d_gc' with d_gc = S_gc - n_gc mean_c: numbers a GROUP BY in the
// database gives, in place of millions of rows (issue 12).

import { type Design, householderQR, qrApplyQt, sandwich, solveUpper, xtxInverseFromR, zeros } from './linalg.js';
import { AnalysisDataError } from './errors.js';
import { type LinearFit, termStats } from './ols.js';

/** One design cell: its rows' count, sum of y and sum of squared deviations from the cell's mean. */
export interface CellStats {
  n: number;
  sum: number;
  m2: number;
}

/** A saturated categorical design's sufficient statistics for a clustered OLS. */
export interface ClusteredCells {
  names: string[];
  /** The design row shared by every row of cell c (C rows of k values). */
  x: ArrayLike<number>[];
  cells: CellStats[];
  /** C x C: sum over clusters of d_gc d_gc', d_gc = S_gc - n_gc mean_c (the cluster's residual sum in cell c). */
  cross: ArrayLike<number>[];
  /** Number of clusters with at least one row. */
  clusters: number;
}

/** Count, mean and sum of squared deviations of the union of cells (Chan et al.'s pairwise combination). */
export function pooledCells(cells: readonly CellStats[]): { n: number; mean: number; m2: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const c of cells) {
    if (c.n === 0) continue;
    const cm = c.sum / c.n;
    const total = n + c.n;
    const delta = cm - mean;
    mean += (delta * c.n) / total;
    m2 += c.m2 + (delta * delta * n * c.n) / total;
    n = total;
  }
  return { n, mean, m2 };
}

/**
 * olsClustered (CR1, statsmodels cov_type="cluster") on a design whose rows take one of C distinct values, with C
 * equal to the number of coefficients, given per-cell statistics: y is scaled by 1 / `scale` (the effects model
 * fits score / sd). An empty cell makes the design singular, as it does row by row.
 */
export function olsClusteredCells(data: ClusteredCells, scale = 1): LinearFit {
  const k = data.names.length;
  const C = data.cells.length;
  if (k === 0) throw new Error('OLS: the design has no columns');
  if (C !== k || data.x.length !== C || data.cross.length !== C)
    throw new Error(`OLS from cells: a saturated design needs one cell per coefficient; got ${C} cells, ${data.x.length} design rows and ${k} coefficients`);
  const total = pooledCells(data.cells);
  const n = total.n;
  if (n === 0) throw new AnalysisDataError('OLS: no observations');
  if (n <= k) throw new AnalysisDataError(`OLS: ${n} observations are too few for ${k} coefficients`);
  const G = data.clusters;
  if (G < 2) throw new AnalysisDataError(`clustered covariance needs at least 2 clusters, got ${G} (statsmodels divides by G-1 = 0)`);
  // Rows sqrt(n_c) x_c: their R is that of the full design (R'R = X'X), and Q'(S_c / sqrt(n_c)) gives X'y's solve.
  const w = data.cells.map((c) => Math.sqrt(c.n));
  const design: Design = { names: data.names, columns: data.names.map((_, j) => Float64Array.from(data.x, (row, c) => w[c] * row[j])) };
  const qr = householderQR(design);
  const wy = data.cells.map((c, i) => (c.n > 0 ? c.sum / scale / w[i] : 0));
  const coef = solveUpper(qr.r, qrApplyQt(qr, wy));
  const bread = xtxInverseFromR(qr.r);
  // meat = sum_c sum_c' cross_cc' x_c x_c' / scale^2.
  const meat = zeros(k, k);
  for (let c = 0; c < C; c++) {
    for (let e = 0; e < C; e++) {
      const v = data.cross[c][e] / (scale * scale);
      if (v === 0) continue;
      const xc = data.x[c];
      const xe = data.x[e];
      for (let a = 0; a < k; a++) if (xc[a] !== 0) for (let b = 0; b < k; b++) meat[a][b] += v * xc[a] * xe[b];
    }
  }
  const factor = (G / (G - 1)) * ((n - 1) / (n - k));
  const cov = sandwich(bread, meat).map((row) => row.map((v) => v * factor));
  const terms = termStats(data.names, coef, cov);
  const ssr = data.cells.reduce((s, c) => s + c.m2, 0) / (scale * scale);
  // statsmodels centres R^2 when a column is a non-zero constant over the rows (here: over the non-empty cells).
  const hasConst = data.names.some((_, j) => {
    const vals = data.x.filter((_, c) => data.cells[c].n > 0).map((row) => row[j]);
    return vals.length > 0 && vals[0] !== 0 && vals.every((v) => v === vals[0]);
  });
  let tss = total.m2 / (scale * scale);
  if (!hasConst) tss = data.cells.reduce((s, c) => s + c.m2 + (c.n > 0 ? (c.sum * c.sum) / c.n : 0), 0) / (scale * scale);
  return {
    n,
    k,
    names: [...data.names],
    coef,
    se: data.names.map((nm) => terms[nm].se),
    cov,
    terms,
    ssr,
    rsquared: 1 - ssr / tss,
    dfResid: n - k,
    covType: 'cluster',
    nClusters: G,
  };
}
