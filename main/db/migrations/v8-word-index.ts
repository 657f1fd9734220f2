// Text search word index (issue 12, main/search/ or main/explorer/): terms and postings. Filled in by that
// work; an empty string means "not yet defined".
export const WORD_INDEX_MIGRATION = { version: 8, sql: '' };
