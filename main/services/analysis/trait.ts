// §4 trait and self-report versus expressed empathy: regressions at participant and conversation level, trait means
// by score, self-report shares and the scatter points.

import type {
  SelfReportCell, TraitArgs, TraitByScoreRow, TraitPoint, TraitRegressionRow, TraitResult, TraitShareRow,
} from '../../api/contract/index.js';
import { AnalysisDataError, shareComparison, simpleRegression } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { orderDimensions, participantIds, requireTable, resolveScoreSet } from '../../studydata/common.js';
import { loadOverall } from '../../studydata/overall.js';
import { loadSelfReports, loadTraits, selfReportItems, traitsPresent } from '../../studydata/trait.js';
import { maxOf, meanCi, overallLabels, SIX } from './common.js';
import { provenance } from './provenance.js';

/** Self-report items of Lend an Ear and the judged outcome each one is compared with. */
export const SELF_REPORT_OUTCOME: Record<string, string> = {
  empathized: 'overall',
  showed_understanding: 'demonstrating_understanding',
  encouraged_elaboration: 'encouraging_elaboration',
  validated_feelings: 'validating_emotions',
};

export async function computeTrait(db: Db, args: TraitArgs = {}): Promise<TraitResult> {
  const set = await resolveScoreSet(db, args.scoreSetId);
  await requireTable(db, 'participants', 'Trait analyses');
  const threshold = args.threshold ?? 4;
  const maxPoints = args.maxPoints ?? 3000;
  const dims = orderDimensions(set.dimensions).filter((d) => SIX.includes(d));
  const hasOverall = SIX.every((d) => set.dimensions.includes(d));
  const outcomes = [...(hasOverall ? ['overall'] : []), ...dims];
  const labels = await overallLabels(db);
  const data = await loadOverall(db, set.id, labels, { withDimensions: true });
  const condSet = args.conditions?.length ? new Set(args.conditions) : null;
  const roundSet = args.rounds?.length ? new Set(args.rounds) : null;
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
  const traitNames = await traitsPresent(db);
  const traits = await loadTraits(db);
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
  const allItems = await selfReportItems(db);
  const itemOutcome: Record<string, string> = {};
  for (const item of allItems) {
    const m = SELF_REPORT_OUTCOME[item];
    if (m && outcomes.includes(m)) itemOutcome[item] = m;
    else if (hasOverall) itemOutcome[item] = 'overall';
  }
  const items = Object.keys(itemOutcome);
  const sr = items.length ? await loadSelfReports(db, items) : null;
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
  const step = Math.max(1, Math.ceil(pcodes.length / Math.max(1, maxPoints)));
  const sample = pcodes.filter((_, k) => k % step === 0);
  const ids = await participantIds(db, sample.length > 2000 ? null : sample);
  const points: TraitPoint[] = sample.map((p) => ({
    participant: ids.get(p)!,
    condition: labels.conditions[condOf[p]] ?? null,
    traits: Object.fromEntries(traitNames.map((t) => [t, traitCol[t][p]])),
    scores: Object.fromEntries(outcomes.map((o, k) => [o, pMean(k, p)])),
  }));
  const parameters = { conditions: args.conditions ?? 'all', rounds: args.rounds ?? 'all', threshold, participantOutcome: 'mean over the selected conversations', maxPoints };
  return {
    provenance: await provenance(db, 'trait', set.id, parameters),
    scoreSetId: set.id,
    traits: traitNames,
    items,
    itemOutcome,
    regressions,
    shares,
    traitByScore,
    points,
    pointsSampled: step > 1,
    selfReportCells: [...cells.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : a.self - b.self || a.judge - b.judge)),
  };
}
