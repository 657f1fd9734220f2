// Judge runs side by side on the real Lend an Ear pilot (../shared/corpora): the three LLM raters against each other
// and against the experts' median. The comparison's kappas must equal what the agreement analysis (the agreement
// card's numbers) reports for the same pairs, so the two views of one study never disagree.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { tempDir } from '../helpers/tiny-study.js';

const PILOT = resolve(import.meta.dirname, '../../../shared/corpora/lend-an-ear-pilot');
const tmp = tempDir('workbench-compare-pilot-');
let b: Backend;

beforeAll(async () => {
  if (!existsSync(PILOT)) return;
  b = new Backend({ home: join(tmp.path, 'home') });
  const ws = await b.open(join(tmp.path, 'pilot.duckdb'));
  await runImport(ws.db, { path: PILOT, format: 'lend-an-ear' }, { progress: () => {}, checkCancelled: () => {} });
}, 120_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

describe.skipIf(!existsSync(PILOT))('judge-compare on the Lend an Ear pilot', () => {
  it('agrees with the agreement analysis, pair by pair and against the experts\' median', async () => {
    const ids = (await b.workspace.db.all<{ id: string }>(`SELECT score_set_id AS id FROM score_sets WHERE rater IN ('gpt', 'gemini', 'claude') OR score_set_id IN ('gpt', 'gemini', 'claude') ORDER BY 1`)).map((r) => r.id);
    expect(ids).toHaveLength(3);
    const r = await b.app.call('judge-compare', { scoreSetIds: ids, top: 10 });
    expect(r.reference?.sets).toEqual(['expert1', 'expert2', 'expert3']);
    expect(r.dimensions).toHaveLength(6);
    expect(r.means.every((m) => m.n === 50)).toBe(true);
    for (const p of r.pairs.filter((x) => x.dimension === r.dimensions[0]).concat(r.pairs.filter((x) => x.dimension === 'dismissing_emotions'))) {
      const a = await b.app.call('analysis-agreement', { a: p.a, b: p.b, dimensions: [p.dimension], reps: 10 });
      expect(p.kappa).toBeCloseTo(a.rows[0].kappa_scale, 12);
      expect(p.exact).toBeCloseTo(a.rows[0].exact, 12);
      expect(p.n).toBe(a.rows[0].n);
    }
    for (const id of ids) {
      const a = await b.app.call('analysis-agreement', { a: id, b: r.reference!.spec, reps: 10 });
      for (const row of a.rows) {
        const mine = r.vsReference.find((v) => v.a === id && v.dimension === row.dimension)!;
        expect(mine.kappa).toBeCloseTo(row.kappa_scale, 12);
      }
    }
    // The largest overall spread comes first, and every listed conversation was scored by all three.
    expect(r.disagreements).toHaveLength(10);
    for (let i = 1; i < r.disagreements.length; i++) expect(r.disagreements[i - 1].spread).toBeGreaterThanOrEqual(r.disagreements[i].spread);
    expect(r.sets.map((s) => s.runId)).toEqual([null, null, null]);
  }, 120_000);
});
