// Phrase search postings (issue 12, main/search/): filled in when the word-position index lands.
export const PHRASE_INDEX_MIGRATION = {
  version: 9,
  sql: ``,
};
