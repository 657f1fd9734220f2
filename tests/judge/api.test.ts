// The judge's API methods through the real handler table (Backend + App), on a study imported by the real
// import pipeline: prompt templates and their versions, the price table, estimates, key status, selection by
// the explorer's filter, and the errors a user can run into. Protocol handling, not judging quality.

import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { chatTokens } from '../../main/judge/requests.js';
import { runImport } from '../../main/import/run-import.js';
import { OpenAITestServer } from './openai-test-server.js';
import { SCENARIOS } from './helpers.js';

let server: OpenAITestServer;
let dir: string;
let b: Backend;

function writeStudyFolder(folder: string, n: number): void {
  mkdirSync(folder, { recursive: true });
  const conv = ['conversation_id,participant_id,round,scenario'];
  const msgs = ['conversation_id,turn,role,text'];
  const parts = ['participant_id,condition'];
  for (let i = 0; i < n; i++) {
    const id = `c${String(i + 1).padStart(2, '0')}`;
    conv.push(`${id},p${i},1,${SCENARIOS[i % SCENARIOS.length]}`);
    parts.push(`p${i},${['control', 'coach'][i % 2]}`);
    msgs.push(`${id},0,seeker,"I lost my job today, and I feel awful (#${i})."`);
    msgs.push(`${id},1,supporter,"That sounds really hard. What has been the hardest part so far?"`);
  }
  writeFileSync(join(folder, 'conversations.csv'), conv.join('\n') + '\n');
  writeFileSync(join(folder, 'messages.csv'), msgs.join('\n') + '\n');
  writeFileSync(join(folder, 'participants.csv'), parts.join('\n') + '\n');
}

beforeAll(async () => {
  server = await OpenAITestServer.start();
  dir = mkdtempSync(join(tmpdir(), 'judge-api-'));
  writeStudyFolder(join(dir, 'study'), 10);
  b = new Backend({ home: dir });
  const ws = await b.open(join(dir, 'api.duckdb'));
  await runImport(ws.db, { path: join(dir, 'study'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  b.keys.use(boundKeyProvider('sk-api-test-key-0000000000', [server.url], 'test'));
});
afterAll(async () => {
  b.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const fast = { concurrency: 4, backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 3000 };

describe('judge API (handlers; protocol handling, not judging quality)', () => {
  it('prompt templates: built-in v1 of each kind; saving adds a version; identical text does not', async () => {
    const list = await b.app.call('prompt-templates-list', undefined);
    expect(list.map((t) => [t.templateId, t.version, t.builtin])).toEqual([
      ['default-dimension', 1, true], ['default-pairwise', 1, true], ['default-scores', 1, true],
    ]);
    const v1 = list.find((t) => t.templateId === 'default-scores')!;
    expect(v1.system).toContain('encouraging_elaboration');
    expect(v1.system).toContain('1 = not at all, 2 = slightly, 3 = moderately, 4 = considerably, 5 = very much');
    const v2 = await b.app.call('prompt-template-save', { templateId: 'default-scores', kind: 'scores', system: v1.system + '\nBe strict.', user: v1.user, note: 'stricter' });
    expect(v2).toMatchObject({ templateId: 'default-scores', version: 2, builtin: false, note: 'stricter' });
    expect(v2.hash).not.toBe(v1.hash);
    const same = await b.app.call('prompt-template-save', { templateId: 'default-scores', kind: 'scores', system: v2.system, user: v2.user });
    expect(same.version).toBe(2);
    await expect(b.app.call('prompt-template-save', { templateId: 'mine', kind: 'scores', system: 'x', user: 'no placeholder' })).rejects.toThrow(/must contain \{\{conversation\}\}/);
    await expect(b.app.call('prompt-template-save', { templateId: 'default-scores', kind: 'pairwise', system: '{{conversation_a}}', user: '{{conversation_b}}' })).rejects.toThrow(/is a scores template/);
    expect((await b.app.call('prompt-templates-list', { kind: 'scores' })).map((t) => t.version)).toEqual([2, 1]);
  });

  it('runs use the latest template version unless one is named, and say which in the provenance', async () => {
    server.reset();
    const latest = await b.app.call('judge-start', { model: 'tpl-model', baseUrl: server.url, selection: { conversationIds: ['c01'] }, limits: fast });
    await b.judge.wait(latest.runId);
    expect(server.chat()[0].body.messages[0].content).toMatch(/Be strict\.$/);
    server.reset();
    const old = await b.app.call('judge-start', { model: 'tpl-model', baseUrl: server.url, selection: { conversationIds: ['c01'] }, prompt: { templateId: 'default-scores', version: 1 }, limits: fast });
    const s = await b.judge.wait(old.runId);
    expect(server.chat()[0].body.messages[0].content).not.toMatch(/Be strict\.$/);
    expect(s.template).toMatchObject({ templateId: 'default-scores', version: 1 });
    const info = await b.app.call('study-info', undefined);
    const set = info.scoreSets.find((x) => x.id === old.runId)!;
    expect(set).toMatchObject({ kind: 'llm-judge', rater: 'tpl-model/default-scores@v1', conversations: 1 });
  });

  it('estimate: calls, o200k input tokens, cache hits and cost from the editable price table', async () => {
    const rows = await b.app.call('price-table-get', undefined);
    expect(rows.find((r) => r.model === 'gpt-4o')).toMatchObject({ inputPerMTok: 2.5, outputPerMTok: 10, batchDiscount: 0.5 });
    await b.app.call('price-table-set', { rows: [...rows, { model: 'est-model', inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: null, batchDiscount: 0.5, note: 'test' }] });
    const spec = { model: 'est-model', baseUrl: server.url, prompt: { templateId: 'default-scores', version: 1 }, limits: { ...fast, rpm: 5 } };
    const e = await b.app.call('judge-estimate', spec);
    expect(e).toMatchObject({ mode: 'scores', calls: 10, cacheHits: 0, toRequest: 10, conversations: 10, batch: false });
    // Input tokens: exactly the o200k count of the ten requests' messages (plus chat framing).
    server.reset();
    const run = await b.app.call('judge-start', { ...spec, limits: fast }); // limits are not part of the request
    await b.judge.wait(run.runId);
    const counted = server.chat().reduce((a, r) => a + chatTokens(r.body.messages[0].content, r.body.messages[1].content), 0);
    expect(e.inputTokens).toBe(counted);
    expect(e.outputTokens).toBe(10 * 420);
    expect(e.cost.amount).toBeCloseTo((e.inputTokens * 1 + e.outputTokens * 4) / 1e6, 9);
    expect(e.minMinutes).toBeCloseTo(2, 9); // 10 calls at 5 per minute
    const batchEst = await b.app.call('judge-estimate', { ...spec, model: 'est-model', params: { seed: 3 }, batch: true });
    expect(batchEst.cost.amount).toBeCloseTo((batchEst.inputTokens * 1 + batchEst.outputTokens * 4) / 2e6, 9);
    // After the run, the same estimate finds everything in the cache.
    const again = await b.app.call('judge-estimate', spec);
    expect(again).toMatchObject({ cacheHits: 10, toRequest: 0, inputTokens: 0 });
    expect(again.cost.amount).toBe(0);
    // Cost so far uses the usage the server reported.
    const d = await b.app.call('judge-run-get', { runId: run.runId });
    expect(d.inputTokens).toBeGreaterThan(0);
    expect(d.costSoFar.amount).toBeCloseTo((d.inputTokens * 1 + d.outputTokens * 4) / 1e6, 9);
    const noPrice = await b.app.call('judge-estimate', { ...spec, model: 'llama3.1:8b' });
    expect(noPrice.cost).toMatchObject({ amount: null, priced: false });
    expect(noPrice.notes.join(' ')).toMatch(/No price for "llama3.1:8b"/);
    await expect(b.app.call('price-table-set', { rows: [{ model: 'x', inputPerMTok: -1, outputPerMTok: 1, cachedInputPerMTok: null, batchDiscount: 0.5, note: null }] })).rejects.toThrow(/≥ 0/);
  });

  it('selection by the explorer filter (condition, scenario) and by ids', async () => {
    const byCond = await b.app.call('judge-estimate', { model: 'sel', baseUrl: server.url, selection: { filter: { conditions: ['coach'] } } });
    expect(byCond.conversations).toBe(5);
    const both = await b.app.call('judge-estimate', { model: 'sel', baseUrl: server.url, selection: { filter: { conditions: ['coach'], scenarios: ['passed_over_promotion'] } } });
    expect(both.conversations).toBe(1);
    const dims = await b.app.call('judge-estimate', { model: 'sel', mode: 'dimension', baseUrl: server.url, selection: { conversationIds: ['c01', 'c02'] } });
    expect(dims.calls).toBe(12);
    await expect(b.app.call('judge-estimate', { model: 'sel', baseUrl: server.url, selection: { conversationIds: ['nope'] } })).rejects.toThrow(/No conversation "nope"/);
    await expect(b.app.call('judge-estimate', { model: 'sel', baseUrl: server.url, selection: { filter: { scenarios: ['none'] } } })).rejects.toThrow(/No conversations match/);
  });

  it('runs list, detail, delete; conversations-list reads the run as a score set', async () => {
    server.reset();
    const r = await b.app.call('judge-start', { model: 'list-model', baseUrl: server.url, label: 'my first run', limits: fast });
    await b.app.call('job-wait', { id: r.jobId });
    const runs = await b.app.call('judge-runs', undefined);
    const mine = runs.find((x) => x.runId === r.runId)!;
    expect(mine).toMatchObject({ state: 'done', label: 'my first run', answered: 10, total: 10, pending: 0, model: 'list-model' });
    const page = await b.app.call('conversations-list', { filter: {}, scoreSetId: r.runId, limit: 50 });
    expect(page.rows.filter((x) => x.overall !== null)).toHaveLength(10);
    const detail = await b.app.call('conversation-get', { id: 'c03' });
    const judged = detail.scores.filter((s) => s.scoreSetId === r.runId);
    expect(judged).toHaveLength(6);
    expect(judged.every((s) => s.rationale && s.rationale.startsWith('made-up rationale'))).toBe(true);
    expect(await b.app.call('judge-run-delete', { runId: r.runId })).toEqual({ deleted: true });
    expect((await b.app.call('judge-runs', undefined)).some((x) => x.runId === r.runId)).toBe(false);
    expect((await b.app.call('study-info', undefined)).scoreSets.some((s) => s.id === r.runId)).toBe(false);
  });

  it('key status and the errors a user meets', async () => {
    // The test key is bound to the test server's origin: available there, not for OpenAI.
    expect(await b.app.call('judge-key-status', { baseUrl: server.url })).toEqual({
      available: true, source: 'test', canStore: false, origin: new URL(server.url).origin, storedOrigins: [],
    });
    expect(await b.app.call('judge-key-status', undefined)).toMatchObject({ available: false, source: null, origin: 'https://api.openai.com' });
    await expect(b.app.call('judge-key-set', { key: 'sk-whatever' })).rejects.toThrow(/cannot store keys securely/);
    b.keys.use(boundKeyProvider(null, [], 'none'));
    expect(await b.app.call('judge-key-status', undefined)).toMatchObject({ available: false, source: null });
    expect(await b.app.call('judge-key-status', { baseUrl: 'http://localhost:11434/v1' })).toMatchObject({ available: true, source: null });
    await expect(b.app.call('judge-key-status', { baseUrl: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(b.app.call('judge-start', { model: 'gpt-4o' })).rejects.toThrow(/No API key for https:\/\/api\.openai\.com/);
    // Local servers need no key.
    server.reset();
    const local = await b.app.call('judge-start', { model: 'local', baseUrl: server.url, selection: { conversationIds: ['c01'] }, limits: fast });
    await b.app.call('job-wait', { id: local.jobId });
    expect(server.chat()[0].authorization).toBe('Bearer no-key');
    const stored = new Map<string, string>();
    b.keys.use(boundKeyProvider(null, [], 'none'), {
      source: 'safeStorage',
      getKey: async (url) => stored.get(new URL(url).origin) ?? null,
      setKey: async (url, k) => { if (k) stored.set(new URL(url).origin, k); else stored.delete(new URL(url).origin); },
      origins: async () => [...stored.keys()],
    });
    expect(await b.app.call('judge-key-set', { key: ' sk-typed-in-settings ' })).toEqual({
      available: true, source: 'safeStorage', canStore: true, origin: 'https://api.openai.com', storedOrigins: ['https://api.openai.com'],
    });
    expect(stored.get('https://api.openai.com')).toBe('sk-typed-in-settings');
    expect(await b.app.call('judge-key-status', { baseUrl: server.url })).toMatchObject({ source: null });
    b.keys.use(boundKeyProvider('sk-api-test-key-0000000000', [server.url], 'test'));
    await expect(b.app.call('judge-start', { model: '' })).rejects.toThrow(/model name is required/);
    await expect(b.app.call('judge-start', { model: 'm', baseUrl: server.url, limits: { concurrency: 0 } })).rejects.toThrow(/concurrency must be/);
    await expect(b.app.call('judge-start', { model: 'm', baseUrl: server.url, params: { temperature: 5 } })).rejects.toThrow(/temperature/);
    await expect(b.app.call('judge-run-get', { runId: 'judge-nope' })).rejects.toThrow(/No judge run/);
    await expect(b.app.call('judge-pairwise-start', { model: 'm', baseUrl: server.url, selection: { conversationIds: ['c01'] } })).rejects.toThrow(/at least two conversations of one scenario/);
    await expect(b.app.call('judge-elo', { runId: (await b.app.call('judge-runs', undefined))[0].runId })).rejects.toThrow(/not a pairwise run/);
  });
});
