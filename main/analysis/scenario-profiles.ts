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
  const n = values.length;
  if (n === 0) throw new AnalysisDataError('A mean needs at least one value');
  const m = mean(values);
  if (n < 2) return { n, mean: m, sd: NaN, se: NaN, ci: null };
  const s = sd(values, 1);
  const se = s / Math.sqrt(n);
  const half = studentTQuantile(0.975, n - 1) * se;
  return { n, mean: m, sd: s, se, ci: [m - half, m + half] };
}

/** Welch's unequal-variance t test of mean(a) − mean(b) (statsmodels CompareMeans.ttest_ind / tconfint_diff, usevar="unequal"). */
export interface WelchTest { diff: number; se: number; df: number; t: number; p: number; ci: [number, number] }

export function welchTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchTest {
  if (a.length < 2 || b.length < 2) throw new AnalysisDataError(`A difference of means needs 2 or more values on each side (have ${a.length} and ${b.length})`);
  const va = sd(a, 1) ** 2 / a.length;
  const vb = sd(b, 1) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) throw new AnalysisDataError('A difference of means needs variation in at least one group');
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const diff = mean(a) - mean(b);
  const t = diff / se;
  const half = studentTQuantile(0.975, df) * se;
  return { diff, se, df, t, p: studentTTwoSidedP(t, df), ci: [diff - half, diff + half] };
}

/** The location and scale a dimension is standardized with. */
export interface StandardScale { n: number; mean: number; sd: number }

export function standardScale(values: ArrayLike<number>): StandardScale {
  if (values.length < 2) throw new AnalysisDataError(`Standardizing needs 2 or more scores (have ${values.length})`);
  const s = sd(values, 1);
  if (!(s > 0)) throw new AnalysisDataError('Standardizing needs scores that vary (every score is the same)');
  return { n: values.length, mean: mean(values), sd: s };
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
