// Callers that reuse the explorer's filter outside its pages (here the judge's conversation picks; custom figures and
// the map's points call the same searchOpts) must find what the explorer finds at every stage of the search build,
// and take the index's path once it is built rather than scanning every message.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { listConversations } from '../../main/explorer/service.js';
import { searchOpts } from '../../main/explorer/search-opts.js';
import { selectConversations } from '../../main/judge/conversations.js';
import { buildSearchText } from '../../main/search/search-text.js';
import { buildWordIndex } from '../../main/search/word-index.js';
import type { TextSearch } from '../../main/api/contract/index.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-search-opts-');
let ws: Workspace;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'study'), 12);
  ws = await Workspace.open(join(tmp.path, 'w.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'study'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 120_000);
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

const SEARCHES: TextSearch[] = [
  ...['sorry', 'I AM SORRY', 'am sorr', 'loss.\nthanks', 'lost', 'zzqx', 'resume. maybe']
    .flatMap((text): TextSearch[] => [{ text, mode: 'contains' }, { text, mode: 'contains', role: 'supporter' }]),
  { text: 'sorr(y|ow)', mode: 'regex' },
];

/** The judge's picks equal the explorer's page for every search; returns how many searches had index candidates. */
async function agree(): Promise<number> {
  let indexed = 0;
  for (const search of SEARCHES) {
    const page = await listConversations(ws.db, { filter: { search }, sort: { key: 'conversation_id', dir: 'asc' }, limit: 1000 });
    const picked = await selectConversations(ws.db, { filter: { search } });
    expect(picked.map((p) => p.conversationId), JSON.stringify(search)).toEqual(page.rows.map((r) => r.conversation_id));
    if ((await searchOpts(ws.db, { search })).candidates) indexed++;
  }
  return indexed;
}

describe('searchOpts', () => {
  it('is empty without a search', async () => {
    expect(await searchOpts(ws.db, {})).toEqual({});
    expect(await searchOpts(ws.db, { search: { text: '  ', mode: 'contains' } })).toEqual({});
  });

  it('matches the explorer before the search text, with it, and with the word index, which it then uses', async () => {
    expect((await searchOpts(ws.db, { search: { text: 'sorry', mode: 'contains' } })).searchText).toBe(false);
    expect(await agree()).toBe(0);
    await ws.db.transaction(() => buildSearchText(ws.db));
    expect((await searchOpts(ws.db, { search: { text: 'sorry', mode: 'contains' } })).searchText).toBe(true);
    expect(await agree()).toBe(0);
    // The picks read the search text, not the messages: emptied (inside a transaction rolled back), they still match.
    const before = (await selectConversations(ws.db, { filter: { search: { text: 'sorry', mode: 'contains' } } })).length;
    expect(before).toBeGreaterThan(0);
    await expect(ws.db.transaction(async () => {
      await ws.db.run('DELETE FROM messages');
      expect(await selectConversations(ws.db, { filter: { search: { text: 'sorry', mode: 'contains' } } })).toHaveLength(before);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    await buildWordIndex(ws.db);
    expect(await agree()).toBeGreaterThan(0);
  });
});
