// The Coding page in headless Chromium over browser mode, on the tiny study: coders made through the page, the
// paper's starting codebook, tree edits (add, rename with Enter, drag to nest, undo with Ctrl+Z, recolour, delete
// after a confirm); two coders code the same 20 sentence units with the number keys (ben blind, with disagreements),
// the agreement view shows the numbers computed here from what was pressed, one disagreement is resolved and the
// consensus frequencies and the incidence-shift figure on the coding labelling change; a keyboard-only rubric
// rating of two conversations that the API sees as score set rater:ana; and a whole theme (seeded model, as in
// themes.e2e) assigned to a code, with a number key excluding one of its sentences; spans selected inside a
// message, coding by search, the history, merge and split, and the exports as downloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeNode, SentenceKey } from '../../main/api/contract/index.js';
import type { HttpServer } from '../../main/api/http.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { openBrowserMode, type BrowserModeSession } from '../helpers/chromium.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { seedThemeModel } from '../themes/browse-seed.js';

const tmp = tempDir('workbench-coding-e2e-');
let backend: Backend;
let session: BrowserModeSession;
let server: HttpServer;
let page: Page;
const pageErrors: string[] = [];
const tid = (id: string) => `[data-testid="${id}"]`;
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });
const codes = async (): Promise<CodeNode[]> => (await backend.app.call('coding-codebook', undefined)).codes;
const codeByPath = async (path: string) => (await codes()).find((c) => c.path === path);

// Pre (round 1: c000-1 control, workplace; c002-1 coach, personal) and post (rounds 2-3 of coach and combined,
// both scenario types) conversations, so the coded units fall on both sides of the shift in each scenario type.
const CONVERSATIONS = ['c000-1', 'c002-1', 'c002-2', 'c002-3', 'c003-2', 'c003-3'];
const UNITS = 20;
const KEYS = ['2', '3', '4'];
const ana = (i: number) => KEYS[i % 3];
/** ben presses another key on these units (c000-1's second unit is the first). */
const DISAGREE = new Set([1, 6, 10, 15]);
const ben = (i: number) => (DISAGREE.has(i) ? KEYS[(i + 1) % 3] : ana(i));
let plan: { conversationId: string; units: SentenceKey[] }[] = [];

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  backend = new Backend({ home: join(tmp.path, 'home') });
  const ws = await backend.open(join(tmp.path, 'coding.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  await seedThemeModel(ws.db, 'm-seed');
  let left = UNITS;
  for (const conversationId of CONVERSATIONS) {
    const c = await backend.app.call('coding-conversation', { conversationId });
    const units = c.sentences.slice(0, left).map(({ conversationId, turn, sentenceIndex }) => ({ conversationId, turn, sentenceIndex }));
    left -= units.length;
    plan.push({ conversationId, units });
  }
  plan = plan.filter((p) => p.units.length > 0);
  session = await openBrowserMode(backend.app, join(tmp.path, 'renderer'), { width: 1500, height: 1000 }, pageErrors, { acceptDownloads: true });
  ({ server, page } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
  backend?.close();
  tmp.cleanup();
});

/** A fresh load of a coding tab (through the launch link: the token never stays in the address bar). */
async function openCoding(tab: '' | 'agreement' | 'rubric' | 'history') {
  await page.goto('about:blank');
  await page.goto(`${server.launchUrl}#/coding${tab ? `/${tab}` : ''}`);
  await page.waitForSelector(`${tid('coding-page')}[data-tab="${tab || 'code'}"]`);
}

async function addCoder(name: string) {
  await page.fill(tid('coder-new-name'), name);
  await page.click(tid('coder-create'));
  await poll(() => page.inputValue(tid('coder-select'))).toBe(name);
}

/** Codes the plan's units with one key each: pick the conversation, click its first unit, then key, J, key, J… */
async function codeUnits(coder: string, keyOf: (i: number) => string) {
  let i = 0;
  for (const { conversationId, units } of plan) {
    await page.selectOption(tid('coding-conversation-select'), conversationId);
    const rows = page.locator(`${tid('code-sentence')}[data-conversation-id="${conversationId}"]`);
    await poll(() => rows.count()).toBeGreaterThanOrEqual(units.length);
    await rows.first().click();
    for (let u = 0; u < units.length; u++, i++) {
      const row = rows.nth(u);
      await poll(() => row.getAttribute('data-cursor')).toBe('true');
      await page.keyboard.press(keyOf(i));
      await poll(() => row.locator(`${tid('sentence-code')}[data-coder="${coder}"]`).count()).toBe(1);
      await page.keyboard.press('j');
    }
  }
}

describe('Coding page', () => {
  it('opens from the nav; a coder is made and kept across a new load; the paper\'s codebook starts the tree', async () => {
    await page.goto(server.launchUrl + '#/themes');
    await page.click(tid('nav-coding'));
    await page.waitForSelector(tid('coding-page'));
    await page.waitForSelector(tid('codebook-no-coder'));
    await addCoder('ana');
    await openCoding('');
    await poll(() => page.inputValue(tid('coder-select'))).toBe('ana');
    await page.click(tid('codebook-start-paper'));
    const all = await (async () => { await poll(async () => (await codes()).length).toBeGreaterThan(4); return codes(); })();
    await poll(() => page.locator(tid('code-row')).count()).toBe(all.length);
    expect(all.filter((c) => c.depth === 1).map((c) => c.name)).toEqual(['Affective', 'Cognitive', 'Motivational', 'Misattuned']);
    const paths = await page.locator(tid('code-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(paths[0]).toBe('Affective');
    expect(paths[1]?.startsWith('Affective/')).toBe(true);
  }, 90_000);

  it('edits the tree: add under a code, rename with Enter, drag to nest, Ctrl+Z undoes the move, recolour, delete after a confirm', async () => {
    await page.click(`${tid('code-row')}[data-path="Affective"]`);
    await page.fill(tid('code-new-name'), 'Tentative');
    await page.click(tid('code-add'));
    await poll(async () => (await codeByPath('Affective/Tentative'))?.depth).toBe(2);
    const row = page.locator(`${tid('code-row')}[data-path="Affective/Tentative"]`);
    await row.click();
    await page.keyboard.press('Enter');
    await page.fill(tid('code-rename'), 'Tentative offers');
    await page.keyboard.press('Enter');
    await poll(async () => (await codeByPath('Affective/Tentative offers'))?.name).toBe('Tentative offers');
    const id = (await codeByPath('Affective/Tentative offers'))!.codeId;
    const cognitive = (await codeByPath('Cognitive'))!.codeId;
    await page.locator(`${tid('code-row')}[data-code-id="${id}"]`).dragTo(page.locator(`${tid('code-row')}[data-code-id="${cognitive}"]`));
    await poll(async () => (await codes()).find((c) => c.codeId === id)?.parentId).toBe(cognitive);
    await page.locator(`${tid('code-row')}[data-code-id="${id}"]`).click();
    await page.keyboard.press('Control+z');
    await poll(async () => (await codes()).find((c) => c.codeId === id)?.path).toBe('Affective/Tentative offers');
    await page.locator(`${tid('code-row')}[data-code-id="${id}"] ${tid('code-color')}`).fill('#aa3377');
    await poll(async () => (await codes()).find((c) => c.codeId === id)?.color).toBe('#aa3377');
    await page.locator(`${tid('code-row')}[data-code-id="${id}"]`).click();
    await page.keyboard.press('Delete');
    await page.waitForSelector(tid('code-delete-confirm'));
    await page.click(tid('code-delete-yes'));
    await poll(async () => (await codes()).some((c) => c.codeId === id)).toBe(false);
    const history = await backend.app.call('coding-history', { coder: 'ana' });
    expect(history.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['code-create', 'code-update', 'code-move', 'undo', 'code-delete']));
  }, 90_000);

  it('two coders code the same 20 units with the number keys; ben codes blind', async () => {
    // The tree is fetched again after the previous test's delete: wait for it to number its nine keys again.
    const keys = async () => new Map(await page.locator(`${tid('code-row')} kbd`).evaluateAll((ks) => ks.map((k) => [k.textContent, k.closest('[data-code-id]')?.getAttribute('data-code-id')])) as [string, string][]);
    await poll(async () => (await keys()).size).toBe(9);
    const codeOfKey = await keys();
    await codeUnits('ana', ana);
    await addCoder('ben');
    await page.check(tid('blind-toggle'));
    await codeUnits('ben', ben);
    // Blind: ben's rows show only ben's codes.
    expect(await page.locator(`${tid('sentence-code')}[data-coder="ana"]`).count()).toBe(0);
    const units = plan.flatMap((p) => p.units);
    for (const [coder, key] of [['ana', ana], ['ben', ben]] as const) {
      const rows = (await backend.app.call('coding-assignments', { coders: [coder], grain: 'sentence', limit: 5000 })).rows;
      const got = new Map(rows.map((r) => [`${r.conversationId}/${r.turn}/${r.sentenceIndex}`, r.codeId]));
      expect(units.map((u) => got.get(`${u.conversationId}/${u.turn}/${u.sentenceIndex}`))).toEqual(units.map((_, i) => codeOfKey.get(key(i))));
    }
  }, 420_000);

  it('shows agreement as computed from the keys pressed, resolves a disagreement, and the frequencies and shift figure follow', async () => {
    await page.uncheck(tid('blind-toggle'));
    await openCoding('agreement');
    await page.waitForSelector(tid('agreement-percent'));
    const a = Array.from({ length: UNITS }, (_, i) => ana(i));
    const b = Array.from({ length: UNITS }, (_, i) => ben(i));
    const po = a.filter((x, i) => x === b[i]).length / UNITS;
    const pe = KEYS.reduce((s, k) => s + (a.filter((x) => x === k).length / UNITS) * (b.filter((x) => x === k).length / UNITS), 0);
    const kappa = (po - pe) / (1 - pe);
    // Krippendorff's nominal α for two coders, no missing values: from the coincidence matrix.
    const n = 2 * UNITS;
    const nc = (k: string) => a.filter((x) => x === k).length + b.filter((x) => x === k).length;
    const disagree = 2 * a.filter((x, i) => x !== b[i]).length;
    const expected = KEYS.reduce((s, k) => s + nc(k) * (n - nc(k)), 0);
    const alpha = 1 - ((n - 1) * disagree) / expected;
    await poll(() => page.textContent(tid('agreement-units'))).toBe(String(UNITS));
    expect(await page.textContent(tid('agreement-percent'))).toBe(`${(po * 100).toFixed(1)}%`);
    expect(await page.textContent(tid('agreement-kappa'))).toBe(kappa.toFixed(3));
    expect(await page.textContent(tid('agreement-alpha'))).toBe(alpha.toFixed(3));
    const api = await backend.app.call('coding-agreement', { coders: ['ana', 'ben'] });
    expect([api.kappaKind, api.overall.percent]).toEqual(['cohen', po]);
    expect(api.overall.kappa).toBeCloseTo(kappa, 10);
    expect(api.overall.alpha).toBeCloseTo(alpha, 10);
    await poll(() => page.locator(tid('disagreement')).count()).toBe(DISAGREE.size);

    // The shift figure on the coding labelling, before the resolve.
    const link = page.locator(tid('coding-shift-link'));
    expect(await link.getAttribute('data-labelling')).toBe('coding:level2');
    const figureTable = async () => {
      await page.click(tid('coding-shift-link'));
      await page.waitForSelector(`${tid('figure-panel')}[data-state="ready"]`);
      expect(await page.inputValue(tid('control-labelling'))).toBe('coding:level2');
      const text = await page.locator('.fig-table').first().textContent();
      await page.goBack();
      await page.waitForSelector(tid('coding-agreement'));
      return text;
    };
    const before = await figureTable();

    const first = plan[0].units[1];
    const row = page.locator(`${tid('disagreement')}[data-conversation-id="${first.conversationId}"][data-turn="${first.turn}"][data-sentence-index="${first.sentenceIndex}"]`);
    const chosen = (await backend.app.call('coding-assignments', { coders: ['ana'], sentence: first })).rows[0].codeId;
    await row.locator(`${tid('resolve-pick')}[data-code-id="${chosen}"]`).check();
    await row.locator(tid('resolve')).click();
    await poll(() => row.getAttribute('data-resolved')).toBe('true');
    await page.click(tid('frequency-coders-consensus'));
    await poll(() => page.locator(`${tid('frequency-row')}[data-code-id="${chosen}"] ${tid('frequency-cell')}`)
      .evaluateAll((cells) => cells.reduce((s, c) => s + Number(c.getAttribute('data-sentences')), 0))).toBe(1);
    // Co-occurrence: a cell opens its sentences (the diagonal: every unit carrying the code).
    const cell = page.locator(`${tid('cooccurrence-cell')}[data-a="${chosen}"][data-b="${chosen}"]`);
    const carried = Number(await cell.textContent());
    expect(carried).toBeGreaterThan(0);
    await cell.click();
    await poll(() => page.locator(tid('cooccurrence-sentence')).count()).toBe(carried);
    const after = await figureTable();
    expect(after).not.toBe(before);
    const shifts = await backend.app.call('analysis-shifts', { labelling: 'coding:level2', level: 'category' });
    expect(shifts.rows.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('rates two conversations on the rubric with the keyboard only; the ratings are score set rater:ana', async () => {
    await openCoding('rubric');
    await page.selectOption(tid('coder-select'), 'ana');
    await page.waitForSelector(tid('rubric-queue-size'));
    await page.focus(tid('rubric-queue-size'));
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await poll(() => page.getAttribute(tid('rubric-progress'), 'data-total')).toBe('2');
    const queue = (await backend.app.call('coding-rating-queue', { rater: 'ana' })).items;
    const pressed = [['4', '2', '5', '1', '3', '2'], ['1', '1', '2', '2', '3', '3']];
    for (let q = 0; q < 2; q++) {
      await page.waitForSelector(`${tid('rubric-rater')}[data-conversation-id="${queue[q].conversationId}"]`);
      await poll(() => page.locator(tid('rubric-dimension')).count()).toBe(6);
      expect(await page.textContent(tid('rubric-rater'))).not.toContain('tiny-judge');
      for (const k of pressed[q]) await page.keyboard.press(k);
      await poll(() => page.textContent(tid('rubric-scored'))).toBe('6 of 6 scored');
      if (q === 0) await page.keyboard.press('n');
    }
    await poll(() => page.getAttribute(tid('rubric-progress'), 'data-rated')).toBe('2');
    // The panel shows a score at the key press; the last one is stored once it says so.
    await poll(() => page.getAttribute(tid('rubric-saved'), 'data-saved')).toBe('true');
    const rubric = await backend.app.call('coding-rubric', undefined);
    const ratings = await backend.app.call('coding-ratings', { rater: 'ana' });
    expect(ratings.scoreSetId).toBe('rater:ana');
    const byConv = new Map(ratings.ratings.map((r) => [r.conversationId, r.scores]));
    for (let q = 0; q < 2; q++) {
      expect(rubric.dimensions.map((d) => byConv.get(queue[q].conversationId)?.[d.dimension])).toEqual(pressed[q].map(Number));
    }
    const options = await backend.app.call('analysis-options', undefined);
    expect(options.scoreSets.map((s) => s.id)).toContain('rater:ana');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('assigns a whole theme (top-1) to a code; its sentences show the code, and a number key excludes one', async () => {
    await openCoding('');
    await page.click(tid('coding-mode-theme'));
    await poll(() => page.inputValue(tid('coding-model'))).toBe('m-seed');
    await page.selectOption(tid('coding-theme'), '2');
    const detail = await backend.app.call('theme-get', { modelId: 'm-seed', latent: 2, limit: 25, sampleSize: 0 });
    const rows = page.locator(tid('code-sentence'));
    await poll(() => rows.count()).toBe(detail.top.length);
    // Key 6 is a code the units above were not coded with, so the theme's chips are its alone.
    const key6 = await page.locator(`${tid('code-row')}:has(kbd:text-is("6"))`).getAttribute('data-code-id');
    await page.selectOption(tid('assign-theme-code'), key6!);
    await page.click(tid('assign-theme-top1'));
    await page.click(tid('assign-theme-go'));
    const themed = `${tid('sentence-code')}[data-coder="ana"][data-grain="theme"][data-code-id="${key6}"]`;
    // A coder's own sentence-level codes on a unit replace their theme codes there: the units coded above keep theirs.
    // (What ana has at sentence level is read back from the backend: the rule is about stored codes.)
    const own = (await backend.app.call('coding-assignments', { coders: ['ana'], grain: 'sentence', limit: 5000 })).rows;
    const coded = new Set(own.map((u) => `${u.conversationId}/${u.turn}/${u.sentenceIndex}`));
    expect(coded.size).toBeGreaterThanOrEqual(new Set(plan.flatMap((p) => p.units).map((u) => `${u.conversationId}/${u.turn}/${u.sentenceIndex}`)).size);
    const expected = detail.top.map((t) => t.rank === 1 && !coded.has(`${t.conversationId}/${t.turn}/${t.sentenceIndex}`));
    expect(expected.filter(Boolean).length).toBeGreaterThan(0);
    // Each row with its sentence key, so a failure tells a row out of place from a chip that is wrong.
    const keyed = (flags: boolean[]) => detail.top.map((t, i) => `${t.conversationId}/${t.turn}/${t.sentenceIndex}: ${flags[i] ? 'theme' : '-'}`);
    await poll(() => rows.evaluateAll((els, sel) => els.map((e) =>
      `${e.getAttribute('data-conversation-id')}/${e.getAttribute('data-turn')}/${e.getAttribute('data-sentence-index')}: ${e.querySelector(sel) !== null ? 'theme' : '-'}`), themed))
      .toEqual(keyed(expected));
    const assigned = (await backend.app.call('coding-assignments', { coders: ['ana'], grain: 'theme' })).rows;
    expect(assigned.map((a) => [a.codeId, a.modelId, a.latent, a.topK])).toEqual([[key6, 'm-seed', 2, 1]]);
    // The number key of the same code on a themed sentence: a sentence-level exclusion overrides the theme there.
    const at = expected.indexOf(true);
    await rows.nth(at).click();
    await page.keyboard.press('6');
    await poll(() => rows.nth(at).locator(themed).count()).toBe(0);
    const s = detail.top[at];
    const excluded = (await backend.app.call('coding-assignments', { coders: ['ana'], grain: 'sentence', sentence: { conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex } })).rows;
    expect(excluded.some((a) => a.codeId === key6 && a.exclude)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('codes spans selected inside a message (within one unit and across two)', async () => {
    await openCoding('');
    await page.selectOption(tid('coding-conversation-select'), 'c001-1');
    const unit = (k: number) => `${tid('code-sentence')}[data-conversation-id="c001-1"][data-turn="3"][data-sentence-index="${k}"] .code-sentence-text`;
    await page.waitForSelector(unit(1));
    const message = (await backend.app.call('conversation-get', { id: 'c001-1' })).messages.find((m) => m.turn === 3)!.text;
    const select = (from: [string, number], to: [string, number]) => page.evaluate(([a, ai, b, bi]) => {
      const range = document.createRange();
      range.setStart(document.querySelector(a as string)!.firstChild!, ai as number);
      range.setEnd(document.querySelector(b as string)!.firstChild!, bi as number);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      document.querySelector(b as string)!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, [...from, ...to]);
    const key6 = await page.locator(`${tid('code-row')}:has(kbd:text-is("6"))`).getAttribute('data-code-id');
    const spans = async () => (await backend.app.call('coding-assignments', { coders: ['ana'], grain: 'span', conversationId: 'c001-1' })).rows
      .map((r) => [r.start, r.end]).sort((x, y) => x[0]! - y[0]!);
    // "call a recruiter" inside the second unit, then "your resume. Maybe" across both.
    const inUnit: [number, number] = [message.indexOf('call a recruiter'), message.indexOf('call a recruiter') + 'call a recruiter'.length];
    await select([unit(1), 6], [unit(1), 22]);
    await page.waitForSelector(`${tid('span-bar')}[data-start="${inUnit[0]}"][data-end="${inUnit[1]}"]`);
    await page.selectOption(tid('span-code'), key6!);
    await page.click(tid('span-assign'));
    await poll(spans).toEqual([inUnit]);
    await poll(() => page.locator(tid('span-bar')).count()).toBe(0);
    const across: [number, number] = [message.indexOf('your resume'), message.indexOf('Maybe') + 5];
    await select([unit(0), message.indexOf('your resume')], [unit(1), 5]);
    await page.waitForSelector(`${tid('span-bar')}[data-start="${across[0]}"][data-end="${across[1]}"]`);
    await page.click(tid('span-assign'));
    await poll(spans).toEqual([across, inUnit]);
    await poll(() => page.locator(tid('coded-span')).allTextContents()).toEqual([
      expect.stringContaining(message.slice(...across)), expect.stringContaining('call a recruiter'),
    ]);
  }, 90_000);

  it('codes by search, shows the history, merges and splits codes, and downloads the exports', async () => {
    await page.click(tid('coding-mode-search'));
    await page.fill(tid('coding-search'), 'recruiter');
    const n = await backend.workspace.db.value<number>(`SELECT count(*)::INTEGER FROM sentences WHERE text ILIKE '%recruiter%'`);
    await poll(() => page.locator(tid('code-sentence')).count()).toBe(n);

    const paths = async () => (await codes()).map((c) => c.path);
    const affirming = (await codeByPath('Motivational/Affirming'))!.codeId;
    const reassurance = (await codeByPath('Motivational/Providing reassurance'))!.codeId;
    await page.click(`${tid('code-row')}[data-code-id="${affirming}"]`);
    await page.selectOption(tid('code-merge-target'), reassurance);
    await page.click(tid('code-merge'));
    await poll(paths).not.toContain('Motivational/Affirming');
    const validating = (await codeByPath('Affective/Validating emotions'))!;
    await page.click(`${tid('code-row')}[data-code-id="${validating.codeId}"]`);
    await page.fill(tid('code-definition'), 'Says the feelings make sense.');
    await page.click(tid('code-save'));
    await poll(async () => (await codeByPath('Affective/Validating emotions'))?.definition).toBe('Says the feelings make sense.');
    await page.click(tid('code-split-open'));
    await poll(() => page.locator(tid('code-split-row')).count()).toBeGreaterThan(1);
    await page.locator(`${tid('code-split-row')} input`).first().check();
    await page.fill(tid('code-split-name'), 'Naming feelings');
    await page.click(tid('code-split-go'));
    await poll(async () => (await codeByPath('Affective/Naming feelings'))?.sentences).toBe(1);

    await page.click(tid('coding-tab-history'));
    const history = await backend.app.call('coding-history', { limit: 200 });
    await poll(() => page.locator(tid('history-event')).count()).toBe(history.events.length);
    expect(await page.locator(`${tid('history-event')}[data-kind="code-move"][data-undone="true"]`).count()).toBe(1);
    expect(history.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['code-merge', 'code-split', 'resolve', 'rate']));

    const saved = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid(testId))]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, testId === 'export-codebook-qdpx' ? 'latin1' : 'utf8') };
    };
    const qdc = await saved('export-codebook-qdc');
    expect(qdc.name).toMatch(/\.qdc$/);
    expect(qdc.text).toContain('Naming feelings');
    const qdpx = await saved('export-codebook-qdpx');
    expect(qdpx.text.slice(0, 2)).toBe('PK');
    const md = await saved('export-codebook-md');
    expect(md.text).toContain('Validating emotions');
    const segments = await saved('export-segments');
    expect(segments.text.split('\n')[0]).toMatch(/code/);
    expect(segments.text).toContain('Maybe call a recruiter!');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
