// Score sets pivoted per conversation (table score_pivot, migration 15): one row per score set and conversation, keyed
// by the conversation's integer code, with the design's six dimensions as columns. At 100x, comparing three score
// sets from `scores` hashed 5.2 M rows by their text conversation id (≈ 3 s of a 3.5 s agreement); from the pivot it
// groups 871,200 integer keys. Built on demand per set, for the data stamp below, and built again when that changes.

import { listValue } from '@duckdb/node-api';
import { derivedTable, freshDerived } from '../db/derived-table.js';
import type { Db } from '../db/workspace.js';
import { DIMENSIONS } from '../domain/study.js';
import { codesOfParam, codesParam, columns, CONVERSATION_CODES, PRESCRIPTIVE_DIMS, PROSCRIPTIVE_DIMS, typedColumns } from './common.js';

/** The pivot's dimension columns: exactly the design's dimensions, so each is an identifier from this fixed list. */
export const PIVOT_DIMENSIONS: readonly string[] = DIMENSIONS;

/**
 * The pivot, one build per score set. It depends on the scores (an append, a delete or a re-run set changes their count
 * or last row id) and the conversations (their codes follow the conversation ids), besides the imports and
 * `data_version` every derived table depends on. A dimension's value is the mean of the set's non-missing scores of the
 * conversation, as the agreement analyses define a set's score; `overall` is loadOverall's (prescriptive minus
 * proscriptive over every non-missing score, when all six dimensions have one); conversations the study does not have
 * are left out. `score_rows` counts the scores a row was built from: more than its non-missing dimensions means a
 * conversation with two scores on one dimension, where the mean is not the score (effects then reads the scores).
 */
export const SCORE_PIVOT = derivedTable({
  table: 'score_pivot',
  keyColumn: 'score_set_id',
  dependsOn: ['scores', 'conversations'],
  build: (db, stamp, sets) => db.run(
    // Ordered by set and code: a set's rows then lie in few row groups, which the readers' filters on the set skip to.
    `INSERT INTO score_pivot
     SELECT $1, s.score_set_id, cc.code,
       ${PIVOT_DIMENSIONS.map((_, i) => `avg(s.score) FILTER (WHERE s.dimension = ($3::VARCHAR[])[${i + 1}])`).join(',\n       ')},
       CASE WHEN bit_or(CAST(1 AS INTEGER) << CAST(list_position($4::VARCHAR[], s.dimension) - 1 AS INTEGER)) = 63
         THEN sum(CASE WHEN list_contains($5::VARCHAR[], s.dimension) THEN s.score ELSE -s.score END) END,
       CAST(count(*) AS INTEGER)
     FROM scores s JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
     WHERE list_contains($2::VARCHAR[], s.score_set_id) AND list_contains($3::VARCHAR[], s.dimension) AND s.score IS NOT NULL
     GROUP BY s.score_set_id, cc.code ORDER BY s.score_set_id, cc.code`,
    [stamp, listValue(sets), listValue([...PIVOT_DIMENSIONS]), listValue([...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS]), listValue([...PRESCRIPTIVE_DIMS])],
  ),
});

/** The stamp the pivot holds `setIds` for, after building those not built for the current data (main/db/derived-table.ts). */
export function freshScorePivot(db: Db, setIds: string[]): Promise<string> {
  return freshDerived(db, SCORE_PIVOT, setIds);
}

/**
 * The conversations the set gives an overall score (loadOverall's, main/studydata/overall.ts), by code, from the pivot:
 * what Elo's deciles and correlations need, without aggregating the set's 1.7 M scores (at 100x) on every call.
 */
export async function loadOverallByCode(db: Db, scoreSetId: string): Promise<{ conversation: number[]; overall: number[]; length: number }> {
  const version = await freshScorePivot(db, [scoreSetId]);
  return columns<{ conversation: number[]; overall: number[] }>(
    db,
    'SELECT conversation, overall FROM score_pivot WHERE built_for = $1 AND score_set_id = $2 AND overall IS NOT NULL ORDER BY conversation',
    [version, scoreSetId],
  );
}

/**
 * The pivot's rows of the given conversation codes (those the set scored): overall score and the six dimensions, as
 * preference reads them for the conversations of its trials. A dimension is the set's mean score there, which is
 * loadOverall's (the maximum) whenever a conversation has one score per dimension, as imports require.
 */
export async function loadPivotRows(
  db: Db, scoreSetId: string, codes: ArrayLike<number>,
): Promise<{ conversation: Int32Array; overall: Float64Array; dims: Record<string, Float64Array>; length: number }> {
  const version = await freshScorePivot(db, [scoreSetId]);
  // Typed, with NaN for a missing score: the columns go to two analysis workers, and arrays of numbers and nulls cost
  // a structured clone each (≈ 40 ms a call at 100x).
  const dimColumns = PIVOT_DIMENSIONS.map((d, i) => `coalesce(v."${d}", 'NaN'::DOUBLE) AS d${i}`).join(', ');
  const c = await typedColumns(
    db,
    `SELECT v.conversation, coalesce(v.overall, 'NaN'::DOUBLE) AS overall, ${dimColumns}
     FROM score_pivot v JOIN (SELECT DISTINCT * FROM ${codesOfParam(3)}) w(conversation) USING (conversation)
     WHERE v.built_for = $1 AND v.score_set_id = $2 ORDER BY v.conversation`,
    [version, scoreSetId, codesParam(codes)],
    { conversation: Int32Array, overall: Float64Array, ...Object.fromEntries(PIVOT_DIMENSIONS.map((_, i) => [`d${i}`, Float64Array])) },
  );
  const dims: Record<string, Float64Array> = {};
  PIVOT_DIMENSIONS.forEach((d, i) => (dims[d] = (c as unknown as Record<string, Float64Array>)[`d${i}`]));
  // The join keeps only pivot rows, whose conversation is never NULL.
  return { conversation: c.conversation, overall: c.overall, dims, length: c.length };
}
