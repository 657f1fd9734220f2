// Protocol handling of pairwise mode (Supplementary G) against the local test server: forced-choice requests
// within one scenario, adaptive sampling, trials stored as judge_kind 'llm' in arrival order, Elo from 1000
// with K 32 matching the formula, A/B swap for position bias, cache reuse. Not a test of judging quality.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer } from './openai-test-server.js';
import { FAST, harness, type Harness } from './helpers.js';
import { eloStep } from '../../main/judge/pairwise.js';

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

const SC = ['job_loss', 'parent_cancer'];

describe('judge protocol handling: pairwise mode (test server; not judging quality)', () => {
  it('protocol handling: forced choices within a scenario, stored as llm trials in arrival order; Elo follows the formula', async () => {
    server.reset({ latencyMs: 5 });
    h = await harness(12, { scenarios: SC });
    const est = await h.svc.estimatePairwise({ model: 'pw-model', baseUrl: server.url, comparisonsPerScenario: 15 });
    expect(est).toMatchObject({ mode: 'pairwise', calls: 30, conversations: 12 });
    const { runId } = await h.svc.startPairwise({ model: 'pw-model', baseUrl: server.url, comparisonsPerScenario: 15, limits: { ...FAST, concurrency: 3 } });
    const s = await h.svc.wait(runId);
    expect(s).toMatchObject({ state: 'done', mode: 'pairwise', total: 30, answered: 30, failed: 0, scoreSetId: runId });
    expect(server.chat()).toHaveLength(30);
    const body = server.chat()[0].body;
    expect(body.response_format.json_schema.name).toBe('pairwise_choice');
    expect(body.messages[1].content).toMatch(/^Conversation A:\n[\s\S]+\n\nConversation B:\n/);

    const rows = await h.ws.db.all<{ judge_kind: string; trial: number; conversation_a: string; conversation_b: string; choice: string; sa: string; sb: string }>(`
      SELECT p.judge_kind, p.trial, p.conversation_a, p.conversation_b, p.choice, a.scenario AS sa, b.scenario AS sb
      FROM pairwise p JOIN conversations a ON a.conversation_id = p.conversation_a JOIN conversations b ON b.conversation_id = p.conversation_b
      WHERE p.judge_id = ? ORDER BY p.trial`, [runId]);
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.trial)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(rows.every((r) => r.judge_kind === 'llm' && r.sa === r.sb && ['a', 'b'].includes(r.choice))).toBe(true);
    expect(rows.filter((r) => r.sa === 'job_loss')).toHaveLength(15);
    // Adaptive sampling spreads comparisons: every conversation is compared, none twice with the same partner.
    const n = new Map<string, number>();
    for (const r of rows) for (const c of [r.conversation_a, r.conversation_b]) n.set(c, (n.get(c) ?? 0) + 1);
    expect(n.size).toBe(12);
    expect(Math.min(...n.values())).toBeGreaterThanOrEqual(4);
    const pairs = new Set(rows.map((r) => [r.conversation_a, r.conversation_b].sort().join('|')));
    expect(pairs.size).toBe(30);

    // Elo: replay the stored trials by hand (start 1000, K 32) and compare.
    const R = new Map<string, number>();
    for (const r of rows) {
      const [ra, rb] = eloStep(R.get(r.conversation_a) ?? 1000, R.get(r.conversation_b) ?? 1000, r.choice === 'a' ? 1 : 0);
      R.set(r.conversation_a, ra);
      R.set(r.conversation_b, rb);
    }
    const elo = await h.svc.elo(runId);
    expect(elo.trials).toBe(30);
    expect(elo.ratings).toHaveLength(12);
    for (const e of elo.ratings) expect(e.rating).toBeCloseTo(R.get(e.conversationId)!, 9);
    // Ratings are zero-sum around 1000 within a scenario.
    const sum = elo.ratings.filter((e) => e.scenario === 'job_loss').reduce((a, e) => a + e.rating, 0);
    expect(sum / 6).toBeCloseTo(1000, 9);
  });

  it('protocol handling: swap asks each pair with A and B exchanged; a judge that always says "A" shows full position bias', async () => {
    server.reset({ behavior: () => 'always-a' });
    h = await harness(6, { scenarios: ['job_loss'] });
    const { runId } = await h.svc.startPairwise({ model: 'bias-model', baseUrl: server.url, comparisonsPerScenario: 5, swap: true, limits: FAST });
    const s = await h.svc.wait(runId);
    expect(s).toMatchObject({ state: 'done', total: 10, answered: 10 });
    const texts = server.chat().map((r) => r.conversation!);
    // Each pair appears once in each order.
    const order = (t: string) => /Conversation A:\n([\s\S]*?)\n\nConversation B:\n([\s\S]*?)\n\nWhich/.exec(t)!.slice(1, 3);
    const keys = texts.map((t) => order(t).join('\u0001'));
    for (const t of texts) expect(keys).toContain(order(t).reverse().join('\u0001'));
    const elo = await h.svc.elo(runId);
    expect(elo.positionBias).toEqual({ swappedPairs: 5, consistent: 0, consistency: 0, shareA: 1 });
  });

  it('protocol handling: a consistent judge agrees with itself across swapped pairs', async () => {
    server.reset();
    h = await harness(6, { scenarios: ['job_loss'] });
    const { runId } = await h.svc.startPairwise({ model: 'fair-model', baseUrl: server.url, comparisonsPerScenario: 6, swap: true, limits: FAST });
    await h.svc.wait(runId);
    const pb = (await h.svc.elo(runId)).positionBias!;
    expect(pb.swappedPairs).toBe(6);
    expect(pb.consistency).toBe(1);
  });

  it('protocol handling: the same pairwise run again (same seed) is answered entirely from the cache', async () => {
    server.reset();
    h = await harness(8, { scenarios: SC });
    const spec = { model: 'cache-pw', baseUrl: server.url, comparisonsPerScenario: 6, seed: 7, limits: { ...FAST, concurrency: 1 } };
    const first = await h.svc.startPairwise(spec);
    await h.svc.wait(first.runId);
    expect(server.chat()).toHaveLength(12);
    server.reset();
    const again = await h.svc.startPairwise(spec);
    expect(await h.svc.wait(again.runId)).toMatchObject({ answered: 12, fromCache: 12 });
    expect(server.chat()).toHaveLength(0);
    const a = await h.svc.elo(first.runId);
    const b = await h.svc.elo(again.runId);
    expect(b.ratings.map((r) => [r.conversationId, r.rating])).toEqual(a.ratings.map((r) => [r.conversationId, r.rating]));
  });

  it('protocol handling: a paused pairwise run resumes its planned pairs and never re-asks an answered one', async () => {
    server.reset({ latencyMs: 30 });
    h = await harness(10, { scenarios: ['job_loss'] });
    const { runId } = await h.svc.startPairwise({ model: 'pause-pw', baseUrl: server.url, comparisonsPerScenario: 20, limits: { ...FAST, concurrency: 2 } });
    while (server.chat().filter((r) => r.status === 200).length < 6) await new Promise((r) => setTimeout(r, 5));
    await h.svc.pause(runId);
    const p = await h.svc.wait(runId);
    expect(p.state).toBe('paused');
    const asked = new Set(server.chat().map((r) => r.conversation));
    server.reset();
    await h.svc.resume(runId);
    expect(await h.svc.wait(runId)).toMatchObject({ state: 'done', answered: 20, total: 20 });
    expect(server.chat().filter((r) => asked.has(r.conversation))).toEqual([]);
    const trials = await h.ws.db.all<{ t: number }>(`SELECT trial AS t FROM pairwise WHERE judge_id = ? ORDER BY trial`, [runId]);
    expect(trials.map((r) => r.t)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('protocol handling: invalid pairwise answers are retried, then recorded as failures', async () => {
    // Every comparison that shows conv-001 as A gets an unusable answer.
    const bad = (t: string) => t.includes('Conversation A:\nSeeker: I just found out I was let go');
    server.reset({ behavior: (r) => (bad(r.conversation!) ? 'invalid-json' : 'ok') });
    h = await harness(4, { scenarios: ['job_loss'] });
    const { runId } = await h.svc.startPairwise({ model: 'bad-pw', baseUrl: server.url, comparisonsPerScenario: 6, limits: { ...FAST, concurrency: 1, maxInvalidRetries: 2 } });
    const s = await h.svc.wait(runId);
    const badRequests = server.chat().filter((r) => bad(r.conversation!));
    const badItems = new Set(badRequests.map((r) => r.conversation)).size;
    expect(badItems).toBeGreaterThan(0);
    expect(badRequests).toHaveLength(3 * badItems); // 1 + 2 retries each
    expect(s).toMatchObject({ state: 'done', answered: 6 - badItems, failed: badItems });
    const d = await h.svc.get(runId);
    for (const f of d.failures) {
      expect(f.reason).toMatch(/^invalid answer after 3 attempts: choice must be "A" or "B"/);
      expect(f.conversationId).toBe('conv-001');
      expect(f.conversationB).not.toBeNull();
    }
  });
});
