// The coding page past its first page, in headless Chromium over browser mode, on a tiny study of 1,200
// conversations: the conversation picker pages (and prev/next cross a page boundary), search results page with
// their total, and co-occurrence / frequencies count any subset of coders. Every number is the backend's answer
// to the same question.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-coding-sources-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let page: Page;
let code: CodeNode;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const ids = async (offset: number, limit: number, search?: string) => (await backend.app.call('conversations-list', {
  filter: search ? { search: { text: search, mode: 'contains' } } : {}, offset, limit,
})).rows.map((r) => r.conversation_id);

async function openCoding(tab: '' | 'agreement') {
  await page.goto('about:blank');
  await page.goto(`${session.server.launchUrl}#/coding${tab ? `/${tab}` : ''}`);
  await page.waitForSelector(`${tid('coding-page')}[data-tab="${tab || 'code'}"]`);
}

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'), 400);
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'sources.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const { codes } = await backend.app.call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
  code = codes.find((c) => c.path.startsWith('Affective/'))!;
  const units = (await ws.db.all<{ conversationId: string; turn: number; sentenceIndex: number }>(`SELECT s.conversation_id AS "conversationId", s.turn,
    s.sentence_index AS "sentenceIndex" FROM sentences s JOIN messages m USING (conversation_id, turn) WHERE m.role = 'supporter' ORDER BY 1, 2, 3`))
    .map((u) => ({ grain: 'sentence' as const, ...u }));
  // Overlapping ranges, so every subset of coders pools to a different count.
  for (const [coder, from, to] of [['ann', 0, 10], ['bob', 5, 15], ['carl', 20, 30]] as const) {
    await backend.app.call('coding-assign-many', { coder, codeId: code.codeId, units: units.slice(from, to) });
  }
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 900 }, pageErrors);
  page = session.page;
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('coding sources past the first page', () => {
  it('pages the conversation picker, and prev/next cross a page boundary', async () => {
    const first = await ids(0, 1000);
    const second = await ids(1000, 1000);
    expect(second).toHaveLength(200);
    await openCoding('');
    await poll(() => page.getAttribute(tid('conversation-page'), 'data-total')).toBe('1200');
    expect(await page.textContent(tid('conversation-page'))).toBe('1–1,000 of 1,200');
    expect(await page.locator(`${tid('coding-conversation-select')} option`).count()).toBe(1000);
    await page.selectOption(tid('coding-conversation-select'), first[999]);
    await page.click(tid('conversation-next'));
    await poll(() => page.getAttribute(tid('conversation-page'), 'data-offset')).toBe('1000');
    await poll(() => page.inputValue(tid('coding-conversation-select'))).toBe(second[0]);
    expect(await page.locator(`${tid('coding-conversation-select')} option`).evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(second);
    await poll(() => page.locator(`${tid('code-sentence')}[data-conversation-id="${second[0]}"]`).count()).toBeGreaterThan(0);
    await page.click(tid('conversation-prev'));
    await poll(() => page.inputValue(tid('coding-conversation-select'))).toBe(first[999]);
    expect(await page.getAttribute(tid('conversation-page'), 'data-offset')).toBe('0');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('pages search results with their total', async () => {
    const total = (await backend.app.call('conversations-list', { filter: { search: { text: 'recruiter', mode: 'contains' } }, limit: 1 })).total;
    expect(total).toBe(600);
    const second = await ids(40, 40, 'recruiter');
    await page.click(tid('coding-mode-search'));
    await page.fill(tid('coding-search'), 'recruiter');
    await poll(() => page.getAttribute(tid('coding-search-count'), 'data-total')).toBe(String(total));
    // The count of sentences follows once the page's coded conversations have loaded.
    await poll(() => page.textContent(tid('coding-search-count'))).toBe('40 sentences in conversations 1–40 of 600');
    await page.click(tid('coding-search-next'));
    await poll(() => page.getAttribute(tid('coding-search-count'), 'data-offset')).toBe('40');
    await poll(() => page.locator(tid('code-sentence')).evaluateAll((rows) => [...new Set(rows.map((r) => (r as HTMLElement).dataset.conversationId))])).toEqual(second);
    // A new query starts again at its first page.
    await page.fill(tid('coding-search'), 'resume');
    await poll(() => page.getAttribute(tid('coding-search-count'), 'data-offset')).toBe('0');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('counts co-occurrence and frequencies for any subset of coders', async () => {
    const diag = async (coders?: string[]) => {
      const m = await backend.app.call('coding-cooccurrence', coders ? { coders } : {});
      const i = m.codes.findIndex((c) => c.codeId === code.codeId);
      return m.matrix[i][i];
    };
    expect([await diag(), await diag(['ann', 'bob']), await diag(['ann'])]).toEqual([25, 15, 10]);
    await openCoding('agreement');
    const cell = page.locator(`${tid('cooccurrence-cell')}[data-a="${code.codeId}"][data-b="${code.codeId}"]`);
    await poll(() => cell.textContent()).toBe('25');
    await page.click(tid('cooccurrence-coders-ann'));
    await poll(() => cell.textContent()).toBe('10');
    await page.click(tid('cooccurrence-coders-bob'));
    await poll(() => cell.textContent()).toBe('15');
    expect(await page.getAttribute(tid('cooccurrence-coders'), 'data-value')).toBe('ann,bob');
    const freq = (coders: string[]) => page.locator(`${tid('frequency-row')}[data-code-id="${code.codeId}"] ${tid('frequency-cell')}`)
      .evaluateAll((cells) => cells.reduce((s, c) => s + Number(c.getAttribute('data-sentences')), 0)).then((n) => [coders.join(','), n]);
    await page.click(tid('frequency-coders-bob'));
    await page.click(tid('frequency-coders-carl'));
    const api = (await backend.app.call('coding-frequencies', { coders: ['bob', 'carl'] })).rows.filter((r) => r.codeId === code.codeId)
      .reduce((s, r) => s + r.sentences, 0);
    expect(api).toBe(20);
    await poll(() => freq(['bob', 'carl'])).toEqual(['bob,carl', 20]);
    await page.click(tid('cooccurrence-coders-all'));
    await poll(() => cell.textContent()).toBe('25');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('imports a spreadsheet of coded segments as a job; a bad one changes nothing', async () => {
    const keys = await ids(0, 3);
    const csv = (rows: string[]) => ['conversation_id,turn,sentence_index,code', ...rows].join('\n') + '\n';
    const events = async () => Number(await backend.workspace.db.value(`SELECT count(*) FROM coding_events`));
    await openCoding('');
    await page.selectOption(tid('coder-select'), 'ann');
    const before = await events();
    await page.setInputFiles(tid('coding-import-file'), { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv([`${keys[0]},1,0,Imported/UI`, `${keys[1]},x,0,Imported/UI`])) });
    await poll(() => page.textContent(tid('coding-export-status'))).toContain('Import failed: bad.csv: line 3, column turn');
    expect(await events()).toBe(before);
    await page.setInputFiles(tid('coding-import-file'), { name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(keys.map((k) => `${k},1,0,Imported/UI`))) });
    await poll(() => page.textContent(tid('coding-export-status'))).toBe('Imported 3 assignments as ann; 2 codes created');
    const rows = (await backend.app.call('coding-assignments', { coders: ['ann'], grain: 'sentence', limit: 5000 })).rows.filter((r) => r.codePath === 'Imported/UI');
    expect(rows.map((r) => r.conversationId).sort()).toEqual(keys);
    expect((await backend.app.call('jobs-list', undefined)).filter((j) => j.kind === 'coding-import').map((j) => j.state).sort()).toEqual(['done', 'failed']);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
