// Condition effects and contrasts (methods §1-2): one row per scored conversation and dimension, with its
// participant, condition and round, as integer codes in typed arrays (see common.ts), ready to move to a worker.

import type { Db } from '../db/workspace.js';
import { PARTICIPANT_CODES, typedColumns, PRESCRIPTIVE_DIMS, PROSCRIPTIVE_DIMS } from './common.js';

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

/** Rounds present among the scored conversations of a score set. */
export async function roundsOf(db: Db, scoreSetId: string): Promise<number[]> {
  const rows = await db.all<{ r: number }>(
    `SELECT DISTINCT c.round AS r FROM conversations c WHERE c.round IS NOT NULL
       AND EXISTS (SELECT 1 FROM scores s WHERE s.conversation_id = c.conversation_id AND s.score_set_id = ?) ORDER BY 1`,
    [scoreSetId],
  );
  return rows.map((r) => r.r);
}
