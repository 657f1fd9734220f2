// Protocol handling of online (non-batch) judge runs against the local OpenAI-compatible test server.
// These tests check how requests are sent, limited, retried, stored and cached — not the quality of judging.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer, fakeScores, type Behavior } from './openai-test-server.js';
import { FAST, harness, type Harness } from './helpers.js';
import { DIMENSIONS } from '../../main/domain/study.js';

let server: OpenAITestServer;
let h: Harness | null = null;

beforeAll(async () => {
  server = await OpenAITestServer.start();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  h?.close();
  h = null;
});

async function run(n: number, behavior?: (r: import('./openai-test-server.js').RecordedRequest) => Behavior | { kind: Behavior; retryAfter?: string } | undefined, extra: Record<string, unknown> = {}, hopts = {}) {
  server.reset({ behavior, latencyMs: (extra.latencyMs as number) ?? 0 });
  h = await harness(n, hopts);
  const { runId } = await h.svc.start({ model: 'test-model', baseUrl: server.url, limits: { ...FAST, ...(extra.limits as object) }, ...(extra.spec as object) });
  const summary = await h.svc.wait(runId);
  return { runId, summary };
}

describe('judge protocol handling (test server; not judging quality)', () => {
  it('protocol handling: one call per conversation, all six scores stored as a score set the explorer lists', async () => {
    const { runId, summary } = await run(12);
    expect(summary.state).toBe('done');
    expect(summary.answered).toBe(12);
    expect(server.chat()).toHaveLength(12);
    const body = server.chat()[0].body;
    expect(body.temperature).toBe(0);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual([...DIMENSIONS]);
    // One row per conversation and dimension in the run's score set (the explorer's view of it is tested in api.test.ts).
    const rows = await h!.ws.db.all<{ c: string; d: string; score: number }>(`SELECT conversation_id AS c, dimension AS d, score FROM scores WHERE score_set_id = ? ORDER BY 1, 2`, [runId]);
    expect(rows).toHaveLength(12 * 6);
    for (const c of new Set(rows.map((r) => r.c))) {
      const conv = server.chat().find((r) => r.conversation!.includes(`(#${Number(c.slice(5)) - 1})`))!.conversation!;
      expect(Object.fromEntries(rows.filter((r) => r.c === c).map((r) => [r.d, r.score]))).toEqual(fakeScores(conv));
    }
    const set = await h!.ws.db.one<{ kind: string; provenance: string }>(`SELECT kind, CAST(provenance AS VARCHAR) AS provenance FROM score_sets WHERE score_set_id = ?`, [runId]);
    expect(set!.kind).toBe('llm-judge');
    const prov = JSON.parse(set!.provenance);
    expect(prov).toMatchObject({ model: 'test-model', baseUrlHost: server.url.replace('http://', '').replace('/v1', ''), prompt: { templateId: 'default-scores', version: 1 } });
    expect(prov.params.temperature).toBe(0);
  });

  it('protocol handling: the concurrency limit is never exceeded (observed by the server)', async () => {
    const { summary } = await run(40, undefined, { latencyMs: 30, limits: { concurrency: 5 } });
    expect(summary.answered).toBe(40);
    expect(server.maxInFlight).toBe(5);
  });

  it('protocol handling: 429 with Retry-After waits the stated time before the retry', async () => {
    const { summary } = await run(3, (r) => (r.attempt === 1 && r.conversation!.includes('(#0)') ? { kind: 'rate-limit', retryAfter: '1' } : 'ok'));
    expect(summary.answered).toBe(3);
    const reqs = server.chat().filter((r) => r.conversation!.includes('(#0)'));
    expect(reqs).toHaveLength(2);
    expect(reqs[1].receivedAt - reqs[0].respondedAt!).toBeGreaterThanOrEqual(950);
  });

  it('protocol handling: 500s are retried with backoff, then recorded as a failure with the reason; the run completes', async () => {
    const { runId, summary } = await run(4, (r) => (r.conversation!.includes('(#1)') ? 'server-error' : r.conversation!.includes('(#2)') && r.attempt <= 2 ? 'server-error' : 'ok'),
      { limits: { maxRetries: 3 } });
    expect(summary.state).toBe('done');
    expect(summary.answered).toBe(3);
    expect(summary.failed).toBe(1);
    expect(server.chat().filter((r) => r.conversation!.includes('(#1)'))).toHaveLength(4); // 1 + 3 retries
    expect(server.chat().filter((r) => r.conversation!.includes('(#2)'))).toHaveLength(3);
    const d = await h!.svc.get(runId);
    expect(d.failures).toHaveLength(1);
    expect(d.failures[0].conversationId).toBe('conv-002');
    expect(d.failures[0].reason).toMatch(/^gave up after 4 attempts: HTTP 500: The server had an error/);
    expect(d.failureReasons).toEqual([{ reason: 'gave up after 4 attempts', count: 1 }]);
  });

  it('protocol handling: a hanging request times out and is retried', async () => {
    const { summary } = await run(2, (r) => (r.conversation!.includes('(#0)') && r.attempt === 1 ? 'hang' : 'ok'), { limits: { timeoutMs: 300 } });
    expect(summary.answered).toBe(2);
    expect(server.chat().filter((r) => r.conversation!.includes('(#0)'))).toHaveLength(2);
  });

  it('protocol handling: bad answers are retried a bounded number of times, then recorded with their reasons', async () => {
    const bad: Record<number, Behavior> = { 0: 'truncated-json', 1: 'invalid-json', 2: 'out-of-range', 3: 'missing-dimension', 4: 'truncated-body' };
    const { runId, summary } = await run(7, (r) => {
      const m = /\(#(\d+)\)/.exec(r.conversation!);
      const i = Number(m![1]);
      if (i === 5) return r.attempt === 1 ? 'out-of-range' : 'ok'; // recovers on the retry
      return bad[i] ?? 'ok';
    }, { limits: { maxInvalidRetries: 2, maxRetries: 2 } });
    expect(summary.state).toBe('done');
    expect(summary.answered).toBe(2);
    expect(summary.failed).toBe(5);
    const reasons = Object.fromEntries((await h!.svc.get(runId)).failures.map((f) => [f.conversationId, f.reason]));
    expect(reasons['conv-001']).toMatch(/invalid answer after 3 attempts: truncated JSON/);
    expect(reasons['conv-002']).toMatch(/invalid answer after 3 attempts: invalid JSON/);
    expect(reasons['conv-003']).toMatch(/invalid answer after 3 attempts: advice_giving: score 7 outside 1-5/);
    expect(reasons['conv-004']).toMatch(/invalid answer after 3 attempts: missing dimension: dismissing_emotions/);
    expect(reasons['conv-005']).toMatch(/gave up after 3 attempts: network error: connection closed before the response was complete|gave up after 3 attempts: malformed response/);
    for (const i of [0, 1, 2, 3]) expect(server.chat().filter((r) => r.conversation!.includes(`(#${i})`))).toHaveLength(3);
    // The recovered conversation's cost counts both responses it took.
    const reqs5 = server.chat().filter((r) => r.conversation!.includes('(#5)'));
    expect(reqs5).toHaveLength(2);
    const spent = await h!.ws.db.value<number>(`SELECT a.input_tokens FROM judge_answers a JOIN judge_items i USING (run_id, item_id) WHERE a.run_id = ? AND i.conversation_id = 'conv-006'`, [runId]);
    expect(spent).toBe(2 * Math.ceil(reqs5[0].bodyText.length / 4));
    // Nothing from the failed conversations reached the score set.
    const stored = await h!.ws.db.all<{ c: string }>(`SELECT DISTINCT conversation_id AS c FROM scores WHERE score_set_id = ? ORDER BY 1`, [runId]);
    expect(stored.map((r) => r.c)).toEqual(['conv-006', 'conv-007']);
  });

  it('protocol handling: a second run with the same model, prompt and parameters makes zero requests (cache)', async () => {
    const { runId } = await run(10);
    expect(server.chat()).toHaveLength(10);
    server.reset();
    const est = await h!.svc.estimate({ model: 'test-model', baseUrl: server.url });
    expect(est).toMatchObject({ calls: 10, cacheHits: 10, toRequest: 0, inputTokens: 0 });
    const again = await h!.svc.start({ model: 'test-model', baseUrl: server.url, limits: FAST });
    const s2 = await h!.svc.wait(again.runId);
    expect(server.chat()).toHaveLength(0);
    expect(s2).toMatchObject({ state: 'done', answered: 10, fromCache: 10, inputTokens: 0 });
    // Said, not silent: the rerun's score set repeats the first run's.
    expect(s2.message).toBe(`10 answered, all from the cache of run ${runId}: the same conversations, model, prompt and parameters, so this score set repeats score set ${runId}`);
    expect(s2.costSoFar.amount ?? 0).toBe(0);
    // Same scores in both score sets.
    const diff = await h!.ws.db.value<number>(`
      SELECT count(*) FROM scores a FULL JOIN scores b ON a.conversation_id = b.conversation_id AND a.dimension = b.dimension AND b.score_set_id = ?
      WHERE a.score_set_id = ? AND (a.score IS DISTINCT FROM b.score)`, [again.runId, runId]);
    expect(diff).toBe(0);
    // A different parameter is a different request: no cache hit.
    const est2 = await h!.svc.estimate({ model: 'test-model', baseUrl: server.url, params: { temperature: 0.7 } });
    expect(est2.cacheHits).toBe(0);
  });

  it('protocol handling: retry-failures asks again only for the failed items', async () => {
    const { runId } = await run(5, (r) => (r.conversation!.includes('(#3)') ? 'server-error' : 'ok'), { limits: { maxRetries: 1 } });
    expect((await h!.svc.summary(runId)).failed).toBe(1);
    server.reset();
    await h!.svc.retryFailures(runId);
    const s = await h!.svc.wait(runId);
    expect(server.chat().map((r) => /\(#(\d+)\)/.exec(r.conversation!)![1])).toEqual(['3']);
    expect(s).toMatchObject({ state: 'done', answered: 5, failed: 0 });
  });

  it('protocol handling: the requests-per-minute limit spaces requests over the window', async () => {
    // A 1 s window stands in for the minute: at most 5 requests may start in any 1 s.
    server.reset();
    h = await harness(12, { windowMs: 1000 });
    const { runId } = await h.svc.start({ model: 'test-model', baseUrl: server.url, limits: { ...FAST, concurrency: 8, rpm: 5 } });
    await h.svc.wait(runId);
    const t = server.chat().map((r) => r.receivedAt).sort((a, b) => a - b);
    expect(t).toHaveLength(12);
    // Arrival times carry some network jitter; without the limit all 12 would arrive within a few ms.
    for (let i = 5; i < t.length; i++) expect(t[i] - t[i - 5]).toBeGreaterThanOrEqual(900);
  });

  it('protocol handling: the tokens-per-minute limit holds back requests once the window is full', async () => {
    server.reset();
    h = await harness(6, { windowMs: 1000 });
    const est = await h.svc.estimate({ model: 'test-model', baseUrl: server.url, params: { maxTokens: 100 } });
    const perCall = est.inputTokens / est.toRequest + 100;
    const tpm = Math.floor(perCall * 2.5); // room for two calls per window
    const { runId } = await h.svc.start({ model: 'test-model', baseUrl: server.url, params: { maxTokens: 100 }, limits: { ...FAST, concurrency: 6, tpm } });
    await h.svc.wait(runId);
    const t = server.chat().map((r) => r.receivedAt).sort((a, b) => a - b);
    expect(t).toHaveLength(6);
    // 6 calls at ≤ 2 per 1 s window (usage-corrected) take at least two further windows.
    expect(t[5] - t[0]).toBeGreaterThanOrEqual(900);
  });

  it('protocol handling: pause sends nothing new, lets requests in flight finish, and resume never repeats an answered request', async () => {
    server.reset({ latencyMs: 60 });
    h = await harness(40);
    const { runId } = await h.svc.start({ model: 'test-model', baseUrl: server.url, limits: { ...FAST, concurrency: 3 } });
    while (server.chat().filter((r) => r.status === 200).length < 8) await new Promise((r) => setTimeout(r, 5));
    await h.svc.pause(runId);
    const paused = await h.svc.wait(runId);
    expect(paused.state).toBe('paused');
    const before = server.chat();
    expect(before.every((r) => r.status === 200)).toBe(true); // in-flight requests were allowed to finish
    expect(paused.answered).toBe(before.length); // and were stored
    expect(paused.pending).toBe(40 - before.length);
    const asked = new Set(before.map((r) => r.conversation));
    server.reset({ latencyMs: 0 });
    await h.svc.resume(runId);
    const done = await h.svc.wait(runId);
    expect(done).toMatchObject({ state: 'done', answered: 40 });
    expect(server.chat().filter((r) => asked.has(r.conversation))).toEqual([]);
    expect(server.chat()).toHaveLength(40 - before.length);
  });

  it('protocol handling: cancel aborts requests in flight; the run can still be resumed later', async () => {
    server.reset({ latencyMs: 0, behavior: (r) => (r.n > 4 ? 'hang' : 'ok') });
    h = await harness(10);
    const { runId } = await h.svc.start({ model: 'test-model', baseUrl: server.url, limits: { ...FAST, concurrency: 2, timeoutMs: 60_000 } });
    while (server.chat().length < 6) await new Promise((r) => setTimeout(r, 5));
    await h.svc.cancel(runId);
    const s = await h.svc.wait(runId);
    expect(s.state).toBe('cancelled');
    expect(s.failed).toBe(0); // aborted requests are not failures: they stay pending
    server.reset({ latencyMs: 0 });
    await h.svc.resume(runId);
    expect(await h.svc.wait(runId)).toMatchObject({ state: 'done', answered: 10 });
  });

  it('protocol handling: a 401 stops the run with a clear message and leaves the items pending', async () => {
    const { runId, summary } = await run(6, () => 'unauthorized-echo', { limits: { concurrency: 2 } });
    expect(summary.state).toBe('failed');
    expect(summary.message).toMatch(/rejected the API key \(HTTP 401/);
    expect(summary.message).not.toContain('sk-test-not-a-real-key');
    expect(summary.failed).toBe(0);
    expect(summary.pending).toBe(6);
    expect(server.chat().length).toBeLessThanOrEqual(2);
    server.reset();
    await h!.svc.resume(runId);
    expect(await h!.svc.wait(runId)).toMatchObject({ state: 'done', answered: 6 });
  });

  it('protocol handling: per-dimension mode makes one call per conversation and dimension', async () => {
    const { runId, summary } = await run(3, undefined, { spec: { mode: 'dimension' } });
    expect(summary).toMatchObject({ state: 'done', total: 18, answered: 18, mode: 'dimension' });
    expect(server.chat()).toHaveLength(18);
    expect(server.chat().every((r) => r.body.response_format.json_schema.name === 'empathic_communication_dimension_score')).toBe(true);
    expect(server.chat().some((r) => r.body.messages[0].content.includes('Dismissing emotions'))).toBe(true);
    const n = await h!.ws.db.value<number>(`SELECT count(*) FROM scores WHERE score_set_id = ?`, [runId]);
    expect(n).toBe(18);
  });

  it('protocol handling: responseFormat json_object and text omit the schema and still parse answers', async () => {
    const { summary } = await run(2, undefined, { spec: { params: { responseFormat: 'json_object' } } });
    expect(summary.answered).toBe(2);
    expect(server.chat()[0].body.response_format).toEqual({ type: 'json_object' });
    h!.close();
    const r2 = await run(2, undefined, { spec: { params: { responseFormat: 'text', temperature: null } } });
    expect(r2.summary.answered).toBe(2);
    expect(server.chat()[0].body.response_format).toBeUndefined();
    expect('temperature' in server.chat()[0].body).toBe(false);
  });
});

