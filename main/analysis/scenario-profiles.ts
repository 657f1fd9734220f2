// Extended Data Figs. 3-4: mean standardized scores by scenario type (workplace vs personal troubles), in the first
// conversation and across the rounds. "Standardized" is not defined in the paper; our reading (main/analysis/README.md):
// z = (score − mean) / sd per dimension, mean and sd (ddof = 1) over every conversation the score set scored on that
// dimension, so both figures share one scale and 0 is the study's average conversation.

import { mean, sd } from './descriptive.js';
import { studentTQuantile, studentTTwoSidedP } from './distributions.js';
import { AnalysisDataError } from './errors.js';

/** A group's mean with its spread: sd (ddof = 1), se = sd / √n and the 95% t interval (statsmodels DescrStatsW.tconfint_mean). */
export interface MeanSummary {
  n: number;
  mean: number;
  /** NaN below 2 values, as the se. */
  sd: number;
  se: number;
  /** null below 2 values. */
  ci: [number, number] | null;
}

export function meanSummary(values: ArrayLike<number>): MeanSummary {
  return meanSummaryOf(values.length, mean(values), values.length < 2 ? NaN : sd(values, 1));
}

/** meanSummary from a group's count, mean and sd (ddof = 1; NaN below 2 values). */
export function meanSummaryOf(n: number, m: number, s: number): MeanSummary {
  if (n === 0) throw new AnalysisDataError('A mean needs at least one value');
  if (n < 2) return { n, mean: m, sd: NaN, se: NaN, ci: null };
  const se = s / Math.sqrt(n);
  const half = studentTQuantile(0.975, n - 1) * se;
  return { n, mean: m, sd: s, se, ci: [m - half, m + half] };
}

/** Welch's unequal-variance t test of mean(a) − mean(b) (statsmodels CompareMeans.ttest_ind / tconfint_diff, usevar="unequal"). */
export interface WelchTest { diff: number; se: number; df: number; t: number; p: number; ci: [number, number] }

export function welchTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchTest {
  const of = (x: ArrayLike<number>) => ({ n: x.length, mean: x.length ? mean(x) : NaN, sd: x.length < 2 ? NaN : sd(x, 1) });
  return welchTestOf(of(a), of(b));
}

/** welchTest from each group's count, mean and sd (ddof = 1). */
export function welchTestOf(a: { n: number; mean: number; sd: number }, b: { n: number; mean: number; sd: number }): WelchTest {
  if (a.n < 2 || b.n < 2) throw new AnalysisDataError(`A difference of means needs 2 or more values on each side (have ${a.n} and ${b.n})`);
  const va = a.sd ** 2 / a.n;
  const vb = b.sd ** 2 / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) throw new AnalysisDataError('A difference of means needs variation in at least one group');
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const diff = a.mean - b.mean;
  const t = diff / se;
  const half = studentTQuantile(0.975, df) * se;
  return { diff, se, df, t, p: studentTTwoSidedP(t, df), ci: [diff - half, diff + half] };
}

/** The location and scale a dimension is standardized with. */
export interface StandardScale { n: number; mean: number; sd: number }

export function standardScale(values: ArrayLike<number>): StandardScale {
  return standardScaleOf(values.length, values.length ? mean(values) : NaN, values.length < 2 ? NaN : sd(values, 1));
}

/** standardScale from the scores' count, mean and sd (ddof = 1). */
export function standardScaleOf(n: number, m: number, s: number): StandardScale {
  if (n < 2) throw new AnalysisDataError(`Standardizing needs 2 or more scores (have ${n})`);
  if (!(s > 0)) throw new AnalysisDataError('Standardizing needs scores that vary (every score is the same)');
  return { n, mean: m, sd: s };
}

/** One scored conversation on one dimension; nulls: the conversation lacks that design field. */
export interface ScenarioScoreRow { dimension: string; scenarioType: string | null; condition: string | null; round: number | null; score: number }

export interface ScenarioProfileOptions {
  dimensions: string[];
  /** In display order; differences are each later type minus the first. */
  scenarioTypes: string[];
  baselineRound: number;
  /** Conditions pooled in the first-conversation comparison (Extended Data Fig. 3). */
  baselineConditions: string[];
  /** Conditions pooled in the trajectories (Extended Data Fig. 4). */
  trajectoryConditions: string[];
  rounds: number[];
}

/** A cell's standardized mean summary, with the mean in the score's own points. */
export interface ScenarioCell extends MeanSummary { dimension: string; scenarioType: string; round: number; rawMean: number }
export interface ScenarioDifference extends WelchTest { dimension: string; a: string; b: string; nA: number; nB: number }

export interface ScenarioProfiles {
  scales: Record<string, StandardScale>;
  /** Round `baselineRound`, baselineConditions pooled: one cell per dimension × scenario type with data. */
  baseline: ScenarioCell[];
  /** Welch tests of the baseline cells: each later scenario type minus the first, per dimension. */
  differences: ScenarioDifference[];
  /** trajectoryConditions pooled: one cell per dimension × scenario type × round with data. */
  trajectories: ScenarioCell[];
  /** Dimensions that cannot be standardized, with the reason. */
  skipped: { dimension: string; reason: string }[];
}

export function scenarioProfiles(rows: ScenarioScoreRow[], opts: ScenarioProfileOptions): ScenarioProfiles {
  const scales: Record<string, StandardScale> = {};
  const skipped: { dimension: string; reason: string }[] = [];
  const byDim = new Map<string, ScenarioScoreRow[]>(opts.dimensions.map((d) => [d, []]));
  for (const r of rows) byDim.get(r.dimension)?.push(r);
  const baseline: ScenarioCell[] = [];
  const differences: ScenarioDifference[] = [];
  const trajectories: ScenarioCell[] = [];
  const baseConds = new Set(opts.baselineConditions);
  const trajConds = new Set(opts.trajectoryConditions);
  for (const d of opts.dimensions) {
    const dimRows = byDim.get(d)!;
    let scale: StandardScale;
    try {
      scale = standardScale(dimRows.map((r) => r.score));
    } catch (e) {
      if (!(e instanceof AnalysisDataError)) throw e;
      skipped.push({ dimension: d, reason: e.message });
      continue;
    }
    scales[d] = scale;
    // One pass into (scenario type, round) buckets; each cell then reads only its own bucket.
    const buckets = new Map<string, ScenarioScoreRow[]>();
    for (const r of dimRows) {
      if (r.scenarioType === null || r.round === null) continue;
      const key = `${r.scenarioType}\u0000${r.round}`;
      const b = buckets.get(key);
      if (b) b.push(r);
      else buckets.set(key, [r]);
    }
    const cell = (scenarioType: string, round: number, keep: (r: ScenarioScoreRow) => boolean): { cell: ScenarioCell; z: number[] } | null => {
      const raw = (buckets.get(`${scenarioType}\u0000${round}`) ?? []).filter(keep).map((r) => r.score);
      if (raw.length === 0) return null;
      const z = raw.map((x) => (x - scale.mean) / scale.sd);
      return { cell: { dimension: d, scenarioType, round, rawMean: mean(raw), ...meanSummary(z) }, z };
    };
    const first = new Map<string, number[]>();
    for (const t of opts.scenarioTypes) {
      const c = cell(t, opts.baselineRound, (r) => r.condition !== null && baseConds.has(r.condition));
      if (!c) continue;
      baseline.push(c.cell);
      first.set(t, c.z);
    }
    const [ref, ...others] = opts.scenarioTypes;
    for (const t of others) {
      const a = first.get(t);
      const b = first.get(ref);
      if (!a || !b || a.length < 2 || b.length < 2) continue;
      try {
        differences.push({ dimension: d, a: t, b: ref, nA: a.length, nB: b.length, ...welchTest(a, b) });
      } catch (e) {
        if (!(e instanceof AnalysisDataError)) throw e;
      }
    }
    for (const t of opts.scenarioTypes) {
      for (const round of opts.rounds) {
        const c = cell(t, round, (r) => r.condition !== null && trajConds.has(r.condition));
        if (c) trajectories.push(c.cell);
      }
    }
  }
  return { scales, baseline, differences, trajectories, skipped };
}

/** A group's count, mean and sum of squared deviations from its mean. */
export interface Moments { n: number; mean: number; m2: number }

/** Moments of the union of groups (Chan et al.'s pairwise update), null when all are empty. */
export function poolMoments(parts: Iterable<Moments>): Moments | null {
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (const p of parts) {
    if (p.n === 0) continue;
    const total = n + p.n;
    const delta = p.mean - m;
    m += (delta * p.n) / total;
    m2 += p.m2 + (delta * delta * n * p.n) / total;
    n = total;
  }
  return n ? { n, mean: m, m2 } : null;
}

/** One cell of a dimension's scores (scenario type × condition × round, nulls for a missing design field) as moments. */
export interface ScenarioMomentCell extends Moments { dimension: string; scenarioType: string | null; condition: string | null; round: number | null }

/**
 * scenarioProfiles from per-cell moments instead of score rows (a 100x study's 1.7 M scores become a few hundred
 * cells in SQL): the same scale, cells and Welch tests, since a standardized cell's mean is (mean − scale mean) / scale
 * sd and its sd is sd / scale sd; pooled conditions combine their cells' moments.
 */
export function scenarioProfilesFromMoments(cells: readonly ScenarioMomentCell[], opts: ScenarioProfileOptions): ScenarioProfiles {
  const scales: Record<string, StandardScale> = {};
  const skipped: { dimension: string; reason: string }[] = [];
  const baseline: ScenarioCell[] = [];
  const differences: ScenarioDifference[] = [];
  const trajectories: ScenarioCell[] = [];
  const sdOf = (x: Moments) => (x.n < 2 ? NaN : Math.sqrt(x.m2 / (x.n - 1)));
  for (const d of opts.dimensions) {
    const dimCells = cells.filter((c) => c.dimension === d);
    const all = poolMoments(dimCells) ?? { n: 0, mean: NaN, m2: NaN };
    let scale: StandardScale;
    try {
      scale = standardScaleOf(all.n, all.mean, sdOf(all));
    } catch (e) {
      if (!(e instanceof AnalysisDataError)) throw e;
      skipped.push({ dimension: d, reason: e.message });
      continue;
    }
    scales[d] = scale;
    const cell = (scenarioType: string, round: number, conds: Set<string>): { cell: ScenarioCell; z: { n: number; mean: number; sd: number } } | null => {
      const raw = poolMoments(dimCells.filter((c) => c.scenarioType === scenarioType && c.round === round && c.condition !== null && conds.has(c.condition)));
      if (!raw) return null;
      const z = { n: raw.n, mean: (raw.mean - scale.mean) / scale.sd, sd: sdOf(raw) / scale.sd };
      return { cell: { dimension: d, scenarioType, round, rawMean: raw.mean, ...meanSummaryOf(z.n, z.mean, z.sd) }, z };
    };
    const first = new Map<string, { n: number; mean: number; sd: number }>();
    const baseConds = new Set(opts.baselineConditions);
    for (const t of opts.scenarioTypes) {
      const c = cell(t, opts.baselineRound, baseConds);
      if (!c) continue;
      baseline.push(c.cell);
      first.set(t, c.z);
    }
    const [ref, ...others] = opts.scenarioTypes;
    for (const t of others) {
      const a = first.get(t);
      const b = first.get(ref);
      if (!a || !b || a.n < 2 || b.n < 2) continue;
      try {
        differences.push({ dimension: d, a: t, b: ref, nA: a.n, nB: b.n, ...welchTestOf(a, b) });
      } catch (e) {
        if (!(e instanceof AnalysisDataError)) throw e;
      }
    }
    const trajConds = new Set(opts.trajectoryConditions);
    for (const t of opts.scenarioTypes) {
      for (const round of opts.rounds) {
        const c = cell(t, round, trajConds);
        if (c) trajectories.push(c.cell);
      }
    }
  }
  return { scales, baseline, differences, trajectories, skipped };
}
