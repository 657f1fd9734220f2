// §4 trait and self-report versus expressed empathy in the analysis worker: regressions at participant and
// conversation level, trait means by score, self-report shares and the scatter points (participants as codes; the
// service names the ones it shows).

import type { SelfReportCell, TraitByScoreRow, TraitRegressionRow, TraitShareRow } from '../../main/api/contract/index.js';
import { AnalysisDataError, shareComparison, simpleRegression } from '../../main/analysis/index.js';
import { maxOf, meanCi } from './rows.js';
import type { OverallData, OverallLabels } from '../../main/studydata/overall.js';
import type { ParticipantTraits, SelfReportData } from '../../main/studydata/trait.js';

export interface TraitInput {
  /** loadOverall with dimensions: the score set's conversations with their design codes. */
  data: Omit<OverallData, 'scenario' | 'scenario_type'> & { dims: Record<string, (number | null)[]> };
  labels: Pick<OverallLabels, 'conditions'>;
  /** 'overall' (when the set has all six dimensions) and the set's dimensions among the six. */
  outcomes: string[];
  dims: string[];
  hasOverall: boolean;
  conditions?: string[];
  rounds?: number[];
  threshold: number;
  maxPoints: number;
  /** Trait columns with any value, and every participant's traits. */
  traitNames: string[];
  traits: ParticipantTraits;
  /** Self-report items compared, each with its judged outcome, and their values (null without items). */
  itemOutcome: Record<string, string>;
  sr: SelfReportData | null;
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

export function traitFit(input: TraitInput): TraitFit {
  const { data, labels, outcomes, dims, hasOverall, threshold, traitNames, traits } = input;
  const condSet = input.conditions?.length ? new Set(input.conditions) : null;
  const roundSet = input.rounds?.length ? new Set(input.rounds) : null;
  const keep = (i: number) =>
    (!condSet || condSet.has(labels.conditions[data.condition[i]])) && (!roundSet || (data.round[i] != null && roundSet.has(data.round[i]!)));
  const outcomeCols: (number | null)[][] = outcomes.map((o) => (o === 'overall' ? data.overall : data.dims[o]));

  // Participant means of every outcome over the selected conversations (participant codes are dense).
  const P = maxOf(data.participant, 0) + 1;
  const sums = outcomes.map(() => new Float64Array(P));
  const cnts = outcomes.map(() => new Int32Array(P));
  const condOf = new Int32Array(P).fill(-1);
  const seen = new Uint8Array(P);
  for (let i = 0; i < data.length; i++) {
    const p = data.participant[i];
    if (p < 0 || !keep(i)) continue;
    seen[p] = 1;
    condOf[p] = data.condition[i];
    outcomeCols.forEach((col, k) => {
      const v = col[i];
      if (v == null) return;
      sums[k][p] += v;
      cnts[k][p]++;
    });
  }
  const pcodes: number[] = [];
  for (let p = 0; p < P; p++) if (seen[p]) pcodes.push(p);
  const pMean = (k: number, p: number) => (cnts[k][p] ? sums[k][p] / cnts[k][p] : null);
  const traitCol: Record<string, (number | null)[]> = {};
  for (const t of traitNames) {
    const col = new Array<number | null>(P).fill(null);
    const src = traits[t as 'jordan_empathy' | 'sites'];
    for (let i = 0; i < traits.length; i++) if (traits.participant[i] < P) col[traits.participant[i]] = src[i];
    traitCol[t] = col;
  }

  const regressions: TraitRegressionRow[] = [];
  const reg = (predictor: string, outcome: string, level: 'participant' | 'conversation', x: (number | null)[], y: (number | null)[]) => {
    try {
      const r = simpleRegression(x, y);
      regressions.push({ predictor, outcome, level, n: r.n, slope: r.slope, intercept: r.intercept, slopeSe: r.slopeSe, t: r.t, p: r.p, slopeCi: r.slopeCi, rsquared: r.rsquared });
    } catch (e) {
      // fewer than 3 complete pairs (or no variation in x): nothing to report for this pair
      if (!(e instanceof AnalysisDataError)) throw e;
    }
  };
  for (const t of traitNames) {
    const x = pcodes.map((p) => traitCol[t][p]);
    outcomes.forEach((o, k) => reg(t, o, 'participant', x, pcodes.map((p) => pMean(k, p))));
    if (hasOverall) {
      const xs: (number | null)[] = [];
      const ys: (number | null)[] = [];
      for (let i = 0; i < data.length; i++) {
        if (data.participant[i] < 0 || !keep(i)) continue;
        xs.push(traitCol[t][data.participant[i]]);
        ys.push(data.overall[i]);
      }
      reg(t, 'overall', 'conversation', xs, ys);
    }
  }

  // Trait means by (rounded half up) participant-mean score on each dimension: Fig. 5A's red dots.
  const traitByScore: TraitByScoreRow[] = [];
  for (const t of traitNames) {
    for (const d of dims) {
      const k = outcomes.indexOf(d);
      const groups = new Map<number, number[]>();
      for (const p of pcodes) {
        const s = pMean(k, p);
        const v = traitCol[t][p];
        if (s == null || v == null) continue;
        const key = Math.floor(s + 0.5);
        (groups.get(key) ?? groups.set(key, []).get(key)!).push(v);
      }
      for (const score of [...groups.keys()].sort((a, b) => a - b)) {
        const v = groups.get(score)!;
        const m = meanCi(v);
        traitByScore.push({ trait: t, dimension: d, score, n: v.length, mean: m.mean, ci: m.ci });
      }
    }
  }

  // Self-reports against the judged outcome of the same conversation.
  const { itemOutcome, sr } = input;
  const items = Object.keys(itemOutcome);
  const rowOf = new Int32Array(maxOf(data.conversation, 0) + 1).fill(-1);
  for (let i = 0; i < data.length; i++) rowOf[data.conversation[i]] = i;
  const shares: TraitShareRow[] = [];
  const cells = new Map<string, SelfReportCell>();
  items.forEach((item, itemIndex) => {
    const matched = itemOutcome[item];
    const selfV: number[] = [];
    const rows: number[] = [];
    for (let j = 0; j < (sr?.length ?? 0); j++) {
      if (sr!.item[j] !== itemIndex) continue;
      const i = sr!.conversation[j] < rowOf.length ? rowOf[sr!.conversation[j]] : -1;
      if (i < 0 || !keep(i)) continue;
      selfV.push(sr!.value[j]);
      rows.push(i);
    }
    const wanted = matched === 'overall' ? ['overall'] : [matched, ...(hasOverall ? ['overall'] : [])];
    for (const o of wanted) {
      const col = outcomeCols[outcomes.indexOf(o)];
      const ys = rows.map((i) => col[i]);
      reg(`self:${item}`, o, 'conversation', selfV, ys);
      ys.forEach((y, k) => {
        if (y == null) return;
        const key = `${item}\u0000${o}\u0000${selfV[k]}\u0000${y}`;
        const c = cells.get(key);
        if (c) c.n++;
        else cells.set(key, { item, outcome: o, self: selfV[k], judge: y, n: 1 });
      });
    }
    if (matched !== 'overall') {
      try {
        const col = outcomeCols[outcomes.indexOf(matched)];
        const sc = shareComparison(selfV, rows.map((i) => col[i]), threshold);
        shares.push({ item, dimension: matched, ...sc });
      } catch (e) {
        // no values on one side
        if (!(e instanceof AnalysisDataError)) throw e;
      }
    }
  });

  // Participant points for the scatter: every k-th participant (deterministic) above maxPoints.
  const step = Math.max(1, Math.ceil(pcodes.length / Math.max(1, input.maxPoints)));
  const sample = pcodes.filter((_, k) => k % step === 0);
  const points = sample.map((p) => ({
    participant: p,
    condition: labels.conditions[condOf[p]] ?? null,
    traits: Object.fromEntries(traitNames.map((t) => [t, traitCol[t][p]])),
    scores: Object.fromEntries(outcomes.map((o, k) => [o, pMean(k, p)])),
  }));
  const cellRows = [...cells.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : a.self - b.self || a.judge - b.judge));
  return { regressions, shares, traitByScore, points, pointsSampled: step > 1, selfReportCells: cellRows };
}

export function traitRows(input: TraitInput): number {
  return input.data.length + input.traits.length + (input.sr?.length ?? 0);
}
