// Qualitative coding (issue 9, main/coding/). `coding_events` is the append-only source of truth: each event
// carries the row changes it made (`ops`) and the changes that undo it (`inv`), so undo, redo and a full
// rebuild are replays of stored rows. The other tables are materialised from it, always in the transaction
// that appends the event. Timestamps inside materialised rows are ISO 8601 text (UTC) so an event's rows
// compare byte for byte with what the tables hold (the check that refuses an undo after a later edit).
export const CODING_MIGRATION = {
  version: 7,
  sql: `
CREATE TABLE coding_events (
  seq BIGINT PRIMARY KEY, ts TIMESTAMP NOT NULL, coder VARCHAR NOT NULL, kind VARCHAR NOT NULL,
  target_seq BIGINT, summary VARCHAR NOT NULL, payload JSON NOT NULL);
CREATE TABLE coding_coders (name VARCHAR PRIMARY KEY, created_at VARCHAR NOT NULL);
CREATE TABLE coding_codes (
  code_id VARCHAR PRIMARY KEY, parent_id VARCHAR, name VARCHAR NOT NULL, color VARCHAR NOT NULL,
  definition VARCHAR NOT NULL, inclusion VARCHAR NOT NULL, exclusion VARCHAR NOT NULL, examples VARCHAR NOT NULL,
  position INTEGER NOT NULL, created_at VARCHAR NOT NULL);
CREATE TABLE coding_assignments (
  assignment_id VARCHAR PRIMARY KEY, code_id VARCHAR NOT NULL, coder VARCHAR NOT NULL, grain VARCHAR NOT NULL,
  conversation_id VARCHAR, turn INTEGER, sentence_index INTEGER, start_char INTEGER, end_char INTEGER,
  model_id VARCHAR, latent INTEGER, top_k INTEGER, exclude BOOLEAN NOT NULL, text VARCHAR, ts VARCHAR NOT NULL);
CREATE TABLE coding_memos (
  memo_id VARCHAR PRIMARY KEY, target_kind VARCHAR NOT NULL, target_id VARCHAR NOT NULL, coder VARCHAR NOT NULL,
  text VARCHAR NOT NULL, ts VARCHAR NOT NULL);
CREATE TABLE coding_ratings (
  rating_id VARCHAR PRIMARY KEY, rater VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, scores VARCHAR NOT NULL,
  note VARCHAR NOT NULL, ts VARCHAR NOT NULL);
CREATE TABLE coding_queues (rater VARCHAR PRIMARY KEY, seed INTEGER NOT NULL, size INTEGER NOT NULL, items VARCHAR NOT NULL, ts VARCHAR NOT NULL);
`,
};
