// Logistic regression by Newton-Raphson with classical or clustered covariance, matching statsmodels
// `Logit(y, X).fit()` and `Logit(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})` (methods §6;
// Supplementary Tables 9-12). Separation and singular designs raise clear errors instead of returning NaN.

import { normalTwoSidedP, Z975 } from './distributions.js';
import { cholesky, choleskySolve, type Design, householderQR, invertSPD, sandwich, zeros } from './linalg.js';
import { groupIndex, isConstant, type ModelFit, type TermStats } from './ols.js';
import { AnalysisDataError } from './errors.js';
import { scratchF64 } from './scratch.js';
import { clearlyFullRank, clusterMeat, clusterScores, columnRanges, newtonSums, type RowPlan, rowPlan } from './logit-sums.js';
import { rowPatterns } from './logit-patterns.js';

/** Thrown when the maximum-likelihood estimate does not exist because of (quasi-)complete separation. */
export class SeparationError extends AnalysisDataError {
  readonly columns: string[];
  constructor(message: string, columns: string[]) {
    super(message);
    this.name = 'SeparationError';
    this.columns = columns;
  }
}

/** Per-term inference plus the odds ratio exp(coef) and its 95% interval. */
export interface LogitTermStats extends TermStats {
  oddsRatio: number;
  orCi: [number, number];
}

/** A fitted logistic regression (coefficients in log-odds) with covariance and per-term inference. */
export interface LogitFit extends ModelFit<LogitTermStats> {
  logLik: number;
  /** Log-likelihood of the intercept-only model (when the design has a constant column), statsmodels llnull. */
  llNull: number | null;
  /** McFadden pseudo R^2 = 1 - logLik / llNull, statsmodels prsquared. */
  pseudoR2: number | null;
  iterations: number;
}

/** Options of logisticRegression(): cluster labels for CR1 covariance, iteration cap. */
export interface LogitOptions {
  /** Cluster labels (one per row): clustered CR1 covariance as statsmodels cov_type="cluster". */
  groups?: ArrayLike<unknown>;
  /**
   * The clusters already numbered (index[i] in 0..count-1, in order of first appearance as groupIndex numbers them),
   * instead of `groups`: at 100x the preference models' 150,000 rater labels need no Map.
   */
  clusters?: { index: Int32Array; count: number };
  maxIter?: number;
  /**
   * Sum each distinct (outcome, design row) once, weighted by how many rows share it, when many repeat
   * (logit-patterns.ts): the same estimate, with sums in another order, so not bit for bit the ungrouped fit.
   */
  groupRows?: boolean;
}

function logistic(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function constantColumn(design: Design): number {
  return design.columns.findIndex(isConstant);
}

/** Single-column check: does one column (with the intercept) separate y? Returns a message or null. */
function columnSeparation(y: Float64Array, design: Design, plan: RowPlan, hasConst: boolean): { message: string; column: string } | null {
  const ranges = columnRanges(plan, y);
  for (let j = 0; j < design.columns.length; j++) {
    const { min0, max0, min1, max1 } = ranges[j];
    if (Math.min(min0, min1) === Math.max(max0, max1)) continue; // constant column
    const name = design.names[j];
    if (max0 <= min1 && (hasConst || max0 === 0)) {
      const kind = max0 < min1 ? 'complete' : 'quasi-complete';
      return {
        column: name,
        message: `perfect separation (${kind}) on column '${name}': every row with ${name} > ${max0} has y = 1 and every row with y = 0 has ${name} <= ${max0}; the maximum-likelihood estimate does not exist (statsmodels: PerfectSeparationError / non-convergence). Drop, merge or recode '${name}'.`,
      };
    }
    if (max1 <= min0 && (hasConst || max1 === 0)) {
      const kind = max1 < min0 ? 'complete' : 'quasi-complete';
      return {
        column: name,
        message: `perfect separation (${kind}) on column '${name}': every row with ${name} > ${max1} has y = 0 and every row with y = 1 has ${name} <= ${max1}; the maximum-likelihood estimate does not exist (statsmodels: PerfectSeparationError / non-convergence). Drop, merge or recode '${name}'.`,
      };
    }
  }
  return null;
}

// The loops over the rows are small functions (here and in logit-sums.ts): V8 optimizes a long loop while it runs and
// drops that code at the first statement after it in the same function that has not run yet.

/** y as 0/1 doubles into `out`; anything else is an error naming the row. */
function outcome(yIn: ArrayLike<number | boolean>, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    const v = Number(yIn[i]);
    if (v !== 0 && v !== 1) throw new Error(`logistic regression: y must be 0/1, got ${String(yIn[i])} at row ${i}`);
    out[i] = v;
  }
  return out;
}

function sum(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w === null ? y[i] : w[i] * y[i];
  return s;
}

/** Each row's residual, its pattern's (the clustered covariance sums them by cluster over the original rows). */
function rowResiduals(of: Int32Array, res: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = res[of[i]];
  return out;
}

/** How many rows are fitted with probability within 1e-6 of their outcome (the separation diagnostic). */
function perfectRows(eta: Float64Array, y: Float64Array, w: Float64Array | null): number {
  let perfect = 0;
  for (let i = 0; i < eta.length; i++) if (Math.abs(logistic(eta[i]) - y[i]) < 1e-6) perfect += w === null ? 1 : w[i];
  return perfect;
}

/**
 * Logistic regression by Newton-Raphson (statsmodels Logit.fit(method="newton")) to machine precision; covariance
 * is the inverse Hessian, or with `groups` the clustered sandwich H^-1 [sum_g s_g s_g'] H^-1 times
 * G/(G-1) (N-1)/(N-K) as statsmodels cov_type="cluster"; z statistics and normal 95% CIs. Throws SeparationError
 * naming the column(s) when the MLE does not exist and SingularDesignError for rank-deficient designs.
 */
export function logisticRegression(yIn: ArrayLike<number | boolean>, design: Design, opts: LogitOptions = {}): LogitFit {
  const n = yIn.length;
  const k = design.columns.length;
  if (n === 0) throw new AnalysisDataError('logistic regression: no observations');
  if (k === 0) throw new Error('logistic regression: the design has no columns');
  // Every per-row array of the fit is a scratch slot (scratch.ts): fresh ones cost more than the sums at 100x.
  const yRows = outcome(yIn, scratchF64('logit.y', n));
  for (const [j, c] of design.columns.entries())
    if (c.length !== n) throw new Error(`logistic regression: column '${design.names[j]}' has ${c.length} rows but y has ${n}`);
  if (n <= k) throw new AnalysisDataError(`logistic regression: ${n} observations are too few for ${k} coefficients`);
  // The passes of each step (logit-sums.ts): the design row by row, a factor's dummies as one level per row.
  const rows = rowPlan(design.columns);
  // With groupRows, the steps sum the distinct rows, each weighted by its count; `plan`, `y` and `w` are what they sum.
  const patterns = opts.groupRows ? rowPatterns(rows, yRows) : null;
  const plan = patterns?.plan ?? rows;
  const y = patterns?.y ?? yRows;
  const w = patterns?.w ?? null;
  const m = plan.n;
  const beta = new Array<number>(k).fill(0);
  // The predictor and y - p of the last pass (newtonSums): at the end, the estimate's, for the clustered covariance.
  const eta = scratchF64('logit.eta', m);
  const res = scratchF64('logit.res', m);
  let grad = new Array<number>(k).fill(0);
  let hess = zeros(k, k);
  let ll = newtonSums(plan, beta, y, w, eta, res, grad, hess);
  // The information at the start (beta = 0, every p = 1/2) is X'X / 4: the rank check's Gram matrix, and the first
  // step's information and score. Only a design not clearly of full rank goes through householderQR, for its verdict
  // and error.
  if (!clearlyFullRank(hess)) householderQR(design); // rank check: throws SingularDesignError naming the dependent column
  const ySum = sum(y, w);
  if (ySum === 0 || ySum === n)
    throw new SeparationError(`logistic regression: the outcome is ${ySum === 0 ? 'always 0' : 'always 1'}; nothing to model`, []);
  const cst = constantColumn(design);
  const single = columnSeparation(y, design, plan, cst >= 0);
  if (single) throw new SeparationError(single.message, [single.column]);
  const maxIter = opts.maxIter ?? 100;
  const history: number[][] = [];
  let iterations = 0;
  let converged = false;
  let failure = '';
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    let step: number[];
    try {
      step = choleskySolve(cholesky(hess), grad);
    } catch {
      failure = 'the information matrix became singular (fitted probabilities reached 0 or 1)';
      break;
    }
    // Each trial step's pass also takes the score and information there: the next step's, once the step is kept (a
    // step halved by the line search, rare, costs a whole pass per halving).
    const nextGrad = new Array<number>(k).fill(0);
    const nextHess = zeros(k, k);
    let t = 1;
    let newBeta = beta.map((b, j) => b + step[j]);
    let newLl = newtonSums(plan, newBeta, y, w, eta, res, nextGrad, nextHess);
    for (let h = 0; h < 40 && !(newLl >= ll - 1e-12 * Math.abs(ll)); h++) {
      t /= 2;
      newBeta = beta.map((b, j) => b + t * step[j]);
      newLl = newtonSums(plan, newBeta, y, w, eta, res, nextGrad, nextHess);
    }
    const maxStep = Math.max(...step.map((s, j) => Math.abs(t * s) / Math.max(1, Math.abs(beta[j]))));
    for (let j = 0; j < k; j++) beta[j] = newBeta[j];
    [grad, hess, ll] = [nextGrad, nextHess, newLl];
    history.push([...beta]);
    if (maxStep < 1e-11) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    // Diagnose: which coefficients keep moving (the separating direction), how many rows are fitted at 0 or 1.
    const last = history[history.length - 1] ?? beta;
    const earlier = history[Math.max(0, history.length - 6)] ?? new Array<number>(k).fill(0);
    const d = last.map((b, j) => b - earlier[j]);
    const dmax = Math.max(...d.map(Math.abs));
    const moving = design.names.filter((_, j) => dmax > 0 && Math.abs(d[j]) >= 0.1 * dmax);
    const perfect = perfectRows(eta, y, w);
    const why = failure || `Newton-Raphson did not converge in ${maxIter} iterations`;
    throw new SeparationError(
      `perfect or quasi-complete separation: ${why}; ${perfect} of ${n} rows are fitted with probability 0 or 1 and the coefficients of ${moving.map((m) => `'${m}'`).join(', ')} diverge. The maximum-likelihood estimate does not exist (statsmodels: PerfectSeparationError or ConvergenceWarning); drop, merge or recode ${moving.length > 1 ? 'these columns (a combination of them separates the outcome)' : 'this column'}.`,
      moving,
    );
  }
  // The last pass was at the estimate: hess is its information matrix, res its residuals.
  const bread = invertSPD(hess);
  let cov = bread;
  let nClusters: number | undefined;
  const clustered = opts.clusters ?? (opts.groups ? groupIndex(opts.groups) : null);
  if (clustered) {
    if (clustered.index.length !== n) throw new Error(`logistic regression: groups has ${clustered.index.length} entries but y has ${n}`);
    const { index, count: G } = clustered;
    if (G < 2) throw new AnalysisDataError(`clustered covariance needs at least 2 clusters, got ${G} (statsmodels divides by G-1 = 0)`);
    const rowRes = patterns ? rowResiduals(patterns.of, res, scratchF64('logit.rowRes', n)) : res;
    const meat = clusterMeat(clusterScores(rows, rowRes, index, G), G, k);
    const factor = (G / (G - 1)) * ((n - 1) / (n - k));
    cov = sandwich(bread, meat).map((row) => row.map((v) => v * factor));
    nClusters = G;
  }
  const terms: Record<string, LogitTermStats> = {};
  const se: number[] = [];
  design.names.forEach((name, j) => {
    const s = Math.sqrt(cov[j][j]);
    se.push(s);
    const z = beta[j] / s;
    const ci: [number, number] = [beta[j] - Z975 * s, beta[j] + Z975 * s];
    terms[name] = { coef: beta[j], se: s, z, p: normalTwoSidedP(z), ci, oddsRatio: Math.exp(beta[j]), orCi: [Math.exp(ci[0]), Math.exp(ci[1])] };
  });
  let llNull: number | null = null;
  if (cst >= 0) {
    const m = ySum / n;
    llNull = ySum * Math.log(m) + (n - ySum) * Math.log(1 - m);
  }
  return {
    n,
    k,
    names: [...design.names],
    coef: [...beta],
    se,
    cov,
    terms,
    logLik: ll,
    llNull,
    pseudoR2: llNull === null ? null : 1 - ll / llNull,
    iterations,
    covType: clustered ? 'cluster' : 'nonrobust',
    nClusters,
  };
}
