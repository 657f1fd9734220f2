import { ident, type Db } from '../db/workspace.js';

export interface ScorePivot { table: string; dimensions: string[] }
interface Entry extends ScorePivot { version: string }
const caches = new WeakMap<Db, Map<string, Entry>>();
let counter = 0;

/**
 * One row per conversation with a column per dimension of a score set, kept as a temporary table on
 * the explorer's connection. Pivoting 1.7 million score rows costs ~100 ms at 100x; paging and sorting
 * must not pay it per request. The version (row count, score sum, last rowid) notices appends by a
 * judge run, replaced imports and deletions. Returns null for a score set with no scores.
 */
export async function scorePivot(db: Db, scoreSetId: string): Promise<ScorePivot | null> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const v = await db.one<{ n: number; s: number | null; r: number | null }>(
    `SELECT count(*) AS n, sum(score) AS s, max(rowid) AS r FROM scores WHERE score_set_id = ?`, [scoreSetId]);
  if (!v || v.n === 0) return null;
  const version = `${v.n}:${v.s}:${v.r}`;
  const hit = cache.get(scoreSetId);
  if (hit && hit.version === version) return hit;
  const dimensions = (await db.all<{ d: string }>(
    `SELECT DISTINCT dimension AS d FROM scores WHERE score_set_id = ? ORDER BY 1`, [scoreSetId])).map((r) => r.d);
  const table = hit?.table ?? `explorer_scores_${++counter}`;
  const cols = dimensions.map((d, i) => `max(score) FILTER (WHERE dimension = $${i + 2}) AS ${ident(d)}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT conversation_id, ${cols.join(', ')}
     FROM scores WHERE score_set_id = $1 GROUP BY conversation_id`, [scoreSetId, ...dimensions]);
  const entry = { version, table, dimensions };
  cache.set(scoreSetId, entry);
  return entry;
}
