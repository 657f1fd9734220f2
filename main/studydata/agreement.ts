// Rater agreement: the scores of several score sets on each dimension, aligned by conversation.

import type { Db } from '../db/workspace.js';
import { columns, CONVERSATION_CODES } from './common.js';
import { freshScorePivot, PIVOT_DIMENSIONS } from './score-pivot.js';

export interface AlignedScores {
  /** Conversation codes (common.ts) of the aligned positions. */
  conversations: number[];
  /** One vector per score set, aligned with `conversations` (NaN = that set has no score for it). */
  bySet: Record<string, Float64Array>;
}

/** Scores of the given sets on each dimension, over the conversations any of them scored (conversation order). */
export async function loadAlignedScores(db: Db, setIds: string[], dimensions: string[]): Promise<Record<string, AlignedScores>> {
  const data = await columns<{ conversation: number[]; dimension: number[]; set: number[]; score: number[] }>(
    db,
    `SELECT cc.code AS conversation, CAST(list_position($2::VARCHAR[], s.dimension) - 1 AS INTEGER) AS dimension,
       CAST(list_position($1::VARCHAR[], s.score_set_id) - 1 AS INTEGER) AS set, avg(s.score) AS score
     FROM scores s JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
     WHERE list_contains($1::VARCHAR[], s.score_set_id) AND list_contains($2::VARCHAR[], s.dimension) AND s.score IS NOT NULL
     GROUP BY ALL ORDER BY 1, 2, 3`,
    [setIds, dimensions],
  );
  const out: Record<string, AlignedScores> = {};
  dimensions.forEach((d, di) => {
    const index = new Map<number, number>();
    for (let i = 0; i < data.length; i++) if (data.dimension[i] === di && !index.has(data.conversation[i])) index.set(data.conversation[i], index.size);
    const bySet: Record<string, Float64Array> = {};
    for (const s of setIds) bySet[s] = new Float64Array(index.size).fill(NaN);
    for (let i = 0; i < data.length; i++) {
      if (data.dimension[i] !== di) continue;
      bySet[setIds[data.set[i]]][index.get(data.conversation[i])!] = data.score[i];
    }
    out[d] = { conversations: [...index.keys()], bySet };
  });
  return out;
}

/** One side of a comparison: the score set at this index of `setIds`, or the median of several. */
export type AgreementSide = number[];

/** Distinct pairs of values of the two sides of each comparison, per dimension, with how many conversations have each. */
export interface PairCounts {
  /** Index into the comparisons. */
  comparison: number[];
  /** Index into the dimensions. */
  dimension: number[];
  a: number[];
  b: number[];
  count: number[];
  length: number;
}

/** A side of three or more sets: its sets' finite scores of a conversation, sorted (one list per row, built once). */
function sideListSql(side: AgreementSide): string {
  return `list_sort(list_filter(list_value(${side.map((k) => `s${k}`).join(', ')}), v -> isfinite(v)))`;
}

/**
 * A side's value per conversation: its set's score, or the median of its sets' finite scores (numpy's: the middle of
 * the sorted values, or the halfway point of the middle two, as quantile() computes it; NULL when none). Two sets
 * need no list: the lower plus half the distance to the higher is that formula's arithmetic, bit for bit, without
 * building and sorting a list per row. More sets read the sorted list column `l`.
 */
function sideSql(side: AgreementSide, l: string): string {
  if (side.length === 1) return `s${side[0]}`;
  if (side.length === 2) {
    const [x, y] = side.map((k) => `s${k}`);
    return `CASE WHEN isfinite(${x}) AND isfinite(${y}) THEN least(${x}, ${y}) + 0.5 * (greatest(${x}, ${y}) - least(${x}, ${y}))
      WHEN isfinite(${x}) THEN ${x} WHEN isfinite(${y}) THEN ${y} END`;
  }
  const lo = `((len(${l}) - 1) // 2)`;
  const frac = `(((len(${l}) - 1) * 0.5) - ${lo})`;
  return `CASE WHEN len(${l}) = 0 THEN NULL ELSE ${l}[${lo} + 1] + ${frac} * (${l}[least(${lo} + 2, len(${l}))] - ${l}[${lo} + 1]) END`;
}

/**
 * Each set's score per conversation and dimension from `scores` (the mean of its non-missing scores there), a
 * row per (conversation, dimension) with columns s0, s1, …: what the counts are made of for any dimension.
 */
function fromScoresSql(setIds: string[]): string {
  return `SELECT conversation_id AS key, CAST(list_position($2::VARCHAR[], dimension) - 1 AS INTEGER) AS dimension,
        ${setIds.map((_, k) => `avg(score) FILTER (WHERE score_set_id = ($1::VARCHAR[])[${k + 1}]) AS s${k}`).join(',\n        ')}
      FROM scores
      WHERE list_contains($1::VARCHAR[], score_set_id) AND list_contains($2::VARCHAR[], dimension) AND score IS NOT NULL
        AND conversation_id IN (SELECT conversation_id FROM conversations)
      GROUP BY conversation_id, dimension`;
}

/**
 * The same rows from the score pivot (score-pivot.ts, built for the stamp bound as $2): each set's pivot rows joined
 * on the integer conversation code, unnested into one row per dimension. Dimension columns come from
 * PIVOT_DIMENSIONS only.
 */
function fromPivotSql(setIds: string[], dimensions: string[]): string {
  const col = (k: number, d: string) => {
    if (!PIVOT_DIMENSIONS.includes(d)) throw new Error(`fromPivotSql: ${d} is not a pivot column`);
    return `p${k}."${d}"`;
  };
  const key = (n: number) => (n === 1 ? 'p0.conversation' : `coalesce(${setIds.slice(0, n).map((_, k) => `p${k}.conversation`).join(', ')})`);
  const from = setIds.map((_, k) => {
    const rows = `(SELECT * FROM score_pivot WHERE built_for = $2 AND score_set_id = ($1::VARCHAR[])[${k + 1}]) p${k}`;
    return k === 0 ? rows : `FULL JOIN ${rows} ON p${k}.conversation = ${key(k)}`;
  });
  return `SELECT ${key(setIds.length)} AS key, unnest([${dimensions.map((_, i) => i).join(', ')}]) AS dimension,
        ${setIds.map((_, k) => `unnest([${dimensions.map((d) => col(k, d)).join(', ')}]) AS s${k}`).join(',\n        ')}
      FROM ${from.join('\n      ')}`;
}

/**
 * The agreement analyses' input, counted in the database: for each comparison (a pair of sides) and dimension, the
 * distinct pairs of finite values over the conversations both sides scored (each set's score of a conversation is
 * the mean of its scores there, as loadAlignedScores reads it), in order of their first conversation (conversation
 * order). A few dozen rows per comparison, whatever the study's size. Read from the score pivot when every dimension
 * is one of the design's (its integer keys are what makes this fast at scale), else from the scores; `from` forces
 * one (the tests compare them).
 */
export async function loadPairCounts(
  db: Db, setIds: string[], dimensions: string[], comparisons: { a: AgreementSide; b: AgreementSide }[],
  from: 'pivot' | 'scores' = dimensions.every((d) => PIVOT_DIMENSIONS.includes(d)) ? 'pivot' : 'scores',
): Promise<PairCounts> {
  // Column names s0, s1, … and v0, v1, … are built from indexes; set ids and dimensions are bound.
  const sides = [...new Map(comparisons.flatMap((c) => [c.a, c.b]).map((s) => [s.join(','), s])).values()];
  const sideIndex = (s: AgreementSide) => sides.findIndex((x) => x.join(',') === s.join(','));
  const values = from === 'pivot' ? [setIds, await freshScorePivot(db, setIds)] : [setIds, dimensions];
  const sql = `
    WITH s AS (${from === 'pivot' ? fromPivotSql(setIds, dimensions) : fromScoresSql(setIds)}),
    l AS (SELECT *${sides.map((side, j) => (side.length > 2 ? `, ${sideListSql(side)} AS l${j}` : '')).join('')} FROM s),
    v AS MATERIALIZED (SELECT key, dimension, ${sides.map((side, j) => `${sideSql(side, `l${j}`)} AS v${j}`).join(', ')} FROM l)
    ${comparisons.map((c, i) => {
      const a = `v${sideIndex(c.a)}`;
      const b = `v${sideIndex(c.b)}`;
      return `SELECT ${i} AS comparison, dimension, ${a} AS a, ${b} AS b, count(*) AS count, min(key) AS first
      FROM v WHERE isfinite(${a}) AND isfinite(${b}) GROUP BY dimension, ${a}, ${b}`;
    }).join('\n    UNION ALL ')}
    ORDER BY comparison, dimension, first`;
  const c = await columns<PairCounts & { first: unknown[] }>(db, sql, values);
  return { comparison: c.comparison, dimension: c.dimension, a: c.a, b: c.b, count: c.count, length: c.length };
}
