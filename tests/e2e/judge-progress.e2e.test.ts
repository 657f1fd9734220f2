// Issue 11 item 3 in headless Chromium: while a judge run is live, the header's job indicator and the run's own page
// show the same progress (they once read 55 % and 60 %), because both read the run's job; when it ends, the run page
// shows the stored counts. A slow local test server keeps the run live long enough to sample it many times. Then the
// run page's "Compare with other runs" opens the comparison with the run ticked.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Args, MethodName, Result } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';

const tmp = tempDir('workbench-judge-progress-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let llm: OpenAITestServer;
let page: Page;
const pageErrors: string[] = [];

const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  llm = await OpenAITestServer.start({ latencyMs: 450 }); // 36 calls one at a time: ~16 s live
  backend = new Backend({ home: join(tmp.path, 'home') });
  await call('study-open', { path: join(tmp.path, 'progress.duckdb') });
  const { dir } = writeTinyStudy(join(tmp.path, 'tiny'), 12); // 36 conversations
  const { jobId } = await call('import-start', { path: dir, format: 'study' });
  expect((await call('job-wait', { id: jobId })).state).toBe('done');
  // The search index job that follows an import must be over, so the header shows only the run.
  for (const j of await call('jobs-list', undefined)) if (j.state === 'running' || j.state === 'queued') await call('job-wait', { id: j.id });
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1400, height: 900 }, pageErrors);
  page = session.page;
}, 180_000);

afterAll(async () => {
  await session?.close();
  await llm?.close();
  backend?.close();
  tmp.cleanup();
});

describe('judge run progress', () => {
  it('is one number in the header and on the run page while the run is live', async () => {
    await page.goto(session.server.launchUrl + '#/judge');
    await page.waitForSelector(tid('judge-page'));
    const { runId } = await call('judge-start', { model: 'gpt-4o-mini', baseUrl: llm.url, label: 'progress check', limits: { concurrency: 1 } });
    await page.evaluate((id) => { window.location.hash = `#/judge/run/${id}`; }, runId);
    await page.waitForSelector(`${tid('run-page')}[data-run-id="${runId}"]`);

    // Both read in the same task, so they describe the same rendered frame.
    const sample = () => page.evaluate(() => {
      const header = document.querySelector('[data-testid="jobs-indicator"]');
      const run = document.querySelector('[data-testid="run-percent"]');
      const state = document.querySelector('[data-testid="run-page"]')?.getAttribute('data-state');
      return {
        header: header?.getAttribute('data-percent') ?? null, running: header?.getAttribute('data-running'), kind: header?.getAttribute('data-job-kind'),
        run: run?.getAttribute('data-percent') ?? null, state,
      };
    });
    const compared: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const s = await sample();
      if (s.state === 'done') break;
      // The header's one job must be the run: when the run ends, the derived tables' background build starts, and the
      // header shows that job's number while the run page may still read 'running' for a frame.
      if (s.running === '1' && s.kind === 'judge' && s.header != null && s.state === 'running') {
        expect(s.run, `sample ${i}`).toBe(s.header);
        compared.push(Number(s.header));
      }
      await page.waitForTimeout(25);
    }
    // Sampled at many different points of the run, not only at its start or end.
    expect(new Set(compared.filter((p) => p > 0 && p < 100)).size).toBeGreaterThanOrEqual(3);

    await page.waitForSelector(`${tid('run-page')}[data-state="done"]`, { timeout: 60_000 });
    const run = await call('judge-run-get', { runId });
    expect(run.answered + run.failed).toBe(run.total);
    expect(await page.getAttribute(tid('run-percent'), 'data-percent')).toBe('100');
    expect(await page.textContent(tid('run-progress-text'))).toBe(`${run.total} of ${run.total}`);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('offers "Compare with other runs" from the run page, with the run ticked and compared with the study\'s other score set', async () => {
    const runId = await page.getAttribute(tid('run-page'), 'data-run-id');
    const sets = (await call('study-info', undefined)).scoreSets.map((s) => s.id);
    expect(sets).toHaveLength(2); // the imported rater and this run
    await page.click(tid('run-compare'));
    await page.waitForSelector(tid('judge-compare'));
    expect(await page.isChecked(`${tid('compare-set')}[data-id="${runId}"]`)).toBe(true);
    await page.waitForSelector(tid('compare-means'));
    const expected = await call('judge-compare', { scoreSetIds: [runId!, sets.find((s) => s !== runId)!] });
    expect(await page.$$eval(`${tid('compare-runs')} tbody tr`, (r) => r.length)).toBe(expected.sets.length);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
