// Condition effects at scale (issue 12, main/studydata/score-summary.ts): the scored dimensions and rounds of every
// score set (row counts per score set x dimension x round), so that choosing a score set and its pre/post rounds reads
// a few rows instead of joining every score to its conversation. Filled on demand; `built_for` is the fingerprint of
// the scores and conversations it was counted from, and a summary for other data is ignored and replaced.
export const ANALYSIS_STATS_MIGRATION = {
  version: 13,
  sql: `
CREATE TABLE IF NOT EXISTS score_set_summary (
  built_for VARCHAR NOT NULL, score_set_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL, round INTEGER, scores BIGINT NOT NULL);
`,
};
