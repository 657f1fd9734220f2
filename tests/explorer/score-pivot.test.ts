// The explorer's score pivot is kept per connection and checked for freshness without scanning the scores: it must
// still follow every way scores change (appended by a judge run, edited in place with the data version bumped,
// a score set deleted), and always hold what a fresh pivot of the scores holds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { scorePivot } from '../../main/explorer/score-pivot.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-score-pivot-');
let ws: Workspace;
const SET = 'tiny-judge';

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'w.duckdb'));
  await runImport(ws.db, { path: writeTinyStudy(join(tmp.path, 'tiny'), 4).dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 120_000);
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

/** The pivot's rows beside the scores' own (conversation, dimension, max score), in one order. */
async function compare(): Promise<void> {
  const p = await scorePivot(ws.db, SET);
  const want = await ws.db.all<{ c: string; d: string; s: number | null }>(
    `SELECT conversation_id AS c, dimension AS d, max(score) AS s FROM scores WHERE score_set_id = ? GROUP BY ALL ORDER BY c, d`, [SET]);
  expect(p).not.toBeNull();
  expect(p!.dimensions).toEqual([...new Set(want.map((r) => r.d))].sort());
  const got: { c: string; d: string; s: number | null }[] = [];
  for (const r of await ws.db.all<Record<string, unknown>>(`SELECT * FROM "${p!.table}" ORDER BY conversation_id`)) {
    for (const d of p!.dimensions) if (want.some((w) => w.c === r.conversation_id && w.d === d)) got.push({ c: String(r.conversation_id), d, s: r[d] as number | null });
  }
  expect(got).toEqual(want);
}

describe('score pivot freshness', () => {
  it('is reused while the scores are unchanged', async () => {
    await compare();
    const a = await scorePivot(ws.db, SET);
    expect(await scorePivot(ws.db, SET)).toBe(a);
  });

  it('follows appended scores, a new dimension included', async () => {
    const c = await ws.db.value<string>(`SELECT min(conversation_id) FROM scores WHERE score_set_id = ?`, [SET]);
    await ws.db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score) VALUES (?, ?, 'zz_new_dimension', 5)`, [SET, c]);
    expect((await scorePivot(ws.db, SET))!.dimensions).toContain('zz_new_dimension');
    await compare();
  });

  it('follows scores edited in place once the data version is bumped', async () => {
    await ws.db.run(`UPDATE scores SET score = 6 - score WHERE score_set_id = ? AND score IS NOT NULL`, [SET]);
    await bumpDataVersion(ws.db);
    await compare();
  });

  it('is gone with its score set, and back when it is scored again', async () => {
    await ws.db.run(`CREATE TEMP TABLE saved_scores AS SELECT * FROM scores WHERE score_set_id = ?`, [SET]);
    await ws.db.run(`DELETE FROM scores WHERE score_set_id = ?`, [SET]);
    expect(await scorePivot(ws.db, SET)).toBeNull();
    await ws.db.run(`INSERT INTO scores SELECT * FROM temp.saved_scores`);
    await compare();
  });
});
