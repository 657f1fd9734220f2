// Elo's conversation read (main/studydata/elo.ts: scenario and overall score by code in one statement) against the two
// reads it replaced (scenarioCodes, loadOverallByCode), on a workspace with conversations without a scenario, scores of
// conversations the study does not have, conversations missing a dimension (no overall score), a second score set, and
// again after appended conversations (every later code moves); the ids of chosen codes as the full list gives them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { SIX } from '../../main/services/analysis/common.js';
import { columns, conversationIds } from '../../main/studydata/common.js';
import { eloConversations } from '../../main/studydata/elo.js';
import { loadOverallByCode } from '../../main/studydata/score-pivot.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-elo-readers-');
let ws: Workspace;
let db: Db;
const SCENARIOS = ['loss', 'work', 'health'];

/** The previous scenario read: from the conversations themselves, in id order (the codes' order), not the stored codes. */
async function scenarioCodes(db: Db, scenarios: string[]): Promise<Int32Array> {
  const c = await columns<{ s: number[] }>(
    db,
    `SELECT CAST(coalesce(list_position($1::VARCHAR[], scenario), 0) - 1 AS INTEGER) AS s FROM conversations ORDER BY conversation_id`,
    [scenarios],
  );
  return Int32Array.from(c.s);
}

async function previous(set: string | null) {
  const scenario = await scenarioCodes(db, SCENARIOS);
  const overall = new Float64Array(scenario.length).fill(NaN);
  if (set) {
    const o = await loadOverallByCode(db, set);
    for (let i = 0; i < o.length; i++) overall[o.conversation[i]] = o.overall[i];
  }
  return { scenario: [...scenario], overall: [...overall], length: scenario.length };
}
const now = async (set: string | null) => {
  const c = await eloConversations(db, SCENARIOS, set);
  return { scenario: [...c.scenario], overall: [...c.overall], length: c.length };
};

async function addConversations(from: number, to: number) {
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, import_id)
    SELECT 'c' || lpad(i::VARCHAR, 4, '0'), 'p' || (i % 40), 1, ['loss', 'work', 'health', 'other', NULL][1 + i % 5], 'x' FROM range(${from}, ${to}) t(i)`);
  for (const [set, skip] of [['judge', 7], ['second', 5]] as const) {
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
      SELECT '${set}', CASE WHEN i % 53 = 0 THEN 'ghost' || i ELSE 'c' || lpad(i::VARCHAR, 4, '0') END, d, 1 + (i * 7 + length(d)) % 5, 'x'
      FROM range(${from}, ${to}) t(i), unnest([${SIX.map((d) => `'${d}'`).join(', ')}]) u(d) WHERE NOT (i % ${skip} = 0 AND d = 'self_oriented')`);
  }
}

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'elo.duckdb'));
  db = ws.db;
  await db.run(`INSERT INTO score_sets VALUES ('judge', 'judge', 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'x'), ('second', 'second', 'llm', 1, 5, TIMESTAMP '2000-01-02', NULL, 'x')`);
  await addConversations(100, 700);
});
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

describe("Elo's conversations by code", () => {
  it('equal the scenario codes and the pivot overall scores they replaced', async () => {
    for (const set of ['judge', 'second', null]) expect(await now(set)).toEqual(await previous(set));
    expect((await now('judge')).overall.filter((v) => Number.isNaN(v)).length).toBeGreaterThan(50);
  });
  it('name the codes shown (the decile ids) as the full list does', async () => {
    const all = await conversationIds(db);
    const some = await conversationIds(db, [599, 0, 17, 17, 5000]);
    expect([...some]).toEqual([[0, all.get(0)], [17, all.get(17)], [599, all.get(599)]]);
    expect((await conversationIds(db, [])).size).toBe(0);
  });
  it('follow appended conversations, whose codes move the later ones', async () => {
    await addConversations(0, 100);
    for (const set of ['judge', 'second']) expect(await now(set)).toEqual(await previous(set));
  });
});
