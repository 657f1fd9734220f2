// Protocol handling of online (non-batch) judge runs against the local OpenAI-compatible test server.
// These tests check how requests are sent, limited, retried, stored and cached — not the quality of judging.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer, fakeScores, type Behavior } from './openai-test-server.js';
import { FAST, harness, type Harness } from './helpers.js';
import { listConversations } from '../../main/handlers/explorer.js';
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
    const page = await listConversations(h!.ws.db, { filter: {}, scoreSetId: runId, limit: 100 });
    expect(page.total).toBe(12);
    for (const row of page.rows) {
      const conv = server.chat().find((r) => r.conversation!.includes(`(#${Number(row.conversation_id.slice(5)) - 1})`))!.conversation!;
      expect(row.scores).toEqual(fakeScores(conv));
      expect(row.overall).not.toBeNull();
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
    // Nothing from the failed conversations reached the score set.
    const stored = await h!.ws.db.all<{ c: string }>(`SELECT DISTINCT conversation_id AS c FROM scores WHERE score_set_id = ? ORDER BY 1`, [runId]);
    expect(stored.map((r) => r.c)).toEqual(['conv-006', 'conv-007']);
  });
});
