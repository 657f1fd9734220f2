// What Elo reads besides its judgments (pairwise.ts): every conversation's scenario and the score set's overall score,
// by conversation code, in one statement over the stored conversation codes (codes.ts), into typed arrays the service
// moves to the analysis worker.

import type { Db } from '../db/workspace.js';
import { freshConversationCodes } from './codes.js';
import { typedColumns } from './common.js';
import { freshScorePivot } from './score-pivot.js';

/** Every conversation's scenario (index into `scenarios`, -1 when none), by conversation code. */
export async function scenariosByCode(db: Db, scenarios: string[]): Promise<Int32Array> {
  const c = await typedColumns(
    db,
    `SELECT c.code, ${SCENARIO_SQL} FROM conversation_codes c WHERE c.built_for = $2`,
    [scenarios, await freshConversationCodes(db)],
    { code: Int32Array, scenario: Int32Array },
  );
  return placed(c.code, c.scenario, new Int32Array(c.length));
}

/**
 * By conversation code: the scenario (index into `scenarios`, -1 when none) and, with a score set, its overall score
 * from the pivot (loadOverallByCode's; NaN where the set gives none, and everywhere without a set).
 */
export async function eloConversations(db: Db, scenarios: string[], scoreSetId: string | null): Promise<{ scenario: Int32Array; overall: Float64Array; length: number }> {
  // Without a set the pivot is not joined at all: a join that matches nothing still built its side (~50 ms at 100x).
  if (!scoreSetId) {
    const scenario = await scenariosByCode(db, scenarios);
    return { scenario, overall: new Float64Array(scenario.length).fill(NaN), length: scenario.length };
  }
  const version = await freshScorePivot(db, [scoreSetId]);
  const c = await typedColumns(
    db,
    `SELECT c.code, ${SCENARIO_SQL}, coalesce(v.overall, 'NaN'::DOUBLE) AS overall
     FROM conversation_codes c
     LEFT JOIN score_pivot v ON v.conversation = c.code AND v.built_for = $3 AND v.score_set_id = $4
     WHERE c.built_for = $2`,
    [scenarios, await freshConversationCodes(db), version, scoreSetId],
    { code: Int32Array, scenario: Int32Array, overall: Float64Array },
  );
  return { scenario: placed(c.code, c.scenario, new Int32Array(c.length)), overall: placed(c.code, c.overall, new Float64Array(c.length)), length: c.length };
}

/** A conversation's scenario as an index into $1 (-1 when none), for the reads above. */
const SCENARIO_SQL = `CAST(coalesce(list_position($1::VARCHAR[], c.scenario), 0) - 1 AS INTEGER) AS scenario`;

/**
 * Values read in any order with their code beside, placed by code: cheaper than DuckDB sorting 290,400 rows (100x).
 * Codes are dense (0 … n-1, one row each), so every slot is written.
 */
function placed<T extends Int32Array | Float64Array>(codes: Int32Array, values: T, out: T): T {
  for (let i = 0; i < codes.length; i++) out[codes[i]] = values[i];
  return out;
}
