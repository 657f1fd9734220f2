// Text search word index (issue 12, main/search/): documents (conversations numbered in id order), terms
// (lower-cased words, numbered in sorted order, with their document frequency) and postings (term, document,
// role bits 1 = seeker, 2 = supporter) stored sorted by term then document so that zone maps skip all but
// the row groups of the looked-up terms. search_index_state names the imports the index was built from;
// the explorer uses the index only while that matches the workspace (main/search/word-index.ts).
// Also issue 12: analysis_cache keeps analysis results by analysis, arguments and data version
// (main/services/analysis/cache.ts).
export const WORD_INDEX_MIGRATION = {
  version: 8,
  sql: `
CREATE TABLE search_docs (doc INTEGER NOT NULL, conversation_id VARCHAR NOT NULL);
CREATE TABLE search_terms (term_id INTEGER NOT NULL, term VARCHAR NOT NULL, df INTEGER NOT NULL);
CREATE TABLE search_postings (term_id INTEGER NOT NULL, doc INTEGER NOT NULL, roles UTINYINT NOT NULL);
CREATE TABLE search_index_state (
  built_for VARCHAR NOT NULL, docs INTEGER NOT NULL, terms INTEGER NOT NULL, postings BIGINT NOT NULL,
  built_at TIMESTAMP NOT NULL, build_ms DOUBLE NOT NULL);
CREATE TABLE analysis_cache (
  analysis VARCHAR NOT NULL, args VARCHAR NOT NULL, data_version VARCHAR NOT NULL, result VARCHAR NOT NULL,
  ms DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL);
`,
};
