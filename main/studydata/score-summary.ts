// The scored dimensions and rounds of each score set, read from a small summary table (score_set_summary, migration
// 13) instead of a pass over the scores: at 100x, finding a set's rounds joined 1.7 M scores to their conversations
// (≈ 1 s) before every effects, contrasts or reliable-change fit. A derived table (main/db/derived-table.ts), counted
// again whenever the data it came from changed, which its stamp shows without scanning a table.

import { derivedTable, freshDerived } from '../db/derived-table.js';
import type { Db } from '../db/workspace.js';

/**
 * Rows per score set, dimension and round of the scored conversation (NULL: none, or a conversation the study does not
 * have), built whole. It depends on the scores (an append, a delete or a re-run score set changes their count or last
 * row id; an edit in place bumps their version) and the conversations (their rounds), besides the imports.
 */
export const SCORE_SET_SUMMARY = derivedTable({
  table: 'score_set_summary',
  dependsOn: ['scores', 'conversations'],
  build: (db, stamp) => db.run(
    `INSERT INTO score_set_summary
     SELECT $1, s.score_set_id, s.dimension, c.round, count(*) FROM scores s LEFT JOIN conversations c USING (conversation_id)
     GROUP BY ALL`,
    [stamp],
  ),
});

/** Dimensions with at least one score row (a score or a missing one) in the set, sorted. */
export async function scoreSetDimensions(db: Db, scoreSetId: string): Promise<string[]> {
  const version = await freshDerived(db, SCORE_SET_SUMMARY);
  const rows = await db.all<{ d: string }>(
    'SELECT DISTINCT dimension AS d FROM score_set_summary WHERE built_for = ? AND score_set_id = ? ORDER BY 1', [version, scoreSetId]);
  return rows.map((r) => r.d);
}

/** Rounds of the conversations the set scores (conversations without a round left out), ascending. */
export async function scoreSetRounds(db: Db, scoreSetId: string): Promise<number[]> {
  const version = await freshDerived(db, SCORE_SET_SUMMARY);
  const rows = await db.all<{ r: number }>(
    'SELECT DISTINCT round AS r FROM score_set_summary WHERE built_for = ? AND score_set_id = ? AND round IS NOT NULL ORDER BY 1', [version, scoreSetId]);
  return rows.map((r) => Number(r.r));
}
