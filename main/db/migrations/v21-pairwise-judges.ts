// The pairwise judges as a derived table (issue 12, main/studydata/pairwise.ts): each judge with its kind and number of
// judgments, built once per data stamp of the judgments. At 100x every preference and Elo call grouped the 650,000
// judgments by their text judge id to list them (15-40 ms of a call, on its critical path).
export const PAIRWISE_JUDGES_MIGRATION = {
  version: 21,
  sql: `
CREATE TABLE IF NOT EXISTS pairwise_judges (built_for VARCHAR NOT NULL, judge_id VARCHAR NOT NULL, judge_kind VARCHAR, judgments BIGINT NOT NULL);
`,
};
