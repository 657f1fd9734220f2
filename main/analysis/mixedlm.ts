// REML random-intercept model y_ij = mu + b_i + e_ij (methods §3), as statsmodels
// `MixedLM(y, ones, groups).fit(reml=True)` / `lme4::lmer(y ~ 1 + (1|g), REML=TRUE)`, for unbalanced groups.
//
// With gamma = s2_b / s2_e, V_i = s2_e (I + gamma J) and the REML criterion profiles s2_e out in closed form:
//   -2 l_R(gamma) = (N-1)(log 2 pi + 1 + log(Q/(N-1))) + sum_i log(1 + n_i gamma) + log W
// where w_i = n_i / (1 + n_i gamma), W = sum w_i, mu = sum w_i ybar_i / W (GLS), and
//   Q(gamma) = SSW + sum_i n_i (ybar_i - mu)^2 / (1 + n_i gamma),  s2_e = Q / (N-1),  s2_b = gamma s2_e.
// The one-dimensional criterion is minimised on a log grid and then to machine precision by bisection on its
// analytic derivative; gamma = 0 (boundary) when the derivative is non-negative there.

import { groupIndex } from './ols.js';
import { AnalysisDataError } from './errors.js';

/** Variance components of a random-intercept model fitted by REML. */
export interface RandomInterceptFit {
  n: number;
  nGroups: number;
  /** Fixed intercept (GLS mean), statsmodels fe_params[0]. */
  intercept: number;
  /** Standard error of the intercept, sqrt(s2_e / W), statsmodels bse_fe[0]. */
  interceptSe: number;
  /** Between-group variance, statsmodels cov_re. */
  s2Between: number;
  /** Residual variance, statsmodels scale. */
  s2Residual: number;
  /** s2_b / (s2_b + s2_e): single-measurement reliability (intra-class correlation). */
  reliability: number;
  /** Restricted log-likelihood at the optimum, statsmodels llf for reml=True. */
  logLik: number;
  /** True when the optimum is at s2_b = 0. */
  boundary: boolean;
}

/** Fits y ~ 1 + (1 | group) by REML (statsmodels MixedLM reml=True); rows with non-finite y are an error. */
export function randomInterceptREML(y: ArrayLike<number>, groups: ArrayLike<unknown>): RandomInterceptFit {
  const N = y.length;
  if (groups.length !== N) throw new Error(`random intercept: groups has ${groups.length} entries but y has ${N}`);
  if (N < 2) throw new AnalysisDataError('random intercept: needs at least 2 observations');
  for (let i = 0; i < N; i++) if (!Number.isFinite(y[i])) throw new Error(`random intercept: y has a non-finite value at row ${i}`);
  const { index, count: G } = groupIndex(groups);
  const nI = new Float64Array(G);
  const sumI = new Float64Array(G);
  for (let i = 0; i < N; i++) {
    nI[index[i]] += 1;
    sumI[index[i]] += y[i];
  }
  const ybar = new Float64Array(G);
  for (let g = 0; g < G; g++) ybar[g] = sumI[g] / nI[g];
  let ssw = 0;
  for (let i = 0; i < N; i++) ssw += (y[i] - ybar[index[i]]) ** 2;
  return randomInterceptREMLStats(nI, sumI, ssw);
}

/**
 * randomInterceptREML from its sufficient statistics: each group's size and sum of y, and the within-group sum of
 * squares sum_i sum_j (y_ij - ybar_i)^2 (what a GROUP BY gives, without the rows).
 */
export function randomInterceptREMLStats(nI: ArrayLike<number>, sumI: ArrayLike<number>, ssw: number): RandomInterceptFit {
  const G = nI.length;
  if (sumI.length !== G) throw new Error(`random intercept: ${G} group sizes but ${sumI.length} group sums`);
  let N = 0;
  for (let g = 0; g < G; g++) N += nI[g];
  if (N < 2) throw new AnalysisDataError('random intercept: needs at least 2 observations');
  const ybar = new Float64Array(G);
  for (let g = 0; g < G; g++) ybar[g] = sumI[g] / nI[g];
  if (!(G >= 2)) throw new AnalysisDataError('random intercept: needs at least 2 groups to separate between- from within-group variance');
  if (!(N > G)) throw new AnalysisDataError('random intercept: every group has a single observation; within-group variance is not identified');
  if (!(ssw > 0)) throw new AnalysisDataError('random intercept: no within-group variation (all groups constant); residual variance would be 0');

  const parts = (gamma: number) => {
    let W = 0;
    let Wy = 0;
    for (let g = 0; g < G; g++) {
      const w = nI[g] / (1 + nI[g] * gamma);
      W += w;
      Wy += w * ybar[g];
    }
    const mu = Wy / W;
    let Q = ssw;
    let dQ = 0;
    let dW = 0;
    let sumLog = 0;
    let sumD = 0;
    for (let g = 0; g < G; g++) {
      const den = 1 + nI[g] * gamma;
      const dev = ybar[g] - mu;
      Q += (nI[g] * dev * dev) / den;
      dQ -= (nI[g] * nI[g] * dev * dev) / (den * den);
      dW -= (nI[g] * nI[g]) / (den * den);
      sumLog += Math.log(den);
      sumD += nI[g] / den;
    }
    const f = (N - 1) * Math.log(Q) + sumLog + Math.log(W);
    const df = ((N - 1) * dQ) / Q + sumD + dW / W;
    return { f, df, mu, Q, W };
  };

  // Coarse search over gamma in {0} U [1e-8, 1e8] on a log grid, then bisection on the derivative.
  const grid: number[] = [0];
  for (let e = -8; e <= 8; e += 0.1) grid.push(10 ** e);
  let best = 0;
  let bestF = Infinity;
  const fs = grid.map((g) => parts(g).f);
  fs.forEach((f, i) => {
    if (f < bestF) {
      bestF = f;
      best = i;
    }
  });
  let gamma: number;
  let boundary = false;
  if (best === 0 && parts(0).df >= 0) {
    gamma = 0;
    boundary = true;
  } else {
    let lo = grid[Math.max(0, best - 1)];
    let hi = grid[Math.min(grid.length - 1, best + 1)];
    if (parts(lo).df > 0) lo = 0; // derivative must be negative at lo
    if (parts(hi).df < 0) throw new AnalysisDataError('random intercept: REML optimum not bracketed (between-group variance diverges)');
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) break;
      if (parts(mid).df < 0) lo = mid;
      else hi = mid;
    }
    gamma = 0.5 * (lo + hi);
  }
  const { mu, Q, W } = parts(gamma);
  const s2e = Q / (N - 1);
  const s2b = gamma * s2e;
  let sumLog = 0;
  for (let g = 0; g < G; g++) sumLog += Math.log(1 + nI[g] * gamma);
  const m2l = (N - 1) * (Math.log(2 * Math.PI) + 1 + Math.log(s2e)) + sumLog + Math.log(W);
  return {
    n: N,
    nGroups: G,
    intercept: mu,
    interceptSe: Math.sqrt(s2e / W),
    s2Between: s2b,
    s2Residual: s2e,
    reliability: s2b / (s2b + s2e),
    logLik: -0.5 * m2l,
    boundary,
  };
}
