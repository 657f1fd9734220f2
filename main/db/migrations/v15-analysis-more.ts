// Agreement, trait, shifts, preference and Elo at scale (issue 12): reserved for their next schema change.
export const ANALYSIS_MORE_MIGRATION = {
  version: 15,
  sql: ``,
};
