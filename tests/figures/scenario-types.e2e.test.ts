// Extended Data Figs. 3-4 on the Figures page in headless Chromium, on the simulated demo study: the bars and dots the
// page draws are analysis-scenario-types' cells, the tooltip gives their numbers, and a click opens the explorer on
// exactly the conversations behind the mark (its trouble type, round and conditions).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { openDemoStudy } from '../../main/study/demo.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('workbench-scenario-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let page: Page;
const pageErrors: string[] = [];

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 50 });
const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;
/** The plot's text, with the zero-width spaces Plot puts where it wraps a tooltip line read as spaces. */
const plotText = () => page.$eval(`${tid('plot-host')} svg`, (s) => (s.textContent ?? '').replaceAll('\u200b', ' '));

async function openFigure(id: string): Promise<void> {
  if (!(await page.$(tid('nav-figures')))) await page.goto(session.server.launchUrl + '#/overview');
  await page.click(tid('nav-figures'));
  await page.click(tid(`figure-nav-${id}`));
  await page.waitForSelector(`${tid('figure-panel')}[data-figure-id="${id}"][data-state="ready"]`, { timeout: 60_000 });
}

/** Hovers then clicks the centre of an element of the plot. */
async function hoverAndClick(selector: string, index: number, expectTip: RegExp): Promise<void> {
  const el = (await page.$$(`${tid('plot-host')} svg ${selector}`))[index];
  const box = (await el.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await poll(plotText).toMatch(expectTip);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await poll(() => page.evaluate(() => window.location.hash.split('?')[0])).toBe('#/conversations');
}

beforeAll(async () => {
  backend = new Backend({ home: join(tmp.path, 'home') });
  await openDemoStudy(backend);
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1600, height: 1000 }, pageErrors);
  page = session.page;
}, 300_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('Extended Data Figs. 3-4 on the Figures page (simulated demo)', () => {
  it('Fig. 3: a bar per dimension and trouble type; the tooltip and the click-through are that cell\'s', async () => {
    await openFigure('scenario-baseline');
    const r = await call('analysis-scenario-types', {});
    expect(await page.$$eval(`${tid('plot-host')} svg g[aria-label="bar"] rect`, (x) => x.length)).toBe(r.baseline.length);
    expect(r.baseline.length).toBe(12); // 6 dimensions x 2 trouble types
    expect(await page.textContent(tid('table-ed-fig-3'))).toContain(r.baseline[0].mean.toFixed(3));
    // Bars are drawn panel by panel in the result's order: index 1 is encouraging elaboration, workplace troubles.
    const cell = r.baseline[1];
    expect([cell.dimension, cell.scenarioType]).toEqual(['encouraging_elaboration', 'workplace']);
    await hoverAndClick('g[aria-label="bar"] rect', 1, new RegExp(`Workplace troubles, conversation 1[\\s\\S]*mean ${cell.mean.toFixed(3)} SD[\\s\\S]*n = ${cell.n} conversations`));
    await poll(() => page.getAttribute(tid('filter-scenario-type-workplace'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-1'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-2'), 'aria-pressed')).toBe('false');
    // Every demo conversation is scored on every dimension, so the explorer lists exactly the cell's n.
    await poll(() => page.getAttribute(tid('list-total'), 'data-total').then(Number)).toBe(cell.n);
  });

  it('Fig. 4: a dot per dimension, trouble type and conversation of the trained conditions; a click opens those', async () => {
    await openFigure('scenario-trajectories');
    const r = await call('analysis-scenario-types', {});
    expect(r.trajectoryConditions).toEqual(['coach', 'combined']);
    expect(await page.$$eval(`${tid('plot-host')} svg g[aria-label="dot"] circle`, (x) => x.length)).toBe(r.trajectories.length);
    expect(r.trajectories.length).toBe(36); // 6 dimensions x 2 types x 3 conversations
    const cell = r.trajectories[2]; // encouraging elaboration, personal troubles, conversation 3
    expect([cell.dimension, cell.scenarioType, cell.round]).toEqual(['encouraging_elaboration', 'personal', 3]);
    await hoverAndClick('g[aria-label="dot"] circle', 2, new RegExp(`Personal troubles, conversation 3[\\s\\S]*± SE ${cell.se.toFixed(3)}[\\s\\S]*n = ${cell.n} conversations`));
    await poll(() => page.getAttribute(tid('filter-condition-coach'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-condition-combined'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-condition-control'), 'aria-pressed')).toBe('false');
    expect(await page.getAttribute(tid('filter-scenario-type-personal'), 'aria-pressed')).toBe('true');
    expect(await page.getAttribute(tid('filter-round-3'), 'aria-pressed')).toBe('true');
    await poll(() => page.getAttribute(tid('list-total'), 'data-total').then(Number)).toBe(cell.n);
    expect(pageErrors).toEqual([]);
  });
});
