// Agreement at scale (issue 12, main/studydata/score-pivot.ts): each score set's scores with one row per conversation
// (its integer code, CONVERSATION_CODES' order) and the six dimensions of the design as columns, each the mean of the
// set's scores of that conversation on that dimension. Comparing sets then joins a few hundred thousand integer keys
// instead of hashing millions of scores by their text conversation id; `overall` is the overall score as loadOverall
// defines it (Elo reads it from here). Filled on demand per score set;
// score_pivot_sets names the sets built for a data stamp (a set may have no row), and rows built for other data are
// ignored and replaced. pairwise_codes: the pairwise judgments with both conversations as integer codes (-1: not in
// the study) and the choice as a number, in judge and trial order (main/studydata/pairwise.ts), so Elo's 500,000
// judgments at 100x are read as three integer columns instead of joining two text ids each to the conversations.
export const ANALYSIS_MORE_MIGRATION = {
  version: 15,
  sql: `
CREATE TABLE IF NOT EXISTS score_pivot (
  built_for VARCHAR NOT NULL, score_set_id VARCHAR NOT NULL, conversation INTEGER NOT NULL,
  encouraging_elaboration DOUBLE, validating_emotions DOUBLE, demonstrating_understanding DOUBLE,
  advice_giving DOUBLE, self_oriented DOUBLE, dismissing_emotions DOUBLE, overall DOUBLE);
CREATE TABLE IF NOT EXISTS score_pivot_sets (built_for VARCHAR NOT NULL, score_set_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS pairwise_codes (
  built_for VARCHAR NOT NULL, judge_id VARCHAR NOT NULL, trial INTEGER, a INTEGER NOT NULL, b INTEGER NOT NULL, choice INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairwise_codes_state (built_for VARCHAR NOT NULL);
`,
};
