// The Figures section end to end in headless Chromium: the built renderer over the real HTTP transport, the
// simulated demo study in an in-process backend. Checks the figure, its tables and provenance, the tooltip, the
// click-through to the explorer, the controls and the exports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { serveHttp } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { openDemoStudy } from '../../main/study/demo.js';
import { tempDir } from './helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tmp = tempDir('workbench-figures-e2e-');
let backend: Backend;
let server: Awaited<ReturnType<typeof serveHttp>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 50 });
const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;
const ready = (id: string) => page.waitForSelector(`${tid('figure-panel')}[data-figure-id="${id}"][data-state="ready"]`, { timeout: 30_000 });
async function openFigure(id: string): Promise<void> {
  if (!(await page.$(tid('nav-figures')))) await page.goto(server.launchUrl + '#/overview');
  await page.click(tid('nav-figures'));
  await page.click(tid(`figure-nav-${id}`));
  await ready(id);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const outDir = join(tmp.path, 'renderer');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'pipe' });
  backend = new Backend({ home: join(tmp.path, 'home') });
  await openDemoStudy(backend);
  server = await serveHttp(backend.app, { port: 0, staticDir: outDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  backend?.close();
  tmp.cleanup();
});

describe('Figures section (simulated demo study)', () => {
  it('draws Fig. 3B with Extended Data Tables 1 and 2 and a provenance line', async () => {
    await page.goto(server.launchUrl + '#/overview');
    await page.click(tid('nav-figures'));
    await ready('effects');
    expect(await page.$$eval(`${tid('plot-host')} svg g[aria-label="bar"] rect`, (r) => r.length)).toBe(21); // 3 treatments x (6 dimensions + the overall score)
    expect(await page.isVisible(tid('table-ed-table-1'))).toBe(true);
    expect(await page.isVisible(tid('table-ed-table-2'))).toBe(true);
    const effects = await call('analysis-effects', {});
    const coef = effects.dimensions.encouraging_elaboration.terms['coach:post'].coef.toFixed(3);
    expect(await page.textContent(tid('table-ed-table-1'))).toContain(coef);
    expect(await page.textContent(tid('figure-provenance'))).toMatch(/Lend an Ear \(simulated\).*score set: simulated-judge.*reference=control.*Empathy Workbench \d/);
  });

  it('shows exact numbers in the tooltip and opens the conversations behind a bar in the explorer', async () => {
    const bar = (await page.$$(`${tid('plot-host')} svg g[aria-label="bar"] rect`))[1]; // encouraging elaboration, AI coach
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await poll(() => page.$eval(`${tid('plot-host')} svg`, (s) => s.textContent ?? '')).toMatch(/AI coach × post[\s\S]*β = 0\.\d{3} SD \(SE 0\.\d{3}\)[\s\S]*p = /);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
    await poll(() => page.getAttribute(tid('filter-condition-coach'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-2'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-3'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-1'), 'aria-pressed')).toBe('false');
    const expected = await call('conversations-list', { filter: { conditions: ['coach'], rounds: [2, 3] }, limit: 1 });
    await poll(() => page.getAttribute(tid('list-total'), 'data-total').then(Number)).toBe(expected.total);
  });

  it('recomputes when a control changes, and says which parameters it used', async () => {
    await openFigure('effects');
    await page.selectOption(tid('control-reference'), 'video');
    await poll(() => page.textContent(tid('figure-provenance'))).toContain('reference=video');
    await ready('effects');
    expect(await page.$$eval(`${tid('plot-host')} svg g[aria-label="bar"] rect`, (r) => r.length)).toBe(21); // 3 treatments x (6 dimensions + the overall score)
    // The figure and its controls are in the URL: the link opened in a fresh tab shows the same figure and controls.
    await poll(() => page.evaluate(() => location.hash)).toBe('#/figures/effects?ref=video');
    const tab = await page.context().newPage();
    try {
      await tab.goto(server.launchUrl + '#/figures/effects?ref=video&cond=coach&cond=video');
      await tab.waitForSelector(`${tid('figure-panel')}[data-figure-id="effects"][data-state="ready"]`, { timeout: 30_000 });
      expect(await tab.inputValue(tid('control-reference'))).toBe('video');
      expect(await tab.textContent(tid('figure-provenance'))).toContain('reference=video');
      expect(await tab.$$eval(`${tid('plot-host')} svg g[aria-label="bar"] rect`, (r) => r.length)).toBe(7); // coach vs video: one treatment x 7
    } finally {
      await tab.close();
    }
    await page.selectOption(tid('control-reference'), 'control');
    await poll(() => page.textContent(tid('figure-provenance'))).toContain('reference=control');
  });

  it('exports SVG, PNG and the CSV of the plotted data, and copies a table as Markdown and LaTeX', async () => {
    // One tab per download: Chromium holds back a tab's second automatic download until the user allows it.
    const save = async (id: string) => {
      const tab = await page.context().newPage();
      try {
        await tab.goto(server.launchUrl + '#/figures/effects');
        await tab.waitForSelector(`${tid('figure-panel')}[data-figure-id="effects"][data-state="ready"]`, { timeout: 30_000 });
        const [d] = await Promise.all([tab.waitForEvent('download'), tab.click(tid(id))]);
        return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
      } finally {
        await tab.close();
      }
    };
    const svg = await save('figure-export-svg');
    expect(svg.name).toBe('effects.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*Empathy Workbench/);
    const png = await save('figure-export-png');
    expect(png.name).toBe('effects.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(20_000);
    const csv = await save('figure-export-csv');
    expect(csv.bytes.toString('utf8').split('\n')[0]).toBe('dimension,dimensionLabel,condition,conditionLabel,term,coef,se,z,p,lo,hi,stars,n');
    await openFigure('effects');
    await page.click(`${tid('table-ed-table-2')} ${tid('copy-markdown')}`);
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^\*\*Extended Data Table 2[\s\S]*\| Dimension \| Contrast \|/);
    await page.click(`${tid('table-ed-table-2')} ${tid('copy-latex')}`);
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/\\begin\{tabular\}/);
  }, 180_000); // three tabs each load the effects figure (seven clustered fits and the contrasts)

  it('stamps SIMULATED DATA inside the plot, and shifts switch to the participant-clustered logit', async () => {
    await openFigure('shifts');
    expect(await page.$$eval(`${tid('plot-host')} svg text`, (t) => t.filter((x) => x.textContent === 'SIMULATED DATA').length)).toBe(2); // one per scenario type
    expect(await page.textContent(tid('figure-panel'))).toContain('two-proportion z test');
    await page.selectOption(tid('control-shift-test'), 'clustered-logit');
    await poll(() => page.textContent(tid('figure-provenance'))).toContain('test=clustered-logit');
    await ready('shifts');
    expect(await page.textContent(tid('figure-panel'))).toContain('clustered by participant');
    expect(await page.evaluate(() => location.hash)).toBe('#/figures/shifts?test=clustered-logit');
    await page.selectOption(tid('control-shift-test'), 'z');
    await poll(() => page.textContent(tid('figure-provenance'))).toContain('test=z');
    await poll(() => page.evaluate(() => location.hash)).toBe('#/figures/shifts');
  });

  it('draws every other figure of the demo study; the agreement matrix explains why it cannot', async () => {
    for (const id of ['rci', 'trajectories', 'change-distribution', 'shifts', 'theme-shifts', 'trait', 'self-report', 'elo-deciles', 'preference-rates', 'bradley-terry']) {
      await openFigure(id);
      expect(await page.$$eval(`${tid('plot-host')} svg`, (s) => s.length), id).toBeGreaterThan(0);
      expect(await page.textContent(tid('figure-provenance')), id).toContain('Empathy Workbench');
    }
    await page.click(tid('nav-figures'));
    await page.click(tid('figure-nav-agreement'));
    await page.waitForSelector(`${tid('figure-panel')}[data-figure-id="agreement"][data-state="error"]`);
    expect(await page.textContent(tid('figure-error'))).toMatch(/at least two score sets/);
  });

  it('opens a participant from the reliable-change figure', async () => {
    await openFigure('rci');
    const dot = (await page.$$(`${tid('plot-host')} svg g[aria-label="dot"] circle`))[5];
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await poll(() => page.$eval(`${tid('plot-host')} svg`, (s) => s.textContent ?? '')).toMatch(/Participant \S+ \(/);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
    await poll(() => page.inputValue(tid('filter-participant'))).toMatch(/\S/);
    await poll(() => page.getAttribute(tid('list-total'), 'data-total').then(Number)).toBe(3);
    expect(pageErrors).toEqual([]);
  });
});
