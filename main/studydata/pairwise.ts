// Pairwise forced-choice judgments (methods §6-7): human trials for the preference analysis and an LLM judge's
// judgments in trial order for Elo. Conversations and judges travel as integer codes (common.ts).

import type { Db } from '../db/workspace.js';
import { columns, CONVERSATION_CODES } from './common.js';

export interface PairwiseData {
  /** Index into `judges` of the call. */
  judge: number[];
  trial: number[];
  /** Conversation codes; -1 for a conversation the study does not have. */
  a: number[];
  b: number[];
  /** 0 = a chosen, 1 = b chosen, -1 = anything else. */
  choice: number[];
  /** Index into the scenarios passed in (scenario of conversation a), -1 when none. */
  scenario: number[];
  length: number;
}

/** Judgments of the given judges, in judge then trial order (the order Elo applies them in). */
export async function loadPairwise(db: Db, judges: string[], scenarios: string[]): Promise<PairwiseData> {
  return columns<PairwiseData>(
    db,
    `SELECT CAST(list_position($1::VARCHAR[], w.judge_id) - 1 AS INTEGER) AS judge, w.trial,
       coalesce(ca.code, -1) AS a, coalesce(cb.code, -1) AS b,
       CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END AS choice,
       CAST(coalesce(list_position($2::VARCHAR[], c.scenario), 0) - 1 AS INTEGER) AS scenario
     FROM pairwise w
     LEFT JOIN ${CONVERSATION_CODES} ca ON ca.conversation_id = w.conversation_a
     LEFT JOIN ${CONVERSATION_CODES} cb ON cb.conversation_id = w.conversation_b
     LEFT JOIN conversations c ON c.conversation_id = w.conversation_a
     WHERE list_contains($1::VARCHAR[], w.judge_id)
     ORDER BY 1, 2`,
    [judges, scenarios],
  );
}

/** Judges of the pairwise table with their kind and number of judgments, most judgments first. */
export async function pairwiseJudges(db: Db): Promise<{ judgeId: string; kind: string; judgments: number }[]> {
  return db.all(`SELECT judge_id AS "judgeId", any_value(judge_kind) AS kind, count(*) AS judgments FROM pairwise GROUP BY judge_id ORDER BY 3 DESC, 1`);
}
