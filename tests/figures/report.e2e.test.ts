// The HTML report in Debian's Chromium: at 1280 px every table fits or scrolls inside its own wrapper (no column is
// cut off, every header can be scrolled into view, the page itself never scrolls sideways), and in print (the PDF
// Chromium writes) every table fits the page width. Extended Data Table 1 at full width (six dimensions, three
// treatments, coefficients with stars and SEs) is the table that used to be cut off after Dismissing Emotions.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectsResult } from '../../main/api/contract/index.js';
import {
  agreementMatrixFigure, effectsFigure, type FigureSpec, rciFigure, reportHtml, selfReportFigure, shiftsFigure, themeShiftsFigure,
} from '../../main/figures/index.js';
import { renderSvg } from '../../main/figures/headless.js';
import { launchChromium, newPage } from '../helpers/chromium.js';
import * as F from './fixtures.js';
import { tempDir } from './helpers.js';

const DIMS = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding', 'advice_giving', 'self_oriented', 'dismissing_emotions'];
const TREAT = ['video', 'coach', 'combined'];

/** Extended Data Table 1 at the paper's size: every dimension and treatment, built from one fixture dimension. */
function paperSizeEffects(): EffectsResult {
  const base = F.effects.dimensions.encouraging_elaboration;
  const t = base.terms['coach:post'];
  const terms = Object.fromEntries(['intercept', ...TREAT, 'post', ...TREAT.map((c) => `${c}:post`)].map((n, i) => [n, { ...t, coef: t.coef - 0.1 * i }]));
  const dim = { ...base, terms, points: terms, baselineSds: terms };
  return {
    ...F.effects, conditions: ['control', ...TREAT], treatments: TREAT,
    // As the service writes it: the dimension list is one long unbroken token in the provenance line.
    provenance: { ...F.effects.provenance, parameters: { ...F.effects.provenance.parameters, dimensions: [...DIMS, 'overall'] } },
    dimensions: Object.fromEntries([...DIMS, 'overall'].map((d) => [d, dim])),
  };
}

const tmp = tempDir('workbench-report-e2e-');
const file = join(tmp.path, 'report.html');
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const figures: FigureSpec[] = [
    effectsFigure(paperSizeEffects(), F.contrasts), rciFigure(F.rci), selfReportFigure(F.trait), shiftsFigure(F.shifts),
    themeShiftsFigure({ ...F.shifts, level: 'category' }), agreementMatrixFigure(F.agreementMatrix),
  ];
  writeFileSync(file, reportHtml({
    study: 'Fixture study', simulated: true, dbPath: '/tmp/fixture.duckdb', appVersion: '0.0.0-test', generatedAt: '2026-12-01T00:00:00Z',
    items: figures.map((f) => ({ id: f.id, paperRef: f.paperRef, figure: f, svg: renderSvg(f), skipped: null })),
  }));
  browser = await launchChromium();
  page = await newPage(browser, { width: 1280, height: 900 }, errors);
  await page.goto(pathToFileURL(file).href);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  tmp.cleanup();
});

interface TableCheck { id: string; wrapWidth: number; scrollWidth: number; overflowX: string; headers: number; unreachable: string[]; rightmost: number }

/** Per table: its wrapper's widths and overflow, and the headers that cannot be brought inside the wrapper and the viewport. */
function checkTables(p: Page, viewportWidth: number): Promise<TableCheck[]> {
  return p.evaluate((vw) => [...document.querySelectorAll<HTMLElement>('.table-wrap')].map((w) => {
    const ths = [...w.querySelectorAll<HTMLElement>('th')];
    const unreachable: string[] = [];
    let rightmost = 0;
    for (const th of ths) {
      th.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = th.getBoundingClientRect();
      const wr = w.getBoundingClientRect();
      rightmost = Math.max(rightmost, r.right);
      if (r.left < wr.left - 1 || r.right > wr.right + 1 || r.right > vw + 1) unreachable.push(th.textContent ?? '');
    }
    w.scrollLeft = 0;
    return { id: w.querySelector('table')!.id, wrapWidth: w.clientWidth, scrollWidth: w.scrollWidth, overflowX: getComputedStyle(w).overflowX, headers: ths.length, unreachable, rightmost };
  }), viewportWidth);
}

describe('the HTML report in Chromium', () => {
  it('at 1280 px: the page never scrolls sideways; every table fits or scrolls in its wrapper, every header reachable', async () => {
    const pageWidth = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.inner);
    const tables = await checkTables(page, 1280);
    expect(tables.map((t) => t.id)).toContain('ed-table-1');
    const ed1 = tables.find((t) => t.id === 'ed-table-1')!;
    expect(ed1.headers).toBe(1 + DIMS.length); // the term column and six dimensions; the overall score has its own table
    for (const t of tables) {
      expect(t.unreachable, t.id).toEqual([]);
      if (t.scrollWidth > t.wrapWidth) expect(['auto', 'scroll'], t.id).toContain(t.overflowX);
    }
    expect(await page.locator('#ed-table-1 th', { hasText: 'Dismissing emotions' }).count()).toBe(1);
    expect(await page.locator('#overall-effects').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('in print (A4, 12 mm margins): no table is wider than the page, and Chromium writes the PDF', async () => {
    // A4 is 210 mm; less 2 x 12 mm of margin that leaves 186 mm = 703 CSS px for the content.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 1000 });
    // Nothing, figures included, reaches past the page's content width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
    const tables = await checkTables(page, 703);
    for (const t of tables) {
      expect(t.scrollWidth, `${t.id} overflows its wrapper in print`).toBeLessThanOrEqual(t.wrapWidth);
      expect(t.unreachable, t.id).toEqual([]);
      expect(t.rightmost, t.id).toBeLessThanOrEqual(703 + 1);
    }
    const pdf = await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  }, 120_000);
});
