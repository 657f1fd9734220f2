// The OpenAI-compatible provider against the local test server on 127.0.0.1: batching within the limits, the
// shared content cache, retries (429, 500, timeouts), failure then resume, cancel, and the key kept out of the
// workspace and the job messages.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadMatrix } from '../../main/embeddings/load-matrix.js';
import { sentenceUnits } from '../../main/embeddings/store.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { fakeEmbedding } from './embeddings-endpoint.js';
import { finish, tinyBackend } from './helpers.js';

const KEY = 'sk-test-embeddings-0123456789abcdef';
let server: OpenAITestServer;
let h: Awaited<ReturnType<typeof tinyBackend>>;
const fast = { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };

beforeAll(async () => {
  server = await OpenAITestServer.start();
  h = await tinyBackend('workbench-embeddings-openai-', boundKeyProvider(KEY, [server.url], 'test'));
}, 60_000);
afterAll(async () => {
  h?.close();
  await server?.close();
});
beforeEach(async () => {
  server.reset();
  await h.b.workspace.db.run('DELETE FROM embedding_cache');
});

const distinctTexts = async () => Number(await h.b.workspace.db.value('SELECT count(DISTINCT text) FROM sentences'));

describe('OpenAI-compatible embeddings', () => {
  it('estimates calls, tokens and cost first, then embeds in batches within the input limit', async () => {
    const { b } = h;
    const spec = { provider: 'openai' as const, baseUrl: server.url, dimensions: 12, limits: { maxInputsPerRequest: 3, ...fast } };
    const est = await b.app.call('embeddings-estimate', spec);
    const distinct = await distinctTexts();
    expect(est).toMatchObject({ model: 'text-embedding-3-large', dimensions: 12, toRequest: distinct, cacheHits: 0, calls: Math.ceil(distinct / 3) });
    expect(est.inputTokens).toBeGreaterThan(distinct);
    expect(est.cost?.priced).toBe(true);
    expect(est.cost?.amount).toBe(Math.round(est.inputTokens * 0.13) / 1e6); // $0.13 per million, kept to micro-dollars
    expect(server.requests).toHaveLength(0); // estimating sends nothing

    const job = await finish(b, await b.app.call('embeddings-create', spec));
    expect(job.state).toBe('done');
    const reqs = server.embeddingRequests();
    expect(reqs).toHaveLength(est.calls);
    expect(reqs.every((r) => r.body.input.length <= 3 && r.body.dimensions === 12 && r.body.model === 'text-embedding-3-large')).toBe(true);
    expect(reqs[0].authorization).toBe(`Bearer ${KEY}`);
    const set = (await b.app.call('embeddings-list', undefined)).find((s) => s.provider === 'openai')!;
    expect(set).toMatchObject({ state: 'done', dimensions: 12, kind: 'embedding model' });
    // Every sentence unit carries the server's vector for its own text.
    const m = await loadMatrix(b.workspace.db, set.id);
    const u = await sentenceUnits(b.workspace.db);
    expect(m.n).toBe(u.texts.length);
    for (let i = 0; i < m.n; i++) expect(Array.from(m.data.subarray(i * 12, i * 12 + 12))).toEqual(Array.from(fakeEmbedding(u.texts[i], 12)));
  }, 60_000);

  it('keeps requests under the token budget', async () => {
    const spec = { provider: 'openai' as const, baseUrl: server.url, limits: { maxTokensPerRequest: 12, ...fast } };
    expect((await finish(h.b, await h.b.app.call('embeddings-create', spec))).state).toBe('done');
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    for (const r of server.embeddingRequests()) {
      const tokens = (r.body.input as string[]).reduce((a, t) => a + countTokens(t), 0);
      expect(r.body.input.length === 1 || tokens <= 12).toBe(true);
    }
  }, 60_000);

  it('shares the cache across sets: a second set asks for nothing', async () => {
    const spec = { provider: 'openai' as const, baseUrl: server.url, model: 'text-embedding-3-small', limits: fast };
    expect((await finish(h.b, await h.b.app.call('embeddings-create', spec))).state).toBe('done');
    const first = server.embeddingRequests().length;
    expect(first).toBeGreaterThan(0);
    const est = await h.b.app.call('embeddings-estimate', spec);
    expect(est).toMatchObject({ calls: 0, toRequest: 0, cacheHits: await distinctTexts(), inputTokens: 0 });
    expect((await finish(h.b, await h.b.app.call('embeddings-create', spec))).state).toBe('done');
    expect(server.embeddingRequests().length).toBe(first);
  }, 60_000);

  it('retries 429 with Retry-After, 500 and timeouts, and finishes', async () => {
    server.reset({ embeddingBehavior: (r) => (r.attempt === 1 ? { kind: 'rate-limit', retryAfter: '0' } : r.attempt === 2 ? 'server-error' : r.attempt === 3 ? 'hang' : 'ok') });
    const spec = { provider: 'openai' as const, baseUrl: server.url, limits: { ...fast, timeoutMs: 300, maxInputsPerRequest: 50 } };
    const job = await finish(h.b, await h.b.app.call('embeddings-create', spec));
    expect(job.state).toBe('done');
    const reqs = server.embeddingRequests();
    const bodies = new Set(reqs.map((r) => r.bodyText));
    expect(reqs.length).toBe(bodies.size * 4);
  }, 60_000);

  it('fails on a refused request with the cache kept, and a resume asks only for the rest', async () => {
    const spec = { provider: 'openai' as const, baseUrl: server.url, model: 'resume-model', limits: { ...fast, maxInputsPerRequest: 2, concurrency: 1 } };
    server.reset({ embeddingBehavior: (r) => (r.n >= 4 ? 'bad-request' : 'ok') });
    const started = await h.b.app.call('embeddings-create', spec);
    const job = await finish(h.b, started);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/refused the request .*maximum context length/);
    let set = (await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === started.embeddingSetId)!;
    expect(set.state).toBe('failed');
    const cached = Number(await h.b.workspace.db.value(`SELECT count(*) FROM embedding_cache WHERE model = 'resume-model'`));
    expect(cached).toBe(6); // three answered requests of two
    server.reset();
    const resumed = await h.b.app.call('embeddings-resume', { embeddingSetId: started.embeddingSetId });
    expect((await finish(h.b, resumed)).state).toBe('done');
    const asked = server.embeddingRequests().flatMap((r) => r.body.input as string[]);
    expect(asked.length).toBe((await distinctTexts()) - 6);
    set = (await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === started.embeddingSetId)!;
    expect(set.state).toBe('done');
  }, 60_000);

  it('cancels a running set', async () => {
    server.reset({ latencyMs: 200 });
    const spec = { provider: 'openai' as const, baseUrl: server.url, model: 'slow-model', limits: { ...fast, maxInputsPerRequest: 1, concurrency: 1 } };
    const started = await h.b.app.call('embeddings-create', spec);
    const running = (await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === started.embeddingSetId)!;
    expect(running).toMatchObject({ state: 'running', jobId: started.jobId });
    await new Promise((r) => setTimeout(r, 300));
    h.b.jobs.cancel(started.jobId);
    expect((await finish(h.b, started)).state).toBe('cancelled');
    const set = (await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === started.embeddingSetId)!;
    expect(set).toMatchObject({ state: 'cancelled', jobId: null });
  }, 60_000);

  it('refuses a remote origin without a key, naming the origin', async () => {
    const spec = { provider: 'openai' as const, baseUrl: 'https://embeddings.example.invalid/v1' };
    await expect(h.b.app.call('embeddings-create', spec)).rejects.toMatchObject({ code: 'needs-key', message: expect.stringContaining('https://embeddings.example.invalid') });
    await expect(h.b.app.call('embeddings-estimate', spec)).rejects.toMatchObject({ code: 'needs-key' });
  });

  it('never stores or reports the key, even when the server echoes it', async () => {
    server.reset({ embeddingBehavior: () => 'unauthorized-echo' });
    const started = await h.b.app.call('embeddings-create', { provider: 'openai', baseUrl: server.url, model: 'echo-model', limits: fast });
    const job = await finish(h.b, started);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/rejected the API key/);
    expect(server.embeddingRequests()[0].authorization).toBe(`Bearer ${KEY}`);
    const everything = JSON.stringify([job, h.b.jobs.list(), await h.b.app.call('embeddings-list', undefined)]);
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(KEY);
    await h.b.workspace.db.run('CHECKPOINT');
    expect(readFileSync(h.dbPath).includes(Buffer.from(KEY))).toBe(false);
  }, 60_000);
});
