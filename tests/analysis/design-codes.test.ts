// The stored design codes (main/studydata/codes.ts, migration 19) against the codes computed from the tables, on a
// real workspace: conversations without a participant or of an unknown one, participants without a condition,
// self-reports without a value or of an unknown conversation; again after appended conversations and participants
// (every later code moves) and after an edit in place of a participant's condition; the ids decoded by
// conversationIds / participantIds, and the score pivot's count of the scores each row comes from.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { SIX } from '../../main/services/analysis/common.js';
import { freshConversationCodes, freshParticipantCodes, freshSelfReportCodes } from '../../main/studydata/codes.js';
import { conversationIds, participantIds } from '../../main/studydata/common.js';
import { freshScorePivot } from '../../main/studydata/score-pivot.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-design-codes-');
let ws: Workspace;
let db: Db;

async function grow(from: number, to: number) {
  await db.run(`INSERT INTO participants (participant_id, condition, jordan_empathy, sites, import_id)
    SELECT 'p' || lpad(i::VARCHAR, 3, '0'), CASE WHEN i % 11 = 0 THEN NULL ELSE ['control', 'video'][1 + i % 2] END,
      CASE WHEN i % 7 = 0 THEN NULL ELSE i / 10 END, i % 5, 'x' FROM range(${Math.floor(from / 3)}, ${Math.floor(to / 3)}) t(i)`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT 'c' || lpad(i::VARCHAR, 4, '0'), CASE WHEN i % 17 = 0 THEN NULL WHEN i % 19 = 0 THEN 'nobody' ELSE 'p' || lpad((i // 3)::VARCHAR, 3, '0') END,
      1 + i % 3, ['loss', 'work', NULL][1 + i % 3], ['easy', 'hard'][1 + i % 2], 'x' FROM range(${from}, ${to}) t(i)`);
  await db.run(`INSERT INTO self_reports SELECT CASE WHEN i % 23 = 0 THEN 'ghost' ELSE 'c' || lpad(i::VARCHAR, 4, '0') END, item,
      CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + i % 5 END, 'x' FROM range(${from}, ${to}) t(i), unnest(['empathized', 'validated_feelings']) u(item)`);
}

/** The codes as the analyses computed them per call before (row_number over the ids), joined as they joined them. */
const computed = {
  conversations: () => db.all(`SELECT c.code, c.conversation_id, coalesce(p.code, -1) AS participant, c.round, c.scenario, c.scenario_type
    FROM (SELECT *, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations) c
    LEFT JOIN (SELECT participant_id, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code FROM participants) p USING (participant_id)
    ORDER BY 1`),
  participants: () => db.all(`SELECT CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code, participant_id, condition, jordan_empathy, sites
    FROM participants ORDER BY 1`),
  selfReports: () => db.all(`SELECT c.code AS conversation, sr.item, CAST(sr.value AS DOUBLE) AS value FROM self_reports sr
    JOIN (SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations) c USING (conversation_id)
    WHERE sr.value IS NOT NULL ORDER BY 1, 2, 3`),
};
const stored = {
  conversations: async () => db.all(`SELECT code, conversation_id, participant, round, scenario, scenario_type FROM conversation_codes WHERE built_for = ? ORDER BY 1`,
    [await freshConversationCodes(db)]),
  participants: async () => db.all(`SELECT code, participant_id, condition, jordan_empathy, sites FROM participant_codes WHERE built_for = ? ORDER BY 1`,
    [await freshParticipantCodes(db)]),
  selfReports: async () => db.all(`SELECT conversation, item, value FROM self_report_codes WHERE built_for = ? ORDER BY 1, 2, 3`,
    [await freshSelfReportCodes(db)]),
};

async function expectEqual() {
  for (const k of ['conversations', 'participants', 'selfReports'] as const) {
    const want = await computed[k]();
    expect(want.length).toBeGreaterThan(0);
    expect(await stored[k]()).toEqual(want);
  }
}

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'codes.duckdb'));
  db = ws.db;
  await grow(300, 600);
});
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

describe('the stored design codes', () => {
  it('equal the codes computed from the tables', async () => {
    await expectEqual();
    // Conversations without a (known) participant are coded -1.
    expect(await db.value<number>('SELECT count(*) FROM conversation_codes WHERE participant = -1')).toBeGreaterThan(20);
  });

  it('follow appended conversations and participants, whose codes move the later ones', async () => {
    const before = await freshConversationCodes(db);
    await grow(0, 300);
    expect(await freshConversationCodes(db)).not.toBe(before);
    await expectEqual();
    // Rows of one stamp only.
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM conversation_codes')).toBe(1);
  });

  it('follow an edit in place of a participant', async () => {
    await db.run(`UPDATE participants SET condition = 'coach' WHERE participant_id = 'p010'`);
    await bumpDataVersion(db, ['participants']);
    await expectEqual();
    expect(await db.value('SELECT condition FROM participant_codes WHERE participant_id = ?', ['p010'])).toBe('coach');
  });

  it('decode to the ids: all of them, or the codes asked for', async () => {
    const all = await conversationIds(db);
    const ids = (await db.all<{ id: string }>('SELECT conversation_id AS id FROM conversations ORDER BY 1')).map((r) => r.id);
    expect([...all.entries()]).toEqual(ids.map((id, i) => [i, id]));
    expect([...(await conversationIds(db, [5, 2, 5, 700])).entries()].sort((a, b) => a[0] - b[0])).toEqual([[2, ids[2]], [5, ids[5]]]);
    const people = (await db.all<{ id: string }>('SELECT participant_id AS id FROM participants ORDER BY 1')).map((r) => r.id);
    expect([...(await participantIds(db)).values()]).toEqual(people);
    expect([...(await participantIds(db, [3])).entries()]).toEqual([[3, people[3]]]);
  });
});

describe("the score pivot's score count", () => {
  it('counts the scores of each row, a duplicate twice', async () => {
    await db.run(`INSERT INTO score_sets VALUES ('judge', 'judge', 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'x')`);
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
      SELECT 'judge', 'c' || lpad(i::VARCHAR, 4, '0'), d, CASE WHEN i % 4 = 0 AND d = 'self_oriented' THEN NULL ELSE 1 + i % 5 END, 'x'
      FROM range(0, 600) t(i), unnest([${SIX.map((d) => `'${d}'`).join(', ')}]) u(d)`);
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id) VALUES ('judge', 'c0001', 'advice_giving', 3, 'x')`);
    const stamp = await freshScorePivot(db, ['judge']);
    const rows = await db.all<{ conversation: number; score_rows: number }>(
      'SELECT conversation, score_rows FROM score_pivot WHERE built_for = ? AND score_set_id = ? AND conversation IN (0, 1, 4) ORDER BY 1', [stamp, 'judge']);
    expect(rows).toEqual([{ conversation: 0, score_rows: 5 }, { conversation: 1, score_rows: 7 }, { conversation: 4, score_rows: 5 }]);
  });
});
