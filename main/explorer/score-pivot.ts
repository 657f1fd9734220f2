import { DATA_VERSION_STAMP_SQL, IMPORTS_STAMP_SQL, stampSql, tableStampSql } from '../db/data-stamp.js';
import { ident, type Db } from '../db/workspace.js';

export interface ScorePivot { table: string; dimensions: string[] }
/**
 * The pivot's explorer_docs document number (NULL for a conversation it lacks): pages over explorer_docs join the
 * pivot on it rather than on string ids. A name no dimension can take without a clash being noticed here.
 */
export const DOC_COLUMN = '"__explorer_doc"';
interface Entry { version: string; pivot: ScorePivot | null; table: string | null }
const caches = new WeakMap<Db, Map<string, Entry>>();
let counter = 0;

/**
 * What the pivots depend on, read without scanning the scores (count(*) of a whole table is kept in DuckDB's
 * metadata): the scores' row count and last row id (a judge run appends, a deleted or re-run score set
 * changes the count), the imports (a replaced import may leave both as they were), and study_meta's
 * `data_version`, which writers that change scores in place bump (main/services/analysis/cache.ts), and the stamp
 * of explorer_docs, whose document numbers the pivot carries.
 */
export const SCORES_VERSION_SQL = stampSql([
  tableStampSql('scores'), IMPORTS_STAMP_SQL, DATA_VERSION_STAMP_SQL, `(SELECT coalesce(max(built_for), '') FROM explorer_docs_state)`]);

/** The fingerprint score pivots are kept by; the bench compares it with the per-set scan it replaced. */
export async function scoresVersion(db: Db): Promise<string> {
  return String(await db.value<string>(SCORES_VERSION_SQL));
}

/**
 * One row per conversation with a column per dimension of a score set, kept as a temporary table on
 * the explorer's connection. Pivoting 1.7 million score rows costs ~100 ms at 100x; paging and sorting
 * must not pay it per request, nor a scan of the scores to see whether it is still fresh (24 ms at 100x):
 * the check is one look at the scores' metadata (scoresVersion). Returns null for a score set with no scores.
 */
export async function scorePivot(db: Db, scoreSetId: string, version?: string): Promise<ScorePivot | null> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  // `version`: scoresVersion's answer, read by the caller along with its other checks (main/explorer/page-state.ts).
  version ??= await scoresVersion(db);
  const hit = cache.get(scoreSetId);
  if (hit && hit.version === version) return hit.pivot;
  const dimensions = (await db.all<{ d: string }>(
    `SELECT DISTINCT dimension AS d FROM scores WHERE score_set_id = ? ORDER BY 1`, [scoreSetId])).map((r) => r.d);
  if (!dimensions.length) {
    if (hit?.table) await db.run(`DROP TABLE IF EXISTS temp.${ident(hit.table)}`);
    cache.set(scoreSetId, { version, pivot: null, table: null });
    return null;
  }
  const table = hit?.table ?? `explorer_scores_${++counter}`;
  // Stored in id order, as explorer_docs is in document order: a page's rows then lie in few row groups of both, and
  // the join back to them skips the rest (filter-only pages at 100x: 63 → 36 ms CPU).
  const cols = dimensions.map((d, i) => `max(score) FILTER (WHERE dimension = $${i + 2}) AS ${ident(d)}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT p.*, d.doc AS ${DOC_COLUMN} FROM (
       SELECT conversation_id, ${cols.join(', ')} FROM scores WHERE score_set_id = $1 GROUP BY conversation_id) p
     LEFT JOIN explorer_docs d USING (conversation_id) ORDER BY p.conversation_id`, [scoreSetId, ...dimensions]);
  const pivot = { table, dimensions };
  cache.set(scoreSetId, { version, pivot, table });
  return pivot;
}
