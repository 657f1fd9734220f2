// The search text is built after the import by the search-index job (main/search/search-text.ts), not by the import.
// Until it is built a search scans the messages; once it is, the search text; once the word index is built too, the
// index narrows or answers. Every stage must find exactly the conversations the text the import used to build finds
// (the oracle below is that statement: each role's messages joined by line breaks in turn order, lower-cased), and a
// page must say which scan it used.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { listConversations } from '../../main/explorer/service.js';
import { pageState } from '../../main/explorer/page-state.js';
import { buildSearchText, textReadyDocs } from '../../main/search/search-text.js';
import { buildWordIndex, readyDocs } from '../../main/search/word-index.js';
import { SearchIndexService } from '../../main/search/service.js';
import { JobRunner } from '../../main/jobs/runner.js';
import type { ConversationPage, TextSearch } from '../../main/api/contract/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-search-text-');
const quiet = { progress: () => {}, checkCancelled: () => {} };
let ws: Workspace;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'study'), 12);
  ws = await Workspace.open(join(tmp.path, 'w.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'study'), format: 'study' }, quiet);
}, 120_000);
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

/** The search text as the import built it before (CONVERSATION_STATS_SQL of main/import/commit.ts until stop 21). */
const OLD_TEXT = `SELECT conversation_id,
    lower(string_agg(text, chr(10) ORDER BY turn) FILTER (WHERE role = 'seeker')) AS seeker_text,
    lower(string_agg(text, chr(10) ORDER BY turn) FILTER (WHERE role = 'supporter')) AS supporter_text
  FROM messages GROUP BY conversation_id`;

async function oracle(s: TextSearch): Promise<string[]> {
  const cols = s.role ? [`${s.role}_text`] : ['seeker_text', 'supporter_text'];
  const rows = await ws.db.all<{ id: string }>(
    `SELECT conversation_id AS id FROM (${OLD_TEXT}) WHERE ${cols.map((c) => `contains(${c}, ?)`).join(' OR ')} ORDER BY 1`,
    cols.map(() => s.text.toLowerCase()));
  return rows.map((r) => r.id);
}

// Whole and partial words, other cases, line breaks inside one message ("shock.\ni did") and between two messages of
// one role ("loss.\nthanks": the seeker's opening line, then their second turn), and across roles (never a match).
const NEEDLES = ['sorry', 'I AM SORRY', 'am sorr', 'really" hard', 'resume. maybe', 'shock.\ni did', 'loss.\nthanks', 'more.\nit makes',
  'loss.\ni am sorry', 'lost', 'zzqx', '.', ' sense that'];
const SEARCHES: TextSearch[] = NEEDLES.flatMap((text) => [
  { text, mode: 'contains' as const }, { text, mode: 'contains' as const, role: 'seeker' as const }, { text, mode: 'contains' as const, role: 'supporter' as const }]);

async function search(s: TextSearch): Promise<ConversationPage> {
  return listConversations(ws.db, { filter: { search: s }, sort: { key: 'conversation_id', dir: 'asc' }, limit: 1000 });
}

/** Every search against the oracle; returns the pages' search modes and notes. */
async function allAgree(): Promise<{ modes: Set<string | null>; notes: Set<string | null> }> {
  const modes = new Set<string | null>();
  const notes = new Set<string | null>();
  for (const s of SEARCHES) {
    const page = await search(s);
    expect(page.rows.map((r) => r.conversation_id), JSON.stringify(s)).toEqual(await oracle(s));
    expect(page.total).toBe(page.rows.length);
    modes.add(page.searchMode);
    notes.add(page.searchNote);
  }
  return { modes, notes };
}

describe('search text built after the import', () => {
  it('is not built by the import: a search scans the messages, says so, and finds what the old search text found', async () => {
    expect(await ws.db.value('SELECT count(*) FROM search_text')).toBe(0);
    expect((await pageState(ws.db)).searchText).toBe(false);
    // The needles exercise what they should: a line break between two messages of one role matches, across roles not.
    expect((await oracle({ text: 'loss.\nthanks', mode: 'contains', role: 'seeker' })).length).toBeGreaterThan(0);
    expect(await oracle({ text: 'loss.\ni am sorry', mode: 'contains' })).toEqual([]);
    const { modes, notes } = await allAgree();
    expect([...modes]).toEqual(['scan']);
    expect([...notes]).toEqual(['Text search scans every message while the search text and word index are being built (no full-text index yet).']);
  });

  it('once built, holds the old search text of every conversation and is what a search scans until the index is built', async () => {
    expect(await ws.db.transaction(() => buildSearchText(ws.db))).toBe(36);
    expect(await textReadyDocs(ws.db)).toBe(36);
    expect(await readyDocs(ws.db)).toBeNull();
    const old = await ws.db.all(`SELECT conversation_id, seeker_text, supporter_text FROM (${OLD_TEXT}) ORDER BY 1`);
    const built = await ws.db.all(`SELECT d.conversation_id, max(t.text) FILTER (WHERE t.role = 1) AS seeker_text,
        max(t.text) FILTER (WHERE t.role = 2) AS supporter_text
      FROM search_text t JOIN search_docs d USING (doc) GROUP BY 1 ORDER BY 1`);
    expect(built).toEqual(old);
    // Stored in document order (the index build reads ranges of documents).
    expect(await ws.db.value(`SELECT bool_and(a = b) FROM (SELECT row_number() OVER (ORDER BY rowid) AS a, row_number() OVER (ORDER BY doc, role) AS b FROM search_text)`)).toBe(true);
    // The messages are no longer read: emptied here (inside a transaction rolled back), the search still finds them.
    await expect(ws.db.transaction(async () => {
      await ws.db.run('DELETE FROM messages');
      expect((await search({ text: 'sorry', mode: 'contains' })).total).toBeGreaterThan(0);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(await ws.db.value('SELECT count(*) FROM messages')).toBeGreaterThan(0);
    const { modes, notes } = await allAgree();
    expect([...modes]).toEqual(['scan']);
    expect([...notes]).toEqual(['Text search scans every conversation while the word index is being built (no full-text index yet).']);
  });

  it('gives the same matches once the word index is built from it', async () => {
    await buildWordIndex(ws.db);
    expect(await readyDocs(ws.db)).toBe(36);
    const { modes } = await allAgree();
    expect(modes.has('index')).toBe(true);
  });

  it('goes stale with a new import, which the search-index job builds again (text first, then the index)', async () => {
    await runImport(ws.db, { path: join(tmp.path, 'study'), format: 'study', mode: 'replace' }, quiet);
    expect((await pageState(ws.db)).searchText).toBe(false);
    expect((await search({ text: 'sorry', mode: 'contains' })).searchNote).toMatch(/scans every message/);
    await allAgree();
    const jobs = new JobRunner(() => {});
    const job = await new SearchIndexService({ workspace: ws, jobs }).refresh();
    expect(job).not.toBeNull();
    expect((await jobs.wait(job!)).state).toBe('done');
    expect(await textReadyDocs(ws.db)).toBe(36);
    expect(await readyDocs(ws.db)).toBe(36);
    const { modes } = await allAgree();
    expect(modes.has('index')).toBe(true);
  });
});
