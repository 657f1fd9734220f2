// Judge runs side by side on a small fixture in a real workspace file: two judge runs (with their run rows, answers,
// tokens and latencies) and three experts over the tiny study's conversations. Every number the comparison reports
// is checked against direct SQL or the agreement functions on vectors built here by hand.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { kappaQuadraticScale, exactAgreement, medianOfRaters } from '../../main/analysis/index.js';
import { cost, getPrices, priceFor } from '../../main/judge/prices.js';
import { DIMENSIONS, PRESCRIPTIVE } from '../../main/domain/study.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-judge-compare-');
let b: Backend;
let convs: string[];
const SETS = ['run-a', 'run-b', 'expert1', 'expert2', 'expert3'];
/** Deterministic 1-5 scores that differ by set; run-b skips every fourth conversation. */
const score = (set: number, c: number, d: number) => 1 + ((c * (set + 2) + d * (set + 1) + (set === 1 && c % 5 === 0 ? 2 : 0)) % 5);

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: join(tmp.path, 'home') });
  const db = (await b.open(join(tmp.path, 'compare.duckdb'))).db;
  await runImport(db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  convs = (await db.all<{ id: string }>('SELECT conversation_id AS id FROM conversations ORDER BY 1')).map((r) => r.id);
  await db.transaction(async () => {
    for (const [k, id] of SETS.entries()) {
      await db.run(`INSERT INTO score_sets VALUES (?, ?, 'scores', 1, 5, now(), ?, NULL)`, [id, id.startsWith('run') ? 'llm' : id, JSON.stringify({ label: id.startsWith('run') ? `Run ${id.slice(4).toUpperCase()}` : null })]);
      for (const [c, conv] of convs.entries()) {
        if (id === 'run-b' && c % 4 === 3) continue;
        for (const [d, dim] of DIMENSIONS.entries()) await db.run(`INSERT INTO scores VALUES (?, ?, ?, ?, NULL, NULL, NULL)`, [id, conv, dim, score(k, c, d)]);
      }
    }
    for (const [id, model] of [['run-a', 'gpt-5-nano'], ['run-b', 'o4-mini']]) {
      const runId = `judge-${id}`;
      await db.run(`INSERT INTO judge_runs VALUES (?, 'scores', ?, ?, ?, 'http://127.0.0.1:9/v1', 'empathy-scores', 1, 'h', ?, 'done', NULL, now(), now(), now(), NULL)`,
        [runId, `Run ${id.slice(4).toUpperCase()}`, id, model, JSON.stringify({ spec: { batch: false } })]);
      for (const [c, conv] of convs.entries()) {
        await db.run(`INSERT INTO judge_items VALUES (?, ?, ?, NULL, NULL, NULL, NULL, NULL, now())`, [runId, c, conv]);
        // Every seventh answer came from the cache: no tokens billed, no latency counted.
        await db.run(`INSERT INTO judge_answers VALUES (?, ?, 'k', ?, 1, ?, ?, 0, ?, NULL, now())`,
          [runId, c, c % 7 === 0, 900 + c, 120 + (c % 3), c % 7 === 0 ? null : 200 + 37 * ((c * 5) % 11) + (id === 'run-b' ? 400 : 0)]);
      }
    }
  });
}, 60_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

/** One set's scores on one dimension, aligned with `convs` (NaN where it has none). */
async function vector(set: string, dim: string): Promise<Float64Array> {
  const rows = await b.workspace.db.all<{ c: string; s: number }>('SELECT conversation_id AS c, score AS s FROM scores WHERE score_set_id = ? AND dimension = ?', [set, dim]);
  const by = new Map(rows.map((r) => [r.c, r.s]));
  return Float64Array.from(convs, (c) => by.get(c) ?? NaN);
}

describe('judge-compare', () => {
  it('matches direct SQL and the agreement functions', async () => {
    const r = await b.app.call('judge-compare', { scoreSetIds: ['run-a', 'run-b', 'expert1'] });
    const db = b.workspace.db;
    expect(r.dimensions).toEqual([...DIMENSIONS]);
    expect(r.reference).toEqual({ spec: 'median(expert1,expert2,expert3)', sets: ['expert1', 'expert2', 'expert3'] });
    // Means with n.
    for (const m of r.means) {
      const direct = await db.one<{ mean: number; n: number }>('SELECT avg(score) AS mean, count(*) AS n FROM scores WHERE score_set_id = ? AND dimension = ?', [m.scoreSetId, m.dimension]);
      expect(m.mean).toBeCloseTo(direct!.mean, 12);
      expect(m.n).toBe(direct!.n);
    }
    expect(r.means.find((m) => m.scoreSetId === 'run-b')!.n).toBe(27);
    // Pairwise kappa and exact agreement on the same vectors.
    expect(r.pairs).toHaveLength(3 * DIMENSIONS.length);
    for (const p of r.pairs) {
      const x = await vector(p.a, p.dimension);
      const y = await vector(p.b, p.dimension);
      expect(p.kappa).toBeCloseTo(kappaQuadraticScale(x, y), 12);
      expect(p.exact).toBeCloseTo(exactAgreement(x, y), 12);
      expect(p.n).toBe(p.a === 'run-b' || p.b === 'run-b' ? 27 : 36);
    }
    // Against the experts' median.
    for (const v of r.vsReference) {
      const ref = Float64Array.from(medianOfRaters(await Promise.all(['expert1', 'expert2', 'expert3'].map((e) => vector(e, v.dimension)))));
      expect(v.kappa).toBeCloseTo(kappaQuadraticScale(await vector(v.a, v.dimension), ref), 12);
    }
    // Cost and latency from the run tables: non-cached answers only.
    const prices = await getPrices(db);
    for (const [id, model] of [['run-a', 'gpt-5-nano'], ['run-b', 'o4-mini']]) {
      const s = r.sets.find((x) => x.scoreSetId === id)!;
      const t = await db.one<{ tin: number; tout: number; n: number; med: number; mean: number }>(
        `SELECT sum(input_tokens) FILTER (WHERE NOT from_cache) AS tin, sum(output_tokens) FILTER (WHERE NOT from_cache) AS tout,
           count(latency_ms) AS n, median(latency_ms) AS med, avg(latency_ms) AS mean FROM judge_answers WHERE run_id = ?`, [`judge-${id}`]);
      expect(s).toMatchObject({ label: `Run ${id.slice(4).toUpperCase()}`, model, runId: `judge-${id}`, conversations: id === 'run-b' ? 27 : 36 });
      expect(s.cost!.amount).toBeCloseTo(cost(priceFor(prices, model), { inputTokens: t!.tin, outputTokens: t!.tout }, false).amount!, 9);
      expect(s.latency).toMatchObject({ n: 30, medianMs: t!.med });
      expect(s.latency!.meanMs).toBeCloseTo(t!.mean, 9);
    }
    expect(r.sets.find((x) => x.scoreSetId === 'expert1')).toMatchObject({ label: 'expert1', runId: null, cost: null, latency: null });
  });

  it('ranks conversations by the spread of overall scores, and of one dimension', async () => {
    const r = await b.app.call('judge-compare', { scoreSetIds: ['run-a', 'run-b'], top: 5 });
    expect(r.disagreementDimension).toBe('overall');
    const db = b.workspace.db;
    const overall = await db.all<{ c: string; spread: number }>(`
      WITH o AS (SELECT score_set_id, conversation_id,
          sum(CASE WHEN dimension IN (${PRESCRIPTIVE.map((d) => `'${d}'`).join(', ')}) THEN score ELSE -score END) AS v
        FROM scores WHERE score_set_id IN ('run-a', 'run-b') GROUP BY ALL)
      SELECT conversation_id AS c, max(v) - min(v) AS spread FROM o GROUP BY 1 HAVING count(*) = 2 ORDER BY 2 DESC, 1 LIMIT 5`);
    expect(r.disagreements.map((d) => [d.conversationId, d.spread])).toEqual(overall.map((o) => [o.c, o.spread]));
    for (const d of r.disagreements) expect(Math.abs(d.scores['run-a']! - d.scores['run-b']!)).toBeCloseTo(d.spread, 12);
    const one = await b.app.call('judge-compare', { scoreSetIds: ['run-a', 'expert2'], disagreementDimension: 'self_oriented', reference: null, top: 3 });
    expect(one.reference).toBeNull();
    expect(one.vsReference).toEqual([]);
    const direct = await db.all<{ c: string }>(`SELECT conversation_id AS c FROM scores WHERE score_set_id IN ('run-a', 'expert2') AND dimension = 'self_oriented'
      GROUP BY 1 HAVING count(*) = 2 ORDER BY max(score) - min(score) DESC, 1 LIMIT 3`);
    expect(one.disagreements.map((d) => d.conversationId)).toEqual(direct.map((d) => d.c));
  });

  it('names what is wrong with the request', async () => {
    await expect(b.app.call('judge-compare', { scoreSetIds: ['run-a'] })).rejects.toThrow('scoreSetIds: pick at least two score sets');
    await expect(b.app.call('judge-compare', { scoreSetIds: ['run-a', 'nope'] })).rejects.toThrow('scoreSetIds: no score set "nope"');
    await expect(b.app.call('judge-compare', { scoreSetIds: ['run-a', 'run-b'], dimensions: ['warmth'] })).rejects.toThrow(/^dimensions: warmth is not scored by every picked set/);
    await expect(b.app.call('judge-compare', { scoreSetIds: ['run-a', 'run-b'], disagreementDimension: 'warmth' })).rejects.toThrow(/^disagreementDimension: "warmth" is not scored/);
  });
});
