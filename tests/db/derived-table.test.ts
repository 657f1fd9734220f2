// The derived-table sequence (main/db/derived-table.ts) on a real workspace file, through the real score pivot and
// pairwise codes: concurrent first calls, on one connection and on two, build once; a build that fails half-way leaves
// the previous rows and bookkeeping; a key without rows is remembered as built; a data change builds again.
import { join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedReadScope, derivedTable, dropDerived, freshDerived, type DerivedTable } from '../../main/db/derived-table.js';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { PAIRWISE_CODES } from '../../main/studydata/pairwise.js';
import { SCORE_PIVOT } from '../../main/studydata/score-pivot.js';
import { SHIFT_LABEL_CELLS } from '../../main/studydata/shift-cells.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-derived-');
let ws: Workspace;
let db: Db;
const DIMS = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding', 'advice_giving', 'self_oriented', 'dismissing_emotions'];

/** The table as declared, counting its builds (each call of `build`) and the keys each was asked for. */
function counted(t: DerivedTable): { table: DerivedTable; builds: string[][] } {
  const builds: string[][] = [];
  return { builds, table: { ...t, build: async (d, stamp, keys) => { builds.push(keys); await t.build(d, stamp, keys); } } };
}
const bookkeeping = (table: string) =>
  db.all<{ k: string; s: string }>('SELECT build_key AS k, built_for AS s FROM derived_builds WHERE table_name = ? ORDER BY 1', [table]);

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'derived.duckdb'));
  db = ws.db;
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, import_id)
    SELECT 'c' || lpad(i::VARCHAR, 4, '0'), 'p' || (i % 40), 1 + i % 3, 'x' FROM range(400) t(i)`);
  await db.run(`INSERT INTO score_sets (score_set_id, rater, kind, scale_min, scale_max, created_at, provenance, import_id)
    SELECT s, s, 'llm', 1, 5, now(), '{}', 'x' FROM (VALUES ('judge-1'), ('judge-2'), ('empty')) v(s)`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, rationale, evidence, import_id)
    SELECT s, 'c' || lpad(i::VARCHAR, 4, '0'), d, 1 + (i * 7 + len(d) + len(s)) % 5, NULL, NULL, 'x'
    FROM range(400) t(i), (VALUES ('judge-1'), ('judge-2')) v(s), unnest(?::VARCHAR[]) u(d)`, [listValue(DIMS)]);
  await db.run(`INSERT INTO pairwise SELECT 'llm-1', 'llm', i, 'c' || lpad((i % 400)::VARCHAR, 4, '0'),
      'c' || lpad(((i * 13 + 1) % 400)::VARCHAR, 4, '0'), ['a', 'b'][1 + i % 2], 'x' FROM range(2000) t(i)`);
});
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

describe('a derived table', () => {
  it('is built once when several callers on one connection ask at once', async () => {
    const { table, builds } = counted(SCORE_PIVOT);
    const stamps = await Promise.all([
      freshDerived(db, table, ['judge-1']), freshDerived(db, table, ['judge-1', 'judge-2']), freshDerived(db, table, ['judge-2', 'judge-1']),
    ]);
    expect(new Set(stamps).size).toBe(1);
    // Each key built by exactly one of the calls.
    expect(builds.flat().sort()).toEqual(['judge-1', 'judge-2']);
    expect(await db.value<number>('SELECT count(*) FROM score_pivot')).toBe(800);
    expect(await freshDerived(db, table, ['judge-2'])).toBe(stamps[0]);
    expect(builds.length).toBeLessThanOrEqual(2);
  });

  it('is built once when two connections of the workspace ask at once (the background build and an analysis)', async () => {
    await bumpDataVersion(db);
    const { table, builds } = counted(PAIRWISE_CODES);
    const other = await ws.connect();
    try {
      const [a, b] = await Promise.all([freshDerived(other, table), freshDerived(db, table)]);
      expect(a).toBe(b);
      expect(builds).toEqual([['']]);
      expect(await db.value<number>('SELECT count(*) FROM pairwise_codes WHERE built_for = ?', [a])).toBe(2000);
      expect(await db.value<number>('SELECT count(*) FROM pairwise_codes')).toBe(2000);
    } finally {
      other.close();
    }
  });

  it('keeps the previous rows when a build fails half-way, and builds for the new data on the next call', async () => {
    const before = await freshDerived(db, SCORE_PIVOT, ['judge-1', 'judge-2']);
    const rows = await db.all('SELECT * FROM score_pivot ORDER BY score_set_id, conversation');
    const kept = await bookkeeping('score_pivot');
    await db.run(`DELETE FROM scores WHERE conversation_id = 'c0000' AND score_set_id = 'judge-1'`);
    const failing: DerivedTable = { ...SCORE_PIVOT, build: async (d, stamp, keys) => { await SCORE_PIVOT.build(d, stamp, keys); throw new Error('disk full'); } };
    await expect(freshDerived(db, failing, ['judge-1'])).rejects.toThrow('disk full');
    expect(await db.all('SELECT * FROM score_pivot ORDER BY score_set_id, conversation')).toEqual(rows);
    expect(await bookkeeping('score_pivot')).toEqual(kept);
    const after = await freshDerived(db, SCORE_PIVOT, ['judge-1']);
    expect(after).not.toBe(before);
    expect(await db.value<number>('SELECT count(*) FROM score_pivot WHERE built_for = ?', [after])).toBe(399);
    // Rows built for other data are gone; judge-2 is built again when asked for.
    expect(await db.value<number>('SELECT count(*) FROM score_pivot WHERE built_for <> ?', [after])).toBe(0);
    expect(await bookkeeping('score_pivot')).toEqual([{ k: 'judge-1', s: after }]);
  });

  it('remembers a key without rows as built, and forgets every build when dropped', async () => {
    const { table, builds } = counted(SHIFT_LABEL_CELLS);
    const stamp = await freshDerived(db, table, ['no-such-labelling']);
    expect(await freshDerived(db, table, ['no-such-labelling'])).toBe(stamp);
    expect(builds).toEqual([['no-such-labelling']]);
    expect(await db.value<number>('SELECT count(*) FROM shift_label_cells')).toBe(0);
    await dropDerived(db, table);
    expect(await bookkeeping('shift_label_cells')).toEqual([]);
    await freshDerived(db, table, ['no-such-labelling']);
    expect(builds.length).toBe(2);
  });

  it('stamps over what it declares it depends on, then the imports; an edit in place of a table it reads changes it', async () => {
    const t = derivedTable({ table: 'pairwise_codes', dependsOn: ['pairwise'], build: async () => {} });
    const s1 = String(await db.value(t.stampSql));
    await db.run(`INSERT INTO scores VALUES ('judge-1', 'c0000', 'advice_giving', 3, NULL, NULL, 'x')`);
    expect(String(await db.value(t.stampSql))).toBe(s1);
    await bumpDataVersion(db, ['scores', 'sentence_labels']);
    expect(String(await db.value(t.stampSql))).toBe(s1);
    await bumpDataVersion(db, ['pairwise']);
    const s2 = String(await db.value(t.stampSql));
    expect(s2).not.toBe(s1);
    // A writer that does not say what it changed changes every table's stamp.
    await bumpDataVersion(db);
    expect(String(await db.value(t.stampSql))).not.toBe(s2);
  });

  it('keeps the score pivot built when a coding edit rewrites sentence labels, and counts the shift cells again', async () => {
    await freshDerived(db, SCORE_PIVOT, ['judge-1']);
    await freshDerived(db, SHIFT_LABEL_CELLS, ['no-such-labelling']);
    const pivot = counted(SCORE_PIVOT);
    const cells = counted(SHIFT_LABEL_CELLS);
    // What refreshLabellings (main/coding/derived.ts) marks after rewriting the coding labellings.
    await bumpDataVersion(db, ['sentence_labels']);
    await freshDerived(db, pivot.table, ['judge-1']);
    await freshDerived(db, cells.table, ['no-such-labelling']);
    expect(pivot.builds).toEqual([]);
    expect(cells.builds).toEqual([['no-such-labelling']]);
  });
});

describe('a read scope (derivedReadScope)', () => {
  it('checks each table and keys once: later checks in the scope answer the first stamp, a new scope checks again', async () => {
    const first = await freshDerived(db, PAIRWISE_CODES);
    const { table, builds } = counted(PAIRWISE_CODES);
    const inScope = await derivedReadScope(async () => {
      const a = await freshDerived(db, table);
      // The judgments change while the scope is open: the scope keeps the stamp it checked (one call reads one stamp).
      await db.run(`INSERT INTO pairwise VALUES ('llm-1', 'llm', 5000, 'c0001', 'c0002', 'a', 'x')`);
      const b = await derivedReadScope(() => freshDerived(db, table));
      return { a, b, pivot: await freshDerived(db, SCORE_PIVOT, ['judge-2']) };
    });
    expect(inScope.a).toBe(first);
    expect(inScope.b).toBe(first);
    expect(builds).toEqual([]);
    expect(inScope.pivot).toBe(await freshDerived(db, SCORE_PIVOT, ['judge-2']));
    // Outside the scope, and in a new one, the change is seen and built.
    const after = await derivedReadScope(() => freshDerived(db, table));
    expect(after).not.toBe(first);
    expect(builds).toEqual([['']]);
    expect(await freshDerived(db, table)).toBe(after);
  });

  it('remembers keys apart: a key not yet checked in the scope is checked (and built) on its own', async () => {
    await freshDerived(db, SCORE_PIVOT, ['judge-1', 'judge-2']);
    // judge-2's build forgotten (its rows and record), judge-1's kept.
    await db.run(`DELETE FROM score_pivot WHERE score_set_id = 'judge-2'`);
    await db.run(`DELETE FROM derived_builds WHERE table_name = 'score_pivot' AND build_key = 'judge-2'`);
    const pivot = counted(SCORE_PIVOT);
    await derivedReadScope(async () => {
      await freshDerived(db, pivot.table, ['judge-1']);
      await freshDerived(db, pivot.table, ['judge-1']);
      await freshDerived(db, pivot.table, ['judge-2']);
    });
    expect(pivot.builds).toEqual([['judge-2']]);
    expect(await db.value<number>(`SELECT count(*) FROM score_pivot WHERE score_set_id = 'judge-2'`)).toBe(400);
  });

  it('runs the call again when another connection rebuilt a table it read (its rows for the stamp read are gone)', async () => {
    const other = await ws.connect();
    try {
      const stamps: string[] = [];
      let runs = 0;
      // The background job's rebuild after new judgments, on its own connection and outside the call's scope (its
      // continuation is registered here), started from inside the call.
      let start!: () => void;
      const background = new Promise<void>((ok) => (start = ok)).then(async () => {
        await other.run(`INSERT INTO pairwise VALUES ('llm-1', 'llm', 6000, 'c0005', 'c0006', 'a', 'x')`);
        await freshDerived(other, PAIRWISE_CODES);
      });
      const rows = await derivedReadScope(async () => {
        runs++;
        const stamp = await freshDerived(db, PAIRWISE_CODES);
        stamps.push(stamp);
        if (runs === 1) {
          start();
          await background;
        }
        return db.value<number>('SELECT count(*) FROM pairwise_codes WHERE built_for = ?', [stamp]);
      });
      expect(runs).toBe(2);
      expect(stamps[1]).not.toBe(stamps[0]);
      expect(rows).toBe(await db.value<number>('SELECT count(*) FROM pairwise'));
      // Nothing rebuilt meanwhile: one run.
      runs = 0;
      await derivedReadScope(async () => (runs++, freshDerived(db, PAIRWISE_CODES)));
      expect(runs).toBe(1);
    } finally {
      other.close();
    }
  });

  it('does not remember a check that failed', async () => {
    let fail = true;
    const t: DerivedTable = { ...PAIRWISE_CODES, build: async (d, stamp, keys) => {
      if (fail) throw new Error('build failed');
      await PAIRWISE_CODES.build(d, stamp, keys);
    } };
    await db.run(`INSERT INTO pairwise VALUES ('llm-1', 'llm', 5001, 'c0003', 'c0004', 'b', 'x')`);
    const stamp = await derivedReadScope(async () => {
      await expect(freshDerived(db, t)).rejects.toThrow('build failed');
      fail = false;
      return freshDerived(db, t);
    });
    expect(stamp).toBe(await freshDerived(db, PAIRWISE_CODES));
  });
});
