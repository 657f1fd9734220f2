// The map page in headless Chromium (WebGL through SwiftShader, no GPU) over browser mode, on the simulated demo study
// at a small scale: an offline embedding set, a projection computed from the page (its layout frames drawn while it
// runs), a Shift-drag lasso whose selection is checked point by point against the backend's positions, the side
// panel's sentences and counts, one sentence opened in the explorer, box selection, Escape, the legend's toggles,
// the facet and text filters, and the exports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapPoints } from '../../main/api/contract/index.js';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { DEMO_SEED } from '../../main/study/demo.js';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { normalise } from '../../renderer/map/encoding.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tiny-study.js';

/** A twentieth of the demo: a few thousand sentence units, so the projection takes seconds on two cores. */
const SCALE = 0.05;
const tmp = tempDir('workbench-map-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let browser: Browser;
let page: Page;
let points: MapPoints;
let projectionId: string;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });

interface Box { x0: number; y0: number; x1: number; y1: number }

/** Page pixels of every point under the plot's current camera (data-x/y-domain on the canvas host). */
async function screenPositions(): Promise<{ px: Float64Array; py: Float64Array; rect: Box }> {
  const host = page.locator(tid('map-canvas'));
  await host.scrollIntoViewIfNeeded();
  const [xd, yd, bb] = await Promise.all([host.getAttribute('data-x-domain'), host.getAttribute('data-y-domain'), host.boundingBox()]);
  const [x0, x1] = xd!.split(',').map(Number);
  const [y0, y1] = yd!.split(',').map(Number);
  const norm = normalise(points.x, points.y, points.bounds);
  const px = new Float64Array(points.n), py = new Float64Array(points.n);
  for (let i = 0; i < points.n; i++) {
    px[i] = bb!.x + ((norm.x[i] - x0) / (x1 - x0)) * bb!.width;
    py[i] = bb!.y + bb!.height - ((norm.y[i] - y0) / (y1 - y0)) * bb!.height;
  }
  return { px, py, rect: { x0: bb!.x, y0: bb!.y, x1: bb!.x + bb!.width, y1: bb!.y + bb!.height } };
}

/** Points clearly inside a box (margin px in from its edges), and those near enough its edges to go either way. */
function split(pos: { px: Float64Array; py: Float64Array }, b: Box, margin = 3): { inside: number[]; edge: number[] } {
  const inside: number[] = [], edge: number[] = [];
  for (let i = 0; i < pos.px.length; i++) {
    const x = pos.px[i], y = pos.py[i];
    const within = (m: number) => x > b.x0 + m && x < b.x1 - m && y > b.y0 + m && y < b.y1 - m;
    if (within(margin)) inside.push(i);
    else if (within(-margin)) edge.push(i);
  }
  return { inside, edge };
}

/** A box of ±half px around the densest part of the map (the median point), inside the canvas. */
function boxAroundMedian(pos: { px: Float64Array; py: Float64Array; rect: Box }, half: number): Box {
  const mid = (a: Float64Array) => [...a].sort((p, q) => p - q)[a.length >> 1];
  const cx = Math.min(Math.max(mid(pos.px), pos.rect.x0 + half + 5), pos.rect.x1 - half - 5);
  const cy = Math.min(Math.max(mid(pos.py), pos.rect.y0 + half + 5), pos.rect.y1 - half - 5);
  return { x0: cx - half, y0: cy - half, x1: cx + half, y1: cy + half };
}

/** A real drag around the box's outline, in small steps (regl-scatterplot samples the lasso from mouse moves). */
async function dragAround(b: Box, modifier?: 'Shift'): Promise<void> {
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.move(b.x0, b.y0);
  await page.mouse.down();
  for (const [x, y] of [[b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1], [b.x0, b.y0]]) await page.mouse.move(x, y, { steps: 6 });
  await page.mouse.up();
  if (modifier) await page.keyboard.up(modifier);
}

/** The indices the side panel lists, and its count. */
async function panel(): Promise<{ count: number; indices: number[] }> {
  const count = Number(await page.getAttribute(tid('map-selection'), 'data-count'));
  const indices = await page.locator(tid('map-selection-sentence')).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
  return { count, indices };
}

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { seed: DEMO_SEED, scale: SCALE });
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'map.duckdb'));
  await runImport(ws.db, { path: dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const started = await backend.app.call('embeddings-create', { provider: 'offline', dimensions: 24 });
  const job = await backend.app.call('job-wait', { id: started.jobId });
  expect(job.state).toBe('done');
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1280, height: 900 }, pageErrors, { acceptDownloads: true });
  ({ server, browser, page } = session);
  // WebGL runs on the CPU here (SwiftShader), beside the backend's projection job: give the page time.
  page.setDefaultTimeout(60_000);
}, 300_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

describe('Map page', () => {
  it('computes a projection from the form, drawing its layout while it runs, and says which engine drew it', async () => {
    await page.goto(server.launchUrl + '#/map');
    await page.waitForSelector(tid('map-page'));
    await page.waitForSelector(tid('map-no-projections'));
    // The most epochs the form takes: at 800 the layout of these 1,507 points now ends within a second of its first
    // frame, between two of the page's 400 ms polls, so no layout frame reached the screen.
    await page.fill(tid('map-form-epochs'), '5000');
    await page.fill(tid('map-form-seed'), '7');
    // Every layout frame the page shows, recorded as it is shown (reading the label afterwards could miss them).
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __epochs: number[] }).__epochs = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="map-preview-epoch"]');
        if (el) seen.push(Number(el.getAttribute('data-epoch')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-epoch'] });
    });
    await page.click(tid('map-form-start'));
    // The running projection's frames are drawn before it is done (the page polls map-preview). The first frame may be
    // the preliminary picture from before the layout (epoch 0); layout frames follow it.
    const shown = () => page.evaluate(() => (window as unknown as { __epochs: number[] }).__epochs);
    await poll(async () => (await shown()).some((e) => e > 0 && e < 5000), 120_000).toBe(true);
    await poll(() => page.locator(tid('map-projection-row')).getAttribute('data-state'), 180_000).toBe('done');
    const [p] = await backend.app.call('map-projections', undefined);
    projectionId = p.id;
    expect([p.engine, p.params.epochs, p.params.seed, p.state]).toEqual(['workbench-umap', 5000, 7, 'done']);
    expect(await page.textContent(tid('map-projection-engine'))).toBe('workbench-umap');
    points = await backend.app.call('map-points', { projectionId });
    await page.waitForSelector(`${tid('map-view')}[data-layer="points"]`);
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-points')).toBe(String(points.n));
    expect(Number(await page.getAttribute(tid('map-shown'), 'data-shown'))).toBe(points.n);
  }, 300_000);

  it('draws the points with WebGL (SwiftShader): the canvas is not blank', async () => {
    await poll(() => page.locator(`${tid('map-canvas')} canvas`).evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
      return ink;
    })).toBeGreaterThan(500);
  }, 60_000);

  it('selects the points inside a Shift-drag lasso; the side panel lists them with counts that match the backend', async () => {
    const pos = await screenPositions();
    const box = boxAroundMedian(pos, 90);
    const { inside, edge } = split(pos, box);
    expect(inside.length).toBeGreaterThan(5);
    await dragAround(box, 'Shift');
    await page.waitForSelector(tid('map-selection-count'));
    const { count, indices } = await panel();
    expect(count).toBeGreaterThanOrEqual(inside.length);
    expect(count).toBeLessThanOrEqual(inside.length + edge.length);
    expect(Number(await page.getAttribute(tid('map-canvas'), 'data-selected'))).toBe(count);
    // Every listed sentence lies inside the lasso (or on its line).
    const allowed = new Set([...inside, ...edge]);
    expect(indices.length).toBe(Math.min(count, 200));
    expect(indices.filter((i) => !allowed.has(i))).toEqual([]);
    // The backend, asked about the clearly-inside points, agrees with what the panel shows for them.
    if (edge.length === 0) {
      const sel = await backend.app.call('map-selection', { projectionId, indices: inside });
      expect(count).toBe(sel.count);
      const byCondition = await page.locator(`${tid('map-selection-by-condition')} tbody tr`).evaluateAll((rows) => rows.map((r) => Number(r.querySelector('.num')?.textContent?.replace(/,/g, ''))));
      expect(byCondition).toEqual(sel.byCondition.map((c) => c.count));
    }
    const byCondition = await page.locator(`${tid('map-selection-by-condition')} tbody tr`).evaluateAll((rows) => rows.map((r) => Number(r.querySelector('.num')?.textContent?.replace(/,/g, ''))));
    expect(byCondition.reduce((a, b) => a + b, 0)).toBe(count);
  }, 60_000);

  it('opens a listed sentence\'s conversation in the explorer with that sentence highlighted', async () => {
    const link = page.locator(tid('map-open-sentence')).first();
    const conversationId = await link.getAttribute('data-conversation-id');
    const turn = await link.getAttribute('data-turn');
    const index = Number(await page.locator(tid('map-selection-sentence')).first().getAttribute('data-index'));
    const sel = await backend.app.call('map-selection', { projectionId, indices: [index] });
    expect(conversationId).toBe(sel.sentences[0].conversationId);
    await link.click();
    await poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/conversations(\?|$)/);
    await page.waitForSelector(`${tid('transcript')}[data-conversation-id="${conversationId}"]`);
    const marked = page.locator(`${tid('message')}[data-turn="${turn}"] [data-highlighted="true"]`);
    await poll(() => marked.count()).toBe(1);
    expect((await marked.textContent())?.trim()).toBe(sel.sentences[0].text.trim());
  }, 60_000);

  it('shows a hovered point\'s sentence and opens its conversation on double-click', async () => {
    await page.click(tid('nav-map'));
    await page.waitForSelector(`${tid('map-view')}[data-layer="points"]`);
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-points')).toBe(String(points.n));
    const pos = await screenPositions();
    const bottom = Math.min(pos.rect.y1, page.viewportSize()!.height);
    // A point on screen with no other within 3 px: the mouse on it is closest to that one (the layout's 5,000 epochs
    // pack the clusters too tightly for a point alone within 6 px).
    let target = -1;
    for (let i = 0; i < points.n && target < 0; i++) {
      const lone = pos.px[i] > pos.rect.x0 + 20 && pos.px[i] < pos.rect.x1 - 20 && pos.py[i] > pos.rect.y0 + 20 && pos.py[i] < bottom - 20
        && !Array.from(pos.px).some((x, j) => j !== i && Math.abs(x - pos.px[i]) < 3 && Math.abs(pos.py[j] - pos.py[i]) < 3);
      if (lone) target = i;
    }
    expect(target).toBeGreaterThanOrEqual(0);
    await page.mouse.move(pos.px[target] - 20, pos.py[target]);
    await page.mouse.move(pos.px[target], pos.py[target], { steps: 4 });
    await page.waitForSelector(`${tid('map-tooltip')}[data-index="${target}"]`);
    const [sel] = (await backend.app.call('map-selection', { projectionId, indices: [target] })).sentences;
    await poll(() => page.textContent(`${tid('map-tooltip')} .map-tooltip-text`)).toBe(sel.text);
    await page.mouse.dblclick(pos.px[target], pos.py[target]);
    await poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/conversations(\?|$)/);
    await page.waitForSelector(`${tid('transcript')}[data-conversation-id="${sel.conversationId}"]`);
    const marked = page.locator(`${tid('message')}[data-turn="${sel.turn}"] [data-highlighted="true"]`);
    await poll(() => marked.count()).toBe(1);
    expect((await marked.textContent())?.trim()).toBe(sel.text.trim());
  }, 60_000);

  it('box-selects with B, and Escape clears the selection', async () => {
    await page.click(tid('nav-map'));
    await page.waitForSelector(`${tid('map-view')}[data-layer="points"]`);
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-points')).toBe(String(points.n));
    await page.keyboard.press('b');
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-mode')).toBe('box');
    const pos = await screenPositions();
    const box = boxAroundMedian(pos, 60);
    const { inside, edge } = split(pos, box);
    // The rectangle runs from the first mouse move after the press to the last move the plot took in (its moves are
    // throttled): press just outside the corner, step onto it, and let the last move land before releasing.
    await page.mouse.move(box.x0 - 2, box.y0 - 2);
    await page.mouse.down();
    await page.mouse.move(box.x0, box.y0);
    await page.mouse.move(box.x1, box.y1, { steps: 15 });
    await page.waitForTimeout(200);
    await page.mouse.up();
    await page.waitForSelector(tid('map-selection-count'));
    const { count, indices } = await panel();
    expect(count).toBeGreaterThanOrEqual(inside.length);
    expect(count).toBeLessThanOrEqual(inside.length + edge.length);
    const allowed = new Set([...inside, ...edge]);
    expect(indices.filter((i) => !allowed.has(i))).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('map-selection'), { state: 'detached' });
    expect(await page.getAttribute(tid('map-canvas'), 'data-selected')).toBe('0');
    await page.keyboard.press('l');
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-mode')).toBe('lasso');
    await page.keyboard.press('l');
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-mode')).toBe('pan');
  }, 60_000);

  it('hides a condition from the legend and filters by round', async () => {
    const cond = points.attributes.condition;
    const first = cond.values[0];
    const inFirst = cond.codes.filter((c) => c === 0).length;
    await page.click(`${tid('legend-item')}[data-value="${first}"]`);
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n - inFirst));
    await page.click(tid('legend-show-all'));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n));
    const round = points.attributes.round;
    const r = round.values[0];
    await page.click(tid(`map-filter-round-${r}`));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(round.codes.filter((c) => c === 0).length));
    await page.click(tid('map-clear-filters'));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n));
  }, 60_000);

  it('filters by conversation text as the backend does', async () => {
    let word = '', expected = -1;
    for (const w of ['sorry', 'job', 'boss', 'friend', 'feel']) {
      const p = await backend.app.call('map-points', { projectionId, filter: { search: { text: w, mode: 'contains', role: 'supporter' } } });
      if (p.visibleCount > 0 && p.visibleCount < points.n) [word, expected] = [w, p.visibleCount];
      if (word) break;
    }
    expect(word).not.toBe('');
    await page.fill(tid('map-filter-search'), word);
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(expected));
    await page.fill(tid('map-filter-search'), '');
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n));
  }, 60_000);

  it('exports the view as PNG and the plotted points as CSV', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click(tid('map-export-png'))]);
    const bytes = readFileSync((await png.path())!);
    expect(png.suggestedFilename()).toBe(`map-${projectionId}.png`);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click(tid('map-export-csv'))]);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('index,conversation_id,turn,sentence_index,x,y,condition,round,scenario');
    expect(lines.length).toBe(points.n + 1);
    const [index, conversationId, , , x] = lines[1].split(',');
    expect([Number(index), conversationId, Number(x)]).toEqual([0, points.conversations[points.conversation[0]], points.x[0]]);
    expect(await page.locator(`${tid('map-small-multiples')} svg`).count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
