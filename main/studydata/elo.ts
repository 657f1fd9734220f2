// What Elo reads besides its judgments (pairwise.ts): every conversation's scenario and the score set's overall score,
// by conversation code, in one statement over the stored conversation codes (codes.ts), into typed arrays the service
// moves to the analysis worker.

import type { Db } from '../db/workspace.js';
import { freshConversationCodes } from './codes.js';
import { typedColumns } from './common.js';
import { freshScorePivot } from './score-pivot.js';

/**
 * By conversation code: the scenario (index into `scenarios`, -1 when none) and, with a score set, its overall score
 * from the pivot (loadOverallByCode's; NaN where the set gives none, and everywhere without a set).
 */
export async function eloConversations(db: Db, scenarios: string[], scoreSetId: string | null): Promise<{ scenario: Int32Array; overall: Float64Array; length: number }> {
  const version = scoreSetId ? await freshScorePivot(db, [scoreSetId]) : null;
  const codes = await freshConversationCodes(db);
  // Read in any order with the code beside and placed by it here: cheaper than DuckDB sorting 290,400 rows (100x).
  // Without a set neither the pivot nor an overall column is read: a join that matches nothing still built its side
  // (~50 ms of CPU at 100x).
  const scenarioSql = `CAST(coalesce(list_position($1::VARCHAR[], c.scenario), 0) - 1 AS INTEGER) AS scenario`;
  const kinds = { code: Int32Array, scenario: Int32Array, overall: Float64Array };
  const c = version === null
    ? { ...(await typedColumns(db, `SELECT c.code, ${scenarioSql} FROM conversation_codes c WHERE c.built_for = $2`, [scenarios, codes], kinds)), overall: null }
    : await typedColumns(
      db,
      `SELECT c.code, ${scenarioSql}, coalesce(v.overall, 'NaN'::DOUBLE) AS overall
       FROM conversation_codes c
       LEFT JOIN score_pivot v ON v.conversation = c.code AND v.built_for = $3 AND v.score_set_id = $4
       WHERE c.built_for = $2`,
      [scenarios, codes, version, scoreSetId],
      kinds,
    );
  // Codes are dense (0 … n-1, one row each), so every slot is written.
  const scenario = new Int32Array(c.length);
  const overall = new Float64Array(c.length).fill(NaN);
  for (let i = 0; i < c.length; i++) scenario[c.code[i]] = c.scenario[i];
  if (c.overall) for (let i = 0; i < c.length; i++) overall[c.code[i]] = c.overall[i];
  return { scenario, overall, length: c.length };
}
