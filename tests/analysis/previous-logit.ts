// The clustered logit as it was before it was fitted from typed columns with indicator columns walked over their rows
// of 1 (main/analysis/logit.ts, preference-logit.ts): a dense Newton-Raphson over every column pair and the design
// built from trial objects, kept as the oracle of tests/analysis/preference-fit.test.ts. The errors it throws are the
// engine's classes, so messages compare as they are.

import {
  AnalysisDataError, cholesky, choleskySolve, type Design, groupIndex, householderQR, invertSPD, isConstant, type LogitFit,
  type LogitOptions, type LogitTermStats, normalTwoSidedP, type PreferenceTrial, sandwich, SeparationError, Z975, zeros,
} from '../../main/analysis/index.js';

function logistic(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** log(1 + e^eta) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function constantColumn(design: Design): number {
  return design.columns.findIndex(isConstant);
}

/** Single-column check: does one column (with the intercept) separate y? Returns a message or null. */
function columnSeparation(y: Float64Array, design: Design, hasConst: boolean): { message: string; column: string } | null {
  const n = y.length;
  for (let j = 0; j < design.columns.length; j++) {
    const c = design.columns[j];
    let min0 = Infinity;
    let max0 = -Infinity;
    let min1 = Infinity;
    let max1 = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (y[i] === 1) {
        if (v < min1) min1 = v;
        if (v > max1) max1 = v;
      } else {
        if (v < min0) min0 = v;
        if (v > max0) max0 = v;
      }
    }
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

/**
 * Logistic regression by Newton-Raphson (statsmodels Logit.fit(method="newton")) to machine precision; covariance
 * is the inverse Hessian, or with `groups` the clustered sandwich H^-1 [sum_g s_g s_g'] H^-1 times
 * G/(G-1) (N-1)/(N-K) as statsmodels cov_type="cluster"; z statistics and normal 95% CIs. Throws SeparationError
 * naming the column(s) when the MLE does not exist and SingularDesignError for rank-deficient designs.
 */
export function previousLogisticRegression(yIn: ArrayLike<number | boolean>, design: Design, opts: LogitOptions = {}): LogitFit {
  const n = yIn.length;
  const k = design.columns.length;
  if (n === 0) throw new AnalysisDataError('logistic regression: no observations');
  if (k === 0) throw new Error('logistic regression: the design has no columns');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(yIn[i]);
    if (v !== 0 && v !== 1) throw new Error(`logistic regression: y must be 0/1, got ${String(yIn[i])} at row ${i}`);
    y[i] = v;
  }
  for (const [j, c] of design.columns.entries())
    if (c.length !== n) throw new Error(`logistic regression: column '${design.names[j]}' has ${c.length} rows but y has ${n}`);
  if (n <= k) throw new AnalysisDataError(`logistic regression: ${n} observations are too few for ${k} coefficients`);
  householderQR(design); // rank check: throws SingularDesignError naming the dependent column
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i];
  if (ySum === 0 || ySum === n)
    throw new SeparationError(`logistic regression: the outcome is ${ySum === 0 ? 'always 0' : 'always 1'}; nothing to model`, []);
  const cst = constantColumn(design);
  const single = columnSeparation(y, design, cst >= 0);
  if (single) throw new SeparationError(single.message, [single.column]);

  const cols = design.columns;
  const beta = new Array<number>(k).fill(0);
  const eta = new Float64Array(n);
  const p = new Float64Array(n);
  const computeEta = (b: number[], out: Float64Array) => {
    out.fill(0);
    for (let j = 0; j < k; j++) {
      const c = cols[j];
      const bj = b[j];
      if (bj === 0) continue;
      for (let i = 0; i < n; i++) out[i] += bj * c[i];
    }
  };
  const logLik = (e: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i] * e[i] - softplus(e[i]);
    return s;
  };
  computeEta(beta, eta);
  let ll = logLik(eta);
  const maxIter = opts.maxIter ?? 100;
  const history: number[][] = [];
  let iterations = 0;
  let converged = false;
  let failure = '';
  let hess = zeros(k, k);
  const trial = new Float64Array(n);
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    for (let i = 0; i < n; i++) p[i] = logistic(eta[i]);
    const grad = new Array<number>(k).fill(0);
    hess = zeros(k, k);
    for (let a = 0; a < k; a++) {
      const ca = cols[a];
      let g = 0;
      for (let i = 0; i < n; i++) g += ca[i] * (y[i] - p[i]);
      grad[a] = g;
      for (let b = a; b < k; b++) {
        const cb = cols[b];
        let h = 0;
        for (let i = 0; i < n; i++) h += ca[i] * cb[i] * p[i] * (1 - p[i]);
        hess[a][b] = h;
        hess[b][a] = h;
      }
    }
    let step: number[];
    try {
      step = choleskySolve(cholesky(hess), grad);
    } catch {
      failure = 'the information matrix became singular (fitted probabilities reached 0 or 1)';
      break;
    }
    let t = 1;
    let newBeta = beta.map((b, j) => b + step[j]);
    computeEta(newBeta, trial);
    let newLl = logLik(trial);
    for (let h = 0; h < 40 && !(newLl >= ll - 1e-12 * Math.abs(ll)); h++) {
      t /= 2;
      newBeta = beta.map((b, j) => b + t * step[j]);
      computeEta(newBeta, trial);
      newLl = logLik(trial);
    }
    const maxStep = Math.max(...step.map((s, j) => Math.abs(t * s) / Math.max(1, Math.abs(beta[j]))));
    for (let j = 0; j < k; j++) beta[j] = newBeta[j];
    eta.set(trial);
    ll = newLl;
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
    let perfect = 0;
    for (let i = 0; i < n; i++) if (Math.abs(logistic(eta[i]) - y[i]) < 1e-6) perfect++;
    const why = failure || `Newton-Raphson did not converge in ${maxIter} iterations`;
    throw new SeparationError(
      `perfect or quasi-complete separation: ${why}; ${perfect} of ${n} rows are fitted with probability 0 or 1 and the coefficients of ${moving.map((m) => `'${m}'`).join(', ')} diverge. The maximum-likelihood estimate does not exist (statsmodels: PerfectSeparationError or ConvergenceWarning); drop, merge or recode ${moving.length > 1 ? 'these columns (a combination of them separates the outcome)' : 'this column'}.`,
      moving,
    );
  }
  // Information matrix at the optimum.
  for (let i = 0; i < n; i++) p[i] = logistic(eta[i]);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let h = 0;
      const ca = cols[a];
      const cb = cols[b];
      for (let i = 0; i < n; i++) h += ca[i] * cb[i] * p[i] * (1 - p[i]);
      hess[a][b] = h;
      hess[b][a] = h;
    }
  const bread = invertSPD(hess);
  let cov = bread;
  let nClusters: number | undefined;
  if (opts.groups) {
    if (opts.groups.length !== n) throw new Error(`logistic regression: groups has ${opts.groups.length} entries but y has ${n}`);
    const { index, count: G } = groupIndex(opts.groups);
    if (G < 2) throw new AnalysisDataError(`clustered covariance needs at least 2 clusters, got ${G} (statsmodels divides by G-1 = 0)`);
    const scores = new Float64Array(G * k);
    for (let j = 0; j < k; j++) {
      const c = cols[j];
      for (let i = 0; i < n; i++) scores[index[i] * k + j] += c[i] * (y[i] - p[i]);
    }
    const meat = zeros(k, k);
    for (let g = 0; g < G; g++)
      for (let a = 0; a < k; a++)
        for (let b = a; b < k; b++) meat[a][b] += scores[g * k + a] * scores[g * k + b];
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) meat[a][b] = meat[b][a];
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
    covType: opts.groups ? 'cluster' : 'nonrobust',
    nClusters,
  };
}

/**
 * Methods §6 preference model: Logit of y on an intercept, the predictors and scenario indicators (reference: the
 * first scenario in sort order unless given; columns named `scenario:<label>`), clustered by rater.
 */
export function previousPreferenceLogit(trials: readonly PreferenceTrial[], opts: { reference?: string } = {}): LogitFit & { reference: string } {
  if (trials.length === 0) throw new AnalysisDataError('preference model: no trials');
  const predictors = Object.keys(trials[0].predictors);
  const scenarios = [...new Set(trials.map((t) => t.scenario))].sort();
  const reference = opts.reference ?? scenarios[0];
  if (!scenarios.includes(reference)) throw new AnalysisDataError(`preference model: reference scenario '${reference}' has no trials`);
  const others = scenarios.filter((s) => s !== reference);
  const names = ['intercept', ...predictors, ...others.map((s) => `scenario:${s}`)];
  const n = trials.length;
  const columns = names.map(() => new Float64Array(n));
  trials.forEach((t, i) => {
    columns[0][i] = 1;
    predictors.forEach((p, j) => {
      const v = t.predictors[p];
      if (v == null || !Number.isFinite(v)) throw new AnalysisDataError(`preference model: trial ${i} has no finite value for predictor '${p}'`);
      columns[1 + j][i] = v;
    });
    const s = others.indexOf(t.scenario);
    if (s >= 0) columns[1 + predictors.length + s][i] = 1;
  });
  const fit = previousLogisticRegression(
    trials.map((t) => Number(t.y)),
    { names, columns },
    { groups: trials.map((t) => t.rater) },
  );
  return { ...fit, reference };
}
