// Explorer pages at scale (issue 12, main/explorer/ and main/search/): reserved for the page query's next schema change.
export const EXPLORER_PAGES_MIGRATION = {
  version: 11,
  sql: ``,
};
