// The figure builder in headless Chromium over browser mode, on the tiny study: a SQL console result is plotted
// ("Plot this"), the figure redraws live as the options change (one dot per row, then one bar per group), a bad
// choice is named by field, and the figure is saved in the workspace and opens again from the saved list. Also the
// explorer's "Plot these conversations" and the judge's "Compare runs" page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-custom-figures-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const QUERY = `SELECT c.conversation_id, c.round, p.condition, p.age FROM conversations c JOIN participants p USING (participant_id) ORDER BY 1`;
const plotCount = (sel: string) => page.locator(`${tid('plot-host')} svg ${sel}`).count();

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'figures.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  // A second score set for the comparison: the tiny judge's scores with every 5 read as 4.
  await ws.db.run(`INSERT INTO score_sets SELECT 'copy', 'copy-rater', kind, scale_min, scale_max, now(), NULL, NULL FROM score_sets LIMIT 1`);
  await ws.db.run(`INSERT INTO scores SELECT 'copy', conversation_id, dimension, CASE WHEN score = 5 THEN 4 ELSE score END, NULL, NULL, NULL FROM scores WHERE score_set_id <> 'copy'`);
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 900 }, pageErrors, { acceptDownloads: true });
  ({ server, browser, page } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('figure builder', () => {
  it('plots a SQL console result, live as options change, and saves it', async () => {
    await page.goto(server.launchUrl + '#/sql');
    await page.waitForSelector(tid('sql-page'));
    await page.fill(tid('sql-editor'), QUERY);
    await page.click(tid('sql-run'));
    await poll(() => page.locator(tid('sql-row')).count()).toBe(36);
    await page.click(tid('sql-plot'));
    await page.waitForSelector(tid('custom-figure-page'));
    await poll(() => page.textContent(tid('cf-data-status'))).toBe('36 rows · 4 columns');
    expect(await page.inputValue(tid('cf-sql'))).toBe(QUERY);

    // Dots: one per row.
    await page.selectOption(tid('cf-mark'), 'dot');
    await page.selectOption(tid('cf-x'), 'round');
    await page.selectOption(tid('cf-y'), 'age');
    await page.selectOption(tid('cf-aggregate'), 'none');
    await poll(() => plotCount('circle')).toBe(36);
    // Bars of the mean age per condition: one per condition, redrawn without a new query.
    await page.selectOption(tid('cf-mark'), 'barY');
    await page.selectOption(tid('cf-x'), 'condition');
    await page.selectOption(tid('cf-aggregate'), 'mean');
    await poll(() => plotCount('g[aria-label="bar"] rect')).toBe(4);
    // A choice that cannot be drawn is named by field; an undrawable scale too.
    await page.selectOption(tid('cf-x'), '');
    await poll(() => page.textContent(tid('cf-problems'))).toBe('x: a barY mark with aggregate "mean" needs a column for x');
    await page.selectOption(tid('cf-x'), 'condition');
    await page.selectOption(tid('cf-xScale'), 'log');
    await poll(() => page.textContent(tid('cf-error'))).toMatch(/^xScale: the x axis of a barY mark shows categories/);
    await page.selectOption(tid('cf-xScale'), 'auto');
    await poll(() => plotCount('g[aria-label="bar"] rect')).toBe(4);

    await page.fill(tid('cf-title'), 'Mean age by condition');
    expect(await page.textContent(tid('figure-provenance'))).toContain(`custom figure: query=${QUERY}; rows=36`);
    // Exported like the paper's figures: the standalone SVG with its bars, title and provenance; the CSV of the rows.
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click(tid('cf-export-svg'))]);
    expect(svgFile.suggestedFilename()).toBe('mean-age-by-condition.svg');
    const svg = readFileSync((await svgFile.path())!, 'utf8');
    expect(svg.match(/<g aria-label="bar"[^>]*>(<rect [^>]*\/?>(<\/rect>)?)+/)?.[0].match(/<rect /g)?.length).toBe(4);
    expect(svg).toContain('Mean age by condition');
    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.click(tid('cf-export-csv'))]);
    expect(readFileSync((await csvFile.path())!, 'utf8').trim().split(/\r?\n/)).toHaveLength(37);
    await page.fill(tid('cf-name'), 'Age by condition');
    await page.click(tid('cf-save'));
    await poll(() => page.textContent(tid('cf-save-message'))).toMatch(/^Saved as "Age by condition"/);
    const saved = (await backend.app.call('custom-figures-list', null)).figures;
    expect(saved.map((f) => [f.name, f.spec.title, f.spec.mark, f.spec.x, f.spec.y, f.spec.aggregate])).toEqual([
      ['Age by condition', 'Mean age by condition', 'barY', 'condition', 'age', 'mean'],
    ]);
    expect(saved[0].spec.source).toEqual({ kind: 'sql', sql: QUERY });

    // Open again from the saved list, after leaving for another page.
    await page.goto(server.launchUrl + '#/sql');
    await page.waitForSelector(tid('sql-page'));
    await page.goto(server.launchUrl + '#/figures/custom');
    await page.click(`${tid('cf-saved-item')}[data-name="Age by condition"]`);
    await poll(() => page.textContent(tid('figure-title'))).toBe('Mean age by condition');
    await poll(() => plotCount('g[aria-label="bar"] rect')).toBe(4);

    // A bar stands for a group: clicking it opens exactly that group's conversations, all of one condition.
    const db = backend.workspace!.db;
    const bar = (await page.$$(`${tid('plot-host')} svg g[aria-label="bar"] rect`))[0];
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 3);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 3);
    await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
    await poll(() => page.evaluate(() => new URLSearchParams(window.location.hash.split('?')[1]).get('ids'))).toMatch(/,/);
    const ids = new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1]).get('ids')!.split(',').sort();
    const condition = await db.value<string>('SELECT condition FROM conversations JOIN participants USING (participant_id) WHERE conversation_id = ?', [ids[0]]);
    const inCondition = (await db.all<{ id: string }>('SELECT conversation_id AS id FROM conversations JOIN participants USING (participant_id) WHERE condition = ? ORDER BY 1', [condition])).map((r) => r.id);
    await poll(() => page.getAttribute(tid('list-total'), 'data-total').then(Number)).toBe(inCondition.length);
    expect(ids).toEqual(inCondition);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('plots the explorer\'s conversations', async () => {
    await page.goto(server.launchUrl + '#/conversations');
    await page.waitForSelector(tid('explorer-plot'));
    await page.click(tid('explorer-plot'));
    await page.waitForSelector(tid('custom-figure-page'));
    await poll(() => page.getAttribute(tid('cf-source'), 'data-kind')).toBe('explorer');
    await poll(() => page.textContent(tid('cf-data-status'))).toMatch(/^36 rows · /);
  }, 60_000);

  it('compares score sets side by side on the judge page', async () => {
    await page.goto(server.launchUrl + '#/judge/compare');
    await page.waitForSelector(tid('judge-compare'));
    const boxes = page.locator(tid('compare-set'));
    await poll(() => boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click(tid('compare-run'));
    await poll(() => page.locator(`${tid('compare-pairs-row')}`).count()).toBe(1);
    await poll(() => page.locator(tid('compare-disagreement')).count()).toBe(20);
    const first = await page.getAttribute(tid('compare-disagreement'), 'data-id');
    await page.locator(`${tid('compare-disagreement')} button`).first().click();
    await poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/conversations/);
    expect(first).toBeTruthy();
    // The comparison lives in the URL: opening it again runs it on arrival.
    const tiny = String(await backend.workspace.db.value(`SELECT score_set_id FROM score_sets WHERE score_set_id <> 'copy'`));
    await page.goto(`${server.launchUrl}#/judge/compare?sets=${encodeURIComponent(`${tiny},copy`)}&dim=self_oriented`);
    await poll(() => page.locator(tid('compare-disagreement')).count()).toBe(20);
    expect(await page.textContent(`${tid('judge-compare')} h2:has-text("Largest disagreements")`)).toBe('Largest disagreements on Self-oriented');
    expect(await page.locator(`${tid('compare-set')}:checked`).count()).toBe(2);
  }, 60_000);
});
