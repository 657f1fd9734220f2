// The scored dimensions and rounds of each score set, read from a small summary table (score_set_summary, migration
// 13) instead of a pass over the scores: at 100x, finding a set's rounds joined 1.7 M scores to their conversations
// (≈ 1 s) before every effects, contrasts or reliable-change fit. The summary is counted again whenever the data it
// came from changed, which its fingerprint shows without scanning a table.

import { DATA_VERSION_STAMP_SQL, IMPORTS_STAMP_SQL, stampSql, tableStampSql } from '../db/data-stamp.js';
import type { Db } from '../db/workspace.js';

/**
 * What the summary depends on, from table metadata (count(*) of a whole table and its last row id: an append, a
 * delete or a re-run score set changes them), the imports (a replaced import may leave both as they were) and
 * study_meta's `data_version`, which writers that change rows in place bump (main/services/analysis/cache.ts).
 */
const VERSION_SQL = stampSql([tableStampSql('scores'), tableStampSql('conversations'), IMPORTS_STAMP_SQL, DATA_VERSION_STAMP_SQL]);

/** The fingerprint the summary was built for, after building it if the data changed since. */
async function freshSummary(db: Db): Promise<string> {
  const version = String(await db.value<string>(VERSION_SQL));
  // Statements on one connection run one at a time, so two callers cannot both insert: the second sees the first's rows.
  if (!(await db.value<boolean>('SELECT EXISTS (SELECT 1 FROM score_set_summary WHERE built_for = ?)', [version]))) {
    await db.run('DELETE FROM score_set_summary WHERE built_for <> ?', [version]);
    await db.run(
      `INSERT INTO score_set_summary
       SELECT $1, s.score_set_id, s.dimension, c.round, count(*) FROM scores s LEFT JOIN conversations c USING (conversation_id)
       WHERE NOT EXISTS (SELECT 1 FROM score_set_summary WHERE built_for = $1)
       GROUP BY ALL`,
      [version],
    );
  }
  return version;
}

/** Dimensions with at least one score row (a score or a missing one) in the set, sorted. */
export async function scoreSetDimensions(db: Db, scoreSetId: string): Promise<string[]> {
  const version = await freshSummary(db);
  const rows = await db.all<{ d: string }>(
    'SELECT DISTINCT dimension AS d FROM score_set_summary WHERE built_for = ? AND score_set_id = ? ORDER BY 1', [version, scoreSetId]);
  return rows.map((r) => r.d);
}

/** Rounds of the conversations the set scores (conversations without a round left out), ascending. */
export async function scoreSetRounds(db: Db, scoreSetId: string): Promise<number[]> {
  const version = await freshSummary(db);
  const rows = await db.all<{ r: number }>(
    'SELECT DISTINCT round AS r FROM score_set_summary WHERE built_for = ? AND score_set_id = ? AND round IS NOT NULL ORDER BY 1', [version, scoreSetId]);
  return rows.map((r) => Number(r.r));
}
