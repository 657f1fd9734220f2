import type { Db } from './workspace.js';
import { UserError } from '../domain/errors.js';
import { PROJECTIONS_MIGRATION } from './migrations/v6-projections.js';
import { CODING_MIGRATION } from './migrations/v7-coding.js';
import { WORD_INDEX_MIGRATION } from './migrations/v8-word-index.js';
import { PHRASE_INDEX_MIGRATION } from './migrations/v9-phrase-index.js';
import { CODING_RESOLUTIONS_MIGRATION } from './migrations/v10-coding-resolutions.js';
import { EXPLORER_PAGES_MIGRATION } from './migrations/v11-explorer-pages.js';
import { SEARCH_PAGES_MIGRATION } from './migrations/v12-search-pages.js';
import { ANALYSIS_STATS_MIGRATION } from './migrations/v13-analysis-stats.js';
import { ANALYSIS_MORE_MIGRATION } from './migrations/v15-analysis-more.js';
import { ANALYSIS_TRAITS_MIGRATION } from './migrations/v16-analysis-traits.js';
import { DERIVED_TABLES_MIGRATION } from './migrations/v17-derived-tables.js';
import { SHIFT_PARTICIPANTS_MIGRATION } from './migrations/v18-shift-participants.js';
import { DESIGN_CODES_MIGRATION } from './migrations/v19-design-codes.js';
import { SEARCH_TEXT_MIGRATION } from './migrations/v20-search-text.js';
import { PAIRWISE_JUDGES_MIGRATION } from './migrations/v21-pairwise-judges.js';

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
  conversation_id VARCHAR NOT NULL, participant_id VARCHAR, condition VARCHAR, round INTEGER, scenario VARCHAR,
  scenario_type VARCHAR, messages INTEGER NOT NULL, supporter_words INTEGER NOT NULL,
  seeker_text VARCHAR, supporter_text VARCHAR, import_id VARCHAR NOT NULL);
CREATE TABLE jobs (
  job_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, state VARCHAR NOT NULL, params JSON,
  progress JSON, result JSON, error VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
`,
  },
  {
    // LLM judge (issue 3, main/judge/): prompt templates, prices, runs and their items, answers, failures,
    // the content-addressed response cache, and Batch API state. Timestamps are UTC. No API key is ever stored.
    version: 2,
    sql: `
CREATE TABLE judge_settings (key VARCHAR PRIMARY KEY, value JSON);
CREATE TABLE judge_prompt_templates (
  template_id VARCHAR NOT NULL, version INTEGER NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL,
  system_prompt VARCHAR NOT NULL, user_prompt VARCHAR NOT NULL, note VARCHAR, content_hash VARCHAR NOT NULL,
  builtin BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (template_id, version));
CREATE TABLE judge_prices (
  model VARCHAR PRIMARY KEY, input_per_mtok DOUBLE NOT NULL, output_per_mtok DOUBLE NOT NULL,
  cached_input_per_mtok DOUBLE, batch_discount DOUBLE NOT NULL, note VARCHAR, updated_at TIMESTAMP NOT NULL);
CREATE TABLE judge_runs (
  run_id VARCHAR PRIMARY KEY, mode VARCHAR NOT NULL, label VARCHAR, score_set_id VARCHAR, model VARCHAR NOT NULL,
  base_url VARCHAR NOT NULL, template_id VARCHAR NOT NULL, template_version INTEGER NOT NULL, template_hash VARCHAR NOT NULL,
  spec JSON NOT NULL, state VARCHAR NOT NULL, message VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP);
CREATE TABLE judge_items (
  run_id VARCHAR NOT NULL, item_id INTEGER NOT NULL, conversation_id VARCHAR NOT NULL, dimension VARCHAR,
  conversation_b VARCHAR, scenario VARCHAR, pair_no INTEGER, swapped BOOLEAN, planned_at TIMESTAMP NOT NULL);
CREATE TABLE judge_answers (
  run_id VARCHAR NOT NULL, item_id INTEGER NOT NULL, cache_key VARCHAR NOT NULL, from_cache BOOLEAN NOT NULL,
  attempts INTEGER NOT NULL, input_tokens INTEGER, output_tokens INTEGER, cached_tokens INTEGER, latency_ms DOUBLE,
  trial INTEGER, answered_at TIMESTAMP NOT NULL);
CREATE TABLE judge_failures (
  run_id VARCHAR NOT NULL, item_id INTEGER NOT NULL, reason VARCHAR NOT NULL, attempts INTEGER NOT NULL,
  failed_at TIMESTAMP NOT NULL, cleared_at TIMESTAMP);
CREATE TABLE judge_cache (
  cache_key VARCHAR NOT NULL, model VARCHAR NOT NULL, kind VARCHAR NOT NULL, raw_response VARCHAR NOT NULL, parsed JSON NOT NULL,
  input_tokens INTEGER, output_tokens INTEGER, created_at TIMESTAMP NOT NULL);
CREATE TABLE judge_batches (
  run_id VARCHAR NOT NULL, batch_no INTEGER NOT NULL, state VARCHAR NOT NULL, input_file_id VARCHAR, batch_id VARCHAR,
  status VARCHAR, output_file_id VARCHAR, error_file_id VARCHAR, request_counts JSON, requests INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (run_id, batch_no));
CREATE TABLE judge_batch_items (run_id VARCHAR NOT NULL, batch_no INTEGER NOT NULL, item_id INTEGER NOT NULL, custom_id VARCHAR NOT NULL);
`,
  },
  {
    // Version 1 was edited after release: files made before 42b1927 have no conversation_stats, files made
    // before 317e372 have it without participant, condition, round and scenario. Rebuild it in today's
    // shape from the study tables, with the same values as CONVERSATION_STATS_SQL in main/import/commit.ts
    // (tests/db/migrations.test.ts compares the two).
    version: 3,
    sql: `
DROP TABLE IF EXISTS conversation_stats;
CREATE TABLE conversation_stats (
  conversation_id VARCHAR NOT NULL, participant_id VARCHAR, condition VARCHAR, round INTEGER, scenario VARCHAR,
  scenario_type VARCHAR, messages INTEGER NOT NULL, supporter_words INTEGER NOT NULL,
  seeker_text VARCHAR, supporter_text VARCHAR, import_id VARCHAR NOT NULL);
INSERT INTO conversation_stats
SELECT c.conversation_id, any_value(c.participant_id), any_value(p.condition), any_value(c.round), any_value(c.scenario),
  any_value(c.scenario_type),
  count(m.turn),
  coalesce(sum(CASE WHEN m.role = 'supporter' THEN length(trim(m.text)) - length(replace(replace(trim(m.text), ' ', ''), chr(10), '')) + 1 END), 0),
  string_agg(CASE WHEN m.role = 'seeker' THEN lower(m.text) END, chr(10)),
  string_agg(CASE WHEN m.role = 'supporter' THEN lower(m.text) END, chr(10)),
  c.import_id
FROM conversations c LEFT JOIN participants p USING (participant_id)
LEFT JOIN messages m ON m.conversation_id = c.conversation_id AND m.import_id = c.import_id
GROUP BY c.import_id, c.conversation_id;
`,
  },
  {
    // Themes (issue 8): embedding sets, kSAE models and their per-sentence activations, theme descriptions.
    // Vectors of a set live in their own table `embeddings_<table_no>` with a fixed-size FLOAT[dimensions]
    // column, created by main/embeddings/ (the name is built from the integer table_no only).
    version: 4,
    sql: `
CREATE TABLE embedding_sets (
  embedding_set_id VARCHAR PRIMARY KEY, table_no INTEGER NOT NULL UNIQUE, provider VARCHAR NOT NULL, model VARCHAR NOT NULL,
  dimensions INTEGER NOT NULL, sentences INTEGER NOT NULL DEFAULT 0, params JSON, state VARCHAR NOT NULL, message VARCHAR,
  label VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE embedding_cache (
  cache_key VARCHAR PRIMARY KEY, model VARCHAR NOT NULL, dimensions INTEGER NOT NULL, vector FLOAT[] NOT NULL,
  tokens INTEGER, created_at TIMESTAMP NOT NULL);
CREATE TABLE theme_models (
  model_id VARCHAR PRIMARY KEY, embedding_set_id VARCHAR NOT NULL, grid_id VARCHAR, latents INTEGER NOT NULL, k INTEGER NOT NULL,
  seed INTEGER NOT NULL, scenario_type VARCHAR NOT NULL, state VARCHAR NOT NULL, message VARCHAR, params JSON NOT NULL,
  sentences INTEGER, silhouette DOUBLE, silhouette_top2 DOUBLE, loss DOUBLE, val_loss DOUBLE, dead_latents INTEGER,
  epochs INTEGER, history JSON, checkpoint BLOB, weights BLOB, label VARCHAR,
  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE theme_activations (
  model_id VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL, sentence_index INTEGER NOT NULL,
  rank TINYINT NOT NULL, latent SMALLINT NOT NULL, activation FLOAT NOT NULL);
CREATE TABLE theme_descriptions (
  model_id VARCHAR NOT NULL, latent INTEGER NOT NULL, description VARCHAR NOT NULL, source VARCHAR NOT NULL,
  llm_model VARCHAR, base_url_host VARCHAR, temperature DOUBLE, prompt_hash VARCHAR, candidates JSON,
  precision DOUBLE, recall DOUBLE, f1 DOUBLE, fidelity JSON, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model_id, latent));
`,
  },
  {
    // Judge runs keep their retries by kind (rate limited, server error, timeout, …), so the run page can show
    // them after the run and across restarts (issue 11: "3 × 429 and 2 × 500 show as 0 failed").
    version: 5,
    sql: `ALTER TABLE judge_runs ADD COLUMN IF NOT EXISTS retries JSON;`,
  },
  // From version 6 on, each domain keeps its migration in main/db/migrations/ (one file per version), so
  // work on different domains never edits the same list. A migration whose SQL is still empty is left out; since
  // migrate() applies only versions above a file's highest, a reservation must be filled or removed before a later
  // version lands, or it could never run on workspaces opened in between.
  PROJECTIONS_MIGRATION,
  CODING_MIGRATION,
  WORD_INDEX_MIGRATION,
  PHRASE_INDEX_MIGRATION,
  CODING_RESOLUTIONS_MIGRATION,
  EXPLORER_PAGES_MIGRATION,
  SEARCH_PAGES_MIGRATION,
  ANALYSIS_STATS_MIGRATION,
  // Version 14 was reserved for the import and never used; it is skipped for good.
  ANALYSIS_MORE_MIGRATION,
  ANALYSIS_TRAITS_MIGRATION,
  DERIVED_TABLES_MIGRATION,
  SHIFT_PARTICIPANTS_MIGRATION,
  DESIGN_CODES_MIGRATION,
  SEARCH_TEXT_MIGRATION,
  PAIRWISE_JUDGES_MIGRATION,
].filter((m) => m.sql.trim() !== '');

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies every migration newer than the file's version, each in its own transaction. */
export async function migrate(db: Db): Promise<void> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const current = (await db.value<number | null>('SELECT max(version) FROM schema_version')) ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new UserError(`Workspace schema version ${current} is newer than this app understands (${SCHEMA_VERSION}); update Empathy Workbench.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await db.transaction(async () => {
      await db.run(m.sql);
      await db.run('INSERT INTO schema_version VALUES (?, now())', [m.version]);
    });
  }
}
