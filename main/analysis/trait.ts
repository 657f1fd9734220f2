// Trait and self-report versus expressed empathy (methods §4; Fig. 5).

import { designFromRows } from './linalg.js';
import { olsNonrobust } from './ols.js';
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
  if (rows.length < 3) throw new AnalysisDataError(`simple regression: needs at least 3 complete pairs, got ${rows.length}`);
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
  const s = count(selfReports);
  const j = count(judgeScores);
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
