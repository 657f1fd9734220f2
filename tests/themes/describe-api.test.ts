// The describe methods through the real handler table (Backend + App): validation, error codes, set and list.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { publicError } from '../../main/api/errors.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { FAST, MODEL_ID, fixtureUnits, insertModel, scriptedAnswers } from './describe-fixture.js';

let dir: string;
let b: Backend;
let server: OpenAITestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'describe-api-'));
  b = new Backend({ home: dir, envKeys: boundKeyProvider('sk-api-test-0123456789abcdef', ['https://api.openai.com/v1']) });
  const ws = await b.open(join(dir, 'api.duckdb'));
  await insertModel(ws, fixtureUnits(240));
  server = await OpenAITestServer.start({ answer: scriptedAnswers(false) });
});
afterAll(async () => {
  b.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = (p: Promise<unknown>) => p.then(() => 200, (e) => publicError(e).status);

describe('theme description methods', () => {
  it('estimate, describe as a job, list, and a person\'s edit', async () => {
    const est = await b.app.call('themes-describe-estimate', { modelId: MODEL_ID, baseUrl: server.url, llm: 'gpt-4o-mini', fidelity: true, candidates: 3 });
    expect(est).toMatchObject({ latents: 4, descriptionCalls: 12, labelCalls: 1200, cacheHits: 0, llm: 'gpt-4o-mini', labeller: 'gpt-4o-mini' });
    expect(est.cost.priced).toBe(true);
    expect(est.cost.amount).toBeGreaterThan(0);
    const { jobId } = await b.app.call('themes-describe', { modelId: MODEL_ID, baseUrl: server.url, latents: [1, 3], limits: FAST });
    expect((await b.app.call('job-wait', { id: jobId })).state).toBe('done');
    expect((await b.app.call('theme-descriptions-list', { modelId: MODEL_ID })).map((d) => d.latent)).toEqual([1, 3]);
    const { description } = await b.app.call('theme-description-set', { modelId: MODEL_ID, latent: 3, description: 'Offers to listen' });
    expect(description).toMatchObject({ source: 'human', description: 'Offers to listen', candidates: [{ description: 'mentions the word tell', fidelity: null }] });
  });

  it('refuses bad arguments (400), unknown models (404) and a remote origin without its key (400 needs-key)', async () => {
    expect(await status(b.app.call('themes-describe', { modelId: MODEL_ID, candidates: 0 } as never))).toBe(400);
    expect(await status(b.app.call('theme-description-set', { modelId: MODEL_ID, latent: -1, description: 'x' }))).toBe(400);
    expect(await status(b.app.call('theme-descriptions-list', { modelId: 'nope' }))).toBe(404);
    expect(await status(b.app.call('themes-describe-estimate', { modelId: 'nope', baseUrl: server.url }))).toBe(404);
    expect(await status(b.app.call('themes-describe-estimate', { modelId: MODEL_ID, baseUrl: server.url, percentile: [90, 80], positiveSampling: 'percentile' }))).toBe(400);
    const err = await b.app.call('themes-describe', { modelId: MODEL_ID, baseUrl: 'https://models.example.net/v1' }).catch((e) => e);
    expect(publicError(err)).toMatchObject({ status: 400, body: { code: 'needs-key' } });
    expect(err.message).toContain('https://models.example.net');
  });
});
