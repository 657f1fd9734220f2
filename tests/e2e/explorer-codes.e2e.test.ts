// The explorer's code filter in headless Chromium over browser mode, on the tiny study with two coders: choosing
// a top-level code lists the conversations with a sentence under it as the study codes it, switching to one
// coder narrows to theirs, the choice lives in the URL (a fresh tab restores it), and removing it lists all.
// Every count is checked against the backend's answer to the same filter.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode, ConversationFilter } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-explorer-codes-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let page: Page;
let affective: CodeNode;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const total = (p: Page) => p.getAttribute(tid('list-total'), 'data-total').then(Number);
const rowIds = (p: Page) => p.$$eval(tid('list-row'), (rows) => rows
  .map((r) => ({ i: Number((r as HTMLElement).dataset.index), id: (r as HTMLElement).dataset.conversationId! }))
  .sort((a, b) => a.i - b.i).map((r) => r.id));
const expected = async (filter: ConversationFilter) => (await backend.app.call('conversations-list', { filter, limit: 1000 })).rows.map((r) => r.conversation_id);

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'codes.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const { codes } = await backend.app.call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
  affective = codes.find((c) => c.path === 'Affective')!;
  const leaf = codes.find((c) => c.path.startsWith('Affective/'))!;
  const sentences = await ws.db.all<{ conversationId: string; turn: number; sentenceIndex: number }>(`SELECT s.conversation_id AS "conversationId", s.turn,
    s.sentence_index AS "sentenceIndex" FROM sentences s JOIN messages m USING (conversation_id, turn) WHERE m.role = 'supporter' ORDER BY 1, 2, 3`);
  // ann codes a sub-code of Affective on every 7th sentence, bob on every 11th.
  for (const [coder, step] of [['ann', 7], ['bob', 11]] as const) {
    await backend.app.call('coding-assign-many', { coder, codeId: leaf.codeId, units: sentences.filter((_, i) => i % step === 0).map((s) => ({ grain: 'sentence' as const, ...s })) });
  }
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 900 }, pageErrors);
  page = session.page;
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('explorer code filter', () => {
  it('lists the conversations coded under a code, by the study labelling or one coder, and keeps it in the URL', async () => {
    const all = await expected({});
    const study = await expected({ codes: { codeIds: [affective.codeId] } });
    const bob = await expected({ codes: { codeIds: [affective.codeId], coder: 'bob' } });
    expect(study.length).toBeGreaterThan(bob.length);
    expect(bob.length).toBeGreaterThan(0);

    await page.goto(session.server.launchUrl + '#/conversations');
    await poll(() => total(page)).toBe(all.length);
    await page.selectOption(tid('filter-code-add'), affective.codeId);
    await poll(() => total(page)).toBe(study.length);
    expect(await rowIds(page)).toEqual(study);
    expect(await page.textContent(tid('filter-code-chip'))).toContain('Affective');

    await page.selectOption(tid('filter-code-coder'), 'bob');
    await poll(() => total(page)).toBe(bob.length);
    await poll(() => rowIds(page)).toEqual(bob);
    await poll(() => page.evaluate(() => window.location.hash)).toContain(`code=${encodeURIComponent(affective.codeId)}`);
    expect(await page.evaluate(() => window.location.hash)).toContain('coder=bob');

    // A fresh tab opened on the link shows the same view.
    const hash = await page.evaluate(() => window.location.hash);
    const other = await page.context().newPage();
    await other.goto(session.server.launchUrl + hash);
    await poll(() => total(other)).toBe(bob.length);
    expect(await other.inputValue(tid('filter-code-coder'))).toBe('bob');
    await other.close();

    await page.click(tid('filter-code-chip'));
    await poll(() => total(page)).toBe(all.length);
    expect(await page.locator(tid('filter-code-coder')).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
