// Reliable Change Index (methods §3; Fig. 3A, Extended Data Figs. 1-2).

import { mean, sd } from './descriptive.js';
import { studentTQuantile } from './distributions.js';
import { type RandomInterceptFit, randomInterceptREML, randomInterceptREMLStats } from './mixedlm.js';
import { AnalysisDataError } from './errors.js';

/** One conversation's overall score (null = missing) with its participant, condition and round. */
export interface RciRow {
  participant: string | number;
  condition: string;
  round: number;
  overall: number | null | undefined;
}

/** Options of reliableChange(). */
export interface RciOptions {
  /** Condition whose conversations estimate measurement error; default 'control'. */
  control?: string;
  /** |z| threshold for reliable change; default 1.96. */
  threshold?: number;
  /** Baseline round; default 1. Every later round counts as post (methods: rounds 2 and 3). */
  baselineRound?: number;
}

/** Classification of one participant by the RCI thresholds. */
export type ChangeCategory = 'improved' | 'declined' | 'unchanged';

/** One participant's change: baseline, mean of the post rounds, change, its z and the classification. */
export interface RciParticipant {
  participant: string | number;
  condition: string;
  baseline: number;
  post: number;
  /** Number of post rounds averaged (2 in the paper's design). */
  nPost: number;
  change: number;
  /** S_diff used for this participant: sqrt(s2_e + s2_e / nPost). */
  sDiff: number;
  z: number;
  category: ChangeCategory;
}

/** Per-condition summary of reliable change. */
export interface RciConditionSummary {
  condition: string;
  n: number;
  nImproved: number;
  nDeclined: number;
  /** Percentages 0-100. */
  pctImproved: number;
  pctDeclined: number;
  meanChange: number;
  sdChange: number;
  /** 95% t interval of the mean change: mean +- t(0.975, n-1) sd / sqrt(n) (scipy.stats.t.interval); null if n < 2. */
  ci: [number, number] | null;
}

/** Reliable change for every participant, per-condition summaries and the measurement model. */
export interface RciResult {
  /** REML random-intercept fit on all control conversations. */
  model: RandomInterceptFit;
  reliability: number;
  /** S_diff for the standard design (one baseline, two post rounds): sqrt(s2_e + s2_e / 2). */
  sDiff: number;
  threshold: number;
  participants: RciParticipant[];
  conditions: RciConditionSummary[];
}

/**
 * Reliable Change Index of methods §3: s2_e from a REML random-intercept fit of the overall score on all control
 * conversations; per participant change = mean(post rounds) - baseline, z = change / sqrt(s2_e + s2_e / m) with m the
 * number of post rounds present (m = 2 gives the methods formula); improved z >= threshold, declined z <= -threshold.
 * Participants without a baseline or without any post round are left out. Conditions are summarised in sorted order.
 */
export function reliableChange(rows: readonly RciRow[], opts: RciOptions = {}): RciResult {
  const conditions = [...new Set(rows.map((r) => r.condition))];
  const index = new Map(conditions.map((c, j) => [c, j]));
  return reliableChangeColumns({
    participant: rows.map((r) => r.participant),
    condition: rows.map((r) => index.get(r.condition)!),
    conditions,
    round: rows.map((r) => r.round),
    overall: rows.map((r) => r.overall ?? NaN),
  }, opts);
}

/** The rows of reliableChange as columns: a missing overall score is NaN, a condition an index into `conditions`. */
export interface RciColumns {
  participant: ArrayLike<string | number>;
  condition: ArrayLike<number>;
  conditions: readonly string[];
  round: ArrayLike<number>;
  overall: ArrayLike<number>;
}

/** reliableChange on columns (what the analysis worker gets from typed reads); the same computation, step for step. */
export function reliableChangeColumns(data: RciColumns, opts: RciOptions = {}): RciResult {
  const control = opts.control ?? 'control';
  const threshold = opts.threshold ?? 1.96;
  const baselineRound = opts.baselineRound ?? 1;
  const scored: number[] = [];
  for (let i = 0; i < data.overall.length; i++) if (Number.isFinite(data.overall[i])) scored.push(i);
  const controlIndex = data.conditions.indexOf(control);
  const ctrl = scored.filter((i) => data.condition[i] === controlIndex);
  if (ctrl.length === 0) throw new AnalysisDataError(`reliable change: no scored conversations in the control condition '${control}'`);
  const model = randomInterceptREML(
    ctrl.map((i) => data.overall[i]),
    ctrl.map((i) => data.participant[i]),
  );

  const byParticipant = new Map<string | number, { condition: string; baseline?: number; post: number[] }>();
  for (const i of scored) {
    const r = { participant: data.participant[i], condition: data.conditions[data.condition[i]], round: data.round[i], overall: data.overall[i] };
    let p = byParticipant.get(r.participant);
    if (!p) {
      p = { condition: r.condition, post: [] };
      byParticipant.set(r.participant, p);
    } else if (p.condition !== r.condition)
      throw new AnalysisDataError(`reliable change: participant ${String(r.participant)} appears in conditions '${p.condition}' and '${r.condition}'`);
    if (r.round === baselineRound) {
      if (p.baseline !== undefined) throw new AnalysisDataError(`reliable change: participant ${String(r.participant)} has two baseline conversations`);
      p.baseline = r.overall;
    } else if (r.round > baselineRound) p.post.push(r.overall);
  }
  const people: RciPeople[] = [];
  for (const [id, p] of byParticipant) people.push({ participant: id, condition: p.condition, baseline: p.baseline ?? NaN, post: mean(p.post), nPost: p.post.length });
  return classifyChange(model, people, threshold);
}

/** One participant's scored conversations as reliable change uses them: baseline, mean of the post rounds, their count. */
export interface RciPeople {
  participant: string | number;
  condition: string;
  /** NaN when the participant has no baseline. */
  baseline: number;
  /** Mean of the post rounds' scores (NaN when nPost = 0). */
  post: number;
  nPost: number;
}

/**
 * Reliable change from per-participant summaries, as a GROUP BY gives them: `people` in the order the row-wise entry
 * points meet them, and the error model's sufficient statistics over the control participants (group sizes and sums,
 * within-participant sum of squares; see randomInterceptREMLStats). The same classification as reliableChangeColumns.
 */
export function reliableChangeFromStats(
  control: { n: ArrayLike<number>; sum: ArrayLike<number>; ssw: number }, people: readonly RciPeople[], opts: RciOptions = {},
): RciResult {
  if (control.n.length === 0) throw new AnalysisDataError(`reliable change: no scored conversations in the control condition '${opts.control ?? 'control'}'`);
  return classifyChange(randomInterceptREMLStats(control.n, control.sum, control.ssw), people, opts.threshold ?? 1.96);
}

function classifyChange(model: RandomInterceptFit, people: readonly RciPeople[], threshold: number): RciResult {
  const s2e = model.s2Residual;
  const participants: RciParticipant[] = [];
  for (const p of people) {
    if (Number.isNaN(p.baseline) || p.nPost === 0) continue;
    const post = p.post;
    const change = post - p.baseline;
    const sDiff = Math.sqrt(s2e + s2e / p.nPost);
    const z = change / sDiff;
    const category: ChangeCategory = z >= threshold ? 'improved' : z <= -threshold ? 'declined' : 'unchanged';
    participants.push({ participant: p.participant, condition: p.condition, baseline: p.baseline, post, nPost: p.nPost, change, sDiff, z, category });
  }
  const conditions = [...new Set(participants.map((p) => p.condition))].sort().map((condition) => {
    const ps = participants.filter((p) => p.condition === condition);
    const changes = ps.map((p) => p.change);
    const n = ps.length;
    const nImproved = ps.filter((p) => p.category === 'improved').length;
    const nDeclined = ps.filter((p) => p.category === 'declined').length;
    const m = mean(changes);
    const s = sd(changes, 1);
    let ci: [number, number] | null = null;
    if (n >= 2) {
      const half = (studentTQuantile(0.975, n - 1) * s) / Math.sqrt(n);
      ci = [m - half, m + half];
    }
    return { condition, n, nImproved, nDeclined, pctImproved: (100 * nImproved) / n, pctDeclined: (100 * nDeclined) / n, meanChange: m, sdChange: s, ci };
  });
  return { model, reliability: model.reliability, sDiff: Math.sqrt(s2e + s2e / 2), threshold, participants, conditions };
}
