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
