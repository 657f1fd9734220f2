// §4 trait and self-report versus expressed empathy in the analysis worker: regressions at participant and
// conversation level, trait means by score, self-report shares and the scatter points (participants as codes; the
// service names the ones it shows), from the per-participant sums and the counted self-report pairs DuckDB made.

import type { SelfReportCell, TraitByScoreRow, TraitRegressionRow, TraitShareRow } from '../../main/api/contract/index.js';
import { AnalysisDataError, type RegressionGroups, shareComparisonOf, type SimpleRegression, simpleRegressionOfGroups } from '../../main/analysis/index.js';
import { meanCi } from './rows.js';
import type { SelfReportPairs, TraitParticipants } from '../../main/studydata/trait.js';

export interface TraitInput {
  /** loadTraitSummaries: per participant with a selected conversation, the traits and each outcome's count and sum (typed, NaN for none). */
  participants: TraitParticipants;
  /** What `participants.condition` indexes. */
  conditions: string[];
  /** 'overall' (when the set has all six dimensions) and the set's dimensions among the six. */
  outcomes: string[];
  /** The outcome column of each outcome (0 overall, 1 … 6 the six dimensions). */
  outcomeColumns: number[];
  dims: string[];
  hasOverall: boolean;
  threshold: number;
  maxPoints: number;
  /** Trait columns with any value. */
  traitNames: string[];
  /** Self-report items compared, each with its judged outcome, and their counted value pairs (null without items). */
  itemOutcome: Record<string, string>;
  pairs: SelfReportPairs | null;
}

export interface TraitPointCodes { participant: number; condition: string | null; traits: Record<string, number | null>; scores: Record<string, number | null> }

export interface TraitFit {
  regressions: TraitRegressionRow[];
  shares: TraitShareRow[];
  traitByScore: TraitByScoreRow[];
  points: TraitPointCodes[];
  pointsSampled: boolean;
  selfReportCells: SelfReportCell[];
}

/** Complete (x, y) pairs as groups of one pair (NaN: missing). */
function pairGroups(x: Float64Array, y: Float64Array): RegressionGroups {
  const n = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) n[i] = Number.isFinite(x[i]) && Number.isFinite(y[i]) ? 1 : 0;
  return { x, n, mean: y };
}

/** A column with NaN for null. */
function nanColumn(v: ArrayLike<number | null>): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] ?? NaN;
  return out;
}

type Column = 'n0' | 's0' | `n${1 | 2 | 3 | 4 | 5 | 6}` | `s${1 | 2 | 3 | 4 | 5 | 6}`;

export function traitFit(input: TraitInput): TraitFit {
  const { participants: pt, outcomes, outcomeColumns, dims, hasOverall, threshold, traitNames } = input;
  const P = pt.length;
  // Participant means of every outcome over the selected conversations, in participant-code order.
  const pMeans = outcomeColumns.map((k) => {
    const n = pt[`n${k}` as Column];
    const s = pt[`s${k}` as Column];
    const out = new Float64Array(P);
    for (let i = 0; i < P; i++) out[i] = n[i] ? s[i] / n[i] : NaN;
    return out;
  });
  const traitCols = new Map(traitNames.map((t) => [t, nanColumn(pt[t as 'jordan_empathy' | 'sites'])]));
  const traitCol = (t: string) => traitCols.get(t)!;
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);

  const regressions: TraitRegressionRow[] = [];
  const push = (predictor: string, outcome: string, level: 'participant' | 'conversation', fit: () => SimpleRegression) => {
    try {
      const r = fit();
      regressions.push({ predictor, outcome, level, n: r.n, slope: r.slope, intercept: r.intercept, slopeSe: r.slopeSe, t: r.t, p: r.p, slopeCi: r.slopeCi, rsquared: r.rsquared });
    } catch (e) {
      // fewer than 3 complete pairs (or no variation in x): nothing to report for this pair
      if (!(e instanceof AnalysisDataError)) throw e;
    }
  };
  for (const t of traitNames) {
    const x = traitCol(t);
    // One pair per participant: the grouped fit with groups of one, O(participants) rather than a QR of 97,000 rows each.
    outcomes.forEach((o, k) => push(t, o, 'participant', () => simpleRegressionOfGroups(pairGroups(x, pMeans[k]))));
    if (hasOverall) {
      // Every selected conversation's overall score against its participant's trait: one group per participant.
      const n = new Float64Array(P);
      const mean = new Float64Array(P);
      const m2 = new Float64Array(P);
      for (let i = 0; i < P; i++) {
        if (!Number.isFinite(x[i]) || !pt.n0[i]) continue;
        n[i] = pt.n0[i];
        mean[i] = pt.s0[i] / pt.n0[i];
        m2[i] = pt.m0[i];
      }
      push(t, 'overall', 'conversation', () => simpleRegressionOfGroups({ x, n, mean, m2 }));
    }
  }

  // Trait means by (rounded half up) participant-mean score on each dimension: Fig. 5A's red dots.
  const traitByScore: TraitByScoreRow[] = [];
  for (const t of traitNames) {
    for (const d of dims) {
      for (const [score, v] of byRoundedScore(pMeans[outcomes.indexOf(d)], traitCol(t))) {
        const m = meanCi(v);
        traitByScore.push({ trait: t, dimension: d, score, n: v.length, mean: m.mean, ci: m.ci });
      }
    }
  }

  // Self-reports against the judged outcome of the same conversation, from the counted (self, judge) pairs.
  const { itemOutcome, pairs } = input;
  const items = Object.keys(itemOutcome);
  const shares: TraitShareRow[] = [];
  const cells: SelfReportCell[] = [];
  const pairsOf = (itemIndex: number, o: string) => {
    const col = outcomeColumns[outcomes.indexOf(o)];
    const at: number[] = [];
    for (let j = 0; j < (pairs?.length ?? 0); j++) if (pairs!.item[j] === itemIndex && pairs!.outcome[j] === col) at.push(j);
    return at;
  };
  items.forEach((item, itemIndex) => {
    const matched = itemOutcome[item];
    const wanted = matched === 'overall' ? ['overall'] : [matched, ...(hasOverall ? ['overall'] : [])];
    for (const o of wanted) {
      // Pairs come ordered by self value, then judge value: one regression group per self value.
      const xs: number[] = [];
      const ns: number[] = [];
      const means: number[] = [];
      const m2s: number[] = [];
      const at = pairsOf(itemIndex, o).filter((j) => pairs!.judge[j] != null);
      for (let a = 0; a < at.length;) {
        let b = a;
        while (b < at.length && pairs!.self[at[b]] === pairs!.self[at[a]]) b++;
        let n = 0;
        let sum = 0;
        for (let i = a; i < b; i++) (n += pairs!.n[at[i]]), (sum += pairs!.n[at[i]] * pairs!.judge[at[i]]!);
        const mean = sum / n;
        let m2 = 0;
        for (let i = a; i < b; i++) m2 += pairs!.n[at[i]] * (pairs!.judge[at[i]]! - mean) ** 2;
        xs.push(pairs!.self[at[a]]), ns.push(n), means.push(mean), m2s.push(m2);
        a = b;
      }
      // Typed like the participant groups, so the regression's loops see one kind of array.
      const groups = { x: Float64Array.from(xs), n: Float64Array.from(ns), mean: Float64Array.from(means), m2: Float64Array.from(m2s) };
      push(`self:${item}`, o, 'conversation', () => simpleRegressionOfGroups(groups));
      for (const j of at) cells.push({ item, outcome: o, self: pairs!.self[j], judge: pairs!.judge[j]!, n: pairs!.n[j] });
    }
    if (matched !== 'overall') {
      const self = { n: 0, k: 0 };
      const judge = { n: 0, k: 0 };
      for (const j of pairsOf(itemIndex, matched)) {
        const c = pairs!.n[j];
        self.n += c;
        if (pairs!.self[j] >= threshold) self.k += c;
        const y = pairs!.judge[j];
        if (y == null) continue;
        judge.n += c;
        if (y >= threshold) judge.k += c;
      }
      try {
        shares.push({ item, dimension: matched, ...shareComparisonOf(self, judge, threshold) });
      } catch (e) {
        // no values on one side
        if (!(e instanceof AnalysisDataError)) throw e;
      }
    }
  });

  // Participant points for the scatter: every k-th participant (deterministic) above maxPoints.
  const step = Math.max(1, Math.ceil(P / Math.max(1, input.maxPoints)));
  const points: TraitPointCodes[] = [];
  for (let i = 0; i < P; i += step) {
    const c = pt.condition[i];
    points.push({
      participant: pt.participant[i],
      condition: c >= 0 ? input.conditions[c] ?? null : null,
      traits: Object.fromEntries(traitNames.map((t) => [t, orNull(traitCol(t)[i])])),
      scores: Object.fromEntries(outcomes.map((o, k) => [o, orNull(pMeans[k][i])])),
    });
  }
  const cellRows = cells.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : a.self - b.self || a.judge - b.judge));
  return { regressions, shares, traitByScore, points, pointsSampled: step > 1, selfReportCells: cellRows };
}

/**
 * The values of `v` (participant order) grouped by their participant's score rounded half up (floor(s + 0.5)), both
 * present, in ascending score: each group's values in participant order, as typed arrays. Bucketed by counting (scores
 * span a few points) rather than a Map of growing arrays, which at 97,000 participants × 12 (trait, dimension) pairs was
 * most of the fit.
 */
function byRoundedScore(scores: Float64Array, v: Float64Array): [number, Float64Array][] {
  const key = new Float64Array(scores.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    key[i] = Number.isNaN(scores[i]) || Number.isNaN(v[i]) ? NaN : Math.floor(scores[i] + 0.5);
    if (key[i] < lo) lo = key[i];
    if (key[i] > hi) hi = key[i];
  }
  if (!(hi >= lo)) return [];
  // A wide spread of keys (or infinite scores) gets one slot per distinct key instead of one per integer in range.
  const distinct = hi - lo <= 4096 ? null : [...new Set(key)].filter((k) => !Number.isNaN(k)).sort((a, b) => a - b);
  const slots = distinct ? distinct.length : hi - lo + 1;
  const slotOf = distinct ? new Map(distinct.map((k, j) => [k, j])) : null;
  const slot = (k: number) => (slotOf ? slotOf.get(k)! : k - lo);
  const count = new Int32Array(slots);
  for (let i = 0; i < key.length; i++) if (!Number.isNaN(key[i])) count[slot(key[i])]++;
  const groups = Array.from(count, (n) => new Float64Array(n));
  count.fill(0);
  for (let i = 0; i < key.length; i++) {
    if (Number.isNaN(key[i])) continue;
    const j = slot(key[i]);
    groups[j][count[j]++] = v[i];
  }
  const out: [number, Float64Array][] = [];
  groups.forEach((g, j) => g.length && out.push([distinct ? distinct[j] : lo + j, g]));
  return out;
}

/** The rows the sums stand for (selected conversations and self-reports): what decides whether the fit goes to the worker. */
export function traitRows(input: TraitInput): number {
  let n = 0;
  for (let i = 0; i < input.participants.length; i++) n += input.participants.conversations[i];
  for (let j = 0; j < (input.pairs?.length ?? 0); j++) n += input.pairs!.n[j];
  return n;
}
