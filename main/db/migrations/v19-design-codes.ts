// The study's design with integer codes, stored once per data stamp (issue 12, main/studydata/codes.ts): every
// conversation with its code (CONVERSATION_CODES' order, the codes of score_pivot and pairwise_codes), its participant's
// code (-1: none or not in the study), round, scenario and scenario type; every participant with its code, condition and
// trait scales; the self-reports keyed by conversation code. At 100x, trait, Elo and effects sorted the 290,400
// conversation ids and 96,800 participant ids on every call to number them, and joined 1.16 M self-reports by their text
// conversation id. score_pivot gains the number of scores each row was built from (`score_rows`), so that effects can
// read the pivot and still tell a conversation with two scores on a dimension (it then reads the scores); its rows are
// dropped with their bookkeeping so that every set is built again with the column filled.
export const DESIGN_CODES_MIGRATION = {
  version: 19,
  sql: `
CREATE TABLE IF NOT EXISTS conversation_codes (
  built_for VARCHAR NOT NULL, code INTEGER NOT NULL, conversation_id VARCHAR NOT NULL, participant INTEGER NOT NULL,
  round INTEGER, scenario VARCHAR, scenario_type VARCHAR);
CREATE TABLE IF NOT EXISTS participant_codes (
  built_for VARCHAR NOT NULL, code INTEGER NOT NULL, participant_id VARCHAR NOT NULL, condition VARCHAR, jordan_empathy DOUBLE, sites DOUBLE);
CREATE TABLE IF NOT EXISTS self_report_codes (built_for VARCHAR NOT NULL, conversation INTEGER NOT NULL, item VARCHAR NOT NULL, value DOUBLE NOT NULL);
ALTER TABLE score_pivot ADD COLUMN IF NOT EXISTS score_rows INTEGER;
DELETE FROM score_pivot;
DELETE FROM derived_builds WHERE table_name = 'score_pivot';
`,
};
