// End to end in headless Chromium: a judge run's agreement card on a study with expert ratings, the real Lend an Ear
// pilot (../shared/corpora/lend-an-ear-pilot: three experts, Gemini, GPT, Claude and the crowd on 50 conversations).
// A scores run over the pilot is judged by the local OpenAI-compatible TEST SERVER (made-up answers), its run page is
// opened, and the card's numbers against the median of the experts, with the leave-one-out benchmark line, must be
// what `analysis-agreement` answers through the API for the same pair, for the run and for the pilot's own raters.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementMatrixArgs, Args, MethodName, Result } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { flagText } from '../../main/figures/agreement.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { fixture, SHARED } from '../golden/helpers.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tiny-study.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';

const MEDIAN = 'median(expert1,expert2,expert3)';
const LOO = fixture('pilot_agreement_loo.json') as { rows: { dimension: string; candidate: string; experts_kappa_scale: number; candidate_kappa_scale: number; flagged_kappa_scale: boolean }[] };

const tmp = tempDir('workbench-agreement-card-e2e-');
let backend: Backend;
let llm: OpenAITestServer;
let session: BrowserModeSession;
let page: Page;
let runId = '';
const pageErrors: string[] = [];

const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  llm = await OpenAITestServer.start();
  backend = new Backend({ home: join(tmp.path, 'home') });
  backend.keys.use(boundKeyProvider('sk-agreement-card-e2e-0000000000', [llm.url], 'test'));
  await call('study-open', { path: join(tmp.path, 'pilot.duckdb') });
  const { jobId } = await call('import-start', { path: join(SHARED, 'corpora', 'lend-an-ear-pilot'), format: 'lend-an-ear' });
  expect((await call('job-wait', { id: jobId })).state).toBe('done');
  const run = await call('judge-start', { model: 'gpt-4o-mini', baseUrl: llm.url, label: 'pilot run', limits: { concurrency: 4, backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 5000 } });
  runId = run.runId;
  await backend.judge.wait(runId);
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1600, height: 1000 }, pageErrors);
  page = session.page;
}, 240_000);

afterAll(async () => {
  await session?.close();
  await llm?.close();
  backend?.close();
  tmp.cleanup();
});

/** Each shown row: its pair label and, per dimension column, the statistic and the leave-one-out line (null: none). */
async function shownRows(): Promise<{ pair: string; cells: { value: string; loo: string | null; below: boolean }[] }[]> {
  return page.$$eval('[data-testid="agreement-row"]', (trs) => trs.map((tr) => {
    const [label, ...tds] = [...tr.querySelectorAll('td')];
    return {
      pair: label.textContent ?? '',
      cells: tds.map((td) => ({
        value: td.firstChild?.textContent ?? '',
        loo: td.querySelector('[data-testid="agreement-loo"]')?.textContent ?? null,
        below: td.classList.contains('below'),
      })),
    };
  }));
}

describe('agreement card of a judge run on a study with experts (the real pilot)', () => {
  it('the run scored all 50 pilot conversations', async () => {
    const run = await call('judge-run-get', { runId });
    expect(run).toMatchObject({ state: 'done', total: 50, answered: 50, failed: 0 });
  });

  it('defaults to the median of the experts and shows, per dimension, analysis-agreement\'s κ and leave-one-out benchmark', async () => {
    await page.goto(`${session.server.launchUrl}#/judge/run/${runId}`);
    await page.waitForSelector(tid('run-agreement'));
    expect(await page.inputValue(tid('agreement-reference'))).toBe(MEDIAN);
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/analysis-agreement-matrix')),
      page.click(tid('agreement-compute')),
    ]);
    expect(JSON.parse(req.postData()!) as AgreementMatrixArgs).toMatchObject({ raters: [runId, 'claude', 'crowd', 'gemini', 'gpt'], reference: MEDIAN, metric: 'kappa_scale' });
    await page.waitForSelector(tid('agreement-table'));
    const rows = await shownRows();
    expect(rows.map((r) => r.pair)).toEqual([`${runId} vs median`, 'claude vs median', 'crowd vs median', 'gemini vs median', 'gpt vs median', 'expert1 vs expert2', 'expert1 vs expert3', 'expert2 vs expert3']);

    for (const rater of [runId, 'claude', 'crowd', 'gemini', 'gpt']) {
      const api = await call('analysis-agreement', { a: rater, b: MEDIAN, flagMetric: 'kappa_scale', reps: 200 });
      const shown = rows.find((r) => r.pair === `${rater} vs median`)!;
      expect(shown.cells.length, rater).toBe(6);
      expect(api.rows.length, rater).toBe(6);
      api.rows.forEach((a, i) => {
        const at = `${rater} ${a.dimension}`;
        expect(a.n, at).toBe(50);
        expect(shown.cells[i].value, at).toBe(a.kappa_scale.toFixed(2));
        expect(shown.cells[i].loo, at).toBe(flagText(a.candidate_loo!, a.experts_mean!, a.below_experts === true));
        expect(shown.cells[i].below, at).toBe(a.below_experts === true);
      });
    }
    // The experts compared with each other carry no benchmark line.
    for (const r of rows.filter((x) => x.pair.startsWith('expert'))) expect(r.cells.every((c) => c.loo === null), r.pair).toBe(true);
    await page.screenshot({ path: join(process.env.JUDGE_SCREENSHOT_DIR ?? '/tmp', 'judge-agreement-experts.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('the pilot raters\' leave-one-out lines are the statsmodels fixture\'s (Gemini below only on dismissing emotions)', async () => {
    const rows = await shownRows();
    const api = await call('analysis-agreement', { a: 'gemini', b: MEDIAN, flagMetric: 'kappa_scale', reps: 200 });
    const gemini = rows.find((r) => r.pair === 'gemini vs median')!;
    api.rows.forEach((a, i) => {
      const g = LOO.rows.find((x) => x.candidate === 'gemini' && x.dimension === a.dimension)!;
      expect(gemini.cells[i].loo, a.dimension).toBe(flagText(g.candidate_kappa_scale, g.experts_kappa_scale, g.flagged_kappa_scale));
    });
    expect(gemini.cells.map((c) => c.below)).toEqual(api.rows.map((a) => a.dimension === 'dismissing_emotions'));
    expect(gemini.cells[api.rows.findIndex((a) => a.dimension === 'dismissing_emotions')].loo).toBe('below (0.247 vs 0.489)');
  });
});
