// Condition effects at scale (issue 12, main/studydata/ and main/services/analysis/): reserved for their next schema change.
export const ANALYSIS_STATS_MIGRATION = {
  version: 13,
  sql: ``,
};
