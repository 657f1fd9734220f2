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
  // Aliases d0..d5 stand for the fixed dimension vocabulary; the names themselves travel as parameters.
  const perDim = opts.withDimensions ? all.map((_, i) => `, max(score) FILTER (WHERE dimension = $${7 + i}) AS d${i}`).join('') : '';
  const dimCols = opts.withDimensions ? all.map((_, i) => `, s.d${i}`).join('') : '';
  const c = await columns<OverallData & Record<string, (number | null)[]>>(
    db,
    `WITH s AS (
       SELECT conversation_id,
         count(DISTINCT dimension) FILTER (WHERE list_contains($2::VARCHAR[], dimension) OR list_contains($3::VARCHAR[], dimension)) AS ndim,
         sum(CASE WHEN list_contains($2::VARCHAR[], dimension) THEN score WHEN list_contains($3::VARCHAR[], dimension) THEN -score END) AS total${perDim}
       FROM scores WHERE score_set_id = $1 AND score IS NOT NULL GROUP BY conversation_id),
     cc AS (SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code, participant_id, round, scenario, scenario_type FROM conversations),
     pc AS (SELECT participant_id, condition, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code FROM participants)
     SELECT cc.code AS conversation, coalesce(pc.code, -1) AS participant,
       CAST(coalesce(list_position($4::VARCHAR[], pc.condition), 0) - 1 AS INTEGER) AS condition, cc.round,
       CAST(coalesce(list_position($5::VARCHAR[], cc.scenario), 0) - 1 AS INTEGER) AS scenario,
       CAST(coalesce(list_position($6::VARCHAR[], cc.scenario_type), 0) - 1 AS INTEGER) AS scenario_type,
       CASE WHEN s.ndim = 6 THEN s.total END AS overall${dimCols}
     FROM s JOIN cc ON cc.conversation_id = s.conversation_id LEFT JOIN pc ON pc.participant_id = cc.participant_id
     ORDER BY 1`,
    [scoreSetId, [...PRESCRIPTIVE_DIMS], [...PROSCRIPTIVE_DIMS], labels.conditions, labels.scenarios, labels.scenarioTypes, ...(opts.withDimensions ? all : [])],
  );
  const dims: Record<string, (number | null)[]> = {};
  if (opts.withDimensions) all.forEach((d, i) => (dims[d] = c[`d${i}`]));
  return Object.assign(c as unknown as OverallData, { dims });
}
