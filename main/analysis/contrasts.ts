// Wald contrasts between coefficients of a fitted model (methods §2, Extended Data Table 2).

import { normalTwoSidedP, Z975 } from './distributions.js';
import type { EffectsResult } from './effects.js';
import { holm } from './multiple.js';
import { AnalysisDataError } from './errors.js';

/** Anything with named coefficients and their covariance (OLS, logit, effects fits). */
export interface CoefCov {
  names: string[];
  coef: number[];
  cov: number[][];
}

/** A linear combination of coefficients with its Wald z test. */
export interface WaldResult {
  estimate: number;
  se: number;
  z: number;
  p: number;
  ci: [number, number];
}

/**
 * Wald z test of sum_j w_j b_j = 0 using the model covariance (statsmodels `results.t_test(r)` with normal
 * inference): var = w' V w, z = estimate / se, two-sided normal p.
 */
export function waldContrast(fit: CoefCov, weights: Record<string, number>): WaldResult {
  const idx = Object.keys(weights).map((name) => {
    const j = fit.names.indexOf(name);
    if (j < 0) throw new AnalysisDataError(`wald contrast: no coefficient named '${name}' (have ${fit.names.join(', ')})`);
    return [j, weights[name]] as const;
  });
  let est = 0;
  let v = 0;
  for (const [j, w] of idx) {
    est += w * fit.coef[j];
    for (const [l, u] of idx) v += w * u * fit.cov[j][l];
  }
  const se = Math.sqrt(v);
  const z = est / se;
  return { estimate: est, se, z, p: normalTwoSidedP(z), ci: [est - Z975 * se, est + Z975 * se] };
}

/** One pairwise comparison of treatment effects: delta = b[a:post] - b[b:post]. */
export interface InteractionContrast extends WaldResult {
  a: string;
  b: string;
}

/**
 * Pairwise contrasts of the condition x post interactions (methods §2): delta = b_a:post - b_b:post, var = V_aa +
 * V_bb - 2 V_ab. Default pairs: every later treatment against every earlier one, in treatment order (for video,
 * coach, combined: coach vs video, combined vs video, combined vs coach, as in Extended Data Table 2).
 */
export function interactionContrasts(fit: EffectsResult, pairs?: [string, string][]): InteractionContrast[] {
  const use = pairs ?? orderPairs(fit.treatments);
  return use.map(([a, b]) => ({ a, b, ...waldContrast(fit, { [`${a}:post`]: 1, [`${b}:post`]: -1 }) }));
}

function orderPairs(t: string[]): [string, string][] {
  // For each earlier treatment (outer, in order), each later one against it: (t1 vs t0), (t2 vs t0), (t2 vs t1).
  const out: [string, string][] = [];
  for (let j = 0; j < t.length; j++) for (let i = j + 1; i < t.length; i++) out.push([t[i], t[j]]);
  return out;
}

/** Holm-adjusted p-values across a set of contrasts shown together (methods §2: 6 dimensions x 3 pairs = 18). */
export function holmAdjust<T extends { p: number }>(tests: T[]): (T & { pHolm: number })[] {
  const adj = holm(tests.map((t) => t.p));
  return tests.map((t, i) => ({ ...t, pHolm: adj[i] }));
}
