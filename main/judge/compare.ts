// Judge runs side by side (issue 11): several score sets in one matrix. Means and the disagreement ranking are shaped
// in DuckDB; agreement uses the engine's functions (quadratic-weighted kappa on the scale, exact agreement) on the
// same aligned vectors the agreement analysis reads; cost and latency come from the judge's run tables.
import type {
  JudgeCompareAgreement, JudgeCompareArgs, JudgeCompareDisagreement, JudgeCompareMean, JudgeCompareResult, JudgeCompareSet,
} from '../api/contract/index.js';
import { JUDGE_COMPARE_DEFAULT_TOP } from '../api/contract/judge-compare.js';
import { AnalysisDataError, completePairs, exactAgreement, kappaQuadraticScale, medianOfRaters } from '../analysis/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../domain/study.js';
import { loadAlignedScores } from '../studydata/agreement.js';
import { orderDimensions, scoreSets } from '../studydata/common.js';
import { parseRaterSpec } from '../services/analysis/agreement.js';
import { getPrices } from './prices.js';
import { getRunRow, runCounts, summarize } from './store.js';
import { ensureJudgeDefaults } from './templates.js';

export interface JudgeCompareDeps { db: () => Db }

const marks = (n: number) => Array(n).fill('?').join(', ');
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

interface SetRow { id: string; rater: string; label: string | null; lo: number; hi: number }

export class JudgeCompareService {
  constructor(private readonly deps: JudgeCompareDeps) {}

  async compare(args: JudgeCompareArgs): Promise<JudgeCompareResult> {
    const db = this.deps.db();
    const ids = [...new Set(args.scoreSetIds)];
    if (ids.length < 2) throw new UserError('scoreSetIds: pick at least two different score sets', 'invalid-args');
    const found = await db.all<SetRow>(
      `SELECT score_set_id AS id, rater, json_extract_string(provenance, '$.label') AS label, scale_min AS lo, scale_max AS hi
       FROM score_sets WHERE score_set_id IN (${marks(ids.length)})`, ids);
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new UserError(`scoreSetIds: no score set ${missing.map((m) => `"${m}"`).join(', ')}`, 'not-found');
    const byId = new Map(found.map((f) => [f.id, f]));
    const dims = await this.dimensions(db, ids, args.dimensions);
    const reference = await this.reference(db, args.reference);
    const labels = scaleLabels([...ids, ...(reference?.sets ?? [])].map((id) => byId.get(id) ?? null).filter((s): s is SetRow => !!s));
    const { pairs, vsReference } = await agreements(db, ids, dims, reference, labels);
    const disagreementDimension = args.disagreementDimension ?? ([...PRESCRIPTIVE, ...PROSCRIPTIVE].every((d) => dims.includes(d)) ? 'overall' : dims[0]);
    if (disagreementDimension !== 'overall' && !dims.includes(disagreementDimension)) {
      throw new UserError(`disagreementDimension: "${disagreementDimension}" is not scored by every picked set (have overall, ${dims.join(', ')})`, 'invalid-args');
    }
    // The price table is seeded on first use; once here, not per set (the seeding checks, then inserts).
    await ensureJudgeDefaults(db);
    const sets: JudgeCompareSet[] = [];
    for (const id of ids) sets.push(await this.setInfo(db, byId.get(id)!));
    return {
      sets,
      dimensions: dims,
      means: await means(db, ids, dims),
      pairs,
      reference,
      vsReference,
      metric: 'kappa_scale',
      disagreementDimension,
      disagreements: await disagreements(db, ids, disagreementDimension, args.top ?? JUDGE_COMPARE_DEFAULT_TOP),
    };
  }

  private async dimensions(db: Db, ids: string[], wanted?: string[]): Promise<string[]> {
    const all = await scoreSets(db);
    const dimsOf = (id: string) => all.find((s) => s.id === id)?.dimensions ?? [];
    const common = orderDimensions(dimsOf(ids[0]).filter((d) => ids.every((s) => dimsOf(s).includes(d))));
    if (wanted?.length) {
      const bad = wanted.filter((d) => !common.includes(d));
      if (bad.length) throw new UserError(`dimensions: ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not scored by every picked set (common: ${common.join(', ') || 'none'})`, 'invalid-args');
      return wanted;
    }
    if (!common.length) throw new UserError(`The picked score sets (${ids.join(', ')}) share no dimension`, 'invalid-args');
    return common;
  }

  /** The named reference, or the experts' median when the study has two or more expert sets (as the agreement matrix). */
  private async reference(db: Db, spec: string | null | undefined): Promise<JudgeCompareResult['reference']> {
    if (spec === null) return null;
    if (spec) return parseRaterSpec(db, spec);
    const experts = (await scoreSets(db)).filter((s) => /^expert/i.test(s.id) || /^expert/i.test(s.rater)).map((s) => s.id);
    return experts.length >= 2 ? parseRaterSpec(db, `median(${experts.join(',')})`) : null;
  }

  /** Label, model, cost and latency; summed over every run that wrote into the set (a resumed or repeated run). */
  private async setInfo(db: Db, s: SetRow): Promise<JudgeCompareSet> {
    const runs = await db.all<{ run_id: string }>(`SELECT run_id FROM judge_runs WHERE score_set_id = ? AND mode <> 'pairwise' ORDER BY created_at`, [s.id]);
    const conversations = Number(await db.value('SELECT count(DISTINCT conversation_id) FROM scores WHERE score_set_id = ? AND score IS NOT NULL', [s.id]));
    const base = { scoreSetId: s.id, rater: s.rater, conversations };
    if (!runs.length) return { ...base, label: s.label ?? s.rater, runId: null, model: null, cost: null, latency: null };
    const prices = await getPrices(db);
    const summaries = [];
    for (const r of runs) summaries.push(summarize(await getRunRow(db, r.run_id), (await runCounts(db, r.run_id)).get(r.run_id), prices, { jobId: null, throughputPerMin: null }));
    const last = summaries[summaries.length - 1];
    const priced = summaries.every((x) => x.costSoFar.priced);
    const amount = priced ? Math.round(summaries.reduce((t, x) => t + (x.costSoFar.amount ?? 0), 0) * 1e6) / 1e6 : null;
    const lat = await db.one<{ n: number; mean: number | null; median: number | null; p95: number | null }>(
      `SELECT count(*) AS n, avg(latency_ms) AS mean, median(latency_ms) AS median, quantile_cont(latency_ms, 0.95) AS p95
       FROM judge_answers WHERE run_id IN (${marks(runs.length)}) AND NOT from_cache AND latency_ms IS NOT NULL`, runs.map((r) => r.run_id));
    return {
      ...base,
      label: last.label ?? s.label ?? s.rater,
      runId: last.runId,
      model: last.model,
      cost: { ...last.costSoFar, amount, note: runs.length > 1 ? `${runs.length} runs; ${last.costSoFar.note}` : last.costSoFar.note },
      latency: lat && lat.n > 0 ? { n: Number(lat.n), meanMs: lat.mean!, medianMs: lat.median!, p95Ms: lat.p95! } : null,
    };
  }
}

/** The rating scale's whole numbers, from the lowest minimum to the highest maximum of the sets involved. */
function scaleLabels(sets: SetRow[]): number[] {
  const lo = Math.ceil(Math.min(...sets.map((s) => s.lo)));
  const hi = Math.floor(Math.max(...sets.map((s) => s.hi)));
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}

/** Per-conversation scores first (a set may hold repeats), then the mean over conversations. */
async function means(db: Db, ids: string[], dims: string[]): Promise<JudgeCompareMean[]> {
  const rows = await db.all<{ set: string; dimension: string; mean: number | null; n: number }>(
    `SELECT score_set_id AS set, dimension, avg(s) AS mean, count(*) AS n FROM (
       SELECT score_set_id, conversation_id, dimension, avg(score) AS s FROM scores
       WHERE score_set_id IN (${marks(ids.length)}) AND dimension IN (${marks(dims.length)}) AND score IS NOT NULL GROUP BY ALL)
     GROUP BY ALL`, [...ids, ...dims]);
  return ids.flatMap((id) => dims.map((d) => {
    const r = rows.find((x) => x.set === id && x.dimension === d);
    return { scoreSetId: id, dimension: d, mean: r?.mean ?? null, n: Number(r?.n ?? 0) };
  }));
}

function agree(a: string, b: string, dimension: string, x: ArrayLike<number>, y: ArrayLike<number>, labels: number[]): JudgeCompareAgreement {
  const n = completePairs(x, y).x.length;
  if (n === 0) return { a, b, dimension, n, kappa: null, exact: null };
  let kappa: number | null;
  try {
    kappa = finiteOrNull(kappaQuadraticScale(x, y, labels));
  } catch (e) {
    if (!(e instanceof AnalysisDataError)) throw e;
    kappa = null;
  }
  return { a, b, dimension, n, kappa, exact: finiteOrNull(exactAgreement(x, y)) };
}

async function agreements(db: Db, ids: string[], dims: string[], ref: JudgeCompareResult['reference'], labels: number[]) {
  const aligned = await loadAlignedScores(db, [...new Set([...ids, ...(ref?.sets ?? [])])], dims);
  const pairs: JudgeCompareAgreement[] = [];
  const vsReference: JudgeCompareAgreement[] = [];
  for (const d of dims) {
    const v = aligned[d].bySet;
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push(agree(ids[i], ids[j], d, v[ids[i]], v[ids[j]], labels));
    if (ref) {
      const r = ref.sets.length === 1 ? v[ref.sets[0]] : Float64Array.from(medianOfRaters(ref.sets.map((s) => v[s])));
      for (const id of ids) vsReference.push(agree(id, ref.spec, d, v[id], r, labels));
    }
  }
  return { pairs, vsReference };
}

/** Conversations scored by two or more of the sets, by the spread of their scores on the dimension (or overall). */
async function disagreements(db: Db, ids: string[], dimension: string, top: number): Promise<JudgeCompareDisagreement[]> {
  const parts = [...PRESCRIPTIVE, ...PROSCRIPTIVE];
  const per = `SELECT score_set_id, conversation_id, dimension, avg(score) AS s FROM scores
    WHERE score_set_id IN (${marks(ids.length)}) AND score IS NOT NULL GROUP BY ALL`;
  // Overall = prescriptive sum - proscriptive sum, only where the set scored all six (as the explorer's column).
  const value = dimension === 'overall'
    ? `SELECT score_set_id, conversation_id, sum(CASE WHEN dimension IN (${marks(PRESCRIPTIVE.length)}) THEN s ELSE -s END) AS v
       FROM per WHERE dimension IN (${marks(parts.length)}) GROUP BY ALL HAVING count(*) = ${parts.length}`
    : `SELECT score_set_id, conversation_id, s AS v FROM per WHERE dimension = ?`;
  const params = dimension === 'overall' ? [...ids, ...PRESCRIPTIVE, ...parts] : [...ids, dimension];
  const rows = await db.all<{ conversation_id: string; spread: number; sets: string[]; vals: number[] }>(
    `WITH per AS (${per}), val AS (${value})
     SELECT conversation_id, max(v) - min(v) AS spread, list(score_set_id ORDER BY score_set_id) AS sets, list(v ORDER BY score_set_id) AS vals
     FROM val GROUP BY conversation_id HAVING count(*) >= 2
     ORDER BY spread DESC, conversation_id LIMIT ${Math.max(1, Math.floor(top))}`, params);
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    spread: r.spread,
    scores: Object.fromEntries(ids.map((id) => { const k = r.sets.indexOf(id); return [id, k >= 0 ? r.vals[k] : null]; })),
  }));
}
