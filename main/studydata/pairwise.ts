// Pairwise forced-choice judgments (methods §6-7): human trials for the preference analysis and an LLM judge's
// judgments in trial order for Elo. Conversations and judges travel as integer codes (common.ts).

import type { Db } from '../db/workspace.js';
import { orderBy } from '../analysis/index.js';
import { derivedTable, freshDerived } from '../db/derived-table.js';
import { CONVERSATION_CODES, typedColumns } from './common.js';
import { scenariosByCode } from './elo.js';

export interface PairwiseData {
  /** Index into `judges` of the call. */
  judge: Int32Array;
  /** Conversation codes; -1 for a conversation the study does not have. */
  a: Int32Array;
  b: Int32Array;
  /** 0 = a chosen, 1 = b chosen, -1 = anything else. */
  choice: Int32Array;
  /** Index into the scenarios passed in (scenario of conversation a), -1 when none. */
  scenario: Int32Array;
  length: number;
}

/**
 * Judgments of the given judges, in judge then trial order (the order Elo applies them in), as typed columns that the
 * caller may move to the analysis worker. They come from pairwise_codes, where the conversations are already codes:
 * at 100x, joining the 650,000 judgments to the conversations by their text ids twice cost 0.3 s a call. The judges
 * are a table joined to the judgments, each with its first place in the list (list_position's): the 15,000 human
 * raters tested as a list against each judgment took a second. A trial's scenario is conversation a's, looked up in
 * the scenarios of every conversation read by code (joining conversation_codes to the judgments cost ~50 ms more).
 */
export async function loadPairwise(db: Db, judges: string[], scenarios: string[]): Promise<PairwiseData> {
  const version = await freshPairwiseCodes(db);
  const c = await typedColumns(
    db,
    `WITH l AS (SELECT from_json($1::JSON, '["VARCHAR"]') AS l),
     j AS (SELECT judge_id, CAST(min(i) AS INTEGER) AS judge FROM (SELECT unnest(l) AS judge_id, unnest(range(len(l))) AS i FROM l) GROUP BY judge_id)
     SELECT j.judge, w.a, w.b, w.choice
     FROM pairwise_codes w JOIN j ON j.judge_id = w.judge_id
     WHERE w.built_for = $2
     ORDER BY j.judge, w.trial`,
    // The judges as one JSON string: a bound list is a DuckDB value per element (15,000 raters at 100x).
    [JSON.stringify(judges), version],
    { judge: Int32Array, a: Int32Array, b: Int32Array, choice: Int32Array },
  );
  const byCode = await scenariosByCode(db, scenarios);
  const scenario = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) scenario[i] = c.a[i] >= 0 && c.a[i] < byCode.length ? byCode[c.a[i]] : -1;
  return { ...c, scenario };
}

/**
 * The judges of the judgments with their kind and number of judgments (main/db/derived-table.ts), built whole from the
 * judgments alone: grouping the 650,000 judgments of a 100x study by their text judge id cost every preference and Elo
 * call 15-40 ms.
 */
export const PAIRWISE_JUDGES = derivedTable({
  table: 'pairwise_judges',
  dependsOn: ['pairwise'],
  build: (db, stamp) => db.run(
    `INSERT INTO pairwise_judges SELECT $1, judge_id, any_value(judge_kind), count(*) FROM pairwise GROUP BY judge_id ORDER BY 4 DESC, 2`,
    [stamp],
  ),
});

/** Judges of the pairwise table with their kind and number of judgments, most judgments first. */
export async function pairwiseJudges(db: Db): Promise<{ judgeId: string; kind: string; judgments: number }[]> {
  const version = await freshDerived(db, PAIRWISE_JUDGES);
  return db.all(
    `SELECT judge_id AS "judgeId", judge_kind AS kind, judgments FROM pairwise_judges WHERE built_for = $1 ORDER BY 3 DESC, 1`,
    [version],
  );
}

export interface JudgmentData {
  /** Conversation codes (common.ts); -1 for a conversation the study does not have. */
  a: Int32Array;
  b: Int32Array;
  /** 0 = a chosen, 1 = b chosen, -1 = anything else (a tie for Elo). */
  choice: Int32Array;
  length: number;
}

/**
 * Every judgment coded (main/db/derived-table.ts), built whole. It depends on the judgments and the conversations (the
 * codes follow their ids), besides the imports; an edit in place of either bumps its own version (data-stamp.ts).
 */
export const PAIRWISE_CODES = derivedTable({
  table: 'pairwise_codes',
  dependsOn: ['pairwise', 'conversations'],
  build: (db, stamp) => db.run(
    `INSERT INTO pairwise_codes
     SELECT $1, w.judge_id, w.trial, coalesce(ca.code, -1), coalesce(cb.code, -1),
       CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END
     FROM pairwise w
     LEFT JOIN ${CONVERSATION_CODES} ca ON ca.conversation_id = w.conversation_a
     LEFT JOIN ${CONVERSATION_CODES} cb ON cb.conversation_id = w.conversation_b
     ORDER BY w.judge_id, w.trial`,
    [stamp],
  ),
});

/** The stamp pairwise_codes holds every judgment for, after coding them again if the data changed since. */
export function freshPairwiseCodes(db: Db): Promise<string> {
  return freshDerived(db, PAIRWISE_CODES);
}

/**
 * One judge's judgments in trial order, as codes only (the Elo input), from pairwise_codes: three integer columns
 * read into typed arrays, which the caller may move to the analysis worker. They are read in the table's order, which
 * is judge and trial order as pairwise_codes is written, with each trial beside (a missing one last, as ORDER BY puts
 * it): at 100x, DuckDB sorting the 500,000 rows again cost more than reading them. Should a scan not keep that order,
 * they are put in trial order here (stably).
 */
export async function loadJudgments(db: Db, judgeId: string): Promise<JudgmentData> {
  const version = await freshPairwiseCodes(db);
  const c = await typedColumns(
    db,
    `SELECT a, b, choice, coalesce(CAST(trial AS DOUBLE), 'Infinity'::DOUBLE) AS trial FROM pairwise_codes WHERE built_for = $1 AND judge_id = $2`,
    [version, judgeId],
    { a: Int32Array, b: Int32Array, choice: Int32Array, trial: Float64Array },
  );
  let sorted = true;
  for (let i = 1; i < c.length && sorted; i++) sorted = c.trial[i - 1] <= c.trial[i];
  if (sorted) return { a: c.a, b: c.b, choice: c.choice, length: c.length };
  const order = orderBy(c.trial, Int32Array.from(c.trial.keys()));
  const pick = (v: Int32Array) => Int32Array.from(order, (i) => v[i]);
  return { a: pick(c.a), b: pick(c.b), choice: pick(c.choice), length: c.length };
}
