// Condition-effects model of methods §1 (Fig. 3B, Extended Data Table 1): per dimension, OLS of the score in SD
// units on condition indicators, post (round >= 2) and their interactions, clustered by participant.

import { sd } from './descriptive.js';
import type { Design } from './linalg.js';
import { type LinearFit, olsClustered, type TermStats } from './ols.js';
import { type CellStats, olsClusteredCells, pooledCells } from './ols-cells.js';
import { AnalysisDataError } from './errors.js';

/** One scored conversation: who, which condition, which round (1 = pre), and the score (null = missing). */
export interface EffectsRow {
  participant: string | number;
  condition: string;
  round: number;
  score: number | null | undefined;
}

/** Coding of the effects model: condition order, reference level, first post round. */
export interface EffectsOptions {
  /** Condition labels in display order; default: the labels present, sorted. */
  conditions?: string[];
  /** Reference level; default 'control' when present, else the first condition. */
  reference?: string;
  /** First round counted as post; default 2 (methods: post = rounds 2 and 3). */
  postFrom?: number;
}

/** The fitted effects model: clustered OLS plus the scaling and the condition coding used. */
export interface EffectsResult extends LinearFit {
  /** Sample SD (ddof = 1) of the raw score over the rows used: y = score / sd. */
  sd: number;
  reference: string;
  /** Non-reference conditions, in order; their terms are `c` and `c:post`. */
  treatments: string[];
}

/** Term names of the effects model in column order: intercept, treatments, post, treatment:post. */
export function effectsTermNames(treatments: string[]): string[] {
  return ['intercept', ...treatments, 'post', ...treatments.map((t) => `${t}:post`)];
}

/**
 * Builds and fits the methods §1 model on rows with a score: y = score / sd(score, ddof=1) (not centred), X =
 * intercept, one indicator per non-reference condition, post = round >= postFrom, and condition x post; OLS with
 * CR1 covariance clustered by participant, as statsmodels `OLS(y, X).fit(cov_type="cluster", ...)`.
 */
export function conditionEffects(rows: readonly EffectsRow[], opts: EffectsOptions = {}): EffectsResult {
  const used = rows.filter((r) => r.score != null && Number.isFinite(r.score));
  if (used.length === 0) throw new AnalysisDataError('condition effects: no rows with a score');
  const present = [...new Set(used.map((r) => r.condition))].sort();
  const conditions = opts.conditions ? [...opts.conditions] : present;
  for (const c of present) if (!conditions.includes(c)) throw new Error(`condition effects: rows have condition '${c}', which is not in the conditions list`);
  const index = new Map(conditions.map((c, j) => [c, j]));
  const n = used.length;
  const condition = new Int32Array(n);
  const round = new Float64Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    condition[i] = index.get(used[i].condition)!;
    round[i] = used[i].round;
    score[i] = used[i].score as number;
  }
  return conditionEffectsColumns({ participant: used.map((r) => r.participant), condition, round, score }, { ...opts, conditions });
}

/**
 * The rows of conditionEffects as columns (one entry per scored row, every score finite): participant labels or
 * codes (the clusters), the index of each row's condition in `opts.conditions`, its round and its score. What a
 * worker gets from typed column reads; the same fit, operation for operation, as conditionEffects on those rows.
 */
export interface EffectsColumns {
  participant: ArrayLike<unknown>;
  condition: ArrayLike<number>;
  round: ArrayLike<number>;
  score: ArrayLike<number>;
}

/** conditionEffects on columns; `opts.conditions` is required, since the columns hold indexes into it. */
export function conditionEffectsColumns(data: EffectsColumns, opts: EffectsOptions & { conditions: string[] }): EffectsResult {
  const n = data.score.length;
  if (n === 0) throw new AnalysisDataError('condition effects: no rows with a score');
  const conditions = [...opts.conditions];
  const reference = opts.reference ?? (conditions.includes('control') ? 'control' : conditions[0]);
  if (!conditions.includes(reference)) throw new Error(`condition effects: reference '${reference}' is not among the conditions (${conditions.join(', ')})`);
  const treatments = conditions.filter((c) => c !== reference);
  const postFrom = opts.postFrom ?? 2;
  const scores = Float64Array.from(data.score);
  const s = sd(scores, 1);
  if (!(s > 0)) throw new AnalysisDataError('condition effects: the score has no variation (sd = 0), SD units are undefined');
  const y = scores.map((v) => v / s);
  const names = effectsTermNames(treatments);
  const T = treatments.length;
  const columns = names.map(() => new Float64Array(n));
  // Column of each condition's indicator (-1 for the reference).
  const tColumn = conditions.map((c) => treatments.indexOf(c));
  for (let i = 0; i < n; i++) {
    columns[0][i] = 1;
    const post = data.round[i] >= postFrom ? 1 : 0;
    columns[T + 1][i] = post;
    const j = tColumn[data.condition[i]];
    if (j === undefined) throw new Error(`condition effects: row ${i} has condition index ${data.condition[i]}, beyond the ${conditions.length} conditions`);
    if (j >= 0) {
      columns[1 + j][i] = 1;
      columns[T + 2 + j][i] = post;
    }
  }
  const design: Design = { names, columns };
  const fit = olsClustered(y, design, data.participant);
  return { ...fit, sd: s, reference, treatments };
}

/**
 * The fit's terms multiplied by `factor`. The model's outcome is score / sd, so factor = sd gives the effects in
 * the score's own points (exactly the same clustered OLS on the unscaled score), and sd / baselineSd gives them in
 * baseline SDs (the paper's "0.98 SD / 2.9 points" for the overall score). z and p do not change.
 */
export function scaledTerms(fit: EffectsResult, factor: number): Record<string, TermStats> {
  if (!(factor > 0)) throw new Error(`effects: a scale factor must be positive, got ${factor}`);
  const out: Record<string, TermStats> = {};
  for (const name of fit.names) {
    const t = fit.terms[name];
    out[name] = { coef: t.coef * factor, se: t.se * factor, z: t.z, p: t.p, ci: [t.ci[0] * factor, t.ci[1] * factor] };
  }
  return out;
}

/** Sample SD (ddof = 1) of the scores of the baseline rows (round < postFrom) that the effects model uses. */
export function baselineSd(rows: readonly EffectsRow[], postFrom = 2): number {
  const base = rows.filter((r) => r.score != null && Number.isFinite(r.score) && r.round < postFrom).map((r) => r.score as number);
  if (base.length < 2) throw new AnalysisDataError(`condition effects: ${base.length} baseline score(s); a baseline SD needs 2`);
  return sd(base, 1);
}


/** baselineSd on columns (see EffectsColumns): the scores of rows with round < postFrom. */
export function baselineSdColumns(data: Pick<EffectsColumns, 'round' | 'score'>, postFrom = 2): number {
  const base: number[] = [];
  for (let i = 0; i < data.score.length; i++) if (Number.isFinite(data.score[i]) && data.round[i] < postFrom) base.push(data.score[i]);
  if (base.length < 2) throw new AnalysisDataError(`condition effects: ${base.length} baseline score(s); a baseline SD needs 2`);
  return sd(base, 1);
}

/**
 * One condition's sufficient statistics for the effects model: its pre (round < postFrom) and post cells, the sums
 * over its participants of d_pre^2, d_pre d_post and d_post^2 (d = a participant's residual sum in the cell, see
 * ClusteredCells), and how many participants have a row. Participants are nested in conditions, so cells of
 * different conditions share no cluster.
 */
export interface EffectsConditionCells {
  pre: CellStats;
  post: CellStats;
  cross: [pre: number, prePost: number, post: number];
  clusters: number;
}

/**
 * conditionEffects from per-condition cell statistics (`cells[j]` for `opts.conditions[j]`): the same model and
 * estimates, since its design is saturated in condition x post; plus the baseline SD (null below two baseline rows).
 */
export function conditionEffectsCells(
  cells: readonly EffectsConditionCells[], opts: EffectsOptions & { conditions: string[] },
): { fit: EffectsResult; baselineSd: number | null } {
  const conditions = [...opts.conditions];
  if (cells.length !== conditions.length) throw new Error(`condition effects: ${cells.length} cell sets for ${conditions.length} conditions`);
  const reference = opts.reference ?? (conditions.includes('control') ? 'control' : conditions[0]);
  if (!conditions.includes(reference)) throw new Error(`condition effects: reference '${reference}' is not among the conditions (${conditions.join(', ')})`);
  const treatments = conditions.filter((c) => c !== reference);
  const all = cells.flatMap((c) => [c.pre, c.post]);
  const pooled = pooledCells(all);
  if (pooled.n === 0) throw new AnalysisDataError('condition effects: no rows with a score');
  const s = Math.sqrt(pooled.m2 / (pooled.n - 1));
  if (!(s > 0)) throw new AnalysisDataError('condition effects: the score has no variation (sd = 0), SD units are undefined');
  const names = effectsTermNames(treatments);
  const T = treatments.length;
  const k = names.length;
  // Cell 2j is condition j before, 2j+1 after; the design row of each, and the cross sums within a condition.
  const x: Float64Array[] = [];
  const cross = all.map(() => new Float64Array(all.length));
  conditions.forEach((c, j) => {
    const t = treatments.indexOf(c);
    for (const post of [0, 1]) {
      const row = new Float64Array(k);
      row[0] = 1;
      row[T + 1] = post;
      if (t >= 0) {
        row[1 + t] = 1;
        row[T + 2 + t] = post;
      }
      x.push(row);
    }
    const [dPre, dPrePost, dPost] = cells[j].cross;
    cross[2 * j][2 * j] = dPre;
    cross[2 * j][2 * j + 1] = cross[2 * j + 1][2 * j] = dPrePost;
    cross[2 * j + 1][2 * j + 1] = dPost;
  });
  const clusters = cells.reduce((g, c) => g + c.clusters, 0);
  const fit = olsClusteredCells({ names, x, cells: all, cross, clusters }, s);
  const base = pooledCells(cells.map((c) => c.pre));
  const baselineSd = base.n >= 2 ? Math.sqrt(base.m2 / (base.n - 1)) : null;
  return { fit: { ...fit, sd: s, reference, treatments }, baselineSd };
}
