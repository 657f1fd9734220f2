// Phrase search (issue 12, main/search/phrase-index.ts): every word of the search text at its position in a
// conversation's seeker or supporter text, with the separator run and the word that follow it, stored sorted
// by word pair so that zone maps skip all but the looked-up pairs' row groups. A phrase is consecutive
// positions of its word pairs with its own separators between them. search_seps numbers the separator runs.
// OR REPLACE: a workspace faked back to an older version by tests may still hold these tables. The index state
// is cleared so that a word index built before this version (without positions) is rebuilt on open.
export const PHRASE_INDEX_MIGRATION = {
  version: 9,
  sql: `
CREATE OR REPLACE TABLE search_seps (sep_id INTEGER NOT NULL, sep VARCHAR NOT NULL);
CREATE OR REPLACE TABLE search_positions (
  term_id INTEGER NOT NULL, next_term_id INTEGER, sep_id INTEGER, doc INTEGER NOT NULL, role UTINYINT NOT NULL,
  pos INTEGER NOT NULL);
DELETE FROM search_index_state;
`,
};
