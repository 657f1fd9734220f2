// Elo's judgments read from pairwise_codes (main/studydata/pairwise.ts) against the join they replaced (both text ids
// coded through the conversations on every read), on a real workspace with conversations the study does not have,
// choices in odd spellings and ties; and the codes made again after appended judgments, a removed conversation (every
// later code moves) and an edit in place.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { columns } from '../../main/studydata/common.js';
import { loadJudgments } from '../../main/studydata/pairwise.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-pairwise-codes-');
let ws: Workspace;
let db: Db;

/** The previous read: both ids joined to freshly numbered conversations on every call. */
async function previous(judgeId: string) {
  const c = await columns<{ a: number[]; b: number[]; choice: number[] }>(
    db,
    `WITH cc AS MATERIALIZED (SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations)
     SELECT coalesce(ca.code, -1) AS a, coalesce(cb.code, -1) AS b,
       CAST(CASE lower(trim(w.choice)) WHEN 'a' THEN 0 WHEN 'b' THEN 1 ELSE -1 END AS INTEGER) AS choice
     FROM pairwise w
     LEFT JOIN cc ca ON ca.conversation_id = w.conversation_a
     LEFT JOIN cc cb ON cb.conversation_id = w.conversation_b
     WHERE w.judge_id = $1
     ORDER BY w.trial`,
    [judgeId],
  );
  return { a: c.a, b: c.b, choice: c.choice, length: c.length };
}
const now = async (judgeId: string) => {
  const j = await loadJudgments(db, judgeId);
  return { a: [...j.a], b: [...j.b], choice: [...j.choice], length: j.length };
};

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'codes.duckdb'));
  db = ws.db;
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, import_id)
    SELECT 'c' || lpad(i::VARCHAR, 4, '0'), 'p' || (i % 50), 1, 'x' FROM range(600) t(i)`);
  // Two judges, trials shuffled against insertion order; some conversations unknown; choices A, ' b ', tie, empty.
  await db.run(`INSERT INTO pairwise SELECT CASE WHEN i % 3 = 0 THEN 'llm-2' ELSE 'llm-1' END, 'llm', (i * 7919) % 5000,
      CASE WHEN i % 97 = 0 THEN 'ghost' || i ELSE 'c' || lpad(((i * 31) % 600)::VARCHAR, 4, '0') END,
      'c' || lpad(((i * 17 + 5) % 600)::VARCHAR, 4, '0'),
      ['A', ' b ', 'a', 'B', 'tie', ''][1 + i % 6], 'x'
    FROM range(5000) t(i)`);
});
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

describe('pairwise judgments as integer codes', () => {
  it('equal the join they replaced, for each judge', async () => {
    for (const judge of ['llm-1', 'llm-2', 'nobody']) {
      const want = await previous(judge);
      expect(await now(judge)).toEqual(want);
    }
  });
  it('are put in trial order when the table is not stored in that order', async () => {
    const want = await previous('llm-1');
    await now('llm-1');
    await db.transaction(async () => {
      await db.run('CREATE TEMP TABLE shuffled AS SELECT * FROM pairwise_codes ORDER BY hash(trial * 31 + a)');
      await db.run('DELETE FROM pairwise_codes');
      await db.run('INSERT INTO pairwise_codes SELECT * FROM shuffled');
      await db.run('DROP TABLE shuffled');
    });
    expect(await now('llm-1')).toEqual(want);
    expect((await previous('llm-1')).a).toContain(-1);
  });

  it('are coded again after appended judgments, a removed conversation and an edit in place', async () => {
    await db.run(`INSERT INTO pairwise VALUES ('llm-1', 'llm', 9000, 'c0001', 'c0599', 'a', 'y')`);
    expect(await now('llm-1')).toEqual(await previous('llm-1'));
    // Every code after c0100 moves down by one.
    await db.run(`DELETE FROM conversations WHERE conversation_id = 'c0100'`);
    expect(await now('llm-1')).toEqual(await previous('llm-1'));
    await db.run(`UPDATE pairwise SET choice = 'b' WHERE judge_id = 'llm-2' AND choice = 'A'`);
    await bumpDataVersion(db);
    expect(await now('llm-2')).toEqual(await previous('llm-2'));
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM pairwise_codes')).toBe(1);
  });
});
