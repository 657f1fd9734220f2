// The imported tables must not change when the importer is made faster: a study folder (the seeded demo at
// half scale, large enough for the sentence split's worker threads) and the real pilot folder are imported
// and every data table is hashed, without the random import id, against hashes committed from the
// importer as it was before the speed work (tests/import/tables-unchanged.expected.json).
// Regenerate only for an intended change: UPDATE_IMPORT_HASHES=1 npx vitest run tests/import/tables-unchanged.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident } from '../../main/db/workspace.js';
import { buildSearchText } from '../../main/search/search-text.js';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { PILOT, tempDir, tempWorkspace, type TempWorkspace } from './helpers.js';

const EXPECTED = join(import.meta.dirname, 'tables-unchanged.expected.json');
const TABLES = ['participants', 'conversations', 'messages', 'sentences', 'scores', 'score_sets', 'self_reports',
  'pairwise', 'taxonomy', 'sentence_labels', 'conversation_stats', 'study_meta'] as const;

type Hashes = Record<string, { rows: number; hash: string }>;

/**
 * conversation_stats with its search text as the search-index job builds it after the import (search_text, per
 * document and role), where the import itself wrote it before: the hashes committed then must still match.
 */
const STATS_WITH_TEXT = `(SELECT s.* REPLACE (x.seeker_text AS seeker_text, x.supporter_text AS supporter_text)
  FROM conversation_stats s LEFT JOIN (
    SELECT d.conversation_id, max(t.text) FILTER (WHERE t.role = 1) AS seeker_text, max(t.text) FILTER (WHERE t.role = 2) AS supporter_text
    FROM search_text t JOIN search_docs d USING (doc) GROUP BY d.conversation_id) x USING (conversation_id))`;

/** `source` (the folder imported) is replaced by a placeholder: provenance names it, and the demo's folder is a fresh temp dir. */
async function tableHashes(t: TempWorkspace, source: string): Promise<Hashes> {
  const out: Hashes = {};
  // The import leaves the text columns empty; the search text is built after it.
  expect(await t.ws.db.value('SELECT count(*) FROM conversation_stats WHERE seeker_text IS NOT NULL OR supporter_text IS NOT NULL')).toBe(0);
  await t.ws.db.transaction(() => buildSearchText(t.ws.db));
  for (const name of TABLES) {
    const cols = await t.ws.db.all<{ c: string }>(
      `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ? AND database_name = current_database() AND schema_name = 'main'
         AND column_name <> 'import_id' AND NOT (table_name = 'score_sets' AND column_name = 'created_at') ORDER BY column_index`, [name]);
    // The search text joins a conversation's messages in no promised order: compared as a sorted list of lines.
    const expr = (c: string) => (/^(seeker|supporter)_text$/.test(c) ? `list_sort(string_split(${ident(c)}, chr(10)))` : ident(c));
    const row = `replace(CAST(row(${cols.map((c) => expr(c.c)).join(', ')}) AS VARCHAR), ?, '<source>')`;
    out[name] = (await t.ws.db.one<{ rows: number; hash: string }>(
      `SELECT count(*)::INTEGER AS rows, md5(coalesce(string_agg(${row}, chr(10) ORDER BY ${row}), '')) AS hash FROM ${name === 'conversation_stats' ? STATS_WITH_TEXT : ident(name)}`, [source, source]))!;
  }
  return out;
}

describe('imported tables are unchanged by the faster import', () => {
  const src = tempDir();
  const got: Record<string, Hashes> = {};
  beforeAll(async () => {
    await writeDemoStudy(src.dir, { scale: 0.5 });
    for (const [key, path] of [['demo-x0.5', src.dir], ['lend-an-ear-pilot', PILOT]] as const) {
      const t = await tempWorkspace();
      try {
        await t.import({ path });
        got[key] = await tableHashes(t, path);
      } finally {
        t.close();
      }
    }
    if (process.env.UPDATE_IMPORT_HASHES || !existsSync(EXPECTED)) writeFileSync(EXPECTED, JSON.stringify(got, null, 2) + '\n');
  }, 300_000);
  afterAll(() => src.cleanup());

  it('gives the same rows in every data table for the demo study folder', () => {
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Hashes>;
    expect(got['demo-x0.5'].sentences.rows).toBeGreaterThan(10_000);
    expect(got['demo-x0.5']).toEqual(expected['demo-x0.5']);
  });

  it('gives the same rows in every data table for the real pilot folder', () => {
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Hashes>;
    expect(got['lend-an-ear-pilot']).toEqual(expected['lend-an-ear-pilot']);
  });
});
