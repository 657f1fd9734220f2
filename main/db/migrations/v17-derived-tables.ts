// The derived tables' one bookkeeping table (issue 12, main/db/derived-table.ts): which key (a score set, a labelling;
// '' for a table built whole) of which derived table holds rows built for which data stamp. A key is listed only once
// its rows are committed, so a key with no rows (a labelling without sentences) is known to be built too. The per-table
// bookkeeping it replaces (score_pivot_sets, pairwise_codes_state of migration 15) is dropped: its tables rebuild once.
export const DERIVED_TABLES_MIGRATION = {
  version: 17,
  sql: `
CREATE TABLE IF NOT EXISTS derived_builds (table_name VARCHAR NOT NULL, build_key VARCHAR NOT NULL, built_for VARCHAR NOT NULL);
DROP TABLE IF EXISTS score_pivot_sets;
DROP TABLE IF EXISTS pairwise_codes_state;
`,
};
