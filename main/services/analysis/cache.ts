// Analysis results kept in the workspace (table analysis_cache, migration 8), keyed by analysis, arguments and
// the data version: a figure reopened is read back instead of refitted. The data version fingerprints every
// table the analyses read (row count and last row id: an append, a delete or a replaced import changes it), the
// imports, and study_meta (whose `data_version` key writers bump for edits in place), so a result is never
// served for data it was not computed from.
import { listValue } from '@duckdb/node-api';
import { IMPORTS_STAMP_SQL, STAMPED_TABLES, stampSql, tableStampSql, tableVersionKey, type StampedTable } from '../../db/data-stamp.js';
import type { Db } from '../../db/workspace.js';


// The whole of study_meta (data_version is one of its keys).
const VERSION_SQL = stampSql([
  IMPORTS_STAMP_SQL, `(SELECT coalesce(string_agg(key || '=' || CAST(value AS VARCHAR), ',' ORDER BY key), '') FROM study_meta)`,
  ...STAMPED_TABLES.map(tableStampSql)]);

/**
 * The shape and estimators of the results. Bump it whenever an analysis's output changes (a new field, another
 * estimator): a workspace cached by an older build then recomputes instead of answering in the old shape.
 */
export const RESULT_REVISION = 2;

/** What the analyses read (and the result revision), as one string that changes whenever either does. */
export async function dataVersion(db: Db): Promise<string> {
  return `r${RESULT_REVISION}|${await db.value<string>(VERSION_SQL)}`;
}

/**
 * Marks the study's data as changed (for writers that update rows in place, which counts do not show): the study's
 * `data_version` and the in-place version of each table in `changed` (all of them when the writer does not say), so a
 * derived table that depends on other tables stays built.
 */
export async function bumpDataVersion(db: Db, changed: readonly StampedTable[] = STAMPED_TABLES): Promise<void> {
  const keys = ['data_version', ...changed.map(tableVersionKey)];
  await db.run(`INSERT OR REPLACE INTO study_meta SELECT unnest(?::VARCHAR[]), to_json(gen_random_uuid()::VARCHAR)`, [listValue(keys)]);
}

// JSON has no NaN or ±Infinity; the engine returns them (alpha without variation, an unbounded CI), so they are
// written as tagged values and restored on read.
const encode = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v);
const decode = (_k: string, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $num?: unknown }).$num === 'string'
    ? Number((v as { $num: string }).$num) : v;

export class AnalysisCache {
  /** The same analysis asked for twice while it runs is computed once. */
  private readonly inflight = new Map<string, Promise<unknown>>();

  /** The cached result of `analysis(args)` for the current data, or `compute()`'s, then stored. */
  async get<T>(db: Db, analysis: string, args: unknown, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(args ?? {});
    const version = await dataVersion(db);
    const hit = await db.one<{ result: string }>(
      'SELECT result FROM analysis_cache WHERE analysis = ? AND args = ? AND data_version = ?', [analysis, key, version]);
    if (hit) return JSON.parse(hit.result, decode) as T;
    const id = `${analysis}\u0000${key}\u0000${version}`;
    const running = this.inflight.get(id);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const t0 = performance.now();
      const result = await compute();
      await db.run('DELETE FROM analysis_cache WHERE analysis = ? AND args = ?', [analysis, key]);
      await db.run('INSERT INTO analysis_cache VALUES (?, ?, ?, ?, ?, now())',
        [analysis, key, version, JSON.stringify(result, encode), performance.now() - t0]);
      return result;
    })().finally(() => this.inflight.delete(id));
    this.inflight.set(id, p);
    return p;
  }
}
