// The pieces of a data stamp: SQL that tells whether study data changed without scanning it. Every derived table and
// cache (the analysis cache, the explorer's score pivots and page table, the score-set summary) compares such a stamp
// with the one it was built for, each over the tables it depends on. Derived tables declare theirs through
// main/db/derived-table.ts, which owns the compare-and-rebuild sequence.

/** Tables whose stamp may be taken (names are spliced into SQL, so only these). */
export type StampedTable = 'conversations' | 'participants' | 'scores' | 'score_sets' | 'pairwise' | 'self_reports' | 'sentence_labels' | 'taxonomy';

/** Every stamped table, for writers that cannot say which they changed. */
export const STAMPED_TABLES: readonly StampedTable[] = [
  'conversations', 'participants', 'scores', 'score_sets', 'pairwise', 'self_reports', 'sentence_labels', 'taxonomy'];

/** study_meta's key of a table's in-place edit version (see bumpDataVersion). */
export const tableVersionKey = (table: StampedTable): string => `data_version:${table}`;

/**
 * A table's row count and last row id, both from DuckDB's metadata (no scan), and its in-place edit version: an
 * append, a delete or a replaced import changes one of the first two; an edit in place changes neither, so writers
 * that edit a table in place bump its version (bumpDataVersion). Per table, so that a coding edit (which rewrites
 * sentence labels) leaves the score pivot built.
 */
export const tableStampSql = (table: StampedTable): string =>
  `(SELECT count(*) || ':' || coalesce(max(rowid), -1) || ':' || coalesce((SELECT max(CAST(value AS VARCHAR)) FROM study_meta WHERE key = '${tableVersionKey(table)}'), '') FROM ${table})`;

/** The imports (a replaced import may leave a table's count and last row id as they were). */
export const IMPORTS_STAMP_SQL = `(SELECT coalesce(string_agg(import_id, ',' ORDER BY import_id), '') FROM imports)`;

/** study_meta's `data_version`, which every in-place edit bumps, whatever table it changed (bumpDataVersion). */
export const DATA_VERSION_STAMP_SQL = `(SELECT coalesce(max(CAST(value AS VARCHAR)), '') FROM study_meta WHERE key = 'data_version')`;

/** One stamp string from its pieces, in the order given. */
export const stampSql = (pieces: string[]): string => `SELECT concat_ws('|',\n  ${pieces.join(',\n  ')})`;
