// Import (issue 12, main/import/): reserved for its next schema change.
export const IMPORT_MIGRATION = {
  version: 14,
  sql: ``,
};
