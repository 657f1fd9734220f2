// Search and explorer pages at scale (issue 12, main/search/ and main/explorer/): reserved for their next schema change.
export const SEARCH_PAGES_MIGRATION = {
  version: 12,
  sql: ``,
};
