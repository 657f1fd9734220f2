// Migration 19 (main/db/migrations/v19-design-codes.ts) on a workspace file as version 18 left it: a score pivot built
// without the score count. Opening it adds the code tables and the pivot's `score_rows`, drops the old pivot rows and
// their bookkeeping (so they are built again with the count, not read with it missing), and keeps the other derived
// tables' builds.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDerived } from '../../main/db/derived-table.js';
import { SCHEMA_VERSION } from '../../main/db/schema.js';
import { Workspace } from '../../main/db/workspace.js';
import { SIX } from '../../main/services/analysis/common.js';
import { PAIRWISE_CODES } from '../../main/studydata/pairwise.js';
import { freshScorePivot } from '../../main/studydata/score-pivot.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-migration-19-');
afterAll(() => tmp.cleanup());

describe('migration 19', () => {
  it('adds the code tables and the pivot score count, and has every pivot built again', async () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(19);
    const path = join(tmp.path, 'v18.duckdb');
    let ws = await Workspace.open(path);
    let db = ws.db;
    await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, import_id) SELECT 'c' || i, 'p' || i, 1, 'x' FROM range(20) t(i)`);
    await db.run(`INSERT INTO score_sets VALUES ('judge', 'judge', 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'x')`);
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
      SELECT 'judge', 'c' || i, d, 1 + i % 5, 'x' FROM range(20) t(i), unnest([${SIX.map((d) => `'${d}'`).join(', ')}]) u(d)`);
    await db.run(`INSERT INTO pairwise SELECT 'llm', 'llm', i, 'c' || i, 'c' || (i + 1), 'a', 'x' FROM range(10) t(i)`);
    await freshScorePivot(db, ['judge']);
    await freshDerived(db, PAIRWISE_CODES);
    // Back to version 18 as it was (later migrations are applied again on open): no code tables, a pivot without score_rows, built.
    await db.run(`DROP TABLE conversation_codes; DROP TABLE participant_codes; DROP TABLE self_report_codes;
      ALTER TABLE score_pivot DROP COLUMN score_rows; DELETE FROM schema_version WHERE version >= 19`);
    expect(await db.value<number>('SELECT count(*) FROM score_pivot')).toBe(20);
    ws.close();

    ws = await Workspace.open(path);
    db = ws.db;
    expect(await db.value<number>('SELECT max(version) FROM schema_version')).toBe(SCHEMA_VERSION);
    for (const t of ['conversation_codes', 'participant_codes', 'self_report_codes']) {
      expect(await db.value<number>(`SELECT count(*) FROM ${t}`)).toBe(0);
    }
    expect(await db.value<number>('SELECT count(*) FROM score_pivot')).toBe(0);
    expect(await db.all('SELECT table_name FROM derived_builds ORDER BY 1')).toEqual([{ table_name: 'pairwise_codes' }]);
    const stamp = await freshScorePivot(db, ['judge']);
    expect(await db.value<number>('SELECT min(score_rows) FROM score_pivot WHERE built_for = ?', [stamp])).toBe(6);
    expect(await db.value<number>('SELECT count(*) FROM score_pivot WHERE built_for = ?', [stamp])).toBe(20);
    ws.close();
  });
});
