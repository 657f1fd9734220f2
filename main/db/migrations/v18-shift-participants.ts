// The participant-clustered incidence model's counts (issue 12, main/studydata/shift-participants.ts): a labelling's
// sentences counted per participant (cluster), conversation design (scenario type, round, condition) and label set, so
// that a clustered query aggregates integer rows instead of counting 7.6 M sentences at 100x. The label sets (each
// distinct sorted (rank, category) list of a sentence) are numbered once per labelling and build. The moments are
// what a query sums: per taxonomy level and top k, scenario type, condition, label and pair of rounds, sums over
// participants of products of their per-round counts (filled on a query's first use of that level and top k).
export const SHIFT_PARTICIPANTS_MIGRATION = {
  version: 18,
  sql: `
CREATE TABLE IF NOT EXISTS shift_label_sets (
  built_for VARCHAR NOT NULL, labelling VARCHAR NOT NULL, set_id INTEGER NOT NULL, labels STRUCT(rank INTEGER, category VARCHAR)[] NOT NULL);
CREATE TABLE IF NOT EXISTS shift_participant_cells (
  built_for VARCHAR NOT NULL, labelling VARCHAR NOT NULL, cluster INTEGER NOT NULL, scenario_type VARCHAR, round INTEGER, condition VARCHAR,
  set_id INTEGER NOT NULL, sentences INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shift_participant_moments (
  built_for VARCHAR NOT NULL, labelling VARCHAR NOT NULL, level VARCHAR NOT NULL, top_k INTEGER NOT NULL, kind VARCHAR NOT NULL,
  scenario_type VARCHAR, condition VARCHAR, label VARCHAR, r1 INTEGER, r2 INTEGER, rounds INTEGER[], v BIGINT NOT NULL);
`,
};
