// The map's codes, density contours and score ranges in headless Chromium (WebGL through SwiftShader) over browser
// mode, on the simulated demo study at a small scale with the paper's starting codebook: colour by code (the legend
// lists the codebook with counts, everything uncoded at first), a box selection coded from the side panel (the
// legend count and the backend's codes follow), undo, the hovered point's code, density contours that follow the camera, and the explorer's
// score ranges and code filter narrowing the shown points exactly as the backend's filter does.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode, MapPoints } from '../../main/api/contract/index.js';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { DEMO_SEED } from '../../main/study/demo.js';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { normalise } from '../../renderer/map/encoding.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tiny-study.js';

const SCALE = 0.05;
const tmp = tempDir('workbench-map-codes-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let browser: Browser;
let page: Page;
let points: MapPoints;
let projectionId: string;
let code: CodeNode;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 100 });
const legendCount = (value: string) => page.getAttribute(`${tid('legend-item')}[data-value="${value}"]`, 'data-count');
/** Indices of the points whose code (under the scope) is `codeId`, from the backend. */
async function codedWith(codeId: string, coder?: string): Promise<number[]> {
  const c = (await backend.app.call('map-points', { projectionId, codes: coder ? { coder } : {} })).attributes.code!;
  const k = c.values.indexOf(codeId);
  return c.codes.flatMap((v, i) => (v === k ? [i] : []));
}

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { seed: DEMO_SEED, scale: SCALE });
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'map-codes.duckdb'));
  await runImport(ws.db, { path: dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const emb = await backend.app.call('embeddings-create', { provider: 'offline', dimensions: 24 });
  expect((await backend.app.call('job-wait', { id: emb.jobId })).state).toBe('done');
  const started = await backend.app.call('map-project', { embeddingSetId: emb.embeddingSetId, epochs: 200, seed: 5 });
  expect((await backend.app.call('job-wait', { id: started.jobId })).state).toBe('done');
  projectionId = started.projectionId;
  points = await backend.app.call('map-points', { projectionId });
  const { codes } = await backend.app.call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
  code = codes.find((c) => c.path === 'Affective/Validating emotions') ?? codes.find((c) => c.depth === 2)!;
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 950 }, pageErrors, { acceptDownloads: true });
  ({ server, browser, page } = session);
  page.setDefaultTimeout(60_000);
}, 300_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

/** A rectangle of ±half px around the median point (inside the canvas), dragged in box mode. */
async function boxSelect(half: number): Promise<void> {
  const host = page.locator(tid('map-canvas'));
  await host.scrollIntoViewIfNeeded();
  const [xd, yd, bb] = await Promise.all([host.getAttribute('data-x-domain'), host.getAttribute('data-y-domain'), host.boundingBox()]);
  const [x0, x1] = xd!.split(',').map(Number);
  const [y0, y1] = yd!.split(',').map(Number);
  const norm = normalise(points.x, points.y, points.bounds);
  const px = Array.from(norm.x, (v) => bb!.x + ((v - x0) / (x1 - x0)) * bb!.width).sort((a, b) => a - b);
  const py = Array.from(norm.y, (v) => bb!.y + bb!.height - ((v - y0) / (y1 - y0)) * bb!.height).sort((a, b) => a - b);
  const cx = Math.min(Math.max(px[px.length >> 1], bb!.x + half + 5), bb!.x + bb!.width - half - 5);
  const cy = Math.min(Math.max(py[py.length >> 1], bb!.y + half + 5), bb!.y + bb!.height - half - 5);
  await page.keyboard.press('b');
  await poll(() => page.getAttribute(tid('map-canvas'), 'data-mode')).toBe('box');
  await page.mouse.move(cx - half - 2, cy - half - 2);
  await page.mouse.down();
  await page.mouse.move(cx - half, cy - half);
  await page.mouse.move(cx + half, cy + half, { steps: 15 });
  await page.waitForTimeout(200);
  await page.mouse.up();
  await page.keyboard.press('b');
}

describe('Map: codes, contours and score ranges', () => {
  it('colours by code: the legend lists the codebook with counts, every point uncoded at first', async () => {
    await page.goto(server.launchUrl + '#/map');
    await page.waitForSelector(`${tid('map-view')}[data-layer="points"]`, { timeout: 120_000 });
    await poll(() => page.getAttribute(tid('map-canvas'), 'data-points')).toBe(String(points.n));
    await page.selectOption(tid('map-color-by'), 'code');
    await page.waitForSelector(`${tid('legend-item')}[data-value="${code.codeId}"]`);
    const { codes } = await backend.app.call('coding-codebook', undefined);
    const items = await page.locator(tid('legend-item')).evaluateAll((els) => els.map((e) => [e.getAttribute('data-value'), Number(e.getAttribute('data-count'))]));
    expect(items).toEqual([...codes.map((c) => [c.codeId, 0]), ['', points.n]]);
    expect(await page.locator(`${tid('legend-item')}[data-value="${code.codeId}"] .label`).textContent()).toBe(code.path);
  }, 300_000);

  it('codes a box selection from the side panel: the legend count and the backend follow, and undo takes it back', async () => {
    await boxSelect(70);
    await page.waitForSelector(tid('map-selection-count'));
    const count = Number(await page.getAttribute(tid('map-selection'), 'data-count'));
    expect(count).toBeGreaterThan(3);
    const listed = await page.locator(tid('map-selection-sentence')).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
    await page.fill(tid('map-code-these-coder'), 'ann');
    await page.selectOption(tid('map-code-select'), code.codeId);
    await poll(() => page.getAttribute(tid('map-code-already'), 'data-count')).toBe('0');
    // The recolour reads the codes alone, not every point again.
    const calls: string[] = [];
    const onRequest = (r: { url(): string }) => { const m = /\/api\/(map-[a-z-]+)/.exec(r.url()); if (m) calls.push(m[1]); };
    page.on('request', onRequest);
    await page.click(tid('map-code-apply'));
    await poll(() => page.textContent(tid('map-code-result'))).toContain(`Coded ${count.toLocaleString('en')} sentence`);
    await poll(() => legendCount(code.codeId)).toBe(String(count));
    await poll(() => legendCount('')).toBe(String(points.n - count));
    page.off('request', onRequest);
    expect(calls).toContain('map-point-codes');
    expect(calls).not.toContain('map-points');
    // The selection stays, now counted as coded; the backend holds exactly as many coded points, the listed ones among them.
    expect(Number(await page.getAttribute(tid('map-canvas'), 'data-selected'))).toBe(count);
    await poll(() => page.getAttribute(tid('map-code-already'), 'data-count')).toBe(String(count));
    const coded = await codedWith(code.codeId, 'ann');
    expect(coded).toHaveLength(count);
    expect(listed.filter((i) => !coded.includes(i))).toEqual([]);
    const byCode = page.locator(`${tid('map-selection-by-code')} tr[data-value="${code.codeId}"] .num`);
    await poll(() => byCode.textContent()).toBe(count.toLocaleString('en'));
    await page.click(tid('map-code-undo'));
    await poll(() => page.textContent(tid('map-code-result'))).toContain('Undid');
    await poll(() => legendCount(code.codeId)).toBe('0');
    expect(await codedWith(code.codeId)).toEqual([]);
    expect((await backend.app.call('coding-assignments', { coders: ['ann'] })).total).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('map-selection'), { state: 'detached' });
  }, 120_000);

  it("names a hovered point's code in the tooltip", async () => {
    const host = page.locator(tid('map-canvas'));
    /** Where each point is on screen now (read after any redraw: a recolour may move the camera). */
    const screen = async () => {
      await host.scrollIntoViewIfNeeded();
      const [xd, yd, bb] = await Promise.all([host.getAttribute('data-x-domain'), host.getAttribute('data-y-domain'), host.boundingBox()]);
      const [x0, x1] = xd!.split(',').map(Number);
      const [y0, y1] = yd!.split(',').map(Number);
      const norm = normalise(points.x, points.y, points.bounds);
      const px = Array.from(norm.x, (v) => bb!.x + ((v - x0) / (x1 - x0)) * bb!.width);
      const py = Array.from(norm.y, (v) => bb!.y + bb!.height - ((v - y0) / (y1 - y0)) * bb!.height);
      return { px, py, bb: bb!, bottom: Math.min(bb!.y + bb!.height, page.viewportSize()!.height) };
    };
    let { px, py, bb, bottom } = await screen();
    // A point with no other within 6 px, so the mouse can only be over that one.
    const target = px.findIndex((x, i) => x > bb.x + 20 && x < bb.x + bb.width - 20 && py[i] > bb.y + 20 && py[i] < bottom - 20
      && !px.some((x2, j) => j !== i && Math.abs(x2 - x) < 6 && Math.abs(py[j] - py[i]) < 6));
    expect(target).toBeGreaterThanOrEqual(0);
    await backend.app.call('map-code-selection', { projectionId, indices: [target], codeId: code.codeId, coder: 'ann' });
    // Choosing ann's codes refetches the colours.
    await page.selectOption(tid('map-code-coder'), 'ann');
    await poll(() => legendCount(code.codeId)).toBe('1');
    // The box selection before this opened and closed the side panel: the view's domain (which labels and contours
    // read too) must describe the canvas at its width now, or the mouse lands beside the point.
    await page.waitForTimeout(300);
    ({ px, py, bb, bottom } = await screen());
    await page.mouse.move(px[target] - 20, py[target]);
    await page.mouse.move(px[target], py[target], { steps: 4 });
    await page.waitForSelector(`${tid('map-tooltip')}[data-index="${target}"]`);
    expect(await page.getAttribute(tid('map-tooltip-code'), 'data-code')).toBe(code.codeId);
    await poll(() => page.textContent(tid('map-tooltip-code'))).toBe(`Code: ${code.path}`);
    await page.mouse.move(bb.x + 2, bb.y + 2);
    await backend.app.call('coding-undo', { coder: 'ann' });
    await page.selectOption(tid('map-code-coder'), '');
    await poll(() => legendCount(code.codeId)).toBe('0');
  }, 120_000); // two full recolours (every point refetched) and a SwiftShader hover: slow on a loaded CI machine

  it('draws density contours under the points, moved with the camera', async () => {
    await page.click(tid('map-contours-toggle'));
    await page.waitForSelector(`${tid('map-contours')} path`);
    expect(Number(await page.getAttribute(tid('map-contours'), 'data-levels'))).toBeGreaterThan(1);
    // Under the points: the SVG comes before the canvas in the view.
    expect(await page.evaluate(() => {
      const svg = document.querySelector('[data-testid="map-contours"]')!;
      const canvas = document.querySelector('[data-testid="map-canvas"]')!;
      return !!(svg.compareDocumentPosition(canvas) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    const before = await page.getAttribute(`${tid('map-contours')} g`, 'transform');
    const bb = (await page.locator(tid('map-canvas')).boundingBox())!;
    await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2);
    await page.mouse.wheel(0, -300);
    await poll(() => page.getAttribute(`${tid('map-contours')} g`, 'transform')).not.toBe(before);
    await page.click(tid('map-reset-view'));
    await page.click(tid('map-contours-toggle'));
    await page.waitForSelector(tid('map-contours'), { state: 'detached' });
  }, 60_000);

  it("narrows the shown points by the explorer's score ranges, as the backend's filter does", async () => {
    const info = await backend.app.call('study-info', undefined);
    const set = info.scoreSets.find((s) => s.dimensions.length > 0)!;
    expect(set).toBeDefined();
    const dim = set.dimensions[0];
    let min = -1, expected = -1;
    for (const m of [3, 4, 2, 5]) {
      const p = await backend.app.call('map-points', { projectionId, filter: { scoreRanges: [{ scoreSetId: set.id, dimension: dim, min: m }] } });
      if (p.visibleCount > 0 && p.visibleCount < points.n) [min, expected] = [m, p.visibleCount];
      if (min >= 0) break;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    await page.selectOption(`${tid('map-score-filter')} ${tid('score-set-select')}`, set.id);
    await page.fill(`${tid('map-score-filter')} ${tid(`range-min-${dim}`)}`, String(min));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(expected));
    await page.click(tid('map-clear-filters'));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n));
  }, 60_000);

  it("filters by the explorer's code filter: the points of conversations with a coded sentence", async () => {
    await backend.app.call('map-code-selection', { projectionId, indices: [0, 1, 2], codeId: code.codeId, coder: 'bo' });
    const expected = (await backend.app.call('map-points', { projectionId, filter: { codes: { codeIds: [code.codeId] } } })).visibleCount;
    expect(expected).toBeGreaterThanOrEqual(3);
    expect(expected).toBeLessThan(points.n);
    await page.focus(`${tid('map-code-filter')} ${tid('filter-code-add')}`);
    await page.waitForSelector(`${tid('map-code-filter')} ${tid('filter-code-add')} option[value="${code.codeId}"]`, { state: 'attached' });
    await page.selectOption(`${tid('map-code-filter')} ${tid('filter-code-add')}`, code.codeId);
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(expected));
    await page.click(tid('map-clear-filters'));
    await poll(() => page.getAttribute(tid('map-shown'), 'data-shown')).toBe(String(points.n));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
