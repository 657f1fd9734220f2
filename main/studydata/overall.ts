// The overall empathic communication score per conversation (prescriptive minus proscriptive; methods notation),
// with the conversation's design as integer codes: the input of reliable change, trait, preference and Elo analyses.

import type { Db } from '../db/workspace.js';
import { columns, CONVERSATION_CODES, PARTICIPANT_CODES, PRESCRIPTIVE_DIMS, PROSCRIPTIVE_DIMS } from './common.js';

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
  const perDim = opts.withDimensions ? all.map((_, i) => `, max(s.score) FILTER (WHERE s.dimension = $${7 + i}) AS d${i}`).join('') : '';
  const c = await columns<OverallData & Record<string, (number | null)[]>>(
    db,
    `SELECT cc.code AS conversation, coalesce(any_value(pc.code), -1) AS participant,
       CAST(coalesce(list_position($4::VARCHAR[], any_value(p.condition)), 0) - 1 AS INTEGER) AS condition,
       any_value(c.round) AS round,
       CAST(coalesce(list_position($5::VARCHAR[], any_value(c.scenario)), 0) - 1 AS INTEGER) AS scenario,
       CAST(coalesce(list_position($6::VARCHAR[], any_value(c.scenario_type)), 0) - 1 AS INTEGER) AS scenario_type,
       CASE WHEN count(DISTINCT s.dimension) FILTER (WHERE list_contains($2::VARCHAR[], s.dimension) OR list_contains($3::VARCHAR[], s.dimension)) = 6
         THEN sum(s.score) FILTER (WHERE list_contains($2::VARCHAR[], s.dimension)) - sum(s.score) FILTER (WHERE list_contains($3::VARCHAR[], s.dimension))
       END AS overall${perDim}
     FROM scores s
     JOIN ${CONVERSATION_CODES} cc ON cc.conversation_id = s.conversation_id
     LEFT JOIN conversations c ON c.conversation_id = s.conversation_id
     LEFT JOIN participants p ON p.participant_id = c.participant_id
     LEFT JOIN ${PARTICIPANT_CODES} pc ON pc.participant_id = p.participant_id
     WHERE s.score_set_id = $1 AND s.score IS NOT NULL
     GROUP BY cc.code ORDER BY cc.code`,
    [scoreSetId, [...PRESCRIPTIVE_DIMS], [...PROSCRIPTIVE_DIMS], labels.conditions, labels.scenarios, labels.scenarioTypes, ...(opts.withDimensions ? all : [])],
  );
  const dims: Record<string, (number | null)[]> = {};
  if (opts.withDimensions) all.forEach((d, i) => (dims[d] = c[`d${i}`]));
  return Object.assign(c as unknown as OverallData, { dims });
}
