// Agreement from the score pivot (main/studydata/score-pivot.ts) against the same counts from the scores and against
// the path before both (score vectors aligned in JS, agreementRows), on a real workspace: the demo study with two more
// raters, then grown with duplicated scores (means), missing ones, scores of conversations the study does not have,
// a set that skips a dimension and a panel of three (a median from the sorted list); the pivot's overall score
// against loadOverall's. Plus the pivot following an appended score set, a deleted score and an edit in place.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { Backend } from '../../main/backend.js';
import type { Db } from '../../main/db/workspace.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { computeAgreement } from '../../main/services/analysis/index.js';
import { loadAlignedScores, loadPairCounts } from '../../main/studydata/agreement.js';
import { columns, CONVERSATION_CODES, orderDimensions } from '../../main/studydata/common.js';
import { loadOverall } from '../../main/studydata/overall.js';
import { loadOverallByCode, loadPivotRows, PIVOT_DIMENSIONS } from '../../main/studydata/score-pivot.js';
import { agreementComparisons, agreementRows } from '../../workers/analysis/agreement.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-agreement-pivot-');
let b: Backend;
let db: Db;
let DIMS: string[];

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 1 });
  b = new Backend({ home: tmp.path });
  db = (await b.open(join(tmp.path, 'pivot.duckdb'))).db;
  const csv = (f: string) => `read_csv('${join(dir, f).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  await db.run(`INSERT INTO participants (participant_id, condition, import_id) SELECT participant_id, condition, 'demo' FROM ${csv('participants.csv')}`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT conversation_id, participant_id, CAST(round AS INTEGER), scenario, scenario_type, 'demo' FROM ${csv('conversations.csv')}`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT rater, conversation_id, dimension, TRY_CAST(score AS DOUBLE), 'demo' FROM ${csv('scores.csv')}`);
  await db.run(`INSERT INTO score_sets SELECT DISTINCT score_set_id, score_set_id, 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'demo' FROM scores`);
  // Raters b, c, d: the judge moved by -1, 0 or +1 (a fixed hash), clamped; c skips every 7th conversation, d every 5th
  // and never scores self_oriented.
  for (const [rater, salt] of [['rater-b', 'b'], ['rater-c', 'c'], ['rater-d', 'd']]) {
    await db.run(`INSERT INTO score_sets VALUES (?, ?, 'human', 1, 5, TIMESTAMP '2001-01-01', NULL, NULL)`, [rater, rater]);
    await db.run(
      `INSERT INTO scores SELECT ?, conversation_id, dimension, greatest(1, least(5, score + CAST(hash(conversation_id || dimension || ?) % 3 AS INTEGER) - 1)), NULL, NULL, 'grown'
       FROM scores WHERE score_set_id = 'simulated-judge'
         AND (? = 'b' OR (? = 'c' AND hash(conversation_id) % 7 <> 0) OR (? = 'd' AND hash(conversation_id) % 5 <> 0 AND dimension <> 'self_oriented'))`,
      [rater, salt, salt, salt, salt],
    );
  }
  // Duplicates (a set's score of a conversation is the mean of its scores there), missing scores, and scores of
  // conversations the study does not have.
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT score_set_id, conversation_id, dimension, least(5, score + 1), 'dup' FROM scores WHERE hash(conversation_id || score_set_id) % 11 = 0`);
  await db.run(`UPDATE scores SET score = NULL WHERE hash(conversation_id || dimension || score_set_id) % 13 = 0`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT score_set_id, 'ghost-' || conversation_id, dimension, score, 'ghost' FROM scores WHERE hash(conversation_id) % 17 = 0`);
  await bumpDataVersion(db);
  DIMS = orderDimensions((await db.all<{ d: string }>(`SELECT DISTINCT dimension AS d FROM scores`)).map((r) => r.d));
}, 300_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

const bothPaths = async (sets: string[], a: string[], side: string[], dims = DIMS) => {
  const comparisons = agreementComparisons(sets, a, side);
  const pivot = await loadPairCounts(db, sets, dims, comparisons, 'pivot');
  const scores = await loadPairCounts(db, sets, dims, comparisons, 'scores');
  return { pivot, scores };
};

describe('agreement from the score pivot', () => {
  it('counts the same value pairs as the scores, with duplicates, missing scores and unknown conversations', async () => {
    expect(await db.value<number>(`SELECT count(*) FROM scores WHERE import_id = 'dup'`)).toBeGreaterThan(1000);
    for (const [a, side] of [[['simulated-judge'], ['rater-b', 'rater-c']], [['rater-b'], ['simulated-judge', 'rater-c', 'rater-d']], [['rater-c'], ['rater-b']]]) {
      const sets = [...new Set([...a, ...side])];
      const dims = side.includes('rater-d') || a.includes('rater-d') ? DIMS.filter((d) => d !== 'self_oriented') : DIMS;
      const { pivot, scores } = await bothPaths(sets, a, side, dims);
      expect(pivot.length).toBeGreaterThan(50);
      expect(pivot).toEqual(scores);
    }
  }, 120_000);

  it('gives the rows of the path before it (score vectors aligned in JS), a panel of two and of three', async () => {
    for (const [a, side] of [[['simulated-judge'], ['rater-b', 'rater-c']], [['rater-b'], ['simulated-judge', 'rater-c', 'rater-d']]]) {
      const r = await computeAgreement(db, { a: a[0], b: `median(${side.join(',')})`, reps: 200, seed: 7 });
      const dims = orderDimensions(r.rows.map((x) => x.dimension));
      expect(dims).toHaveLength(side.includes('rater-d') ? 5 : 6);
      const aligned = await loadAlignedScores(db, [...a, ...side], dims);
      const before = agreementRows({ dims: dims.map((d) => ({ dimension: d, bySet: aligned[d].bySet })), a, b: side, reps: 200, seed: 7, flagMetric: 'kappa_scale' });
      r.rows.forEach((row, i) => {
        const want = before[i];
        expect(row.dimension).toBe(want.dimension);
        expect(row.n).toBe(want.n);
        for (const k of ['kappa_scale', 'kappa_observed', 'exact', 'below_experts'] as const) expect(row[k]).toBe(want[k]);
        expect(row.alpha_ci).toEqual(want.alpha_ci);
        for (const k of ['alpha', 'rho', 'experts_mean', 'candidate_loo'] as const) expect(Math.abs(row[k]! - want[k]!)).toBeLessThan(1e-12);
      });
    }
  }, 120_000);

  it("holds loadOverall's overall score of every conversation that has one (Elo reads it from here)", async () => {
    for (const set of ['simulated-judge', 'rater-c', 'rater-d']) {
      const ov = await loadOverall(db, set, { conditions: [], scenarios: [], scenarioTypes: [] });
      const keep = ov.overall.map((v, i) => (v == null ? -1 : i)).filter((i) => i >= 0);
      const got = await loadOverallByCode(db, set);
      expect(got.conversation).toEqual(keep.map((i) => ov.conversation[i]));
      expect(got.overall).toEqual(keep.map((i) => ov.overall[i]));
      expect(got.length).toBe(set === 'rater-d' ? 0 : keep.length);
      if (set !== 'rater-d') expect(got.length).toBeGreaterThan(1000);
    }
  }, 120_000);

  it("gives preference loadOverall's rows of the conversations it asks for (one score per dimension, as imports keep it)", async () => {
    const set = 'rater-c';
    const ov = await loadOverall(db, set, { conditions: [], scenarios: [], scenarioTypes: [] }, { withDimensions: true });
    const dup = await columns<{ code: number[] }>(db, `SELECT DISTINCT cc.code FROM scores s JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
      WHERE s.score_set_id = ? AND s.score IS NOT NULL GROUP BY cc.code, s.dimension HAVING count(*) > 1`, [set]);
    expect(dup.length).toBeGreaterThan(10);
    const skip = new Set(dup.code);
    const rows = ov.conversation.map((c, i) => i).filter((i) => i % 3 === 0 && !skip.has(ov.conversation[i]));
    const wanted = rows.map((i) => ov.conversation[i]);
    // Asked in another order, some twice, and one conversation rater-c did not score (it skips every 7th).
    const scored = new Set(ov.conversation);
    const unscored = [...Array(ov.conversation[ov.length - 1]).keys()].find((c) => !scored.has(c));
    expect(unscored).toBeDefined();
    const got = await loadPivotRows(db, set, [...wanted].reverse().concat(wanted.slice(0, 3), [unscored!]));
    // Typed columns, with NaN where loadOverall has null.
    expect(Array.from(got.conversation)).toEqual(rows.map((i) => ov.conversation[i]));
    expect(Array.from(got.overall)).toEqual(rows.map((i) => ov.overall[i] ?? NaN));
    for (const d of PIVOT_DIMENSIONS) expect(Array.from(got.dims[d])).toEqual(rows.map((i) => ov.dims[d][i] ?? NaN));
    expect(rows.some((i) => ov.overall[i] === null)).toBe(true);
  }, 120_000);

  it('is built again when the scores change: an appended set, a deleted score, an edit in place', async () => {
    const sets = ['simulated-judge', 'rater-b'];
    const n = async () => (await computeAgreement(db, { a: sets[0], b: sets[1], reps: 10 })).rows[0].n;
    const before = await n();
    // A judge-like append of another set leaves the compared sets' counts as they were, and is pivoted when asked for.
    await db.run(`INSERT INTO score_sets VALUES ('judge-2', 'judge-2', 'llm', 1, 5, now(), NULL, NULL)`);
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score)
      SELECT 'judge-2', conversation_id, dimension, score FROM scores WHERE score_set_id = 'rater-b'`);
    expect(await n()).toBe(before);
    const { pivot, scores } = await bothPaths(['judge-2', 'rater-c'], ['judge-2'], ['rater-c']);
    expect(pivot).toEqual(scores);
    // A deleted score of the first dimension, of a conversation both sets scored there: one conversation fewer.
    const gone = await db.value<string>(`SELECT min(conversation_id) FROM scores b WHERE score_set_id = 'rater-b' AND dimension = $1 AND score IS NOT NULL
      AND conversation_id IN (SELECT conversation_id FROM conversations)
      AND EXISTS (SELECT 1 FROM scores j WHERE j.score_set_id = 'simulated-judge' AND j.dimension = $1 AND j.conversation_id = b.conversation_id AND j.score IS NOT NULL)`, [DIMS[0]]);
    const left = await db.value<number>(`SELECT count(*) FROM scores WHERE score_set_id = 'rater-b' AND dimension = ? AND conversation_id = ? AND score IS NOT NULL`, [DIMS[0], gone]);
    await db.run(`DELETE FROM scores WHERE score_set_id = 'rater-b' AND dimension = ? AND conversation_id = ?`, [DIMS[0], gone]);
    expect(left).toBeGreaterThan(0);
    expect(await n()).toBe(before - 1);
    // An edit in place, announced as writers do: every score of rater-b on the first dimension missing.
    await db.run(`UPDATE scores SET score = NULL WHERE score_set_id = 'rater-b' AND dimension = ?`, [DIMS[0]]);
    await bumpDataVersion(db);
    const edited = await bothPaths(sets, [sets[0]], [sets[1]], [DIMS[0]]);
    expect(edited.pivot.length).toBe(0);
    expect(edited.pivot).toEqual(edited.scores);
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM score_pivot')).toBe(1);
    expect(await db.value<number>("SELECT count(DISTINCT built_for) FROM derived_builds WHERE table_name = 'score_pivot'")).toBe(1);
  }, 120_000);
});
