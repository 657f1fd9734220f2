// The pieces of a data stamp: SQL that tells whether study data changed without scanning it. Every derived table and
// cache (the analysis cache, the explorer's score pivots and page table, the score-set summary) compares such a stamp
// with the one it was built for, each over the tables it depends on.

/** Tables whose stamp may be taken (names are spliced into SQL, so only these). */
export type StampedTable = 'conversations' | 'participants' | 'scores' | 'score_sets' | 'pairwise' | 'self_reports' | 'sentence_labels' | 'taxonomy';

/**
 * A table's row count and last row id, both from DuckDB's metadata (no scan): an append, a delete or a replaced
 * import changes one of them; an edit in place changes neither (writers bump `data_version` for that).
 */
export const tableStampSql = (table: StampedTable): string => `(SELECT count(*) || ':' || coalesce(max(rowid), -1) FROM ${table})`;

/** The imports (a replaced import may leave a table's count and last row id as they were). */
export const IMPORTS_STAMP_SQL = `(SELECT coalesce(string_agg(import_id, ',' ORDER BY import_id), '') FROM imports)`;

/** study_meta's `data_version`, which writers that change rows in place bump (bumpDataVersion). */
export const DATA_VERSION_STAMP_SQL = `(SELECT coalesce(max(CAST(value AS VARCHAR)), '') FROM study_meta WHERE key = 'data_version')`;

/** One stamp string from its pieces, in the order given. */
export const stampSql = (pieces: string[]): string => `SELECT concat_ws('|',\n  ${pieces.join(',\n  ')})`;
