// Opening a workspace written by an older release migrates it in place and keeps its data. Version 1 of
// the schema was edited in place after release (conversation_stats added, then widened), so the files
// those releases wrote are rebuilt here from their exact DDL: the first committed schema in
// fixtures/schema-v1.sql, and the narrow conversation_stats of 42b1927 below.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../main/db/schema.js';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { buildSearchText, textReadyDocs } from '../../main/search/search-text.js';
import { buildWordIndex, readyDocs } from '../../main/search/word-index.js';

const tmp = mkdtempSync(join(tmpdir(), 'wb-migrate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = { progress: () => {}, checkCancelled: () => {} };
/** The versions a migrated file records: 14 was reserved and never used (main/db/schema.ts). */
const SKIPPED_VERSIONS = [14];
const VERSIONS = Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1).filter((v) => !SKIPPED_VERSIONS.includes(v));

/** Runs SQL on a workspace file directly, the way an older release left it (no migration on open). */
async function writeRaw(path: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const columns = async (db: Db, table: string) =>
  (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)).map((r) => r.name);

const STATS_COLUMNS = ['conversation_id', 'participant_id', 'condition', 'round', 'scenario', 'scenario_type', 'messages',
  'supporter_words', 'seeker_text', 'supporter_text', 'import_id'];

const statsOf = (db: Db) => db.all(`SELECT * FROM conversation_stats ORDER BY import_id, conversation_id`);

describe('migrating a workspace from schema version 1', () => {
  it('opens a file made by the first schema, brings it to the current version and keeps every row', async () => {
    const path = join(tmp, 'v1.duckdb');
    await writeRaw(path, readFileSync(join(import.meta.dirname, 'fixtures', 'schema-v1.sql'), 'utf8'));
    const ws = await Workspace.open(path);
    try {
      const db = ws.db;
      expect((await db.all<{ version: number }>('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version))
        .toEqual(VERSIONS);
      // The data is untouched.
      expect(await db.all('SELECT participant_id, condition, age, extra FROM participants ORDER BY 1')).toEqual([
        { participant_id: 'p1', condition: 'control', age: 31, extra: null },
        { participant_id: 'p2', condition: 'coach', age: 45, extra: '{"site":"b"}' },
      ]);
      expect(await db.value('SELECT count(*) FROM messages')).toBe(5);
      expect(await db.value(`SELECT text FROM messages WHERE conversation_id = 'c1' AND turn = 3`)).toBe('I am here.\nTell me more.');
      expect(await db.all('SELECT score_set_id, conversation_id, score FROM scores ORDER BY 2'))
        .toEqual([{ score_set_id: 'expert', conversation_id: 'c1', score: 4 }, { score_set_id: 'expert', conversation_id: 'c2', score: 2 }]);
      expect(await db.value(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'name'`)).toBe('"Migration pilot"');
      expect(await db.value('SELECT count(*) FROM sentences')).toBe(3);
      expect(await db.value(`SELECT state FROM jobs`)).toBe('done');
      // Tables of later versions exist: the judge's (version 2) and the explorer's conversation table.
      expect(await columns(db, 'judge_runs')).toContain('base_url');
      expect(await db.value('SELECT count(*) FROM judge_cache')).toBe(0);
      expect(await columns(db, 'conversation_stats')).toEqual(STATS_COLUMNS);
      // The explorer's table is filled from the study tables, as an import would have filled it (words:
      // 4 in the first supporter turn, 6 in the second, whose line break separates two of them); its search text
      // columns are left empty since migration 20, as an import leaves them.
      const stats = await statsOf(db);
      expect(stats).toEqual([
        { conversation_id: 'c1', participant_id: 'p1', condition: 'control', round: 1, scenario: 'job_loss', scenario_type: 'loss',
          messages: 4, supporter_words: 10, seeker_text: null, supporter_text: null, import_id: 'imp-0001' },
        { conversation_id: 'c2', participant_id: 'p2', condition: 'coach', round: 2, scenario: 'breakup', scenario_type: 'loss',
          messages: 1, supporter_words: 0, seeker_text: null, supporter_text: null, import_id: 'imp-0001' },
      ]);
      // The file had no word index, so there was no search text to keep: the search-index job builds it from the messages.
      expect(await textReadyDocs(db)).toBeNull();
      await db.transaction(() => buildSearchText(db));
      expect(await db.all(`SELECT d.conversation_id, t.role, t.text FROM search_text t JOIN search_docs d USING (doc) ORDER BY 1, 2`)).toEqual([
        { conversation_id: 'c1', role: 1, text: 'i lost my job today.\nit was a shock.' },
        { conversation_id: 'c1', role: 2, text: 'that sounds really hard.\ni am here.\ntell me more.' },
        { conversation_id: 'c2', role: 1, text: 'we broke up.' },
      ]);
    } finally {
      ws.close();
    }
    // A second open finds nothing to do.
    const again = await Workspace.open(path);
    expect(await again.db.value('SELECT count(*) FROM schema_version')).toBe(VERSIONS.length);
    expect(await again.db.value('SELECT count(*) FROM conversation_stats')).toBe(2);
    again.close();
  });

  it('rebuilds the narrow conversation_stats of a later version-2 file exactly as an import fills it today', async () => {
    // Import a study with today's code, then turn the file into what the release of 7d98282 wrote: the same
    // rows, conversation_stats without participant, condition, round and scenario columns, version 2.
    const src = tempDir();
    try {
      writeTinyStudy(src.path, 4);
      const path = join(tmp, 'v2-narrow.duckdb');
      const ws = await Workspace.open(path);
      await runImport(ws.db, { path: src.path, format: 'study' }, quiet);
      const imported = await statsOf(ws.db);
      ws.close();
      await writeRaw(path, `
        CREATE TABLE narrow AS SELECT conversation_id, messages, supporter_words, seeker_text, supporter_text, import_id FROM conversation_stats;
        DROP TABLE conversation_stats;
        CREATE TABLE conversation_stats (
          conversation_id VARCHAR NOT NULL, messages INTEGER NOT NULL, supporter_words INTEGER NOT NULL,
          seeker_text VARCHAR, supporter_text VARCHAR, import_id VARCHAR NOT NULL);
        INSERT INTO conversation_stats SELECT * FROM narrow;
        DROP TABLE narrow;
        DROP TABLE embedding_sets; DROP TABLE embedding_cache; DROP TABLE theme_models; DROP TABLE theme_activations;
        DROP TABLE theme_descriptions;
        DROP TABLE projections; DROP TABLE projection_points;
        DROP TABLE coding_events; DROP TABLE coding_coders; DROP TABLE coding_codes; DROP TABLE coding_assignments;
        DROP TABLE coding_memos; DROP TABLE coding_ratings; DROP TABLE coding_queues;
        DROP TABLE search_docs; DROP TABLE search_terms; DROP TABLE search_postings; DROP TABLE search_index_state;
        DROP TABLE analysis_cache;
        DELETE FROM schema_version WHERE version > 2;`);
      const reopened = await Workspace.open(path);
      try {
        expect(await reopened.db.value('SELECT max(version) FROM schema_version')).toBe(SCHEMA_VERSION);
        expect(await columns(reopened.db, 'conversation_stats')).toEqual(STATS_COLUMNS);
        const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => ({
          ...r,
          seeker_text: String(r.seeker_text).split('\n').sort(),
          supporter_text: String(r.supporter_text).split('\n').sort(),
        }));
        expect(imported).toHaveLength(12);
        expect(sorted(await statsOf(reopened.db))).toEqual(sorted(imported));
      } finally {
        reopened.close();
      }
    } finally {
      src.cleanup();
    }
  });
});

describe('migrating to version 20 (the search text out of conversation_stats)', () => {
  it('keeps a current word index current: its text moves from conversation_stats into search_text', async () => {
    const src = tempDir();
    try {
      writeTinyStudy(src.path, 4);
      const path = join(tmp, 'v19.duckdb');
      const ws = await Workspace.open(path);
      await runImport(ws.db, { path: src.path, format: 'study' }, quiet);
      await buildWordIndex(ws.db);
      const text = await ws.db.all('SELECT doc, role, text FROM search_text ORDER BY 1, 2');
      ws.close();
      // What a version-19 file held: the index, and its text in conversation_stats only.
      await writeRaw(path, `
        UPDATE conversation_stats s SET seeker_text = x.st, supporter_text = x.su
        FROM (SELECT d.conversation_id, max(t.text) FILTER (WHERE t.role = 1) AS st, max(t.text) FILTER (WHERE t.role = 2) AS su
          FROM search_text t JOIN search_docs d USING (doc) GROUP BY 1) x
        WHERE s.conversation_id = x.conversation_id;
        DROP TABLE search_text; DROP TABLE search_text_state;
        DELETE FROM schema_version WHERE version > 19;`);
      const reopened = await Workspace.open(path);
      try {
        expect(text).toHaveLength(24);
        expect(await reopened.db.all('SELECT doc, role, text FROM search_text ORDER BY 1, 2')).toEqual(text);
        expect(await textReadyDocs(reopened.db)).toBe(12);
        expect(await readyDocs(reopened.db)).toBe(12);
        expect(await reopened.db.value('SELECT count(*) FROM conversation_stats WHERE seeker_text IS NOT NULL OR supporter_text IS NOT NULL')).toBe(0);
      } finally {
        reopened.close();
      }
    } finally {
      src.cleanup();
    }
  });
});
