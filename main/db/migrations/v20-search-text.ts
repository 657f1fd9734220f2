// Search text out of the import (issue 12, main/search/search-text.ts): each conversation's lower-cased text per role
// (its messages in turn order, joined by line breaks) was built by the import into conversation_stats, half of the
// import's write at 100x. It now lives in search_text, one row per document (search_docs.doc) and role, stored in
// document order, built by the search-index background job right after an import and before the word index (which
// tokenizes it); search_text_state names the imports it was built for, and the explorer scans the messages until it
// matches them. A workspace with a current word index keeps its text: it is copied here from conversation_stats, and
// its state from the index's. conversation_stats keeps its two text columns (NULL from now on: an import no longer
// fills them), so that SQL written against the table still runs.
export const SEARCH_TEXT_MIGRATION = {
  version: 20,
  sql: `
CREATE OR REPLACE TABLE search_text (doc INTEGER NOT NULL, role UTINYINT NOT NULL, text VARCHAR NOT NULL);
CREATE OR REPLACE TABLE search_text_state (built_for VARCHAR NOT NULL, docs INTEGER NOT NULL);
INSERT INTO search_text
  SELECT d.doc, 1::UTINYINT, s.seeker_text FROM conversation_stats s JOIN search_docs d USING (conversation_id) WHERE s.seeker_text IS NOT NULL
  UNION ALL
  SELECT d.doc, 2::UTINYINT, s.supporter_text FROM conversation_stats s JOIN search_docs d USING (conversation_id) WHERE s.supporter_text IS NOT NULL
  ORDER BY 1, 2;
INSERT INTO search_text_state SELECT built_for, docs FROM search_index_state;
UPDATE conversation_stats SET seeker_text = NULL, supporter_text = NULL WHERE seeker_text IS NOT NULL OR supporter_text IS NOT NULL;
`,
};
