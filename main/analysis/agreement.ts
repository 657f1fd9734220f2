// Agreement between two score vectors (rater agreement matrix; issue 2 "agreement"): two quadratic-weighted
// Cohen's kappas, Krippendorff's interval alpha with a bootstrap CI, Spearman with a Fisher CI, exact agreement;
// the median of a group of raters; and flags for dimensions where a rater agrees less than the experts do.

import { spearman, completePairs } from './correlation.js';
import { median } from './descriptive.js';
import { normalTwoSidedP } from './distributions.js';
import { krippendorffAlphaBootstrap } from './krippendorff.js';
import { AnalysisDataError } from './errors.js';

/** A score vector over the same items; null, undefined or NaN = missing. */
export type Scores = ArrayLike<number | null | undefined>;

/** Round half up (floor(x + 0.5)), used to put non-integer scores (crowd means, medians of 2) on the 1..5 scale. */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/** Round half to even, as numpy.round / pandas Series.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** Weighted Cohen's kappa of a square contingency table with disagreement weights; NaN when expected disagreement is 0. */
export function weightedKappa(table: number[][], weights: number[][]): number {
  const k = table.length;
  let n = 0;
  const row = new Array<number>(k).fill(0);
  const col = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      n += table[i][j];
      row[i] += table[i][j];
      col[j] += table[i][j];
    }
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      obs += weights[i][j] * table[i][j];
      exp += (weights[i][j] * row[i] * col[j]) / n;
    }
  return exp > 0 ? 1 - obs / exp : NaN;
}

/**
 * Quadratic-weighted Cohen's kappa with weights over the full scale, sklearn
 * `cohen_kappa_score(a, b, weights="quadratic", labels=[1..5])` on pairwise-complete items. Non-integer scores are
 * rounded half up first (documented choice; sklearn needs integers); a rounded score outside `labels` is an error.
 * NaN when expected disagreement is 0 (both raters constant at the same value).
 */
export function kappaQuadraticScale(a: Scores, b: Scores, labels: readonly number[] = [1, 2, 3, 4, 5]): number {
  const c = completePairs(a, b);
  return kappaQuadraticScaleCounts(c.x, c.y, null, labels);
}

/**
 * kappaQuadraticScale of paired values held `count[i]` times each (once when count is null): the contingency table
 * is the same either way, so is the kappa (agreement-table.ts passes distinct pairs with their counts).
 */
export function kappaQuadraticScaleCounts(x: ArrayLike<number>, y: ArrayLike<number>, count: ArrayLike<number> | null, labels: readonly number[] = [1, 2, 3, 4, 5]): number {
  if (x.length === 0) throw new AnalysisDataError('kappa: no items scored by both raters');
  const pos = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < x.length; i++) {
    const ra = roundHalfUp(x[i]);
    const rb = roundHalfUp(y[i]);
    const ia = pos.get(ra);
    const ib = pos.get(rb);
    if (ia === undefined || ib === undefined)
      throw new AnalysisDataError(`kappa: score ${ia === undefined ? x[i] : y[i]} is outside the rating scale ${labels.join(',')}`);
    table[ia][ib] += count ? count[i] : 1;
  }
  const w = labels.map((_, i) => labels.map((__, j) => (i - j) ** 2));
  return weightedKappa(table, w);
}

/** Quadratic kappa of the published reliability analysis, with statsmodels' asymptotic SE and z test. */
export interface ObservedKappa {
  kappa: number;
  /** sqrt(var_kappa) from statsmodels cohens_kappa (the SAS-manual formula). */
  se: number;
  z: number;
  p: number;
  /** Number of distinct (scaled) values that formed the table's categories. */
  categories: number;
}

/**
 * The kappa variant of the published Lend an Ear reliability analysis: ratings x 100 rounded half-to-even to
 * integers (pandas .round()), categories = sorted union of the values that occur in either rater, contingency table
 * over those, statsmodels `cohens_kappa(table, wt="quadratic")` (weights by position among the occurring values,
 * (i-j)^2 / (k-1)^2). Also returns statsmodels' var_kappa-based se, z and two-sided p. NaN kappa for one category.
 */
export function kappaQuadraticObserved(a: Scores, b: Scores): ObservedKappa {
  const c = completePairs(a, b);
  return kappaQuadraticObservedCounts(c.x, c.y, null);
}

/** kappaQuadraticObserved of paired values held `count[i]` times each (once when count is null); same table, same result. */
export function kappaQuadraticObservedCounts(x: ArrayLike<number>, y: ArrayLike<number>, count: ArrayLike<number> | null): ObservedKappa {
  let n = 0;
  for (let i = 0; i < x.length; i++) n += count ? count[i] : 1;
  if (n === 0) throw new AnalysisDataError('kappa: no items scored by both raters');
  const ra = Array.from(x, (v) => roundHalfEven(v * 100));
  const rb = Array.from(y, (v) => roundHalfEven(v * 100));
  const values = [...new Set([...ra, ...rb])].sort((p, q) => p - q);
  const k = values.length;
  const pos = new Map(values.map((v, i) => [v, i]));
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < ra.length; i++) table[pos.get(ra[i])!][pos.get(rb[i])!] += count ? count[i] : 1;
  if (k < 2) return { kappa: NaN, se: NaN, z: NaN, p: NaN, categories: k };
  const disagree = values.map((_, i) => values.map((__, j) => (i - j) ** 2 / (k - 1) ** 2));
  const kappa = weightedKappa(table, disagree);
  // statsmodels.stats.inter_rater.cohens_kappa variance (agreement weights w = 1 - disagreement weights)
  const fr = new Array<number>(k).fill(0);
  const fc = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      fr[i] += table[i][j] / n;
      fc[j] += table[i][j] / n;
    }
  const w = disagree.map((r) => r.map((v) => 1 - v));
  const wRow = w.map((r) => r.reduce((s, v, j) => s + v * fc[j], 0)); // (freq_col * w).sum(1)
  const wCol = values.map((_, j) => w.reduce((s, r, i) => s + fr[i] * r[j], 0)); // (freq_row[:,None] * w).sum(0)
  let agreeWexp = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) agreeWexp += w[i][j] * fc[j] * fr[i];
  let termA = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) termA += (table[i][j] / n) * (w[i][j] - (wCol[j] + wRow[i]) * (1 - kappa)) ** 2;
  const varKappa = (termA - (kappa - agreeWexp * (1 - kappa)) ** 2) / ((1 - agreeWexp) ** 2 * n);
  const se = Math.sqrt(varKappa);
  const z = kappa / se;
  return { kappa, se, z, p: normalTwoSidedP(z), categories: k };
}

/** Share of pairwise-complete items on which both scores are equal (|a - b| < 1e-9, raw values, no rounding). */
export function exactAgreement(a: Scores, b: Scores): number {
  const c = completePairs(a, b);
  if (c.x.length === 0) return NaN;
  let same = 0;
  for (let i = 0; i < c.x.length; i++) if (Math.abs(c.x[i] - c.y[i]) < 1e-9) same++;
  return same / c.x.length;
}

/** One row of the agreement report (the CLI's `agreement --json` row shape). */
export interface AgreementRow {
  n: number;
  kappa_scale: number;
  kappa_observed: number;
  alpha: number;
  alpha_ci: [number, number];
  rho: number;
  rho_ci: [number, number] | null;
  rho_p: number;
  exact: number;
}

/** Options of agreement(): rating scale labels and the alpha bootstrap (reps, seed). */
export interface AgreementOptions {
  labels?: readonly number[];
  /** Bootstrap replicates for the alpha CI (default 1000) and seed (default 20240521). */
  reps?: number;
  seed?: number;
}

/**
 * Agreement of two score vectors over pairwise-complete items: kappa_scale (sklearn, scale 1..5), kappa_observed
 * (published statsmodels variant), Krippendorff interval alpha with a bootstrap CI over items, Spearman rho with a
 * Fisher CI and scipy p, exact agreement.
 */
export function agreement(a: Scores, b: Scores, opts: AgreementOptions = {}): AgreementRow {
  const c = completePairs(a, b);
  if (c.x.length === 0) throw new AnalysisDataError('agreement: no items scored by both raters');
  const boot = krippendorffAlphaBootstrap([c.x, c.y], { reps: opts.reps, seed: opts.seed });
  const sp = spearman(c.x, c.y);
  return {
    n: c.x.length,
    kappa_scale: kappaQuadraticScale(c.x, c.y, opts.labels),
    kappa_observed: kappaQuadraticObserved(c.x, c.y).kappa,
    alpha: boot.alpha,
    alpha_ci: boot.ci,
    rho: sp.rho,
    rho_ci: sp.ci,
    rho_p: sp.p,
    exact: exactAgreement(c.x, c.y),
  };
}

/** Per-item median of several score vectors (numpy.median of the available values; NaN if none), e.g. 3 experts. */
export function medianOfRaters(sets: readonly Scores[]): number[] {
  if (sets.length === 0) throw new Error('median of raters: no score sets');
  const n = sets[0].length;
  for (const s of sets) if (s.length !== n) throw new Error('median of raters: score sets differ in length');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const vals: number[] = [];
    for (const s of sets) {
      const v = s[i];
      if (v != null && Number.isFinite(v)) vals.push(v);
    }
    out.push(vals.length ? median(vals) : NaN);
  }
  return out;
}

/** Which statistic the flag compares. */
export type AgreementMetric = 'kappa_scale' | 'kappa_observed' | 'alpha' | 'rho' | 'exact';

/** Input of flagBelowExperts for one dimension. */
export interface DimensionScores {
  dimension: string;
  /** The rater under scrutiny (e.g. an LLM judge). */
  candidate: Scores;
  /** What it is compared with (e.g. the expert median). */
  reference: Scores;
  /** The experts' own score sets, whose pairwise agreement is the benchmark. */
  experts: readonly Scores[];
}

/** Output of flagBelowExperts for one dimension. */
export interface AgreementFlag {
  dimension: string;
  metric: AgreementMetric;
  value: number;
  /** Metric for each expert pair (i < j, in order) and their mean. */
  expertPairs: number[];
  expertMean: number;
  /** value < expertMean. */
  flagged: boolean;
}

/**
 * Flags dimensions where agreement(candidate, reference) is below the mean of the experts' pairwise agreements on
 * the same metric (default kappa_scale); bootstrap is not run (alpha point estimates only).
 */
export function flagBelowExperts(dims: readonly DimensionScores[], metric: AgreementMetric = 'kappa_scale'): AgreementFlag[] {
  const stat = (a: Scores, b: Scores) => {
    const row = agreement(a, b, { reps: 0 });
    return row[metric];
  };
  return dims.map((d) => {
    if (d.experts.length < 2) throw new Error(`agreement flags: dimension '${d.dimension}' needs at least 2 expert score sets`);
    const value = stat(d.candidate, d.reference);
    const expertPairs: number[] = [];
    for (let i = 0; i < d.experts.length; i++) for (let j = i + 1; j < d.experts.length; j++) expertPairs.push(stat(d.experts[i], d.experts[j]));
    const expertMean = expertPairs.reduce((s, v) => s + v, 0) / expertPairs.length;
    return { dimension: d.dimension, metric, value, expertPairs, expertMean, flagged: value < expertMean };
  });
}

/** One leave-one-out fold: expert `leftOut` and the candidate, each against the median of the other experts. */
export interface LooFold { leftOut: number; expert: number; candidate: number }

/** Output of flagBelowExpertsLoo for one dimension. */
export interface LooFlag {
  dimension: string;
  metric: AgreementMetric;
  /** Mean over folds of the candidate against the median of the other experts. */
  candidate: number;
  /** Mean over folds of the left-out expert against the same median. */
  experts: number;
  folds: LooFold[];
  /** candidate < experts. */
  flagged: boolean;
}

/**
 * Like-with-like benchmark for a rater against a panel: for each expert i, the metric of expert i against the median
 * of the other experts, and of the candidate against that same median; both averaged over i. Comparing the
 * candidate with the median of all experts but the experts with single experts would favour the candidate (a
 * median is less noisy than one rater); here both sides of every fold face the same reference.
 */
export function flagBelowExpertsLoo(
  dims: readonly { dimension: string; candidate: Scores; experts: readonly Scores[] }[], metric: AgreementMetric = 'kappa_scale',
): LooFlag[] {
  const stat = (a: Scores, b: Scores) => agreement(a, b, { reps: 0 })[metric];
  return dims.map((d) => {
    if (d.experts.length < 2) throw new Error(`agreement flags: dimension '${d.dimension}' needs at least 2 expert score sets`);
    const folds = d.experts.map((e, i) => {
      const ref = medianOfRaters(d.experts.filter((_, j) => j !== i));
      return { leftOut: i, expert: stat(e, ref), candidate: stat(d.candidate, ref) };
    });
    const candidate = folds.reduce((s, f) => s + f.candidate, 0) / folds.length;
    const experts = folds.reduce((s, f) => s + f.expert, 0) / folds.length;
    return { dimension: d.dimension, metric, candidate, experts, folds, flagged: candidate < experts };
  });
}
