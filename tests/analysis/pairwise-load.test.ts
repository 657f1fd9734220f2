// loadPairwise (main/studydata/pairwise.ts: typed columns from pairwise_codes, the judges joined as a table) against the
// list test over the text ids it replaced, in the same order, on a real workspace: judges listed twice or not in the
// table, judgments of unknown conversations, choices other than a/b, conversations without a scenario.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { params } from '../../main/studydata/common.js';
import { loadPairwise, pairwiseJudges } from '../../main/studydata/pairwise.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-pairwise-load-');
let ws: Workspace;
let db: Db;
const SCENARIOS = ['loss', 'work'];

/** The previous statement: the judges as a bound list, tested per judgment. */
const previous = async (judges: string[]) => {
  const p = params([judges, SCENARIOS]);
  const r = await db.conn.runAndReadAll(
  `WITH cc AS MATERIALIZED (
     SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code,
       CAST(coalesce(list_position($2::VARCHAR[], scenario), 0) - 1 AS INTEGER) AS scenario
     FROM conversations)
   SELECT CAST(list_position($1::VARCHAR[], w.judge_id) - 1 AS INTEGER) AS judge, w.trial,
     coalesce(ca.code, -1) AS a, coalesce(cb.code, -1) AS b,
     CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END AS choice,
     coalesce(ca.scenario, -1) AS scenario
   FROM pairwise w
   LEFT JOIN cc ca ON ca.conversation_id = w.conversation_a
   LEFT JOIN cc cb ON cb.conversation_id = w.conversation_b
   WHERE list_contains($1::VARCHAR[], w.judge_id)
   ORDER BY 1, 2, 3, 4`,
    p.values, p.types as never);
  return r.getRowObjects().map((o) => ({ judge: o.judge, trial: o.trial, a: o.a, b: o.b, choice: o.choice, scenario: o.scenario }));
};
const now = async (judges: string[]) => {
  const c = await loadPairwise(db, judges, SCENARIOS);
  for (const col of [c.judge, c.a, c.b, c.choice, c.scenario]) expect(col).toBeInstanceOf(Int32Array);
  return Array.from({ length: c.length }, (_, i) => ({ judge: c.judge[i], a: c.a[i], b: c.b[i], choice: c.choice[i], scenario: c.scenario[i] }));
};
/** The previous rows without their trial, in its order (the data below has one judgment per judge and trial). */
const want = async (judges: string[]) => (await previous(judges)).map(({ trial: _, ...row }) => row);

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'pairwise.duckdb'));
  db = ws.db;
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, import_id)
    SELECT 'c' || lpad(i::VARCHAR, 3, '0'), 'p' || i, 1, ['loss', 'work', NULL][1 + i % 3], 'x' FROM range(200) t(i)`);
  await db.run(`INSERT INTO pairwise SELECT 'rater-' || (i % 37), CASE WHEN i % 37 = 0 THEN 'llm' ELSE 'human' END, i // 37,
      CASE WHEN i % 41 = 0 THEN 'ghost' ELSE 'c' || lpad((i % 200)::VARCHAR, 3, '0') END, 'c' || lpad(((i * 7 + 3) % 200)::VARCHAR, 3, '0'),
      ['a', 'b', ' A', 'tie'][1 + i % 4], 'x' FROM range(3000) t(i)`);
});
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

describe('loadPairwise', () => {
  it('equals the list test it replaced', async () => {
    const judges = Array.from({ length: 30 }, (_, k) => `rater-${k + 3}`);
    for (const list of [judges, ['rater-5', 'nobody', 'rater-1', 'rater-5'], ['nobody'], []]) {
      expect(await now(list)).toEqual(await want(list));
    }
    expect((await now(judges)).length).toBeGreaterThan(2000);
  });
});

describe('pairwiseJudges', () => {
  // The statement it replaced: the judgments grouped on every call.
  const grouped = () => db.all(`SELECT judge_id AS "judgeId", any_value(judge_kind) AS kind, count(*) AS judgments FROM pairwise GROUP BY judge_id ORDER BY 3 DESC, 1`);
  it('lists the judges as grouping the judgments did, from the derived table, built again when the judgments change', async () => {
    const first = await pairwiseJudges(db);
    expect(first).toEqual(await grouped());
    expect(first.length).toBe(37);
    expect(first.filter((j) => j.kind === 'llm').map((j) => j.judgeId)).toEqual(['rater-0']);
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM pairwise_judges')).toBe(1);
    // An appended judge with the most judgments comes first; a deleted judge is gone.
    await db.run(`INSERT INTO pairwise SELECT 'zz-new', 'llm', i, 'c000', 'c001', 'a', 'y' FROM range(200) t(i)`);
    await db.run(`DELETE FROM pairwise WHERE judge_id = 'rater-7'`);
    const after = await pairwiseJudges(db);
    expect(after).toEqual(await grouped());
    expect(after[0]).toEqual({ judgeId: 'zz-new', kind: 'llm', judgments: 200 });
    expect(after.some((j) => j.judgeId === 'rater-7')).toBe(false);
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM pairwise_judges')).toBe(1);
  });
});
