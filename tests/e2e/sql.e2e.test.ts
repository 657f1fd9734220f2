// The SQL console page in headless Chromium over browser mode, on the tiny study: a query run with Ctrl-Enter shows
// its rows, a refused write shows the backend's sentence, a table clicked in the schema runs its first rows, history
// brings a query back, a result with conversation_id opens exactly those conversations in the explorer, and Cancel
// stops a long query.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-sql-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const COACH = `SELECT c.conversation_id, c.round FROM conversations c JOIN participants p USING (participant_id) WHERE p.condition = 'coach' ORDER BY 1`;

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'sql.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 900 }, pageErrors);
  ({ server, browser, page } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('SQL console page', () => {
  it('runs a query with Ctrl-Enter and shows its rows', async () => {
    const expected = await backend.workspace.db.all<{ id: string }>(`SELECT c.conversation_id AS id FROM conversations c JOIN participants p USING (participant_id) WHERE p.condition = 'coach' ORDER BY 1`);
    await page.goto(server.launchUrl + '#/sql');
    await page.waitForSelector(tid('sql-page'));
    await page.fill(tid('sql-editor'), COACH);
    await page.press(tid('sql-editor'), 'Control+Enter');
    await poll(() => page.locator(tid('sql-row')).count()).toBe(expected.length);
    const firstCells = await page.locator(tid('sql-row')).evaluateAll((rows) => rows.map((r) => r.querySelector('[role="gridcell"]')?.textContent));
    expect(firstCells).toEqual(expected.map((e) => e.id));
    expect(await page.textContent(tid('sql-status'))).toMatch(new RegExp(`^${expected.length} rows · \\d+ ms$`));
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows the refusal of a write and changes nothing', async () => {
    await page.fill(tid('sql-editor'), 'DELETE FROM conversations');
    await page.click(tid('sql-run'));
    await poll(() => page.textContent(tid('sql-error'))).toBe('The SQL console is read-only: it runs SELECT queries and never changes the study');
    expect(await backend.workspace.db.value('SELECT count(*) FROM conversations')).toBe(36);
    // The refusal is a 400 answer, which Chromium logs; it is the only error the page saw.
    expect(pageErrors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    pageErrors.length = 0;
  }, 30_000);

  it('runs a table\'s first rows from the schema browser, and history brings an earlier query back', async () => {
    await page.click(tid('sql-table-participants'));
    await poll(() => page.inputValue(tid('sql-editor'))).toBe('SELECT * FROM "participants" LIMIT 100');
    await poll(() => page.locator(tid('sql-row')).count()).toBe(12);
    await poll(() => page.locator(`${tid('sql-history')} button`).first().textContent()).toBe('SELECT * FROM "participants" LIMIT 100');
    await page.locator(`${tid('sql-history')} button`, { hasText: "WHERE p.condition = 'coach'" }).first().click();
    expect(await page.inputValue(tid('sql-editor'))).toBe(COACH);
  }, 30_000);

  it('opens the result\'s conversations in the explorer', async () => {
    await page.click(tid('sql-run'));
    await poll(() => page.locator(tid('sql-row')).count()).toBe(9);
    const ids = await page.locator(tid('sql-row')).evaluateAll((rows) => rows.map((r) => r.querySelector('[role="gridcell"]')?.textContent));
    await page.click(tid('sql-open-explorer'));
    await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
    await poll(() => page.locator(`${tid('list-row')}`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id')).sort())).toEqual([...ids].sort());
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('Cancel stops a long query and says so', async () => {
    await page.goto(server.launchUrl + '#/sql');
    await page.fill(tid('sql-editor'), 'SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b');
    await page.click(tid('sql-run'));
    await poll(() => page.textContent(tid('sql-status'))).toBe('Running…');
    await page.click(tid('sql-cancel'));
    await poll(() => page.textContent(tid('sql-error'))).toBe('The query was cancelled');
    expect(await page.isDisabled(tid('sql-cancel'))).toBe(true);
    pageErrors.length = 0; // the cancelled call is answered with a 400, which Chromium logs
  }, 60_000);
});
