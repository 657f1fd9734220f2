// The Themes page in headless Chromium over browser mode, on the tiny study: an offline embedding set made through the
// page, then a model's themes (seeded into the workspace by tests/themes/browse-seed.ts, as training has its own
// tests): list, search, keyboard, a theme's detail, a co-firing link, a sentence opened in the explorer with that
// sentence highlighted, and the model's labelling offered on the figures page.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { seedThemeModel, type SeedActivation } from '../themes/browse-seed.js';

const tmp = tempDir('workbench-themes-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let browser: Browser;
let page: Page;
let seed: SeedActivation[];
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'themes.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  seed = await seedThemeModel(ws.db, 'm-seed');
  await seedThemeModel(ws.db, 'm-big', { latents: 8, loss: 0.2 });
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1500, height: 1000 }, pageErrors, { acceptDownloads: true });
  ({ server, browser, page } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('Themes page', () => {
  it('opens from the nav and lists the models side by side, sortable', async () => {
    await page.goto(server.launchUrl + '#/themes');
    await page.waitForSelector(tid('themes-page'));
    await poll(() => page.locator(tid('theme-model-row')).count()).toBe(2);
    await page.click(tid('models-sort-loss'));
    await poll(() => page.locator(tid('theme-model-row')).first().getAttribute('data-model-id')).toBe('m-big');
    await page.click(tid('models-sort-loss'));
    await poll(() => page.locator(tid('theme-model-row')).first().getAttribute('data-model-id')).toBe('m-seed');
  }, 60_000);

  it('creates an offline embedding set (the lexical stand-in) and shows it done', async () => {
    expect(await page.locator(`${tid('embedding-provider')} option[value="offline"]`).textContent()).toBe('lexical stand-in (TF-IDF + SVD), no download');
    await page.fill(tid('embedding-dimensions'), '8');
    await page.click(tid('embedding-create-start'));
    await poll(() => page.locator(tid('embedding-set-row')).getAttribute('data-state')).toBe('done');
    const sets = await backend.app.call('embeddings-list', undefined);
    expect(sets.map((s) => [s.provider, s.dimensions, s.state])).toEqual([['offline', 8, 'done']]);
  }, 120_000);

  it('trains a tiny grid on that set with live loss curves, then browses a trained model', async () => {
    await page.fill(tid('train-latents'), '4,6');
    await page.fill(tid('train-max-epochs'), '3');
    await page.uncheck(tid('train-type-personal'));
    await page.uncheck(tid('train-type-workplace'));
    // Before the start the panel shows the seeded grid's two models; then the new grid's two.
    expect(await page.locator(tid('loss-curve')).evaluateAll((els) => els.map((e) => e.getAttribute('data-model-id')))).toEqual(['m-seed', 'm-big']);
    await page.click(tid('train-start'));
    await poll(() => page.locator(tid('loss-curve')).evaluateAll((els) => els.map((e) => e.getAttribute('data-model-id')).filter((id) => id !== 'm-seed' && id !== 'm-big').length)).toBe(2);
    expect(await page.locator(tid('loss-curve')).count()).toBe(2);
    // Every curve fills in from themes-model-get as the job reports epochs, and ends with the model done.
    await expect.poll(() => page.locator(tid('loss-curve')).evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), { timeout: 120_000, interval: 200 })
      .toEqual(['done', 'done']);
    const epochs = await page.locator(tid('loss-curve')).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-epochs'))));
    expect(epochs.every((n) => n >= 1 && n <= 3), `epochs ${epochs}`).toBe(true);
    expect(await page.locator(`${tid('loss-curve')} svg`).count()).toBe(2);
    const trained = (await backend.app.call('themes-compare', undefined)).filter((m) => m.modelId !== 'm-seed' && m.modelId !== 'm-big');
    expect(trained.map((m) => [m.latents, m.k, m.scenarioType, m.state])).toEqual([[4, 2, 'all', 'done'], [6, 2, 'all', 'done']]);
    await poll(() => page.locator(tid('theme-model-row')).count()).toBe(4);
    await page.click(`${tid('theme-model-row')}[data-model-id="${trained[0].modelId}"]`);
    await poll(() => page.locator(tid('theme-row')).count()).toBe(4);
    const list = await backend.app.call('themes-browse-list', { modelId: trained[0].modelId });
    expect(list.units).toBe(seed.length / 2);
  }, 180_000);

  it('lists the selected model\'s themes with descriptions, shares and shifts; searches', async () => {
    await page.click(`${tid('theme-model-row')}[data-model-id="m-seed"]`);
    await poll(() => page.locator(tid('theme-row')).count()).toBe(5);
    expect(await page.getAttribute(tid('use-in-figures'), 'href')).toBe('#/figures/theme-shifts');
    const first = page.locator(tid('theme-row')).first();
    expect(await first.textContent()).toContain('Practical job-search advice');
    expect(await page.locator(`${tid('theme-row')}[data-latent="1"]`).textContent()).toContain('L1 — no description yet');
    const list = await backend.app.call('themes-browse-list', { modelId: 'm-seed' });
    expect(await first.locator('td').nth(1).textContent()).toBe(`${(list.themes[0].shareTop1 * 100).toFixed(1)}%`);
    await page.fill(tid('theme-search'), 'recruiter');
    const expected = [...new Set(seed.filter((x) => x.text.includes('recruiter')).map((x) => String(x.latent)))].sort();
    await poll(async () => (await page.locator(tid('theme-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-latent')))).sort()).toEqual(expected);
    await page.fill(tid('theme-search'), '');
    await poll(() => page.locator(tid('theme-row')).count()).toBe(5);
  }, 60_000);

  it('moves with the arrow keys and opens a theme with Enter', async () => {
    await page.focus(tid('theme-search'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tid('theme-detail')}[data-latent="2"]`);
    expect(await page.textContent(tid('theme-title'))).toContain('Validating that feelings make sense');
    const detail = await backend.app.call('theme-get', { modelId: 'm-seed', latent: 2 });
    expect(await page.locator(`${tid('theme-top')} tbody tr`).count()).toBe(Math.min(25, detail.topTotal));
    expect(await page.locator(`${tid('theme-sample')} tbody tr`).count()).toBe(detail.sample.length);
    expect(await page.locator(tid('theme-shift-q')).allTextContents()).toEqual(detail.shifts.map((s) => (s.q < 0.001 ? '<0.001' : s.q.toFixed(3))));
    expect(await page.locator(`${tid('theme-incidence-plot')} svg`).count()).toBeGreaterThan(0);
  }, 60_000);

  it('follows a co-firing link to that theme', async () => {
    const detail = await backend.app.call('theme-get', { modelId: 'm-seed', latent: 2 });
    const target = detail.cofiring[0].latent;
    await page.click(`${tid('cofiring-link')}[data-latent="${target}"]`);
    await page.waitForSelector(`${tid('theme-detail')}[data-latent="${target}"]`);
  }, 60_000);

  it('saves a hand-written description, which the list then shows as the theme\'s name', async () => {
    await page.click(`${tid('theme-row')}[data-latent="1"]`);
    await page.waitForSelector(`${tid('theme-detail')}[data-latent="1"]`);
    await page.fill(tid('theme-description-input'), 'Apologising and inviting more');
    await page.click(tid('theme-description-save'));
    await poll(() => page.textContent(tid('theme-description-source'))).toBe('written by a person');
    await poll(() => page.locator(`${tid('theme-row')}[data-latent="1"]`).textContent()).toContain('Apologising and inviting more');
    const list = await backend.app.call('themes-browse-list', { modelId: 'm-seed' });
    expect([list.themes[1].description, list.themes[1].descriptionSource]).toEqual(['Apologising and inviting more', 'human']);
  }, 60_000);

  it('opens a top sentence\'s conversation in the explorer with that sentence highlighted', async () => {
    await page.click(`${tid('theme-row')}[data-latent="0"]`);
    await page.waitForSelector(`${tid('theme-detail')}[data-latent="0"]`);
    const link = page.locator(`${tid('theme-top')} ${tid('open-sentence')}`).first();
    const conversationId = await link.getAttribute('data-conversation-id');
    const turn = await link.getAttribute('data-turn');
    const sentenceIndex = Number(await link.getAttribute('data-sentence-index'));
    const text = await page.locator(`${tid('theme-top')} tbody tr`).first().locator('td').nth(1).textContent();
    await link.click();
    await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
    await page.waitForSelector(`${tid('transcript')}[data-conversation-id="${conversationId}"]`);
    const marked = page.locator(`${tid('message')}[data-turn="${turn}"] [data-highlighted="true"]`);
    await poll(() => marked.count()).toBe(1);
    expect((await marked.textContent())?.trim()).toBe(text?.trim());
    const all = await page.locator(`${tid('message')}[data-turn="${turn}"] ${tid('sentence')}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-highlighted')));
    expect(all.indexOf('true')).toBe(sentenceIndex);
  }, 60_000);

  it('offers the model as a labelling on the figures page', async () => {
    await page.goto(server.launchUrl + '#/figures/theme-shifts');
    await page.waitForSelector(tid('control-labelling'));
    const options = await page.locator(`${tid('control-labelling')} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['theme:m-seed', 'theme:m-big']));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
