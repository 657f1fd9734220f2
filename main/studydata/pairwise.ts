// Pairwise forced-choice judgments (methods §6-7): human trials for the preference analysis and an LLM judge's
// judgments in trial order for Elo. Conversations and judges travel as integer codes (common.ts).

import type { Db } from '../db/workspace.js';
import { columns } from './common.js';

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
    `WITH cc AS MATERIALIZED (
       SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code,
         CAST(coalesce(list_position($2::VARCHAR[], scenario), 0) - 1 AS INTEGER) AS scenario
       FROM conversations)
     SELECT CAST(list_position($1::VARCHAR[], w.judge_id) - 1 AS INTEGER) AS judge, w.trial,
       coalesce(ca.code, -1) AS a, coalesce(cb.code, -1) AS b,
       CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END AS choice,
       coalesce(ca.scenario, -1) AS scenario
     FROM pairwise w
     LEFT JOIN cc ca ON ca.conversation_id = w.conversation_a
     LEFT JOIN cc cb ON cb.conversation_id = w.conversation_b
     WHERE list_contains($1::VARCHAR[], w.judge_id)
     ORDER BY 1, 2`,
    [judges, scenarios],
  );
}

/** Judges of the pairwise table with their kind and number of judgments, most judgments first. */
export async function pairwiseJudges(db: Db): Promise<{ judgeId: string; kind: string; judgments: number }[]> {
  return db.all(`SELECT judge_id AS "judgeId", any_value(judge_kind) AS kind, count(*) AS judgments FROM pairwise GROUP BY judge_id ORDER BY 3 DESC, 1`);
}

export interface JudgmentData {
  /** Conversation codes (common.ts); -1 for a conversation the study does not have. */
  a: number[];
  b: number[];
  /** 0 = a chosen, 1 = b chosen, -1 = anything else (a tie for Elo). */
  choice: number[];
  length: number;
}

/** One judge's judgments in trial order, as codes only (the Elo input; three numeric columns keep large reads fast). */
export async function loadJudgments(db: Db, judgeId: string): Promise<JudgmentData> {
  return columns<JudgmentData>(
    db,
    `WITH cc AS MATERIALIZED (SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations)
     SELECT coalesce(ca.code, -1) AS a, coalesce(cb.code, -1) AS b,
       CAST(CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END AS INTEGER) AS choice
     FROM pairwise w
     LEFT JOIN cc ca ON ca.conversation_id = w.conversation_a
     LEFT JOIN cc cb ON cb.conversation_id = w.conversation_b
     WHERE w.judge_id = $1
     ORDER BY w.trial`,
    [judgeId],
  );
}

/** Scenario (index into `scenarios`, -1 when none) of every conversation, by code. */
export async function scenarioCodes(db: Db, scenarios: string[]): Promise<Int32Array> {
  const c = await columns<{ s: number[] }>(
    db,
    `SELECT CAST(coalesce(list_position($1::VARCHAR[], scenario), 0) - 1 AS INTEGER) AS s FROM conversations ORDER BY conversation_id`,
    [scenarios],
  );
  return Int32Array.from(c.s);
}
