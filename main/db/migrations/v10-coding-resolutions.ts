// Coding (issue 9, main/coding/): a disagreement resolved as "no code". Consensus codes live in
// coding_assignments as coder `consensus`; a sentence the coders agreed carries no code has no assignment to
// hold that, so it gets a row here, and the coding:* labellings take it as the sentence's (empty) consensus
// instead of falling back to the coders' codes. Materialised from the event log like the other coding tables.
// IF NOT EXISTS: a workspace faked back to an older version by a test keeps this table and re-runs the step.
export const CODING_RESOLUTIONS_MIGRATION = {
  version: 10,
  sql: `
CREATE TABLE IF NOT EXISTS coding_no_code (
  sentence_key VARCHAR PRIMARY KEY, conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL, sentence_index INTEGER NOT NULL,
  resolved_by VARCHAR NOT NULL, ts VARCHAR NOT NULL);
`,
};
