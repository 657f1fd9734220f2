// The readers and fits that trait, scenario types and incidence shifts used before DuckDB summarized their data (per
// conversation and per self-report rows into JavaScript; every score of a set; every labelled sentence counted per
// query, and per participant for the clustered model), kept here as the reference that
// tests/analysis/aggregate-readers.test.ts compares the summarized paths with.

import type { SelfReportCell, ShiftLevel, TraitArgs, TraitByScoreRow, TraitRegressionRow, TraitShareRow } from '../../main/api/contract/index.js';
import { AnalysisDataError, type IncidenceCell, shareComparison, simpleRegression } from '../../main/analysis/index.js';
import type { Db } from '../../main/db/workspace.js';
import { columns, CONVERSATION_CODES, orderDimensions, PARTICIPANT_CODES, resolveScoreSet } from '../../main/studydata/common.js';
import { loadOverall, type OverallData, type OverallLabels } from '../../main/studydata/overall.js';
import type { ShiftCounts, ShiftQuery } from '../../main/studydata/shifts.js';
import { selfReportItems, traitsPresent } from '../../main/studydata/trait.js';
import { overallLabels, SIX } from '../../main/services/analysis/common.js';
import { SELF_REPORT_OUTCOME } from '../../main/services/analysis/trait.js';
import { maxOf, meanCi } from '../../workers/analysis/rows.js';

interface ParticipantTraits { participant: number[]; jordan_empathy: (number | null)[]; sites: (number | null)[]; length: number }
interface SelfReportData { conversation: number[]; item: number[]; value: number[]; length: number }

function loadTraits(db: Db): Promise<ParticipantTraits> {
  return columns<ParticipantTraits>(
    db,
    `SELECT pc.code AS participant, p.jordan_empathy, p.sites FROM participants p JOIN ${PARTICIPANT_CODES} pc USING (participant_id) ORDER BY 1`,
  );
}

function loadSelfReports(db: Db, items: string[]): Promise<SelfReportData> {
  return columns<SelfReportData>(
    db,
    `SELECT cc.code AS conversation, CAST(list_position(?::VARCHAR[], r.item) - 1 AS INTEGER) AS item, r.value
     FROM self_reports r JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
     WHERE r.value IS NOT NULL AND list_contains(?::VARCHAR[], r.item) ORDER BY 1, 2, 3`,
    [items, items],
  );
}

/** computeTrait's fit as it was (participants as codes). */
export async function previousTrait(db: Db, args: TraitArgs = {}) {
  const set = await resolveScoreSet(db, args.scoreSetId);
  const dims = orderDimensions(set.dimensions).filter((d) => SIX.includes(d));
  const hasOverall = SIX.every((d) => set.dimensions.includes(d));
  const outcomes = [...(hasOverall ? ['overall'] : []), ...dims];
  const labels = await overallLabels(db);
  const data = await loadOverall(db, set.id, labels, { withDimensions: true });
  const itemOutcome: Record<string, string> = {};
  for (const item of await selfReportItems(db)) {
    const m = SELF_REPORT_OUTCOME[item];
    if (m && outcomes.includes(m)) itemOutcome[item] = m;
    else if (hasOverall) itemOutcome[item] = 'overall';
  }
  const items = Object.keys(itemOutcome);
  return previousTraitFit({
    data, labels, outcomes, dims, hasOverall, conditions: args.conditions, rounds: args.rounds, threshold: args.threshold ?? 4, maxPoints: args.maxPoints ?? 3000,
    traitNames: await traitsPresent(db), traits: await loadTraits(db), itemOutcome, sr: items.length ? await loadSelfReports(db, items) : null,
  });
}

export interface ScenarioData { dimension: number[]; scenario_type: (number | null)[]; condition: (number | null)[]; round: (number | null)[]; score: number[]; length: number }

/** Every score of the set on the dimensions with its design, as computeScenarioTypes read them before. */
export function loadScenarioData(db: Db, scoreSetId: string, dimensions: string[], scenarioTypes: string[], conditions: string[]) {
  return columns<ScenarioData>(
    db,
    `SELECT CAST(list_position($2::VARCHAR[], s.dimension) - 1 AS INTEGER) AS dimension,
       CAST(nullif(list_position($3::VARCHAR[], c.scenario_type), 0) - 1 AS INTEGER) AS scenario_type,
       CAST(nullif(list_position($4::VARCHAR[], p.condition), 0) - 1 AS INTEGER) AS condition,
       CAST(c.round AS INTEGER) AS round, CAST(s.score AS DOUBLE) AS score
     FROM scores s LEFT JOIN conversations c ON c.conversation_id = s.conversation_id
       LEFT JOIN participants p ON p.participant_id = c.participant_id
     WHERE s.score_set_id = $1 AND s.score IS NOT NULL AND list_contains($2::VARCHAR[], s.dimension)
     ORDER BY 1, 2, 3, 4, 5`,
    [scoreSetId, dimensions, scenarioTypes, conditions],
  );
}

interface PreviousTraitInput {
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

interface TraitPointCodes { participant: number; condition: string | null; traits: Record<string, number | null>; scores: Record<string, number | null> }

interface TraitFit {
  regressions: TraitRegressionRow[];
  shares: TraitShareRow[];
  traitByScore: TraitByScoreRow[];
  points: TraitPointCodes[];
  pointsSampled: boolean;
  selfReportCells: SelfReportCell[];
}

function previousTraitFit(input: PreviousTraitInput): TraitFit {
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


// The taxonomy key of each level; constants, never user input.
const NODE_EXPR: Record<ShiftLevel, string> = {
  category: 'l.category',
  level1: 'coalesce(t.level1, \'(unmapped)\')',
  level2: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') END",
  level3: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') || '/' || coalesce(t.level3, '') END",
};

/**
 * A sentence is a unit when it has at least one label of the labelling with rank <= topK; pre units come from
 * baseline-round conversations of the pre conditions, post units from post-round conversations of the post
 * conditions. A label (or node) occurs in a unit when any of the unit's top-k categories is it (or belongs to it).
 */
/** The sentence units of a shift query (scenario type, group, sentence id, category, cluster) as SQL CTEs. */
async function unitsSql(db: Db, q: ShiftQuery): Promise<string> {
  // A sentence's identity packed into one BIGINT (conversation code, turn, sentence index) makes the distinct counts
  // several times faster on large studies; the struct form covers turn or sentence indexes beyond 16 bits.
  const range = await db.one<{ t: number | null; s: number | null }>(
    `SELECT max(turn) AS t, max(sentence_index) AS s FROM sentence_labels WHERE labelling = ?`, [q.labelling]);
  const packed = (range?.t ?? 0) < 65536 && (range?.s ?? 0) < 65536 && (range?.t ?? 0) >= 0 && (range?.s ?? 0) >= 0;
  const sid = packed ? 'CAST(conv.code AS BIGINT) * 4294967296 + l.turn * 65536 + l.sentence_index' : '(conv.code, l.turn, l.sentence_index)';
  // The cluster is the participant; a conversation without one is its own cluster.
  return `
    WITH conv AS (
      SELECT c.conversation_id, CAST(row_number() OVER (ORDER BY c.conversation_id) AS INTEGER) AS code, c.scenario_type,
        coalesce('p:' || c.participant_id, 'c:' || c.conversation_id) AS cluster,
        CASE WHEN c.round = $3 AND ($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], p.condition)) THEN 'pre'
             WHEN list_contains($5::INTEGER[], c.round) AND list_contains($6::VARCHAR[], p.condition) THEN 'post' END AS grp
      FROM conversations c LEFT JOIN participants p ON p.participant_id = c.participant_id
      WHERE c.scenario_type IS NOT NULL AND ($7::VARCHAR[] IS NULL OR list_contains($7::VARCHAR[], c.scenario_type))),
    unit AS MATERIALIZED (
      SELECT conv.scenario_type, conv.grp, conv.cluster, ${sid} AS sid, l.category
      FROM sentence_labels l JOIN conv ON conv.conversation_id = l.conversation_id
      WHERE l.labelling = $1 AND l.rank <= $2 AND conv.grp IS NOT NULL)`;
}

function params(q: ShiftQuery): Parameters<typeof columns>[2] {
  return [q.labelling, q.topK, q.baselineRound, q.preConditions, q.postRounds, q.postConditions, q.scenarioTypes];
}

/**
 * A sentence is a unit when it has at least one label of the labelling with rank <= topK; pre units come from
 * baseline-round conversations of the pre conditions, post units from post-round conversations of the post
 * conditions. A label (or node) occurs in a unit when any of the unit's top-k categories is it (or belongs to it).
 */
export async function previousShiftCounts(db: Db, q: ShiftQuery): Promise<ShiftCounts> {
  const sql = `${await unitsSql(db, q)}
    SELECT scenario_type, grp, NULL::VARCHAR AS label, count(DISTINCT sid) AS n FROM unit GROUP BY ALL
    UNION ALL
    SELECT u.scenario_type, u.grp, ${NODE_EXPR[q.level].replace('l.category', 'u.category')} AS label, count(DISTINCT u.sid) AS n
    FROM unit u LEFT JOIN taxonomy t ON t.category = u.category GROUP BY ALL
    ORDER BY 1, 2, 3 NULLS FIRST`;
  const all = await columns<{ scenario_type: string[]; grp: string[]; label: (string | null)[]; n: number[] }>(db, sql, params(q));
  const totals: ShiftCounts['totals'] = { scenario_type: [], grp: [], n: [], length: 0 };
  const counts: ShiftCounts['counts'] = { scenario_type: [], grp: [], label: [], n: [], length: 0 };
  for (let i = 0; i < all.length; i++) {
    if (all.label[i] === null) {
      totals.scenario_type.push(all.scenario_type[i]);
      totals.grp.push(all.grp[i]);
      totals.n.push(all.n[i]);
      totals.length++;
    } else {
      counts.scenario_type.push(all.scenario_type[i]);
      counts.grp.push(all.grp[i]);
      counts.label.push(all.label[i]!);
      counts.n.push(all.n[i]);
      counts.length++;
    }
  }
  return { totals, counts };
}

/** The most labels any sentence of the labelling carries among its top k (1 for one category per sentence). */
export async function previousLabelsPerSentence(db: Db, labelling: string, topK: number): Promise<number> {
  return Number((await db.value(`SELECT coalesce(max(n), 0) FROM (
    SELECT count(DISTINCT category) AS n FROM sentence_labels WHERE labelling = ? AND rank <= ? GROUP BY conversation_id, turn, sentence_index)`, [labelling, topK])) ?? 0);
}

/** The clustered model's cells as loadShiftCells counted them (every labelled sentence, per participant, per query). */
export async function previousShiftCells(db: Db, q: ShiftQuery): Promise<IncidenceCell[]> {
  const sql = `${await unitsSql(db, q)}
    SELECT scenario_type, grp, cluster, NULL::VARCHAR AS label, count(DISTINCT sid) AS n FROM unit GROUP BY ALL
    UNION ALL
    SELECT u.scenario_type, u.grp, u.cluster, ${NODE_EXPR[q.level].replace('l.category', 'u.category')} AS label, count(DISTINCT u.sid) AS n
    FROM unit u LEFT JOIN taxonomy t ON t.category = u.category GROUP BY ALL
    ORDER BY 1, 2, 3, 4 NULLS FIRST`;
  const all = await columns<{ scenario_type: string[]; grp: ('pre' | 'post')[]; cluster: string[]; label: (string | null)[]; n: number[] }>(db, sql, params(q));
  const cells: IncidenceCell[] = [];
  let cell: (IncidenceCell & { counts: Record<string, number> }) | null = null;
  for (let i = 0; i < all.length; i++) {
    // Rows are ordered so that a cell's total (label NULL) comes first, then its labels.
    if (all.label[i] === null) cells.push((cell = { scenarioType: all.scenario_type[i], group: all.grp[i], cluster: all.cluster[i], n: all.n[i], counts: {} }));
    else cell!.counts[all.label[i]!] = all.n[i];
  }
  return cells;
}
