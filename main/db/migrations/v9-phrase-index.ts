// Phrase search (issue 12, main/search/phrase-index.ts): every word of the search text at its position in a
// conversation's seeker or supporter text, with the separator run that follows it, stored sorted by term so
// that zone maps skip all but the looked-up terms' row groups. A phrase is consecutive positions of its words
// with its own separators between them. search_seps numbers the distinct separator runs.
// OR REPLACE: a workspace faked back to an older version by tests may still hold these tables. The index state
// is cleared so that a word index built before this version (without positions) is rebuilt on open.
export const PHRASE_INDEX_MIGRATION = {
  version: 9,
  sql: `
CREATE OR REPLACE TABLE search_seps (sep_id INTEGER NOT NULL, sep VARCHAR NOT NULL);
CREATE OR REPLACE TABLE search_positions (
  term_id INTEGER NOT NULL, doc INTEGER NOT NULL, role UTINYINT NOT NULL, pos INTEGER NOT NULL, sep_id INTEGER);
DELETE FROM search_index_state;
`,
};
