import type { Db } from './workspace.js';

// Large tables (messages, sentences, scores) carry no PRIMARY KEY: DuckDB's ART indexes make bulk loads
// several times slower, and importers check uniqueness themselves before anything is written.
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE study_meta (key VARCHAR PRIMARY KEY, value JSON);
CREATE TABLE imports (
  import_id VARCHAR PRIMARY KEY, format VARCHAR NOT NULL, source VARCHAR NOT NULL,
  fingerprint VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, report JSON);
CREATE TABLE participants (
  participant_id VARCHAR NOT NULL, condition VARCHAR, age DOUBLE, sex VARCHAR, ethnicity VARCHAR,
  jordan_empathy DOUBLE, sites DOUBLE, extra JSON, import_id VARCHAR NOT NULL);
CREATE TABLE conversations (
  conversation_id VARCHAR NOT NULL, participant_id VARCHAR, round INTEGER, scenario VARCHAR,
  scenario_type VARCHAR, extra JSON, import_id VARCHAR NOT NULL);
CREATE TABLE messages (
  conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL, role VARCHAR NOT NULL, text VARCHAR NOT NULL,
  sent_at TIMESTAMP, annotation JSON, import_id VARCHAR NOT NULL);
CREATE TABLE sentences (
  conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL, sentence_index INTEGER NOT NULL,
  text VARCHAR NOT NULL, import_id VARCHAR NOT NULL);
CREATE TABLE score_sets (
  score_set_id VARCHAR PRIMARY KEY, rater VARCHAR NOT NULL, kind VARCHAR NOT NULL,
  scale_min DOUBLE NOT NULL, scale_max DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL,
  provenance JSON, import_id VARCHAR);
CREATE TABLE scores (
  score_set_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL,
  score DOUBLE, rationale VARCHAR, evidence VARCHAR, import_id VARCHAR);
CREATE TABLE self_reports (conversation_id VARCHAR NOT NULL, item VARCHAR NOT NULL, value DOUBLE, import_id VARCHAR NOT NULL);
CREATE TABLE pairwise (
  judge_id VARCHAR NOT NULL, judge_kind VARCHAR NOT NULL, trial INTEGER NOT NULL,
  conversation_a VARCHAR NOT NULL, conversation_b VARCHAR NOT NULL, choice VARCHAR NOT NULL, import_id VARCHAR NOT NULL);
CREATE TABLE taxonomy (
  category VARCHAR PRIMARY KEY, level1 VARCHAR, level2 VARCHAR, level3 VARCHAR, label VARCHAR,
  scenario_type VARCHAR, import_id VARCHAR);
CREATE TABLE sentence_labels (
  labelling VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL,
  sentence_index INTEGER NOT NULL, category VARCHAR NOT NULL, rank INTEGER NOT NULL DEFAULT 1, import_id VARCHAR);
CREATE TABLE conversation_stats (
  conversation_id VARCHAR NOT NULL, messages INTEGER NOT NULL, supporter_words INTEGER NOT NULL,
  seeker_text VARCHAR, supporter_text VARCHAR, import_id VARCHAR NOT NULL);
CREATE TABLE jobs (
  job_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, state VARCHAR NOT NULL, params JSON,
  progress JSON, result JSON, error VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies every migration newer than the file's version, each in its own transaction. */
export async function migrate(db: Db): Promise<void> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const current = (await db.value<number | null>('SELECT max(version) FROM schema_version')) ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`Workspace schema version ${current} is newer than this app understands (${SCHEMA_VERSION}); update Empathy Workbench.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await db.transaction(async () => {
      await db.run(m.sql);
      await db.run('INSERT INTO schema_version VALUES (?, now())', [m.version]);
    });
  }
}
