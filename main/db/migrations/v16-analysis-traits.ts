// Incidence shifts at scale (issue 12, main/studydata/shift-cells.ts): the sentences of each labelling counted per
// design cell (scenario type × round × participant condition) and per distinct set of labels a sentence carries
// (with their ranks), so that a shift query sums a few thousand rows instead of counting 7.6 M labelled sentences at
// 100x. Filled on demand per labelling; `built_for` is the fingerprint of the data it was counted from, and rows
// counted for other data are ignored and replaced.
export const ANALYSIS_TRAITS_MIGRATION = {
  version: 16,
  sql: `
CREATE TABLE IF NOT EXISTS shift_label_cells (
  built_for VARCHAR NOT NULL, labelling VARCHAR NOT NULL, scenario_type VARCHAR, round INTEGER, condition VARCHAR,
  labels STRUCT(rank INTEGER, category VARCHAR)[] NOT NULL, sentences BIGINT NOT NULL);
`,
};
