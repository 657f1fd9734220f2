// Agreement of two raters from the table of their paired values: every statistic of agreement() is a function of
// how often each (a, b) pair of values occurs, so a study of any size reduces to a few dozen rows that the database
// counts (main/studydata/agreement.ts). Same estimators as agreement(): the kappas from the same contingency
// tables, alpha and its bootstrap over the same unit types (the multiset {a, b}) drawn in the same order, Spearman
// on the same average ranks. Sums run over table rows instead of items, so alpha, rho and their p and CI can differ
// from agreement()'s in the last bits; the kappas, exact agreement, n and the bootstrap draws are the same.

import {
  type AgreementMetric, type AgreementOptions, type AgreementRow, kappaQuadraticObservedCounts, kappaQuadraticScaleCounts,
} from './agreement.js';
import { fisherCi } from './correlation.js';
import { studentTTwoSidedP } from './distributions.js';
import { AnalysisDataError } from './errors.js';
import { krippendorffAlphaTypes } from './krippendorff.js';

/**
 * Distinct (a, b) pairs of finite values with how many items have each, rows in order of the pair's first item
 * (the items' order in agreement(): that order numbers alpha's unit types, which fixes the bootstrap's draws).
 */
export interface PairTable {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  count: ArrayLike<number>;
}

/** The table as the two vectors agreement() takes (one item per count), for tests and small inputs. */
export function expandPairTable(t: PairTable): { a: Float64Array; b: Float64Array } {
  let n = 0;
  for (let i = 0; i < t.count.length; i++) n += t.count[i];
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < t.count.length; i++) for (let k = 0; k < t.count[i]; k++, at++) [a[at], b[at]] = [t.a[i], t.b[i]];
  return { a, b };
}

/** Average rank (scipy rankdata "average") of each distinct value, weighted by how many items hold it. */
function weightedRanks(values: ArrayLike<number>, count: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((p, q) => values[p] - values[q]);
  const ranks = new Float64Array(values.length);
  let before = 0;
  let k = 0;
  while (k < order.length) {
    let m = 0;
    let j = k;
    while (j < order.length && values[order[j]] === values[order[k]]) m += count[order[j++]];
    // Items before..before+m-1 (0-based) share the value: the rank (i + j) / 2 + 1 of averageRanks().
    const r = (before + (before + m - 1)) / 2 + 1;
    for (let q = k; q < j; q++) ranks[order[q]] = r;
    before += m;
    k = j;
  }
  return ranks;
}

/** spearman() on the table: Pearson of the weighted average ranks, scipy's t-based p, Fisher CI. */
function spearmanTable(t: PairTable, n: number): { rho: number; p: number; ci: [number, number] | null } {
  if (n < 2) return { rho: NaN, p: NaN, ci: null };
  const rx = weightedRanks(t.a, t.count);
  const ry = weightedRanks(t.b, t.count);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < rx.length; i++) {
    mx += t.count[i] * rx[i];
    my += t.count[i] * ry[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    const dx = rx[i] - mx;
    const dy = ry[i] - my;
    sxy += t.count[i] * dx * dy;
    sxx += t.count[i] * dx * dx;
    syy += t.count[i] * dy * dy;
  }
  const rho = sxx === 0 || syy === 0 ? NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  let p = NaN;
  if (!Number.isNaN(rho) && n > 2) p = Math.abs(rho) === 1 ? 0 : studentTTwoSidedP(rho * Math.sqrt((n - 2) / ((1 + rho) * (1 - rho))), n - 2);
  return { rho, p, ci: fisherCi(rho, n) };
}

/**
 * agreement() from the pair table: the kappas from the same contingency tables, alpha from the unit types with
 * their sizes, Spearman from weighted ranks.
 */
export function agreementFromTable(t: PairTable, opts: AgreementOptions = {}): AgreementRow {
  let n = 0;
  let same = 0;
  for (let i = 0; i < t.count.length; i++) {
    n += t.count[i];
    if (Math.abs(t.a[i] - t.b[i]) < 1e-9) same += t.count[i];
  }
  if (n === 0) throw new AnalysisDataError('agreement: no items scored by both raters');
  // Unit types: the multiset {a, b}, numbered in order of first appearance (rows are in first-item order).
  const typeOf = new Map<string, number>();
  const types: number[][] = [];
  const size: number[] = [];
  for (let i = 0; i < t.count.length; i++) {
    const lo = Math.min(t.a[i], t.b[i]);
    const hi = Math.max(t.a[i], t.b[i]);
    const key = `${lo},${hi}`;
    let k = typeOf.get(key);
    if (k === undefined) {
      typeOf.set(key, (k = types.length));
      types.push([t.a[i], t.b[i]]);
      size.push(0);
    }
    size[k] += t.count[i];
  }
  const boot = krippendorffAlphaTypes(types, size, { reps: opts.reps, seed: opts.seed });
  const sp = spearmanTable(t, n);
  return {
    n,
    kappa_scale: kappaQuadraticScaleCounts(t.a, t.b, t.count, opts.labels),
    kappa_observed: kappaQuadraticObservedCounts(t.a, t.b, t.count).kappa,
    alpha: boot.alpha,
    alpha_ci: boot.ci,
    rho: sp.rho,
    rho_ci: sp.ci,
    rho_p: sp.p,
    exact: same / n,
  };
}

/** One statistic of agreementFromTable without the bootstrap (the leave-one-out folds compare point values). */
export function agreementStatFromTable(t: PairTable, metric: AgreementMetric): number {
  return agreementFromTable(t, { reps: 0 })[metric];
}
