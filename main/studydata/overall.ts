// The overall empathic communication score per conversation (prescriptive minus proscriptive; methods notation),
// with the conversation's design as integer codes: the input of reliable change, trait, preference and Elo analyses.

import type { Db } from '../db/workspace.js';
import { columns, PRESCRIPTIVE_DIMS, PROSCRIPTIVE_DIMS } from './common.js';

export interface OverallData {
  /** Conversation code (decode with conversationIds). */
  conversation: number[];
  /** Participant code, -1 when the conversation has no (known) participant. */
  participant: number[];
  /** Index into `labels.conditions`, -1 when none. */
  condition: number[];
  /** null when the conversation has no round. */
  round: (number | null)[];
  /** Index into `labels.scenarios` / `labels.scenarioTypes`, -1 when none. */
  scenario: number[];
  scenario_type: number[];
  /** null when any of the six dimensions is missing. */
  overall: (number | null)[];
  length: number;
}

export interface OverallLabels { conditions: string[]; scenarios: string[]; scenarioTypes: string[] }

/**
 * One row per conversation scored by the set, in conversation-code order: overall = EE + VE + DU - AG - SO - DE when
 * all six are present. With `withDimensions` the six per-dimension scores come back too, in `dims`.
 */
export async function loadOverall(
  db: Db, scoreSetId: string, labels: OverallLabels, opts: { withDimensions?: boolean } = {},
): Promise<OverallData & { dims: Record<string, (number | null)[]> }> {
  const all = [...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS];
  // The six dimensions as a small table (name, sign in the overall score, index), joined rather than tested per row.
  const perDim = opts.withDimensions ? all.map((_, i) => `, max(s.score) FILTER (WHERE d.k = ${i}) AS d${i}`).join('') : '';
  const dimCols = opts.withDimensions ? all.map((_, i) => `, s.d${i}`).join('') : '';
  const c = await columns<OverallData & Record<string, (number | null)[]>>(
    db,
    `WITH d AS (SELECT unnest($2::VARCHAR[]) AS dimension, unnest($3::INTEGER[]) AS sign, unnest($4::INTEGER[]) AS k),
     s AS (
       SELECT s.conversation_id, bit_or(CAST(1 AS INTEGER) << d.k) AS present, sum(d.sign * s.score) AS total${perDim}
       FROM scores s JOIN d ON d.dimension = s.dimension
       WHERE s.score_set_id = $1 AND s.score IS NOT NULL GROUP BY s.conversation_id),
     cc AS (SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code, participant_id, round, scenario, scenario_type FROM conversations),
     pc AS (SELECT participant_id, condition, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code FROM participants)
     SELECT cc.code AS conversation, coalesce(pc.code, -1) AS participant,
       CAST(coalesce(list_position($5::VARCHAR[], pc.condition), 0) - 1 AS INTEGER) AS condition, cc.round,
       CAST(coalesce(list_position($6::VARCHAR[], cc.scenario), 0) - 1 AS INTEGER) AS scenario,
       CAST(coalesce(list_position($7::VARCHAR[], cc.scenario_type), 0) - 1 AS INTEGER) AS scenario_type,
       CASE WHEN s.present = 63 THEN s.total END AS overall${dimCols}
     FROM s JOIN cc ON cc.conversation_id = s.conversation_id LEFT JOIN pc ON pc.participant_id = cc.participant_id
     ORDER BY 1`,
    [scoreSetId, all, all.map((d) => (PRESCRIPTIVE_DIMS.includes(d) ? 1 : -1)), all.map((_, i) => i), labels.conditions, labels.scenarios, labels.scenarioTypes],
  );
  const dims: Record<string, (number | null)[]> = {};
  if (opts.withDimensions) all.forEach((d, i) => (dims[d] = c[`d${i}`]));
  return Object.assign(c as unknown as OverallData, { dims });
}

/** Per participant, what reliable change needs (see loadRciParticipants). */
export interface RciParticipantRows {
  /** Participant code (decode with participantIds). */
  participant: number[];
  /** Index into the `conditions` given. */
  condition: number[];
  /** Scored baseline conversations (more than one is a data error) and their overall score's sum. */
  nBaseline: number[];
  baseline: number[];
  /** Scored post conversations and the sum of their overall scores. */
  nPost: number[];
  postSum: number[];
  /** All the participant's scored conversations: count, sum, within-participant sum of squares. */
  n: number[];
  sum: number[];
  m2: number[];
  length: number;
}

/**
 * Reliable change's input summed per participant in DuckDB: the overall score of every conversation scored on all six
 * dimensions whose participant is in one of `conditions` and whose round is in `rounds`, summed per participant,
 * in the order in which loadOverall (conversation id order) first meets each participant.
 */
export async function loadRciParticipants(
  db: Db, opts: { scoreSetId: string; conditions: string[]; rounds: number[]; baselineRound: number },
): Promise<RciParticipantRows> {
  const all = [...PRESCRIPTIVE_DIMS, ...PROSCRIPTIVE_DIMS];
  return columns<RciParticipantRows>(
    db,
    `WITH d AS (SELECT unnest($2::VARCHAR[]) AS dimension, unnest($3::INTEGER[]) AS sign, unnest($4::INTEGER[]) AS k),
     o AS (
       SELECT s.conversation_id, sum(d.sign * s.score) AS overall FROM scores s JOIN d ON d.dimension = s.dimension
       WHERE s.score_set_id = $1 AND s.score IS NOT NULL GROUP BY s.conversation_id HAVING bit_or(CAST(1 AS INTEGER) << d.k) = 63),
     pc AS (SELECT participant_id, condition, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code FROM participants),
     r AS (
       SELECT pc.code, CAST(list_position($5::VARCHAR[], pc.condition) - 1 AS INTEGER) AS condition, c.round, CAST(o.overall AS DOUBLE) AS overall, c.conversation_id
       FROM o JOIN conversations c ON c.conversation_id = o.conversation_id JOIN pc ON pc.participant_id = c.participant_id
       WHERE list_contains($6::INTEGER[], c.round) AND list_contains($5::VARCHAR[], pc.condition))
     SELECT code AS participant, min(condition) AS condition,
       sum(CAST(round = $7 AS DOUBLE)) AS "nBaseline", sum(CASE WHEN round = $7 THEN overall ELSE 0 END) AS baseline,
       sum(CAST(round > $7 AS DOUBLE)) AS "nPost", sum(CASE WHEN round > $7 THEN overall ELSE 0 END) AS "postSum",
       CAST(count(*) AS DOUBLE) AS n, sum(overall) AS sum, var_pop(overall) * count(*) AS m2
     FROM r GROUP BY code ORDER BY min(conversation_id)`,
    [opts.scoreSetId, all, all.map((d) => (PRESCRIPTIVE_DIMS.includes(d) ? 1 : -1)), all.map((_, i) => i), opts.conditions, opts.rounds, opts.baselineRound],
  );
}

