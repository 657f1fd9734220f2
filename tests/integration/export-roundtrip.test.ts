import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Workspace, type Db } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { exportStudyFolder } from '../../main/export/study-folder-export.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { writeFileSync, readFileSync } from 'node:fs';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const quiet = { progress: () => {}, checkCancelled: () => {} };

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  return {
    participants: await db.all(`SELECT * EXCLUDE (import_id) FROM participants ORDER BY participant_id`),
    conversations: await db.all(`SELECT * EXCLUDE (import_id) FROM conversations ORDER BY conversation_id`),
    messages: await db.all(`SELECT * EXCLUDE (import_id) FROM messages ORDER BY conversation_id, turn`),
    sentences: await db.all(`SELECT * EXCLUDE (import_id) FROM sentences ORDER BY conversation_id, turn, sentence_index`),
    scores: await db.all(`SELECT * EXCLUDE (import_id) FROM scores ORDER BY score_set_id, conversation_id, dimension`),
  };
}

describe('study folder export', () => {
  it('round-trips: export, re-import into a new workspace, identical tables (extra columns included)', async () => {
    const src = join(tmp.path, 'src');
    writeTinyStudy(src, 8);
    // An unknown column must survive as JSON extra and come back out as a column.
    const conv = readFileSync(join(src, 'conversations.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(src, 'conversations.csv'), [conv[0] + ',site', ...conv.slice(1).map((l, i) => `${l},${i % 2 ? 'b' : 'a,1'}`.replace(/,a,1$/, ',"a,1"'))].join('\n') + '\n');
    const a = await Workspace.open(join(tmp.path, 'a.duckdb'));
    await runImport(a.db, { path: src, format: 'study' }, quiet);
    const out = join(tmp.path, 'exported');
    const r = await exportStudyFolder(a.db, out);
    expect(r.files.map((f) => f.file).sort()).toEqual(['conversations.csv', 'messages.csv', 'participants.csv', 'scores.csv']);
    const b = await Workspace.open(join(tmp.path, 'b.duckdb'));
    await runImport(b.db, { path: out, format: 'auto' }, quiet);
    const da = await dump(a.db);
    const db = await dump(b.db);
    expect(db).toEqual(da);
    expect(da.conversations[1]).toMatchObject({ extra: JSON.stringify({ site: 'b' }) });
    expect(da.conversations[0]).toMatchObject({ extra: JSON.stringify({ site: 'a,1' }) });
    a.close();
    b.close();
  });
});

describe('the simulated label', () => {
  it('refuses real data in a simulated workspace, leaving it as it was, and drops the label when every import is replaced', async () => {
    const sim = join(tmp.path, 'sim');
    writeTinyStudy(sim, 4);
    writeFileSync(join(sim, 'study.json'), JSON.stringify({ name: 'Simulated tiny', simulated: true }));
    const real = join(tmp.path, 'real');
    writeTinyStudy(real, 4);
    // Different ids, so the only reason to refuse is the label.
    for (const f of ['conversations.csv', 'messages.csv', 'scores.csv']) {
      writeFileSync(join(real, f), readFileSync(join(real, f), 'utf8').replace(/\bc(\d{3})-/g, 'r$1-').replace(/tiny-judge/g, 'real-judge'));
    }
    writeFileSync(join(real, 'participants.csv'), readFileSync(join(real, 'participants.csv'), 'utf8').replace(/\bp(\d{3})\b/g, 'q$1'));
    writeFileSync(join(real, 'conversations.csv'), readFileSync(join(real, 'conversations.csv'), 'utf8').replace(/\bp(\d{3})\b/g, 'q$1'));
    const ws = await Workspace.open(join(tmp.path, 'sim.duckdb'));
    await runImport(ws.db, { path: sim, format: 'study' }, quiet);
    const before = await dump(ws.db);
    await expect(runImport(ws.db, { path: real, format: 'study' }, quiet)).rejects.toThrow(/simulated demo study; open or create another workspace/);
    expect(await dump(ws.db)).toEqual(before);
    expect(await ws.db.value(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'simulated'`)).toBe('true');
    // Replacing the simulated import itself (same conversation ids) is allowed and the label goes with it.
    writeFileSync(join(sim, 'study.json'), JSON.stringify({ name: 'Now real' }));
    await runImport(ws.db, { path: sim, format: 'study', mode: 'replace' }, quiet);
    expect(await ws.db.value(`SELECT count(*) FROM study_meta WHERE key = 'simulated'`)).toBe(0);
    ws.close();
  });
});
