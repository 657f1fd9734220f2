// Ordinary least squares with classical or participant-clustered (CR1) covariance, matching statsmodels
// `OLS(y, X).fit()` and `OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})`.

import { normalTwoSidedP, studentTQuantile, studentTTwoSidedP, Z975 } from './distributions.js';
import { type Design, householderQR, qrApplyQt, sandwich, solveUpper, xtxInverseFromR, zeros } from './linalg.js';
import { AnalysisDataError } from './errors.js';

/** Inference for one coefficient: estimate, standard error, test statistic (z or t), two-sided p, CI. */
export interface TermStats {
  coef: number;
  se: number;
  /** z statistic (clustered fits) or t statistic (classical fits); named z for both to keep one shape. */
  z: number;
  p: number;
  ci: [number, number];
}

/** What every fitted regression carries: coefficients, covariance and per-term inference. */
export interface ModelFit<T extends TermStats = TermStats> {
  n: number;
  k: number;
  names: string[];
  coef: number[];
  se: number[];
  cov: number[][];
  terms: Record<string, T>;
  /** 'cluster' (CR1) or 'nonrobust' (classical). */
  covType: 'cluster' | 'nonrobust';
  /** Number of clusters for clustered fits. */
  nClusters?: number;
}

/** A fitted linear model with its covariance and per-term inference. */
export interface LinearFit extends ModelFit {
  /** Residual sum of squares. */
  ssr: number;
  /** statsmodels rsquared: centred when the design has a constant column, uncentred otherwise. */
  rsquared: number;
  /** Clustered fits use normal inference; nonrobust ones t inference with dfResid. */
  dfResid: number;
}

/** Maps arbitrary group labels to 0..G-1 in order of first appearance. */
export function groupIndex(groups: ArrayLike<unknown>): { index: Int32Array; count: number; labels: unknown[] } {
  const map = new Map<unknown, number>();
  const index = new Int32Array(groups.length);
  const labels: unknown[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    let id = map.get(g);
    if (id === undefined) {
      id = labels.length;
      map.set(g, id);
      labels.push(g);
    }
    index[i] = id;
  }
  return { index, count: labels.length, labels };
}

/** True when a column is a non-zero constant (an intercept), which makes R^2 centred as in statsmodels. */
export function isConstant(c: Float64Array): boolean {
  const v = c[0];
  if (v === 0 || c.length === 0) return false;
  for (let i = 1; i < c.length; i++) if (c[i] !== v) return false;
  return true;
}

interface CoreFit {
  n: number;
  k: number;
  coef: number[];
  resid: Float64Array;
  bread: number[][];
  ssr: number;
  rsquared: number;
}

function coreFit(y: ArrayLike<number>, design: Design): CoreFit {
  const k = design.columns.length;
  const n = y.length;
  if (k === 0) throw new Error('OLS: the design has no columns');
  if (n === 0) throw new AnalysisDataError('OLS: no observations');
  for (const [j, c] of design.columns.entries())
    if (c.length !== n) throw new Error(`OLS: column '${design.names[j]}' has ${c.length} rows but y has ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new Error(`OLS: y has a non-finite value at row ${i}`);
  if (n <= k) throw new AnalysisDataError(`OLS: ${n} observations are too few for ${k} coefficients`);
  const qr = householderQR(design);
  const qty = qrApplyQt(qr, y);
  const coef = solveUpper(qr.r, qty);
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = y[i];
  for (let j = 0; j < k; j++) {
    const c = design.columns[j];
    const b = coef[j];
    for (let i = 0; i < n; i++) resid[i] -= b * c[i];
  }
  let ssr = 0;
  for (let i = 0; i < n; i++) ssr += resid[i] * resid[i];
  const hasConst = design.columns.some(isConstant);
  let tss = 0;
  if (hasConst) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    for (let i = 0; i < n; i++) tss += (y[i] - mean) ** 2;
  } else for (let i = 0; i < n; i++) tss += y[i] * y[i];
  return { n, k, coef, resid, bread: xtxInverseFromR(qr.r), ssr, rsquared: 1 - ssr / tss };
}

/** Per-term stats from coefficients and covariance; normal (z) or Student t (df) reference distribution. */
export function termStats(names: string[], coef: number[], cov: number[][], df: number = Infinity): Record<string, TermStats> {
  const crit = df === Infinity ? Z975 : studentTQuantile(0.975, df);
  const out: Record<string, TermStats> = {};
  names.forEach((name, j) => {
    const se = Math.sqrt(cov[j][j]);
    const z = coef[j] / se;
    const p = df === Infinity ? normalTwoSidedP(z) : studentTTwoSidedP(z, df);
    out[name] = { coef: coef[j], se, z, p, ci: [coef[j] - crit * se, coef[j] + crit * se] };
  });
  return out;
}

/**
 * OLS with cluster-robust covariance, exactly statsmodels `OLS(y, X).fit(cov_type="cluster",
 * cov_kwds={"groups": groups})`: CR1 = G/(G-1) (N-1)/(N-K) (X'X)^-1 [sum_g X_g'u_g u_g'X_g] (X'X)^-1, z statistics,
 * two-sided normal p-values and normal 95% intervals. Throws with fewer than 2 clusters.
 */
export function olsClustered(y: ArrayLike<number>, design: Design, groups: ArrayLike<unknown>): LinearFit {
  if (groups.length !== y.length) throw new Error(`OLS: groups has ${groups.length} entries but y has ${y.length}`);
  const fit = coreFit(y, design);
  const { n, k, resid, bread } = fit;
  const { index, count: G } = groupIndex(groups);
  if (G < 2)
    throw new AnalysisDataError(`clustered covariance needs at least 2 clusters, got ${G} (statsmodels divides by G-1 = 0)`);
  const scores = new Float64Array(G * k);
  for (let j = 0; j < k; j++) {
    const c = design.columns[j];
    for (let i = 0; i < n; i++) scores[index[i] * k + j] += c[i] * resid[i];
  }
  const meat = zeros(k, k);
  for (let g = 0; g < G; g++) {
    const o = g * k;
    for (let a = 0; a < k; a++) {
      const sa = scores[o + a];
      if (sa === 0) continue;
      for (let b = a; b < k; b++) meat[a][b] += sa * scores[o + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) meat[a][b] = meat[b][a];
  const factor = (G / (G - 1)) * ((n - 1) / (n - k));
  const cov = sandwich(bread, meat).map((row) => row.map((v) => v * factor));
  const terms = termStats(design.names, fit.coef, cov);
  return {
    n,
    k,
    names: [...design.names],
    coef: fit.coef,
    se: design.names.map((nm) => terms[nm].se),
    cov,
    terms,
    ssr: fit.ssr,
    rsquared: fit.rsquared,
    dfResid: n - k,
    covType: 'cluster',
    nClusters: G,
  };
}

/** Classical OLS, statsmodels `OLS(y, X).fit()`: cov = s^2 (X'X)^-1 with s^2 = SSR/(N-K), t inference on N-K df. */
export function olsNonrobust(y: ArrayLike<number>, design: Design): LinearFit {
  const fit = coreFit(y, design);
  const { n, k, bread, ssr } = fit;
  const s2 = ssr / (n - k);
  const cov = bread.map((row) => row.map((v) => v * s2));
  const terms = termStats(design.names, fit.coef, cov, n - k);
  return {
    n,
    k,
    names: [...design.names],
    coef: fit.coef,
    se: design.names.map((nm) => terms[nm].se),
    cov,
    terms,
    ssr,
    rsquared: fit.rsquared,
    dfResid: n - k,
    covType: 'nonrobust',
  };
}
