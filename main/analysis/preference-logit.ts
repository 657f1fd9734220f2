// Methods §6 preference model: a logit of the human choice on an intercept, the score differences and scenario
// indicators, clustered by rater (Supplementary Tables 9-12). Two entry points with one fit: typed columns (the
// analysis worker's 150,000 trials at 100x, no object per trial) and trial objects (the goldens, small callers).

import { AnalysisDataError } from './errors.js';
import { type LogitFit, logisticRegression } from './logit.js';
import { scratchF64, scratchI32 } from './scratch.js';

/** One human forced-choice trial for the preference model. */
export interface PreferenceTrial {
  rater: string | number;
  scenario: string;
  /** Outcome: 1 = chose the conversation with the higher score (or the LLM's choice). */
  y: number | boolean;
  /** Predictors, e.g. { abs_diff: 3 } or the six per-dimension differences; same keys on every trial. */
  predictors: Record<string, number>;
}

/** The trials of a preference model as columns, one entry per trial in each. */
export interface PreferenceColumns {
  /** Outcome 0/1 (anything else is an error, as in logisticRegression). */
  y: ArrayLike<number>;
  /** Predictor columns in design order, each as long as y. */
  predictors: { names: readonly string[]; columns: readonly ArrayLike<number>[] };
  /** Scenario of each trial: an index into scenarioLabels (codes with the same label are one scenario). */
  scenario: ArrayLike<number>;
  scenarioLabels: readonly string[];
  /** Rater of each trial as a non-negative integer code: the clusters. */
  rater: ArrayLike<number>;
}

/** PreferenceTrial objects as columns: raters and scenarios numbered in order of first appearance. */
export function preferenceColumns(trials: readonly PreferenceTrial[]): PreferenceColumns {
  const n = trials.length;
  const names = n ? Object.keys(trials[0].predictors) : [];
  const columns = names.map(() => new Float64Array(n));
  // Float64, not Uint8: a y of 0.5 or 2 must reach logisticRegression's check as it is.
  const y = new Float64Array(n);
  const scenario = new Int32Array(n);
  const rater = new Int32Array(n);
  const scenarioLabels: string[] = [];
  const scenarioCode = new Map<string, number>();
  const raterCode = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const t = trials[i];
    y[i] = Number(t.y);
    for (let j = 0; j < names.length; j++) {
      // A missing or null predictor becomes NaN, which the fit reports as "no finite value" like any other.
      const v = t.predictors[names[j]];
      columns[j][i] = v == null ? NaN : v;
    }
    let s = scenarioCode.get(t.scenario);
    if (s === undefined) scenarioCode.set(t.scenario, (s = scenarioLabels.push(t.scenario) - 1));
    scenario[i] = s;
    let r = raterCode.get(t.rater);
    if (r === undefined) raterCode.set(t.rater, (r = raterCode.size));
    rater[i] = r;
  }
  return { y, predictors: { names, columns }, scenario, scenarioLabels, rater };
}

/**
 * Methods §6 preference model over trial objects: Logit of y on an intercept, the predictors and scenario indicators
 * (reference: the first scenario in sort order unless given; columns named `scenario:<label>`), clustered by rater.
 */
export function preferenceLogit(trials: readonly PreferenceTrial[], opts: { reference?: string } = {}): LogitFit & { reference: string } {
  if (trials.length === 0) throw new AnalysisDataError('preference model: no trials');
  return preferenceLogitColumns(preferenceColumns(trials), opts);
}

/** The first trial, in trial order, with a non-finite predictor, and which predictor (the first in design order). */
function firstNonFinite(cols: readonly ArrayLike<number>[], n: number): { row: number; column: number } | null {
  let found: { row: number; column: number } | null = null;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j];
    const end = found ? found.row : n;
    for (let i = 0; i < end; i++)
      if (!Number.isFinite(c[i])) {
        found = { row: i, column: j };
        break;
      }
  }
  return found;
}

/** The preference model of preferenceLogit() over columns: the same design, names, clusters and fit. */
export function preferenceLogitColumns(t: PreferenceColumns, opts: { reference?: string } = {}): LogitFit & { reference: string } {
  const n = t.y.length;
  if (n === 0) throw new AnalysisDataError('preference model: no trials');
  const predictors = t.predictors.names;
  for (const [j, c] of t.predictors.columns.entries())
    if (c.length !== n) throw new Error(`preference model: predictor '${predictors[j]}' has ${c.length} entries but y has ${n}`);
  if (t.scenario.length !== n || t.rater.length !== n) throw new Error(`preference model: scenario and rater columns need ${n} entries`);
  // The scenarios present, by label (sorted as strings, as the trial objects' scenarios always were).
  const labelOf = t.scenarioLabels;
  const seen = scenariosSeen(t.scenario, labelOf.length);
  const scenarios = [...new Set(labelOf.filter((_, s) => seen[s]))].sort();
  const reference = opts.reference ?? scenarios[0];
  if (!scenarios.includes(reference)) throw new AnalysisDataError(`preference model: reference scenario '${reference}' has no trials`);
  const others = scenarios.filter((s) => s !== reference);
  const names = ['intercept', ...predictors, ...others.map((s) => `scenario:${s}`)];
  const bad = firstNonFinite(t.predictors.columns, n);
  if (bad) throw new AnalysisDataError(`preference model: trial ${bad.row} has no finite value for predictor '${predictors[bad.column]}'`);
  // The intercept and the dummies are scratch slots (scratch.ts): the fit reads them and keeps none.
  const columns = [scratchF64('preference.intercept', n).fill(1), ...t.predictors.columns.map((c) => (c instanceof Float64Array ? c : Float64Array.from(c)))];
  // Each scenario code's indicator column (-1: the reference).
  const indicator = Int32Array.from(labelOf, (label) => others.indexOf(label));
  const dummies = others.map((_, s) => scratchF64(`preference.dummy${s}`, n).fill(0));
  setDummies(t.scenario, indicator, dummies);
  const fit = logisticRegression(t.y, { names, columns: [...columns, ...dummies] }, { clusters: firstAppearance(t.rater), groupRows: true });
  return { ...fit, reference };
}

// The passes over the trials are small functions each: V8 optimizes a long loop while it runs, and a larger function's
// optimized code is dropped at the first statement after it that has not run yet (logit-sums.ts).

/** Which scenario codes occur (each must index the labels). */
function scenariosSeen(scenario: ArrayLike<number>, labels: number): Uint8Array {
  const seen = new Uint8Array(labels);
  for (let i = 0; i < scenario.length; i++) {
    const s = scenario[i];
    if (!(s >= 0 && s < labels)) throw new Error(`preference model: trial ${i} has scenario code ${s}, not an index into the labels`);
    seen[s] = 1;
  }
  return seen;
}

function setDummies(scenario: ArrayLike<number>, indicator: Int32Array, dummies: Float64Array[]): void {
  for (let i = 0; i < scenario.length; i++) {
    const s = indicator[scenario[i]];
    if (s >= 0) dummies[s][i] = 1;
  }
}

/**
 * The raters as clusters numbered in order of first appearance, as groupIndex numbers labels: the sandwich sums them
 * in that order. A scratch slot, as the fit keeps none.
 */
function firstAppearance(rater: ArrayLike<number>): { index: Int32Array; count: number } {
  const n = rater.length;
  let maxRater = -1;
  for (let i = 0; i < n; i++) {
    const r = rater[i];
    if (!(Number.isInteger(r) && r >= 0)) throw new Error(`preference model: trial ${i} has rater code ${r}, not a non-negative integer`);
    if (r > maxRater) maxRater = r;
  }
  const clusterOf = scratchI32('preference.clusterOf', maxRater + 1).fill(-1);
  const index = scratchI32('preference.cluster', n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = rater[i];
    if (clusterOf[r] < 0) clusterOf[r] = count++;
    index[i] = clusterOf[r];
  }
  return { index, count };
}
