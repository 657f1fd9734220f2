// Search and explorer pages at scale (issue 12, main/search/phrase-index.ts): each word position also holds the word
// and separator run before it, so one row answers a three-word run (a phrase's frequent pair such as "i ' m" is then
// checked on the rarer pair's rows instead of being read and joined), and search_pairs counts the rows of each word
// pair so a phrase starts from its rarest rows. OR REPLACE: a workspace faked back to an older version by tests may
// still hold these tables. The index state is cleared so the index is rebuilt on open (a background job; the
// explorer scans meanwhile).
export const SEARCH_PAGES_MIGRATION = {
  version: 12,
  sql: `
CREATE OR REPLACE TABLE search_positions (
  term_id INTEGER NOT NULL, next_term_id INTEGER, sep_id INTEGER, doc INTEGER NOT NULL, role UTINYINT NOT NULL,
  pos INTEGER NOT NULL, prev_term_id INTEGER, prev_sep_id INTEGER);
CREATE OR REPLACE TABLE search_pairs (term_id INTEGER NOT NULL, next_term_id INTEGER, sep_id INTEGER, n BIGINT NOT NULL);
DELETE FROM search_index_state;
`,
};
