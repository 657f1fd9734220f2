// explorer_docs (migration 11) is filled with the word index and read only while it is the workspace's: a page is
// the same read from it or from conversation_stats; scenarios assigned since (the data version bumped) send the
// explorer back to conversation_stats until the search service refills it; a conversation imported twice (no
// single document number) leaves it unused.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { JobRunner } from '../../main/jobs/runner.js';
import { runImport } from '../../main/import/run-import.js';
import { exportConversations, listConversations } from '../../main/explorer/service.js';
import { buildWordIndex, candidatesFor, readyDocs } from '../../main/search/word-index.js';
import { explorerDocsReady, explorerDocsState, fillExplorerDocs } from '../../main/search/explorer-docs.js';
import { SearchIndexService } from '../../main/search/service.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import type { ConversationQuery } from '../../main/api/contract/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-explorer-docs-');
let ws: Workspace;

beforeAll(async () => {
  ws = await Workspace.open(join(tmp.path, 'w.duckdb'));
  await runImport(ws.db, { path: writeTinyStudy(join(tmp.path, 'tiny'), 6).dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 120_000);
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

const QUERIES: ConversationQuery[] = [
  { filter: {}, scoreSetId: 'tiny-judge', limit: 5, offset: 3 },
  { filter: { search: { text: 'sorry', mode: 'contains' } }, sort: { key: 'overall', dir: 'desc' }, scoreSetId: 'tiny-judge' },
  { filter: { search: { text: 'e', mode: 'regex', role: 'supporter' } }, sort: { key: 'conversation_id', dir: 'desc' } },
];
const pages = async () => Promise.all(QUERIES.map(async (q) => { const { elapsedMs: _, ...page } = await listConversations(ws.db, q); return page; }));
// Also a phrase the word positions answer alone, so the export's candidates come from the index.
const exports = async () => Promise.all([...QUERIES, { filter: { search: { text: 'I am sorry.', mode: 'contains' } }, scoreSetId: 'tiny-judge' } as const]
  .map((q) => exportConversations(ws.db, { filter: q.filter, scoreSetId: q.scoreSetId })));

describe('explorer_docs', () => {
  it('is filled with the index and gives the pages conversation_stats gives', async () => {
    expect(await explorerDocsReady(ws.db)).toBe(false);
    const before = await pages();
    const csvBefore = await exports();
    expect(csvBefore.slice(0, QUERIES.length).map((e) => e.rows)).toEqual(before.map((p) => p.total));
    expect(csvBefore[QUERIES.length].rows).toBeGreaterThan(0);
    await buildWordIndex(ws.db);
    expect(await explorerDocsReady(ws.db)).toBe(true);
    expect(await ws.db.value('SELECT count(*) FROM explorer_docs')).toEqual(await ws.db.value('SELECT count(*) FROM conversation_stats'));
    const after = await pages();
    expect(after.map((p) => p.rows)).toEqual(before.map((p) => p.rows));
    expect(after.map((p) => p.total)).toEqual(before.map((p) => p.total));
    // The CSV export reads the same sources as a page (explorer_docs, the index's candidates) and writes the same file.
    expect((await candidatesFor(ws.db, { text: 'I am sorry.', mode: 'contains' }, (await readyDocs(ws.db))!))?.exact).toBe(true);
    expect(await exports()).toEqual(csvBefore);
  });

  it('is set aside when conversations change in place, and a page that finds it stale has the search service refill it', async () => {
    const id = await ws.db.value<string>('SELECT min(conversation_id) FROM conversation_stats');
    await ws.db.run(`UPDATE conversation_stats SET scenario = 'moved' WHERE conversation_id = ?`, [id]);
    await bumpDataVersion(ws.db);
    expect(await explorerDocsState(ws.db)).toBe('stale');
    const jobs = new JobRunner(() => {});
    const service = new SearchIndexService({ workspace: ws, jobs });
    // As the explorer's handler does: the page reads conversation_stats and asks for the refill, which runs as a job.
    const asked: Promise<string | null>[] = [];
    const onStaleDocs = () => { asked.push(service.refresh()); };
    const moved = await listConversations(ws.db, { filter: { scenarios: ['moved'] } }, { onStaleDocs });
    expect(moved.rows.map((r) => r.conversation_id)).toEqual([id]);
    expect(asked).toHaveLength(1);
    const job = await asked[0];
    expect(job).not.toBeNull();
    expect(jobs.get(job!).kind).toBe('search-index');
    expect((await jobs.wait(job!)).state).toBe('done');
    expect(await explorerDocsReady(ws.db)).toBe(true);
    expect((await listConversations(ws.db, { filter: { scenarios: ['moved'] } }, { onStaleDocs })).rows).toEqual(moved.rows);
    expect(asked).toHaveLength(1);
    expect(await service.refresh()).toBeNull();
    expect((await pages()).map((p) => p.total)).toEqual(await Promise.all(QUERIES.map(async (q) => (await listConversations(ws.db, q)).total)));
  });

  it('stays unused when a conversation has two rows, and is not refilled again for the same conversations', async () => {
    await ws.db.run(`INSERT INTO conversation_stats SELECT * FROM conversation_stats LIMIT 1`);
    await bumpDataVersion(ws.db);
    expect(await ws.db.transaction(() => fillExplorerDocs(ws.db))).toBe(0);
    expect(await explorerDocsReady(ws.db)).toBe(false);
    expect(await explorerDocsState(ws.db)).toBe('unusable');
    let asked = 0;
    const page = await listConversations(ws.db, { filter: {} }, { onStaleDocs: () => { asked++; } });
    expect(page.total).toBe(await ws.db.value<number>('SELECT count(*) FROM conversation_stats'));
    expect(asked).toBe(0);
    expect(await new SearchIndexService({ workspace: ws, jobs: new JobRunner(() => {}) }).refresh()).toBeNull();
  });
});
