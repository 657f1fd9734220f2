// Protocol handling of Batch API mode against the local test server (Files + Batches endpoints): JSONL
// contents, custom_id matching, polling, retries of bad answers in a further batch, resumption without
// uploading or submitting twice, and the cache shared with online runs. Not a test of judging quality.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAITestServer, fakeScores } from './openai-test-server.js';
import { FAST, harness, type Harness } from './helpers.js';

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

const count = (method: string, path: string) => server.requests.filter((r) => r.method === method && r.path === path).length;

describe('judge protocol handling: Batch API mode (test server; not judging quality)', () => {
  it('protocol handling: batch end to end — JSONL upload, submit, poll, download, match custom_id', async () => {
    server.reset({ batchPolls: 3 });
    h = await harness(9);
    const { runId } = await h.svc.start({ model: 'batch-model', baseUrl: server.url, batch: { pollIntervalMs: 10 }, limits: FAST });
    const s = await h.svc.wait(runId);
    expect(s).toMatchObject({ state: 'done', batch: true, answered: 9, failed: 0 });
    expect(server.chat()).toHaveLength(0);
    expect(count('POST', '/v1/files')).toBe(1);
    expect(count('POST', '/v1/batches')).toBe(1);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/batches/')).length).toBe(3);
    const upload = server.requests.find((r) => r.path === '/v1/files')!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data/);
    const jsonl = [...server.files.values()].find((f) => f.purpose === 'batch')!.content.trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(9);
    expect(jsonl.map((l) => l.custom_id)).toEqual(Array.from({ length: 9 }, (_, i) => `item-${i + 1}`));
    expect(jsonl.every((l) => l.method === 'POST' && l.url === '/v1/chat/completions' && l.body.model === 'batch-model')).toBe(true);
    expect(jsonl[0].body.response_format.json_schema.strict).toBe(true);
    expect(jsonl[0].body.messages[1].content).toContain('(#0)');
    const d = await h.svc.get(runId);
    expect(d.batches).toHaveLength(1);
    expect(d.batches[0]).toMatchObject({ batchNo: 1, state: 'ingested', status: 'completed', requests: 9, completed: 9, failed: 0 });
    const scores = await h.ws.db.value<number>(`SELECT count(*) FROM scores WHERE score_set_id = ?`, [runId]);
    expect(scores).toBe(54);
    // Output lines come back in another order; each answer still lands on its own conversation.
    const rows = await h.ws.db.all<{ c: string; d: string; score: number }>(`SELECT conversation_id AS c, dimension AS d, score FROM scores WHERE score_set_id = ?`, [runId]);
    for (const c of new Set(rows.map((r) => r.c))) {
      const line = jsonl.find((l) => l.custom_id === `item-${Number(c.slice(5))}`)!;
      expect(Object.fromEntries(rows.filter((r) => r.c === c).map((r) => [r.d, r.score]))).toEqual(fakeScores(line.body.messages[1].content));
    }
  });

  it('protocol handling: the batch JSONL lines are the online requests, so both modes share one cache', async () => {
    server.reset();
    h = await harness(6);
    const batch = await h.svc.start({ model: 'shared-model', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: FAST });
    await h.svc.wait(batch.runId);
    const files = server.requests.filter((r) => r.path === '/v1/files');
    expect(files).toHaveLength(1);
    server.reset();
    const online = await h.svc.start({ model: 'shared-model', baseUrl: server.url, limits: FAST });
    const s = await h.svc.wait(online.runId);
    expect(s).toMatchObject({ answered: 6, fromCache: 6 });
    expect(server.requests).toHaveLength(0);
    // And the other way round: a new model answered online, then batch mode finds everything cached.
    server.reset();
    const o2 = await h.svc.start({ model: 'other-model', baseUrl: server.url, limits: FAST });
    await h.svc.wait(o2.runId);
    server.reset();
    const b2 = await h.svc.start({ model: 'other-model', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: FAST });
    expect(await h.svc.wait(b2.runId)).toMatchObject({ answered: 6, fromCache: 6 });
    expect(server.requests).toHaveLength(0);
  });

  it('protocol handling: bad batch answers go into a further batch, and are recorded as failures when they stay bad', async () => {
    const seen = new Map<string, number>();
    server.reset({
      batchBehavior: (customId) => {
        const n = (seen.get(customId) ?? 0) + 1;
        seen.set(customId, n);
        if (customId === 'item-2') return 'out-of-range'; // always bad
        if (customId === 'item-3' && n === 1) return 'invalid-json'; // good on the second round
        if (customId === 'item-4' && n === 1) return 'server-error';
        return 'ok';
      },
    });
    h = await harness(5);
    const { runId } = await h.svc.start({ model: 'retry-model', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: { ...FAST, maxInvalidRetries: 2 } });
    const s = await h.svc.wait(runId);
    expect(s).toMatchObject({ state: 'done', answered: 4, failed: 1 });
    const d = await h.svc.get(runId);
    expect(d.batches.map((b) => b.requests)).toEqual([5, 3, 1]);
    expect(d.failures).toHaveLength(1);
    expect(d.failures[0]).toMatchObject({ conversationId: 'conv-002', attempts: 3 });
    expect(d.failures[0].reason).toMatch(/invalid answer: advice_giving: score 7 outside 1-5 \(after 3 batch rounds\)/);
  });

  it('protocol handling: a paused batch run resumes by polling the same batch, without uploading or submitting again', async () => {
    server.reset({ batchPolls: 1_000_000 });
    h = await harness(4);
    const { runId } = await h.svc.start({ model: 'resume-model', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: FAST });
    while (server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/batches/')).length < 2) await new Promise((r) => setTimeout(r, 5));
    await h.svc.pause(runId);
    const paused = await h.svc.wait(runId);
    expect(paused).toMatchObject({ state: 'paused', answered: 0 });
    expect((await h.svc.get(runId)).batches[0]).toMatchObject({ state: 'submitted', status: 'in_progress' });
    server.opts = { batchPolls: 1 }; // the server finishes it meanwhile
    await h.svc.resume(runId);
    expect(await h.svc.wait(runId)).toMatchObject({ state: 'done', answered: 4 });
    expect(count('POST', '/v1/files')).toBe(1);
    expect(count('POST', '/v1/batches')).toBe(1);
  });

  it('protocol handling: a batch submitted just before a crash (id not yet recorded) is found by its file, not created twice', async () => {
    server.reset({ batchPolls: 1_000_000 });
    h = await harness(3);
    const { runId } = await h.svc.start({ model: 'crash-model', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: FAST });
    while (count('POST', '/v1/batches') < 1) await new Promise((r) => setTimeout(r, 5));
    await h.svc.pause(runId);
    await h.svc.wait(runId);
    // Pretend the process died between creating the batch and recording its id.
    await h.ws.db.run(`UPDATE judge_batches SET state = 'uploaded', batch_id = NULL WHERE run_id = ?`, [runId]);
    server.opts = { batchPolls: 1 };
    await h.svc.resume(runId);
    expect(await h.svc.wait(runId)).toMatchObject({ state: 'done', answered: 3 });
    expect(count('POST', '/v1/files')).toBe(1);
    expect(count('POST', '/v1/batches')).toBe(1);
    expect(count('GET', '/v1/batches')).toBeGreaterThanOrEqual(2); // looked for it by listing
  });

  it('protocol handling: per-dimension mode in a batch matches six custom_ids per conversation', async () => {
    server.reset();
    h = await harness(2);
    const { runId } = await h.svc.start({ model: 'dim-model', mode: 'dimension', baseUrl: server.url, batch: { pollIntervalMs: 5 }, limits: FAST });
    expect(await h.svc.wait(runId)).toMatchObject({ state: 'done', answered: 12, total: 12 });
    const rows = await h.ws.db.all<{ c: string; n: number }>(`SELECT conversation_id AS c, count(DISTINCT dimension) AS n FROM scores WHERE score_set_id = ? GROUP BY 1 ORDER BY 1`, [runId]);
    expect(rows).toEqual([{ c: 'conv-001', n: 6 }, { c: 'conv-002', n: 6 }]);
  });
});
