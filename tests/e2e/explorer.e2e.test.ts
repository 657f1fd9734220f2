// End to end in headless Chromium: the built renderer, served by the real HTTP transport from an
// in-process backend holding the simulated demo study. Every number the UI shows is checked against
// what the backend answers for the same question.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, launchChromium, newPage } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Args, MethodName, Result, StudyInfo } from '../../main/api/contract/index.js';
import { serveHttp } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { openDemoStudy } from '../../main/study/demo.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Set (e.g. to docs/screenshot.png) to refresh the README screenshot. */
const SCREENSHOT_TO = process.env.WORKBENCH_SCREENSHOT;

const tmp = tempDir('workbench-e2e-');
let backend: Backend;
let server: Awaited<ReturnType<typeof serveHttp>>;
let browser: Browser;
let page: Page;
let info: StudyInfo;
const pageErrors: string[] = [];

/** The UI debounces and queries; allow for a loaded CI machine. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 50 });
const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;
const total = () => page.getAttribute(tid('list-total'), 'data-total').then(Number);
const openId = () => page.getAttribute(tid('transcript'), 'data-conversation-id');

async function rowIds(): Promise<string[]> {
  return page.$$eval(tid('list-row'), (rows) =>
    rows
      .map((r) => ({ i: Number((r as HTMLElement).dataset.index), id: (r as HTMLElement).dataset.conversationId! }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.id));
}

beforeAll(async () => {
  const outDir = join(tmp.path, 'renderer');
  buildRenderer(outDir);
  backend = new Backend({ home: join(tmp.path, 'home') });
  await openDemoStudy(backend);
  info = await call('study-info', undefined);
  server = await serveHttp(backend.app, { port: 0, staticDir: outDir });
  browser = await launchChromium();
  page = await newPage(browser, { width: 1600, height: 960 }, pageErrors, { acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  backend?.close();
  tmp.cleanup();
});

describe('the explorer in headless Chromium (simulated demo study)', () => {
  it('labels the demo study as simulated in the header and the overview, with its design counts', async () => {
    await page.goto(server.launchUrl + '#/overview');
    await page.waitForSelector(tid('overview-by-condition'));
    expect(await page.textContent(tid('study-name'))).toBe(info.name);
    expect(await page.isVisible(tid('simulated-badge'))).toBe(true);
    expect(await page.textContent(tid('simulated-badge'))).toMatch(/simulated data/i);
    expect(await page.isVisible(tid('overview-simulated-badge'))).toBe(true);
    expect(await page.isVisible(tid('overview-simulated-note'))).toBe(true);
    expect(await page.textContent(tid('overview-participants'))).toBe('968');
    expect(await page.textContent(tid('overview-conversations'))).toBe('2,904');

    const overview = await call('study-overview', undefined);
    const shown = await page.$$eval(`${tid('overview-by-condition')} tbody tr`, (rows) =>
      rows.map((r) => [(r as HTMLElement).dataset.key, r.querySelector('[data-testid="count-conversations"]')!.textContent]));
    expect(shown).toEqual(overview.byCondition.map((r) => [r.key, r.conversations.toLocaleString('en-US')]));
    expect(shown.map((r) => r[0]).sort()).toEqual(['coach', 'combined', 'control', 'video']);
  });

  it('lists every conversation, virtualised, and scrolls to the last one', async () => {
    await page.click(tid('nav-conversations'));
    await page.waitForSelector(tid('list-row'));
    expect(await total()).toBe(2904);
    expect(await page.isVisible(tid('simulated-badge'))).toBe(true);
    // Only the rows near the viewport exist in the DOM.
    expect((await page.$$(tid('list-row'))).length).toBeLessThan(120);
    const all = await call('conversations-list', { filter: {}, scoreSetId: info.scoreSets[0].id, offset: 2900, limit: 4 });
    await page.$eval(tid('conversation-list'), (el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForSelector(`${tid('list-row')}[data-index="2903"]`);
    expect(await page.getAttribute(`${tid('list-row')}[data-index="2903"]`, 'data-conversation-id')).toBe(all.rows[3].conversation_id);
    await page.$eval(tid('conversation-list'), (el) => el.scrollTo({ top: 0 }));
    await page.waitForSelector(`${tid('list-row')}[data-index="0"]`);
  });

  it('filters by condition and round, matching the backend count for the same filter', async () => {
    await page.click(tid('filter-condition-coach'));
    await page.click(tid('filter-round-2'));
    const expected = await call('conversations-list', { filter: { conditions: ['coach'], rounds: [2] }, limit: 1 });
    expect(expected.total).toBeGreaterThan(100);
    await poll(total).toBe(expected.total);
    const rows = await page.$$eval(tid('list-row'), (rs) => rs.map((r) => [(r as HTMLElement).dataset.condition, (r as HTMLElement).dataset.round]));
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r).toEqual(['coach', '2']);
  });

  it('searches message text (contains, regex, by role) and shows the search note', async () => {
    const base = { conditions: ['coach'], rounds: [2] };
    const first = await call('conversations-list', { filter: base, limit: 1 });
    const detail = await call('conversation-get', { id: first.rows[0].conversation_id });
    const word = detail.messages.filter((m) => m.role === 'seeker').flatMap((m) => m.text.match(/[A-Za-z]{7,}/g) ?? [])[0];
    expect(word).toBeTruthy();

    await page.fill(tid('search-input'), word);
    const contains = await call('conversations-list', { filter: { ...base, search: { text: word, mode: 'contains' } }, limit: 1 });
    expect(contains.total).toBeGreaterThan(0);
    await poll(total).toBe(contains.total);
    expect(await page.textContent(tid('search-note'))).toContain(contains.searchNote!);
    // The opened conversation marks the matches.
    await page.click(`${tid('list-row')}[data-index="0"]`);
    await page.waitForSelector(`${tid('transcript')} ${tid('search-hit')}`);
    expect((await page.textContent(`${tid('transcript')} ${tid('search-hit')}`))!.toLowerCase()).toBe(word.toLowerCase());

    await page.selectOption(tid('search-role'), 'seeker');
    const seeker = await call('conversations-list', { filter: { ...base, search: { text: word, mode: 'contains', role: 'seeker' } }, limit: 1 });
    await poll(total).toBe(seeker.total);
    await page.selectOption(tid('search-role'), '');

    await page.click(tid('search-mode-regex'));
    const pattern = `${word.toLowerCase()}|\\bpromotion\\b`;
    await page.fill(tid('search-input'), pattern);
    const regex = await call('conversations-list', { filter: { ...base, search: { text: pattern, mode: 'regex' } }, limit: 1 });
    await poll(total).toBe(regex.total);
    // An alternation has no required word to look up: the note says the regex scans.
    expect(await page.textContent(tid('search-note'))).toContain('scans every message');

    await page.fill(tid('search-input'), 'unbalanced(');
    await page.waitForSelector(tid('list-error'));
    expect(await page.textContent(tid('list-error'))).toMatch(/regular expression/i);

    await page.fill(tid('search-input'), '');
    await page.click(tid('search-mode-contains'));
    await poll(total).toBe(first.total);
    expect(await page.$(tid('search-note'))).toBeNull();
  });

  it('opens a conversation by click and shows its messages, roles and every score as the backend has them', async () => {
    const ids = await rowIds();
    await page.click(`${tid('list-row')}[data-index="2"]`);
    await poll(openId).toBe(ids[2]);
    await page.waitForSelector(tid('score-table'));
    const detail = await call('conversation-get', { id: ids[2] });

    const shown = await page.$$eval(tid('message'), (ms) => ms.map((m) => ({
      turn: Number((m as HTMLElement).dataset.turn),
      role: (m as HTMLElement).dataset.role,
      text: m.querySelector('[data-testid="message-text"]')!.textContent,
    })));
    expect(shown).toEqual(detail.messages.map((m) => ({ turn: m.turn, role: m.role, text: m.text })));
    expect(shown.map((m) => m.turn)).toEqual([...shown.map((m) => m.turn)].sort((a, b) => a - b));
    expect(new Set(shown.map((m) => m.role))).toEqual(new Set(['seeker', 'supporter']));
    // Supporter messages show their stored sentence units.
    const units = detail.messages.filter((m) => m.role === 'supporter').reduce((n, m) => n + m.sentences.length, 0);
    expect((await page.$$(`[data-role="supporter"] ${tid('sentence')}`)).length).toBe(units);

    expect(detail.scores.length).toBeGreaterThan(0);
    expect(new Set(detail.scores.map((s) => s.scoreSetId))).toContain(info.scoreSets[0].id);
    for (const s of detail.scores) {
      const cell = `${tid('score-cell')}[data-score-set="${s.scoreSetId}"][data-dimension="${s.dimension}"]`;
      expect(await page.getAttribute(cell, 'data-score')).toBe(s.score == null ? '' : String(s.score));
      expect((await page.textContent(cell))!.trim()).toBe(s.score == null ? '—' : String(s.score));
    }
    const withWhy = detail.scores.find((s) => s.rationale);
    if (withWhy) {
      await page.click(`${tid('score-cell')}[data-score-set="${withWhy.scoreSetId}"][data-dimension="${withWhy.dimension}"]`);
      expect(await page.textContent(tid('score-rationale'))).toContain(withWhy.rationale!);
    }
    expect(await page.isVisible(tid('participant-info'))).toBe(true);
    expect(await page.textContent(tid('transcript-condition'))).toBe('coach');
  });

  it('navigates with the keyboard: j/k open the next/previous conversation, / focuses search, Esc closes', async () => {
    const ids = await rowIds();
    await page.locator('body').press('j');
    await poll(openId).toBe(ids[3]);
    await page.locator('body').press('j');
    await poll(openId).toBe(ids[4]);
    await page.locator('body').press('k');
    await poll(openId).toBe(ids[3]);

    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
    await page.keyboard.type('j');
    expect(await page.inputValue(tid('search-input'))).toBe('j'); // typing in the field is not a shortcut
    await page.fill(tid('search-input'), '');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('search-input');

    await page.keyboard.press('?');
    await page.waitForSelector(tid('help-popover'));
    expect(await page.textContent(tid('help-popover'))).toContain('Next conversation');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('help-popover'), { state: 'detached' });

    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('transcript-empty'));
  });

  it('sorts by clicking a column header (overall score, descending first)', async () => {
    await page.click(tid('sort-overall'));
    const expected = await call('conversations-list', {
      filter: { conditions: ['coach'], rounds: [2] }, scoreSetId: info.scoreSets[0].id, sort: { key: 'overall', dir: 'desc' }, limit: 5,
    });
    await poll(async () => (await rowIds()).slice(0, 5)).toEqual(expected.rows.map((r) => r.conversation_id));
    expect(await page.getAttribute(tid('sort-overall'), 'aria-sort')).toBe('descending');
  });

  it('keeps Overall in view at 1400 px, open or not, and gives the table the width while no conversation is open', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    try {
      // The pinned column's right edge lies inside the list's visible area (not behind a sideways scroll).
      const overallInView = () => page.evaluate(() => {
        const list = document.querySelector('[data-testid="conversation-list"]')!.getBoundingClientRect();
        const cell = document.querySelector('[data-testid="list-row"] [data-column="overall"]')?.getBoundingClientRect();
        return !!cell && cell.width > 0 && cell.right <= list.right + 1 && cell.left >= list.left;
      });
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('transcript-empty'));
      await poll(overallInView).toBe(true);
      const listWidth = () => page.$eval(tid('conversation-list'), (el) => el.getBoundingClientRect().width);
      const closedWidth = await listWidth();

      await page.click(`${tid('list-row')}[data-index="0"]`);
      await page.waitForSelector(tid('transcript'));
      await poll(overallInView).toBe(true);
      expect(await listWidth()).toBeLessThan(closedWidth - 100);
      // Scrolled to the far left, Overall still shows beside the first columns.
      await page.$eval(tid('conversation-list'), (el) => el.scrollTo({ left: 0 }));
      expect(await overallInView()).toBe(true);
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('transcript-empty'));
    } finally {
      await page.setViewportSize({ width: 1600, height: 960 });
    }
  });

  it('keeps the view in the URL: a link restores filters, sort and the open conversation', async () => {
    const opened = (await page.getAttribute(`${tid('list-row')}[data-index="1"]`, 'data-conversation-id'))!;
    await page.click(`${tid('list-row')}[data-index="1"]`);
    await page.waitForSelector(`${tid('transcript')}[data-conversation-id="${opened}"]`);
    await poll(() => page.evaluate(() => location.hash)).toContain(`open=${opened}`);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#\/conversations\?/);
    expect(new URLSearchParams(hash.split('?')[1]).getAll('cond')).toEqual(['coach']);
    const before = await total();

    const fresh = await page.context().newPage();
    try {
      await fresh.goto(server.launchUrl + hash);
      await fresh.waitForSelector(`${tid('transcript')}[data-conversation-id="${opened}"]`);
      expect(await fresh.getAttribute(tid('filter-condition-coach'), 'aria-pressed')).toBe('true');
      expect(await fresh.getAttribute(tid('filter-round-2'), 'aria-pressed')).toBe('true');
      expect(await fresh.getAttribute(tid('sort-overall'), 'aria-sort')).toBe('descending');
      await expect.poll(() => fresh.getAttribute(tid('list-total'), 'data-total').then(Number), { timeout: 15_000 }).toBe(before);
    } finally {
      await fresh.close();
    }
    await page.keyboard.press('Escape');
  });

  it('exports the current selection to CSV', async () => {
    const expected = await call('conversations-export', { filter: { conditions: ['coach'], rounds: [2] }, scoreSetId: info.scoreSets[0].id });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-csv'))]);
    expect(download.suggestedFilename()).toBe(expected.filename);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv[0].split(',').slice(0, 3)).toEqual(['conversation_id', 'participant_id', 'condition']);
    expect(csv.length - 1).toBe(expected.rows);
    expect(csv.length - 1).toBe(await total());
    expect(await page.textContent(tid('export-status'))).toContain(`${expected.rows} rows`);
  });

  it('renders a screenshot of the explorer', async () => {
    await page.click(tid('clear-filters'));
    await poll(total).toBe(2904);
    expect(await page.$(tid('export-status'))).toBeNull(); // it described the previous selection
    await page.click(tid('sort-conversation_id'));
    await poll(() => page.getAttribute(`${tid('list-row')}[data-index="0"]`, 'data-conversation-id')).toBe(
      (await call('conversations-list', { filter: {}, limit: 1 })).rows[0].conversation_id);
    await page.click(`${tid('list-row')}[data-index="2"]`);
    await page.waitForSelector(tid('score-table'));
    await page.mouse.move(0, 0);
    await page.waitForTimeout(200);
    const file = join(tmp.path, 'explorer.png');
    await page.screenshot({ path: file });
    expect(readFileSync(file).length).toBeGreaterThan(20_000);
    if (SCREENSHOT_TO) {
      mkdirSync(dirname(resolve(ROOT, SCREENSHOT_TO)), { recursive: true });
      copyFileSync(file, resolve(ROOT, SCREENSHOT_TO));
    }
  });
});

describe('another study, the import page and jobs', () => {
  it('warns before importing into the simulated workspace', async () => {
    await page.click(tid('nav-import'));
    await page.waitForSelector(tid('import-into-simulated'));
    expect(await page.textContent(tid('workspace-path'))).toBe(info.path);
  });

  it('follows the backend to a new, empty workspace (study-changed event) and says so', async () => {
    await call('study-open', { path: join(tmp.path, 'fresh.duckdb') });
    await poll(() => page.textContent(tid('study-name'))).not.toBe(info.name);
    expect(await page.$(tid('simulated-badge'))).toBeNull();
    await page.click(tid('nav-conversations'));
    await page.waitForSelector(tid('list-empty'));
    expect(await page.textContent(tid('list-empty'))).toContain('no conversations');
    await page.click(tid('nav-overview'));
    await page.waitForSelector(tid('missing-tables'));
    expect(await page.textContent(tid('missing-tables'))).toContain('scores');
    expect(await page.isVisible(tid('no-score-sets'))).toBe(true);
  });

  it('reports a bad path plainly', async () => {
    await page.click(tid('nav-import'));
    await page.fill(tid('import-path'), join(tmp.path, 'does-not-exist'));
    await page.click(tid('import-preview-button'));
    await page.waitForSelector(tid('import-error'));
    expect(await page.textContent(tid('import-error'))).toMatch(/no such file or folder/);
    expect(await page.isDisabled(tid('import-start-button'))).toBe(true);
    expect(await page.textContent(tid('import-disabled-reason'))).toMatch(/^Preview the source first/);
  });

  it('previews a column-mapped CSV with the mapping editor', async () => {
    const file = join(tmp.path, 'chat.csv');
    writeFileSync(file, 'dialog,who,utterance\nd1,A,I lost my job today.\nd1,B,That sounds hard. What happened?\nd2,A,My mother is ill.\nd2,B,I am so sorry.\n');
    await page.fill(tid('import-path'), file);
    await page.selectOption(tid('import-format'), 'mapped');
    const pairs = [['dialog', 'conversation_id'], ['who', 'role'], ['utterance', 'text'], ['role:A', 'seeker'], ['role:B', 'supporter']];
    for (let i = 0; i < pairs.length; i++) {
      if (i > 0) await page.click(tid('mapping-add'));
      await page.locator(tid('mapping-source')).nth(i).fill(pairs[i][0]);
      await page.locator(tid('mapping-field')).nth(i).fill(pairs[i][1]);
    }
    await page.click(tid('import-preview-button'));
    await page.waitForSelector(tid('import-preview'));
    expect(await page.textContent(tid('preview-format'))).toBe('mapped');
    expect(await page.getAttribute(`${tid('will-create')}[data-table="conversations"]`, 'data-rows')).toBe('2');
    expect(await page.getAttribute(`${tid('will-create')}[data-table="messages"]`, 'data-rows')).toBe('4');
  });

  it('previews and imports a study folder as a job, then shows the report and the new study', async () => {
    const { dir, conversations } = writeTinyStudy(join(tmp.path, 'tiny'), 4);
    await page.selectOption(tid('import-format'), 'study');
    await page.fill(tid('import-path'), dir);
    await page.click(tid('import-preview-button'));
    await page.waitForSelector(tid('import-preview'));
    expect(await page.getAttribute(`${tid('will-create')}[data-table="conversations"]`, 'data-rows')).toBe(String(conversations));
    expect(await page.$(tid('preview-conflict'))).toBeNull();
    await page.click(tid('import-start-button'));
    await page.waitForSelector(tid('import-report'), { timeout: 30_000 });
    expect(await page.getAttribute(`${tid('report-rows')}[data-table="conversations"]`, 'data-table')).toBe('conversations');
    expect(await page.textContent(`${tid('report-rows')}[data-table="conversations"]`)).toContain(String(conversations));
    await poll(() => page.textContent(tid('study-name'))).toBe('Tiny test study');

    // The same source again is a conflict the preview names.
    await page.click(tid('import-preview-button'));
    await page.waitForSelector(tid('preview-conflict'));

    await page.click(tid('nav-jobs'));
    await page.waitForSelector(`${tid('job')}[data-state="done"]`);
    await page.click(tid('nav-conversations'));
    await poll(total).toBe(conversations);
  });

  it('raised no errors in the page', () => {
    // The bad-regex and bad-path answers are 400s the UI shows; the browser logs those requests too.
    expect(pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
