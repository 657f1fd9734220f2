// Coding (issue 9, main/coding/): reserved for the coding domain's next schema change.
export const CODING_RESOLUTIONS_MIGRATION = {
  version: 10,
  sql: ``,
};
