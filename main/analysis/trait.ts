// Trait and self-report versus expressed empathy (methods §4; Fig. 5).

import { designFromRows, SingularDesignError } from './linalg.js';
import { olsNonrobust, termStats } from './ols.js';
import { wilsonInterval } from './proportions.js';
import { AnalysisDataError } from './errors.js';

/** Simple linear regression y = intercept + slope x with classical inference. */
export interface SimpleRegression {
  n: number;
  slope: number;
  intercept: number;
  slopeSe: number;
  interceptSe: number;
  /** t statistic and two-sided p of the slope on n - 2 df. */
  t: number;
  p: number;
  /** 95% t interval of the slope. */
  slopeCi: [number, number];
  rsquared: number;
}

/**
 * OLS of y on x with an intercept over pairwise-complete observations, statsmodels
 * `OLS(y, add_constant(x)).fit()` (classical SEs, t on n-2 df); R^2 = squared Pearson correlation.
 */
export function simpleRegression(x: ArrayLike<number | null>, y: ArrayLike<number | null>): SimpleRegression {
  if (x.length !== y.length) throw new Error(`simple regression: x has ${x.length} entries but y has ${y.length}`);
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    rows.push([1, a]);
    ys.push(b);
  }
  if (rows.length < 3) throw tooFewPairs(rows.length);
  const fit = olsNonrobust(ys, designFromRows(rows, ['intercept', 'x']));
  const s = fit.terms.x;
  return {
    n: fit.n,
    slope: s.coef,
    intercept: fit.terms.intercept.coef,
    slopeSe: s.se,
    interceptSe: fit.terms.intercept.se,
    t: s.z,
    p: s.p,
    slopeCi: s.ci,
    rsquared: fit.rsquared,
  };
}

const tooFewPairs = (n: number) => new AnalysisDataError(`simple regression: needs at least 3 complete pairs, got ${n}`);

/**
 * Pairs grouped by x, as columns: group i has n[i] pairs (0: none, its other entries ignored) with x[i], whose y
 * values have mean[i] and sum of squared deviations m2[i] (0 when absent: groups of one pair).
 */
export interface RegressionGroups { x: ArrayLike<number>; n: ArrayLike<number>; mean: ArrayLike<number>; m2?: ArrayLike<number> }

/**
 * simpleRegression from the pairs grouped by x (a participant's conversations share the trait; a self-report value
 * recurs): the same OLS from centred cross sums (x̄, ȳ, Sxx, Sxy, Syy), with the same classical covariance, t on
 * n − 2 df, and the same rank test as the QR fit (the x column is singular when √Sxx ≤ 1e-10 ‖x‖).
 */
export function simpleRegressionOfGroups(g: RegressionGroups): SimpleRegression {
  const G = g.n.length;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < G; i++) {
    const k = g.n[i];
    if (!(k > 0)) continue;
    n += k;
    sx += k * g.x[i];
    sy += k * g.mean[i];
  }
  if (n < 3) throw tooFewPairs(n);
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let xx = 0;
  for (let i = 0; i < G; i++) {
    const k = g.n[i];
    if (!(k > 0)) continue;
    const dx = g.x[i] - mx;
    const dy = g.mean[i] - my;
    sxx += k * dx * dx;
    sxy += k * dx * dy;
    syy += (g.m2 ? g.m2[i] : 0) + k * dy * dy;
    xx += k * g.x[i] * g.x[i];
  }
  if (xx === 0) throw new SingularDesignError(`singular design matrix: column 'x' is all zeros`, ['x']);
  if (!(Math.sqrt(sxx) > 1e-10 * Math.sqrt(xx))) throw new SingularDesignError(`singular design matrix: column 'x' is a linear combination of earlier columns (intercept)`, ['x']);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssr = Math.max(0, syy - slope * sxy);
  const s2 = ssr / (n - 2);
  const cov = [[s2 * (1 / n + (mx * mx) / sxx), (-s2 * mx) / sxx], [(-s2 * mx) / sxx, s2 / sxx]];
  const terms = termStats(['intercept', 'x'], [intercept, slope], cov, n - 2);
  const t = terms.x;
  return { n, slope, intercept, slopeSe: t.se, interceptSe: terms.intercept.se, t: t.z, p: t.p, slopeCi: t.ci, rsquared: 1 - ssr / syy };
}

/** Share of self-reports at or above a level against the share of judge scores at or above it. */
export interface ShareComparison {
  threshold: number;
  nSelf: number;
  nJudge: number;
  shareSelf: number;
  shareJudge: number;
  /** shareSelf - shareJudge. */
  diff: number;
  /** 95% Wilson intervals of each share. */
  ciSelf: [number, number];
  ciJudge: [number, number];
}

/**
 * Methods §4 share comparison: share of self-reports >= threshold (default 4: "quite a bit"/"very much") against
 * the share of judge scores >= threshold on the matching dimension; missing values are dropped on each side.
 */
export function shareComparison(selfReports: ArrayLike<number | null>, judgeScores: ArrayLike<number | null>, threshold = 4): ShareComparison {
  const count = (v: ArrayLike<number | null>) => {
    let n = 0;
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      const a = v[i];
      if (a == null || !Number.isFinite(a)) continue;
      n++;
      if (a >= threshold) k++;
    }
    return { n, k };
  };
  return shareComparisonOf(count(selfReports), count(judgeScores), threshold);
}

/** shareComparison from counts: values on each side (n) and how many are at or above the threshold (k). */
export function shareComparisonOf(s: { n: number; k: number }, j: { n: number; k: number }, threshold: number): ShareComparison {
  if (s.n === 0 || j.n === 0) throw new AnalysisDataError('share comparison: both sides need at least one value');
  return {
    threshold,
    nSelf: s.n,
    nJudge: j.n,
    shareSelf: s.k / s.n,
    shareJudge: j.k / j.n,
    diff: s.k / s.n - j.k / j.n,
    ciSelf: wilsonInterval(s.k, s.n),
    ciJudge: wilsonInterval(j.k, j.n),
  };
}
