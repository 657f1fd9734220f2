// Condition effects and contrasts (methods §1-2): one row per scored conversation and dimension, with its
// participant, condition and round, as integer codes in typed arrays (see common.ts), ready to move to a worker.

import type { EffectsConditionCells } from '../analysis/index.js';
import type { Db } from '../db/workspace.js';
import { columns, typedColumns, PRESCRIPTIVE_DIMS, PROSCRIPTIVE_DIMS } from './common.js';
import { freshConversationCodes, freshParticipantCodes } from './codes.js';
import { freshScorePivot, PIVOT_DIMENSIONS } from './score-pivot.js';
import { scoreSetRounds } from './score-summary.js';

export interface EffectsData {
  /** Index into the requested dimensions. */
  dimension: Int32Array;
  /** Participant code (decode with participantIds). */
  participant: Int32Array;
  /** Index into the requested conditions. */
  condition: Int32Array;
  round: Int32Array;
  score: Float64Array;
  length: number;
}

const KINDS = { dimension: Int32Array, participant: Int32Array, condition: Int32Array, round: Int32Array, score: Float64Array };

/**
 * Scores of one score set joined to the design, for the given dimensions, conditions and rounds (and scenario type
 * when not null). Conversations without a participant, a condition or a round cannot enter the model. Rows are
 * ordered by (participant, round, dimension, score), so every fit sees them in the same order.
 */
export async function loadEffectsData(
  db: Db,
  opts: { scoreSetId: string; dimensions: string[]; conditions: string[]; rounds: number[]; scenarioType: string | null },
): Promise<EffectsData> {
  return typedColumns(
    db,
    `WITH pc AS (
       SELECT participant_id, CAST(list_position($3::VARCHAR[], condition) - 1 AS INTEGER) AS condition,
         CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code
       FROM participants),
     cv AS (
       SELECT c.conversation_id, c.round, pc.code, pc.condition FROM conversations c JOIN pc ON pc.participant_id = c.participant_id
       WHERE pc.condition >= 0 AND list_contains($4::INTEGER[], c.round) AND ($5::VARCHAR IS NULL OR c.scenario_type = $5::VARCHAR))
     SELECT CAST(list_position($2::VARCHAR[], s.dimension) - 1 AS INTEGER) AS dimension, cv.code AS participant, cv.condition, cv.round, s.score
     FROM scores s JOIN cv ON cv.conversation_id = s.conversation_id
     WHERE s.score_set_id = $1 AND s.score IS NOT NULL AND list_contains($2::VARCHAR[], s.dimension)
     ORDER BY 2, 4, 1, 5`,
    [opts.scoreSetId, opts.dimensions, opts.conditions, opts.rounds, opts.scenarioType],
    KINDS,
  );
}

/** The dimension name under which the effects analyses report the overall score. */
export const OVERALL = 'overall';

/**
 * The overall score (EE + VE + DU - AG - SO - DE) per conversation in the shape of loadEffectsData, with every row's
 * dimension index set to `dimension`: conversations missing any of the six scores are left out, as they are from
 * the reliable change index.
 */
export async function loadOverallEffectsData(
  db: Db,
  opts: { scoreSetId: string; dimension: number; conditions: string[]; rounds: number[]; scenarioType: string | null },
): Promise<EffectsData> {
  const six = [...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS];
  const signs = six.map((d) => (PRESCRIPTIVE_DIMS.includes(d) ? 1 : -1));
  return typedColumns(
    db,
    `WITH d AS (SELECT unnest($2::VARCHAR[]) AS dimension, unnest($3::INTEGER[]) AS sign),
     pc AS (
       SELECT participant_id, CAST(list_position($4::VARCHAR[], condition) - 1 AS INTEGER) AS condition,
         CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code
       FROM participants),
     cv AS (
       SELECT c.conversation_id, c.round, pc.code, pc.condition FROM conversations c JOIN pc ON pc.participant_id = c.participant_id
       WHERE pc.condition >= 0 AND list_contains($5::INTEGER[], c.round) AND ($6::VARCHAR IS NULL OR c.scenario_type = $6::VARCHAR)),
     o AS (
       SELECT s.conversation_id, sum(d.sign * s.score) AS score
       FROM scores s JOIN d ON d.dimension = s.dimension
       WHERE s.score_set_id = $1 AND s.score IS NOT NULL
       GROUP BY s.conversation_id HAVING count(DISTINCT s.dimension) = ${six.length})
     SELECT CAST($7 AS INTEGER) AS dimension, cv.code AS participant, cv.condition, cv.round, CAST(o.score AS DOUBLE) AS score
     FROM o JOIN cv ON cv.conversation_id = o.conversation_id
     ORDER BY 2, 4, 5`,
    [opts.scoreSetId, six, signs, opts.conditions, opts.rounds, opts.scenarioType, opts.dimension],
    KINDS,
  );
}

/** Rounds present among the scored conversations of a score set (from the score-set summary). */
export async function roundsOf(db: Db, scoreSetId: string): Promise<number[]> {
  return scoreSetRounds(db, scoreSetId);
}

/** What loadEffectsCells aggregates: the outcomes' rows, as loadEffectsData / loadOverallEffectsData select them. */
export interface EffectsCellsQuery {
  scoreSetId: string;
  /** Plain dimensions, in outcome order. */
  dimensions: string[];
  /** Whether the overall score is an outcome too (after the plain ones). */
  overall: boolean;
  conditions: string[];
  rounds: number[];
  /** First post round: post means round >= postFrom. */
  postFrom: number;
  scenarioType: string | null;
}

/**
 * The SQL of loadEffectsCells. `exact` sums every row of a conversation's dimension; otherwise a dimension's count is
 * its presence bit and its sum of squares the square of its sum, which equals them when no conversation has two scores
 * on one dimension (imports refuse those), and the query reports `dups` so that the caller can tell. 'pivot' reads the
 * same from the score pivot (the design's dimensions only); its parameters are the set, the pivot's stamp, the
 * conditions, rounds, first post round, scenario type and the two code tables' stamps.
 */
function effectsCellsSql(opts: EffectsCellsQuery, pivot: string[], exact: boolean | 'pivot'): string {
  const six = [...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS];
  const outcomes = opts.dimensions.length + (opts.overall ? 1 : 0);
  const K = Array.from({ length: outcomes }, (_, o) => o);
  // Only numbers are spliced: pivot and outcome positions. Names and values are bound. Sums of products with 0/1
  // indicators: DuckDB's FILTER and CASE aggregates cost several times more over the 1.7 M scores of a 100x study.
  const is = (i: number) => `CAST(k = ${i} AS DOUBLE)`;
  const perDim = exact
    ? pivot.map((_, i) => `sum(${is(i)}) AS n${i}, sum(score * ${is(i)}) AS s${i}, sum(score * score * ${is(i)}) AS q${i}`).join(',\n')
    : `${pivot.map((_, i) => `sum(score * ${is(i)}) AS s${i}`).join(', ')}, bit_or(CAST(1 AS BIGINT) << k) AS present, count(*) - bit_count(bit_or(CAST(1 AS BIGINT) << k)) AS dups`;
  const n = (i: number) => (exact ? `n${i}` : `CAST((present >> ${i}) & 1 AS DOUBLE)`);
  const q = (i: number) => (exact ? `q${i}` : `s${i} * s${i}`);
  const sixAt = six.map((d) => pivot.indexOf(d));
  const complete = exact ? sixAt.map((i) => `n${i} > 0`).join(' AND ') : `present & ${sixAt.reduce((m, i) => m + 2 ** i, 0)} = ${sixAt.reduce((m, i) => m + 2 ** i, 0)}`;
  const total = sixAt.map((i, j) => `${PRESCRIPTIVE_DIMS.includes(six[j]) ? '+' : '-'} s${i}`).join(' ');
  const outcomeCols = [
    ...opts.dimensions.map((_, i) => `${n(i)} AS n_${i}, s${i} AS s_${i}, ${q(i)} AS q_${i}`),
    ...(opts.overall ? [`CAST(${complete} AS DOUBLE) AS n_${outcomes - 1}, CASE WHEN ${complete} THEN ${total} ELSE 0 END AS s_${outcomes - 1}, CASE WHEN ${complete} THEN (${total}) ** 2 ELSE 0 END AS q_${outcomes - 1}`] : []),
    exact ? '0 AS dups' : 'dups',
  ].join(',\n');
  const perParticipant = [...K.map((o) => ['pre', 'post'].map((w, side) =>
    `sum(n_${o} * ${w}) AS n${side}_${o}, sum(s_${o} * ${w}) AS s${side}_${o}, sum(q_${o} * ${w}) AS q${side}_${o}`).join(', ')), 'sum(dups) AS dups'].join(',\n');
  const means = K.map((o) => [0, 1].map((side) => `coalesce(sum(s${side}_${o}) / nullif(sum(n${side}_${o}), 0), 0) AS m${side}_${o}`).join(', ')).join(',\n');
  const d = (side: number, o: number) => `(s${side}_${o} - n${side}_${o} * m${side}_${o})`;
  // Within a cell: each participant's own spread plus its mean's distance from the cell's (0 when it has no rows).
  const within = (side: number, o: number) =>
    `CASE WHEN n${side}_${o} > 0 THEN q${side}_${o} - s${side}_${o} * s${side}_${o} / n${side}_${o} + ${d(side, o)} ** 2 / n${side}_${o} ELSE 0 END`;
  const perCondition = [...K.map((o) => [
    `sum(CAST(n0_${o} + n1_${o} > 0 AS DOUBLE)) AS g_${o}`,
    ...[0, 1].map((side) => `sum(n${side}_${o}) AS n${side}_${o}, sum(s${side}_${o}) AS s${side}_${o}, sum(${within(side, o)}) AS w${side}_${o}`),
    `sum(${d(0, o)} ** 2) AS d00_${o}, sum(${d(0, o)} * ${d(1, o)}) AS d01_${o}, sum(${d(1, o)} ** 2) AS d11_${o}`,
  ].join(', ')), 'CAST(sum(dups) AS DOUBLE) AS dups'].join(',\n');
  const tail = `pp AS (SELECT cv.p, min(cv.condition) AS condition, ${perParticipant} FROM oc JOIN cv ON cv.conversation_id = oc.conversation_id GROUP BY cv.p),
     mc AS (SELECT condition, ${means} FROM pp GROUP BY condition)
     SELECT condition, ${perCondition} FROM pp JOIN mc USING (condition) GROUP BY condition`;
  if (exact === 'pivot') {
    // From the score pivot and the stored codes (codes.ts): one integer-keyed row per conversation, no text id hashed.
    // A dimension's pivot value is the set's mean score there, which is its score (count 1, square its square) when the
    // conversation has one score per dimension; `dups` counts the rows where it has more (score_rows above the
    // dimensions present), and the caller then reads the scores (exact).
    const col = (d: string) => `v."${d}"`;
    const pivotCols = [
      ...opts.dimensions.map((d, i) => `CAST(${col(d)} IS NOT NULL AS DOUBLE) AS n_${i}, coalesce(${col(d)}, 0) AS s_${i}, coalesce(${col(d)} * ${col(d)}, 0) AS q_${i}`),
      ...(opts.overall ? [(() => {
        const done = six.map((d) => `${col(d)} IS NOT NULL`).join(' AND ');
        const sum = six.map((d) => `${PRESCRIPTIVE_DIMS.includes(d) ? '+' : '-'} ${col(d)}`).join(' ');
        return `CAST(${done} AS DOUBLE) AS n_${outcomes - 1}, CASE WHEN ${done} THEN ${sum} ELSE 0 END AS s_${outcomes - 1}, CASE WHEN ${done} THEN (${sum}) ** 2 ELSE 0 END AS q_${outcomes - 1}`;
      })()] : []),
      `v.score_rows - (${PIVOT_DIMENSIONS.map((d) => `CAST(${col(d)} IS NOT NULL AS INTEGER)`).join(' + ')}) AS dups`,
    ].join(',\n');
    return `WITH cv AS (
       SELECT c.code AS conversation_id, c.participant AS p, CAST(list_position($3::VARCHAR[], pc.condition) - 1 AS INTEGER) AS condition,
         CAST(c.round >= $5 AS DOUBLE) AS post, CAST(c.round < $5 AS DOUBLE) AS pre
       FROM conversation_codes c JOIN participant_codes pc ON pc.code = c.participant
       WHERE c.built_for = $7 AND pc.built_for = $8 AND list_position($3::VARCHAR[], pc.condition) > 0
         AND list_contains($4::INTEGER[], c.round) AND ($6::VARCHAR IS NULL OR c.scenario_type = $6::VARCHAR)),
     oc AS (SELECT v.conversation AS conversation_id, ${pivotCols} FROM score_pivot v WHERE v.built_for = $2 AND v.score_set_id = $1),
     ${tail}`;
  }
  // A participant's condition is its participants row's, so grouping by that row (p) alone keeps one key to hash.
  return `WITH pc AS (SELECT participant_id, rowid AS p, CAST(list_position($3::VARCHAR[], condition) - 1 AS INTEGER) AS condition FROM participants),
     cv AS (
       SELECT c.conversation_id, pc.p, pc.condition, CAST(c.round >= $5 AS DOUBLE) AS post, CAST(c.round < $5 AS DOUBLE) AS pre
       FROM conversations c JOIN pc ON pc.participant_id = c.participant_id
       WHERE pc.condition >= 0 AND list_contains($4::INTEGER[], c.round) AND ($6::VARCHAR IS NULL OR c.scenario_type = $6::VARCHAR)),
     sc AS (
       SELECT conversation_id, ${perDim}
       FROM (SELECT conversation_id, CAST(list_position($2::VARCHAR[], dimension) - 1 AS INTEGER) AS k, score FROM scores
             WHERE score_set_id = $1 AND score IS NOT NULL AND list_contains($2::VARCHAR[], dimension))
       GROUP BY conversation_id),
     oc AS (SELECT conversation_id, ${outcomeCols} FROM sc),
     ${tail}`;
}

/**
 * The effects model's sufficient statistics (see conditionEffectsCells), aggregated in DuckDB, indexed [outcome]
 * [condition]: the pre and post cells' count, sum and within-cell sum of squares, the participants' cross sums of
 * residual sums, and the participant count.
 *
 * Scores are pivoted per conversation first (the stored score pivot for the design's dimensions, else one pass over
 * the set's scores; either gives the overall score too),
 * then summed per participant, then per condition, so only a row per condition comes back. Within-participant sums
 * of squares come from sums of squares (exact with one conversation per cell, the study's design); every other spread
 * is a sum of deviations from a mean computed in an earlier step.
 */
export async function loadEffectsCells(db: Db, opts: EffectsCellsQuery): Promise<EffectsConditionCells[][]> {
  const six = [...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS];
  const pivot = [...opts.dimensions, ...(opts.overall ? six.filter((d) => !opts.dimensions.includes(d)) : [])];
  if (pivot.length > 62) throw new Error(`effects: ${pivot.length} dimensions at once; at most 62`);
  const values = [opts.scoreSetId, pivot, opts.conditions, opts.rounds, opts.postFrom, opts.scenarioType];
  let c: Record<string, number[]> & { length: number };
  if (pivot.every((d) => PIVOT_DIMENSIONS.includes(d))) {
    // The design's dimensions: from the stored pivot and codes (built in the background after an import).
    const stamps = [await freshScorePivot(db, [opts.scoreSetId]), await freshConversationCodes(db), await freshParticipantCodes(db)];
    c = await columns<Record<string, number[]>>(db, effectsCellsSql(opts, pivot, 'pivot'), [opts.scoreSetId, stamps[0], opts.conditions, opts.rounds, opts.postFrom, opts.scenarioType, stamps[1], stamps[2]]);
  } else {
    c = await columns<Record<string, number[]>>(db, effectsCellsSql(opts, pivot, false), values);
  }
  if (c.dups.some((x) => x > 0)) c = await columns<Record<string, number[]>>(db, effectsCellsSql(opts, pivot, true), values);
  const K = Array.from({ length: opts.dimensions.length + (opts.overall ? 1 : 0) }, (_, o) => o);
  const empty = (): EffectsConditionCells => ({ pre: { n: 0, sum: 0, m2: 0 }, post: { n: 0, sum: 0, m2: 0 }, cross: [0, 0, 0], clusters: 0 });
  const out = K.map(() => opts.conditions.map(empty));
  for (let r = 0; r < c.length; r++) {
    const j = c.condition[r];
    for (const o of K) {
      out[o][j] = {
        pre: { n: c[`n0_${o}`][r], sum: c[`s0_${o}`][r], m2: c[`w0_${o}`][r] },
        post: { n: c[`n1_${o}`][r], sum: c[`s1_${o}`][r], m2: c[`w1_${o}`][r] },
        cross: [c[`d00_${o}`][r], c[`d01_${o}`][r], c[`d11_${o}`][r]],
        clusters: c[`g_${o}`][r],
      };
    }
  }
  return out;
}
