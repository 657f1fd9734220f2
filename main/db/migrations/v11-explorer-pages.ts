// Explorer pages at scale (issue 12, main/explorer/ and main/search/): the explorer's listed columns of every
// conversation keyed by the word index's document number (search_docs.doc, numbered in conversation id order), so
// that page filters, the default sort and search candidates work on integers instead of joining string ids over
// every conversation. Filled with the word index (main/search/explorer-docs.ts); explorer_docs_state names the
// imports and data version it was filled for, and the explorer falls back to conversation_stats otherwise.
// OR REPLACE: a workspace faked back to an older version by tests may still hold these tables.
export const EXPLORER_PAGES_MIGRATION = {
  version: 11,
  sql: `
CREATE OR REPLACE TABLE explorer_docs (
  doc INTEGER NOT NULL, conversation_id VARCHAR NOT NULL, participant_id VARCHAR, condition VARCHAR, round INTEGER,
  scenario VARCHAR, scenario_type VARCHAR, messages INTEGER NOT NULL, supporter_words INTEGER NOT NULL);
CREATE OR REPLACE TABLE explorer_docs_state (built_for VARCHAR NOT NULL, docs INTEGER NOT NULL);
`,
};
