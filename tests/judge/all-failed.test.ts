// A run in which every call failed is a failed run: red, one line saying why, no score set, a failed job;
// retrying the failures once the endpoint works brings the score set back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { deadPort, insertStudy } from './helpers.js';
import { OpenAITestServer } from './openai-test-server.js';

let dir: string;
let b: Backend;
let server: OpenAITestServer;
const fast = { concurrency: 2, maxRetries: 1, backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 2000 };


async function scoreSetExists(id: string): Promise<boolean> {
  return (await b.app.call('study-info', undefined)).scoreSets.some((s) => s.id === id);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'judge-all-failed-'));
  b = new Backend({ home: dir, envKeys: boundKeyProvider(null, []) });
  const ws = await b.open(join(dir, 'study.duckdb'));
  await insertStudy(ws, 3);
  server = await OpenAITestServer.start();
});
afterAll(async () => {
  b.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a run where every call failed', () => {
  it('against a dead endpoint: failed, with the reason in one line, a failed job and no score set', async () => {
    const { runId, jobId } = await b.app.call('judge-start', { model: 'm', baseUrl: `http://127.0.0.1:${await deadPort()}/v1`, limits: fast });
    const job = await b.app.call('job-wait', { id: jobId });
    expect(job.state).toBe('failed');
    const run = await b.app.call('judge-run-get', { runId });
    expect(run.state).toBe('failed');
    expect(run.answered).toBe(0);
    expect(run.failed).toBe(3);
    expect(run.message).toMatch(/^All 3 calls failed \(3 × .+\); no score set was created\./);
    expect(run.message!.split('\n')).toHaveLength(1);
    expect(job.error).toBe(run.message);
    expect(await scoreSetExists(runId)).toBe(false);
  });

  it('retrying once the endpoint answers brings the score set back, with every answer', async () => {
    server.reset({ behavior: () => 'server-error' });
    const { runId, jobId } = await b.app.call('judge-start', { model: 'm2', baseUrl: server.url, limits: fast });
    expect((await b.app.call('job-wait', { id: jobId })).state).toBe('failed');
    expect(await scoreSetExists(runId)).toBe(false);
    server.reset();
    const retry = await b.app.call('judge-retry-failures', { runId });
    expect((await b.app.call('job-wait', { id: retry.jobId })).state).toBe('done');
    expect((await b.app.call('judge-run-get', { runId })).state).toBe('done');
    expect(await scoreSetExists(runId)).toBe(true);
    const scored = await b.workspace.db.value<number>('SELECT count(DISTINCT conversation_id) FROM scores WHERE score_set_id = ?', [runId]);
    expect(Number(scored)).toBe(3);
  });

  it('some answered and some failed is still done, with its score set', async () => {
    let n = 0;
    server.reset({ behavior: () => (n++ === 0 ? 'bad-request' : 'ok') });
    const { runId, jobId } = await b.app.call('judge-start', { model: 'm3', baseUrl: server.url, label: 'partly failed', limits: { ...fast, concurrency: 1 } });
    expect((await b.app.call('job-wait', { id: jobId })).state).toBe('done');
    const run = await b.app.call('judge-run-get', { runId });
    expect(run).toMatchObject({ state: 'done', answered: 2, failed: 1 });
    expect(await scoreSetExists(runId)).toBe(true);
    // The study lists the run's score set with the run's label, for the pickers.
    const set = (await b.app.call('study-info', undefined)).scoreSets.find((s) => s.id === runId);
    expect(set).toMatchObject({ label: 'partly failed', rater: 'm3/default-scores@v1' });
  });
});
