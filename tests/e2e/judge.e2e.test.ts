// End to end in headless Chromium: the built judge page, served by the real HTTP transport from an in-process backend,
// judging a tiny study against the local OpenAI-compatible TEST SERVER (made-up answers): the UI's handling of the judge
// protocol (settings, key entry, estimate, start, progress, failures, retry, score set in the explorer), not judging
// quality. Every number the page shows is compared with what the backend answers for the same question.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementMatrixArgs, Args, JudgePairwiseSpec, JudgeRunDetail, JudgeRunSpec, MethodName, Result } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { envKeyProvider, memoryKeyStore, type KeyStore } from '../../main/judge/keys.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

/** Where the screenshots go (looked at by whoever changes this page). */
const SHOTS = process.env.JUDGE_SCREENSHOT_DIR ?? '/tmp';

/** A made-up key: it must reach the endpoint's Authorization header and never the page. */
const KEY = 'sk-e2e-judge-ui-SECRET-0123456789abcdef';
const MODEL = 'gpt-4o-mini';
/** Conversations whose text mentions this scenario get an out-of-range score until `failing` is switched off. */
const FAIL_TEXT = 'job loss';

const tmp = tempDir('workbench-judge-e2e-');
let backend: Backend;
let session: BrowserModeSession, server: BrowserModeSession['server'];
let llm: OpenAITestServer;
let page: Page;
let failing = true, runId = '';
let storedKey: string | null = null, storedFor: string | null = null;
let store: KeyStore;
const pageErrors: string[] = [];

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });
const call = <M extends MethodName>(m: M, args: Args<M>): Promise<Result<M>> => backend.app.call(m, args);
const tid = (id: string) => `[data-testid="${id}"]`;
const value = (id: string) => page.getAttribute(tid(id), 'data-value');
const num = async (id: string) => Number(await value(id));

/** What the page holds anywhere: its HTML, every field's live value and the text of the document. */
async function everythingOnThePage(): Promise<string> {
  const html = await page.content();
  const fields = await page.$$eval('input, textarea, select', (els) => els.map((e) => (e as HTMLInputElement).value).join('\n'));
  const text = await page.evaluate(() => document.body.innerText);
  return [html, fields, text].join('\n');
}

beforeAll(async () => {
  llm = await OpenAITestServer.start({
    latencyMs: 30,
    behavior: (r) => (failing && r.conversation?.toLowerCase().includes(FAIL_TEXT) ? 'out-of-range' : 'ok'),
  });

  backend = new Backend({ home: join(tmp.path, 'home') });
  // Like the Electron shell: a key typed in the UI goes to a secure store (here in memory); no OPENAI_API_KEY.
  const memory = memoryKeyStore('settings (safeStorage)');
  store = { ...memory, setKey: async (url, k) => { storedKey = k; storedFor = url; await memory.setKey(url, k); } };
  backend.keys.use(envKeyProvider({}), store);
  await call('study-open', { path: join(tmp.path, 'judge.duckdb') });
  const { dir } = writeTinyStudy(join(tmp.path, 'tiny'), 4);
  const { jobId } = await call('import-start', { path: dir, format: 'study' });
  expect((await call('job-wait', { id: jobId })).state).toBe('done');

  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1600, height: 1000 }, pageErrors);
  ({ server, page } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await llm?.close();
  backend?.close();
  tmp.cleanup();
});

describe('judge UI against the local test server (protocol handling in the UI, not judging quality)', () => {
  it('opens from the header with an empty run list and no key for OpenAI', async () => {
    await page.goto(server.launchUrl + '#/overview');
    await page.click(tid('nav-judge'));
    await page.waitForSelector(tid('judge-page'));
    expect(page.url()).toContain('#/judge');
    await page.waitForSelector(tid('judge-runs-empty'));
    await poll(() => page.textContent(tid('judge-key-status'))).toBe('No key for https://api.openai.com');
    expect(await page.isVisible(tid('judge-estimate-empty'))).toBe(true);
    expect(await page.isDisabled(tid('judge-start-button'))).toBe(true);
  });

  it('takes the test server as base URL and a key that is stored, used, and never shown again', async () => {
    await page.fill(tid('judge-base-url'), llm.url);
    await poll(() => page.textContent(tid('judge-key-status'))).toMatch(/local server/);
    await page.fill(tid('judge-model'), MODEL);

    await page.fill(tid('judge-key-input'), KEY);
    await page.click(tid('judge-key-save'));
    await page.waitForSelector(tid('judge-key-saved'));
    expect(storedKey).toBe(KEY);
    // Stored for the endpoint it was typed for, and for no other.
    expect(storedFor).toBe(llm.url);
    expect(await store.getKey('https://api.openai.com/v1')).toBeNull();
    await poll(() => page.textContent(tid('judge-key-status'))).toMatch(/^Key set — from settings \(safeStorage\)/);
    expect(await page.inputValue(tid('judge-key-input'))).toBe('');
    expect(await everythingOnThePage()).not.toContain(KEY);
    // Nor anything that merely looks like it.
    expect(await everythingOnThePage()).not.toContain(KEY.slice(0, 16));
  });

  it('tests the connection with one one-token request before any paid run', async () => {
    const before = llm.chat().length;
    await page.click(tid('judge-connection-test'));
    await poll(() => page.getAttribute(tid('judge-connection-result'), 'data-ok')).toBe('true');
    expect(await page.textContent(tid('judge-connection-result'))).toContain(`answered with model ${MODEL}`);
    const sent = llm.chat().slice(before).map((r) => [r.body.max_tokens ?? r.body.max_completion_tokens, r.authorization]);
    expect(sent).toEqual([[1, `Bearer ${KEY}`]]); // one request, one output token, the origin's key
  });

  it('chooses conversations by a filter and counts them as the conversation list does', async () => {
    await page.click(tid('judge-selection-filter'));
    await page.click(tid('judge-condition-coach'));
    const coach = await call('conversations-list', { filter: { conditions: ['coach'] }, limit: 1 });
    await poll(() => page.textContent(tid('judge-filter-count'))).toContain(`${coach.total} of 12 conversations match`);
    await page.locator(tid('judge-conversations')).screenshot({ path: join(SHOTS, 'judge-selection.png') });
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/judge-estimate')),
      page.click(tid('judge-estimate-button')),
    ]);
    expect((JSON.parse(req.postData()!) as JudgeRunSpec).selection).toEqual({ filter: { conditions: ['coach'] } });
    await page.waitForSelector(tid('judge-estimate'));
    await poll(() => num('est-conversations')).toBe(coach.total);
    await page.click(tid('judge-selection-all'));
  });

  it('estimates: the page shows exactly what judge-estimate answers for the spec the page sent', async () => {
    await page.fill(tid('judge-concurrency'), '3');
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/judge-estimate')),
      page.click(tid('judge-estimate-button')),
    ]);
    const sent = JSON.parse(req.postData()!) as JudgeRunSpec;
    expect(sent).toMatchObject({ model: MODEL, baseUrl: llm.url, mode: 'scores', params: { temperature: 0 }, limits: { concurrency: 3 } });
    expect(sent.selection).toBeUndefined();
    await page.waitForSelector(`${tid('judge-estimate')}[data-stale="false"]`);

    const est = await call('judge-estimate', sent);
    expect(est.conversations).toBe(12);
    expect(est.calls).toBe(12);
    expect(est.cost.priced).toBe(true);
    expect(await num('est-conversations')).toBe(est.conversations);
    expect(await num('est-calls')).toBe(est.calls);
    expect(await num('est-cache')).toBe(est.cacheHits);
    expect(await num('est-to-request')).toBe(est.toRequest);
    expect(await num('est-input-tokens')).toBe(est.inputTokens);
    expect(await num('est-output-tokens')).toBe(est.outputTokens);
    expect(await num('est-cost')).toBe(est.cost.amount);
    expect(await page.textContent(tid('est-cost'))).toMatch(/^\$/);
    expect(await page.textContent(tid('est-meta'))).toContain(`${est.template.templateId} v${est.template.version}`);
    expect(await page.textContent(tid('judge-start-button'))).toContain(`Start ${est.toRequest}`);

    // A changed setting makes the estimate stale: no start until estimated again.
    await page.fill(tid('judge-temperature'), '0.5');
    await page.waitForSelector(tid('judge-estimate-stale'));
    expect(await page.isDisabled(tid('judge-start-button'))).toBe(true);
    await page.fill(tid('judge-temperature'), '0');
    await page.waitForSelector(`${tid('judge-estimate')}[data-stale="false"]`);
    expect(await page.isDisabled(tid('judge-start-button'))).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'judge-new-run.png'), fullPage: true });
  });

  it('starts a run and follows it to the end; the run page counts equal judge-run-get', async () => {
    await page.fill(tid('judge-label'), 'e2e run');
    await page.click(tid('judge-start-button'));
    await page.waitForSelector(tid('run-page'));
    runId = (await page.getAttribute(tid('run-page'), 'data-run-id'))!;
    expect(runId).toMatch(/^judge-/);
    expect(page.url()).toContain(`#/judge/run/${runId}`);
    await page.waitForSelector(`${tid('run-page')}[data-state="done"]`, { timeout: 30_000 });

    const run = await call('judge-run-get', { runId });
    expect(run.state).toBe('done');
    expect(run.label).toBe('e2e run');
    expect(run.total).toBe(12);
    expect(run.failed).toBeGreaterThan(0); // the injected out-of-range answers
    expect(run.answered + run.failed).toBe(run.total);
    await expectRunPageMatches(run);
    expect(await page.textContent(tid('run-title'))).toBe('e2e run');
    expect(await page.getAttribute(`${tid('judge-run-item')}[data-run-id="${runId}"]`, 'data-state')).toBe('done');

    // Every request carried the key typed in the UI.
    const chat = llm.chat();
    expect(chat.length).toBeGreaterThanOrEqual(run.total);
    expect(chat.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(llm.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('lists each failure with the reason the backend recorded', async () => {
    const run = await call('judge-run-get', { runId });
    const rows = await page.$$eval(tid('run-failure'), (trs) => trs.map((tr) => [
      (tr as HTMLElement).dataset.conversationId, tr.querySelector('[data-testid="run-failure-reason"]')!.textContent,
    ]));
    expect(rows).toEqual(run.failures.map((f) => [f.conversationId, f.reason]));
    for (const [, reason] of rows) expect(reason).toMatch(/invalid answer after 3 attempts: advice_giving: score 7 outside 1-5/);
    expect(await page.textContent(tid('run-failure-reasons'))).toContain(run.failureReasons[0].reason);
    // The failing conversations are the ones whose text the test server was told to spoil.
    for (const f of run.failures) {
      const d = await call('conversation-get', { id: f.conversationId });
      expect(d.messages.map((m) => m.text).join(' ').toLowerCase()).toContain(FAIL_TEXT);
    }
    await page.screenshot({ path: join(SHOTS, 'judge-run-failures.png'), fullPage: true });
  });

  it('Retry failures asks those items again and clears them', async () => {
    failing = false;
    const before = llm.chat().length;
    const failed = (await call('judge-run-get', { runId })).failed;
    await page.click(tid('run-retry-failures'));
    await page.waitForSelector(tid('run-no-failures'), { timeout: 30_000 });
    await page.waitForSelector(`${tid('run-page')}[data-state="done"]`);
    const run = await call('judge-run-get', { runId });
    expect(run.failed).toBe(0);
    expect(run.answered).toBe(run.total);
    await expectRunPageMatches(run);
    // Only the failed items were asked again (identical texts may share one cached answer).
    const again = llm.chat().slice(before);
    expect(again.length).toBeGreaterThan(0);
    expect(again.length).toBeLessThanOrEqual(failed);
    expect(again.every((r) => r.conversation!.toLowerCase().includes(FAIL_TEXT))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'judge-run.png'), fullPage: true });
  });

  it('computes agreement of the run with another score set, as the analysis API does', async () => {
    await page.waitForSelector(tid('run-agreement'));
    expect(await page.inputValue(tid('agreement-reference'))).toBe('tiny-judge');
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/analysis-agreement-matrix')),
      page.click(tid('agreement-compute')),
    ]);
    const args = JSON.parse(req.postData()!) as AgreementMatrixArgs;
    expect(args).toMatchObject({ raters: [runId], reference: 'tiny-judge' });
    await page.waitForSelector(tid('agreement-table'));
    const m = await call('analysis-agreement-matrix', args);
    const shown = await page.$$eval(`${tid('agreement-row')} td`, (tds) => tds.map((t) => t.textContent));
    expect(shown[0]).toBe(m.pairs[0].label);
    expect(shown.slice(1)).toEqual(m.rows.map((r) => r.kappa_scale.toFixed(2)));
  });

  it('the explorer lists the run as a score set and shows its scores', async () => {
    const run = await call('judge-run-get', { runId });
    expect(await page.textContent(tid('run-score-set'))).toBe(run.scoreSetId);
    await page.click(tid('run-open-explorer'));
    await page.waitForSelector(tid('explorer'));
    expect(page.url()).toContain('#/conversations');
    // The run's score set is shown and the list holds the conversations it scored, nothing else.
    await poll(() => page.inputValue(tid('score-set-select'))).toBe(run.scoreSetId);
    await page.waitForSelector(tid('filter-scored-in'));
    await page.selectOption(tid('score-set-select'), run.scoreSetId!);
    await page.waitForSelector(`${tid('list-row')}[data-index="0"]`);
    const first = (await page.getAttribute(`${tid('list-row')}[data-index="0"]`, 'data-conversation-id'))!;
    await page.click(`${tid('list-row')}[data-index="0"]`);
    await page.waitForSelector(`${tid('score-cell')}[data-score-set="${run.scoreSetId}"]`);
    const detail = await call('conversation-get', { id: first });
    const judged = detail.scores.filter((s) => s.scoreSetId === run.scoreSetId);
    expect(judged).toHaveLength(6);
    for (const s of judged) {
      expect(await page.getAttribute(`${tid('score-cell')}[data-score-set="${run.scoreSetId}"][data-dimension="${s.dimension}"]`, 'data-score')).toBe(String(s.score));
    }
  });

  it('a second estimate of the same settings is answered by the cache', async () => {
    await page.click(tid('nav-judge'));
    await page.click(tid('judge-nav-new'));
    await page.waitForSelector(tid('judge-new'));
    // The form kept the endpoint and model (never the key).
    expect(await page.inputValue(tid('judge-base-url'))).toBe(llm.url);
    expect(await page.inputValue(tid('judge-model'))).toBe(MODEL);
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/judge-estimate')),
      page.click(tid('judge-estimate-button')),
    ]);
    await page.waitForSelector(tid('judge-estimate'));
    const est = await call('judge-estimate', JSON.parse(req.postData()!));
    expect(est.cacheHits).toBe(12);
    expect(est.toRequest).toBe(0);
    await poll(() => num('est-cache')).toBe(12);
    expect(await num('est-to-request')).toBe(0);
  });

  it('pairwise with A/B swap: estimate, run, and the Elo table equals judge-elo', async () => {
    await page.click(tid('judge-mode-pairwise'));
    await page.waitForSelector(tid('judge-pairwise-options'));
    expect(await page.isDisabled(tid('judge-batch'))).toBe(true);
    expect(await page.inputValue(tid('judge-template'))).toBe('default-pairwise');
    await page.check(tid('judge-swap'));
    const [req] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/judge-pairwise-estimate')),
      page.click(tid('judge-estimate-button')),
    ]);
    const sent = JSON.parse(req.postData()!) as JudgePairwiseSpec;
    expect(sent).toMatchObject({ model: MODEL, baseUrl: llm.url, swap: true, comparisonsPerConversation: 10, prompt: { templateId: 'default-pairwise' } });
    expect('batch' in sent).toBe(false);
    await page.waitForSelector(`${tid('judge-estimate')}[data-stale="false"]`);
    const est = await call('judge-pairwise-estimate', sent);
    expect(est.calls).toBeGreaterThan(0);
    expect(await num('est-calls')).toBe(est.calls);
    expect(await num('est-input-tokens')).toBe(est.inputTokens);
    expect(await num('est-cost')).toBe(est.cost.amount);

    await page.fill(tid('judge-label'), 'e2e pairwise');
    await page.click(tid('judge-start-button'));
    await page.waitForSelector(`${tid('run-page')}:not([data-run-id="${runId}"])`, { timeout: 60_000 });
    const pw = (await page.getAttribute(tid('run-page'), 'data-run-id'))!;
    await page.waitForSelector(`${tid('run-page')}[data-state="done"]`, { timeout: 30_000 });
    const run = await call('judge-run-get', { runId: pw });
    expect(run.mode).toBe('pairwise');
    expect(run.total).toBe(est.calls);
    await expectRunPageMatches(run);

    const elo = await call('judge-elo', { runId: pw });
    const expected = [...elo.ratings].sort((a, b) => b.rating - a.rating || a.conversationId.localeCompare(b.conversationId));
    // The table refetches as answers arrive; after the last one it shows the final ratings.
    await poll(() => page.$$eval(tid('elo-row'), (trs) => trs.map((t) => [(t as HTMLElement).dataset.conversationId, Number((t as HTMLElement).dataset.rating)])))
      .toEqual(expected.map((r) => [r.conversationId, r.rating]));
    expect(await page.textContent(tid('elo-trials'))).toContain(`${elo.trials} comparisons`);
    expect(elo.positionBias?.swappedPairs).toBeGreaterThan(0);
    expect(await page.textContent(tid('elo-position-bias'))).toContain(`${elo.positionBias!.swappedPairs} pairs asked both ways`);
    await page.screenshot({ path: join(SHOTS, 'judge-pairwise.png') });
  });

  it('edits a prompt template into a new version and lists the history', async () => {
    await page.click(tid('judge-nav-templates'));
    await page.waitForSelector(tid('templates-page'));
    await page.click(`${tid('template-item')}[data-template-id="default-scores"]`);
    expect(await page.textContent(tid('template-shown-version'))).toBe('v1');
    expect(await page.isDisabled(tid('template-save'))).toBe(true);
    const system = await page.inputValue(tid('template-system'));
    await page.fill(tid('template-system'), system + '\nBe strict.');
    await page.fill(tid('template-note'), 'stricter');
    await page.click(tid('template-save'));
    await page.waitForSelector(tid('template-saved'));
    expect(await page.textContent(tid('template-saved'))).toContain('default-scores v2');
    const list = await call('prompt-templates-list', { kind: 'scores' });
    expect(list.map((t) => t.version)).toEqual([2, 1]);
    expect(list[0].note).toBe('stricter');
    await poll(() => page.$$eval(tid('template-version'), (trs) => trs.map((t) => (t as HTMLElement).dataset.version))).toEqual(['2', '1']);
    await page.screenshot({ path: join(SHOTS, 'judge-templates.png') });
    // A template without its placeholder is refused with the backend's reason.
    await page.fill(tid('template-user'), 'no placeholder here');
    await page.click(tid('template-save'));
    await page.waitForSelector(tid('template-save-error'));
    expect(await page.textContent(tid('template-save-error'))).toMatch(/must contain \{\{conversation\}\}/);
    await page.click(tid('template-revert'));
  });

  it('edits the price table', async () => {
    await page.click(tid('judge-nav-prices'));
    await page.waitForSelector(tid('price-table'));
    const prices = await call('price-table-get', undefined);
    expect(await page.$$(tid('price-row'))).toHaveLength(prices.length);
    const i = prices.findIndex((p) => p.model === MODEL);
    await page.locator(tid('price-input')).nth(i).fill('1.5');
    await page.click(tid('price-save'));
    await page.waitForSelector(tid('price-saved'));
    expect((await call('price-table-get', undefined)).find((p) => p.model === MODEL)!.inputPerMTok).toBe(1.5);
    await page.screenshot({ path: join(SHOTS, 'judge-prices.png') });
    await page.locator(tid('price-input')).nth(i).fill('-1');
    await page.click(tid('price-save'));
    await page.waitForSelector(tid('price-error'));
    expect(await page.textContent(tid('price-error'))).toMatch(/input price must be a number ≥ 0/);
    await page.click(tid('price-revert'));
  });

  it('deletes the run with a confirmation', async () => {
    await page.click(`${tid('judge-run-item')}[data-run-id="${runId}"]`);
    await page.waitForSelector(`${tid('run-page')}[data-run-id="${runId}"]`);
    await page.click(tid('run-delete'));
    await page.click(tid('run-delete-confirm'));
    await page.waitForSelector(`${tid('judge-run-item')}[data-run-id="${runId}"]`, { state: 'detached' });
    await page.waitForSelector(tid('judge-new'));
    expect((await call('judge-runs', undefined)).map((r) => r.runId)).not.toContain(runId);
    expect((await call('study-info', undefined)).scoreSets.some((s) => s.id === runId)).toBe(false);
  });

  it('never put the key in the page, and raised no errors', async () => {
    expect(await everythingOnThePage()).not.toContain(KEY);
    expect(readFileSync(join(tmp.path, 'judge.duckdb')).includes(Buffer.from(KEY))).toBe(false);
    // The refused template and price edits are 400s the UI showed; the browser logs those requests too.
    expect(pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});

async function expectRunPageMatches(run: JudgeRunDetail): Promise<void> {
  await poll(() => num('run-answered')).toBe(run.answered);
  expect(await num('run-failed')).toBe(run.failed);
  expect(await num('run-from-cache')).toBe(run.fromCache);
  expect(await num('run-pending')).toBe(run.pending);
  expect(await num('run-input-tokens')).toBe(run.inputTokens);
  expect(await num('run-output-tokens')).toBe(run.outputTokens);
  expect(await num('run-cost')).toBe(run.costSoFar.amount);
  expect(await page.textContent(tid('run-progress-text'))).toBe(`${run.answered + run.failed} of ${run.total}`);
  expect(await page.getAttribute(tid('run-state'), 'data-state')).toBe(run.state);
  expect(await page.$$(tid('run-failure'))).toHaveLength(run.failures.length);
}
