// A judge run on the real Lend an Ear pilot (../shared/corpora) forms a score set that the agreement analysis
// compares with the expert median, beside the pilot's other raters. The test server's answers are made up, so
// this checks the plumbing (protocol handling), not how well anything judges.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { boundKeyProvider } from '../../main/judge/keys.js';
import { OpenAITestServer } from './openai-test-server.js';

const PILOT = resolve(import.meta.dirname, '../../../shared/corpora/lend-an-ear-pilot');
let server: OpenAITestServer;
let dir: string;

beforeAll(async () => {
  server = await OpenAITestServer.start();
  dir = mkdtempSync(join(tmpdir(), 'judge-pilot-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(PILOT))('judge on the Lend an Ear pilot (protocol handling, not judging quality)', () => {
  it('protocol handling: the run is a score set that analysis-agreement compares with the expert median', async () => {
    const b = new Backend({ home: dir });
    try {
      await b.open(join(dir, 'pilot.duckdb'));
      const imp = await b.app.call('import-start', { path: PILOT, format: 'lend-an-ear' });
      expect((await b.app.call('job-wait', { id: imp.jobId })).state).toBe('done');
      b.keys.use(boundKeyProvider('sk-pilot-test-000000000000', [server.url], 'test'));
      const est = await b.app.call('judge-estimate', { model: 'gpt-4o', baseUrl: server.url });
      expect(est).toMatchObject({ conversations: 50, calls: 50, toRequest: 50 });
      expect(est.cost.priced).toBe(true);
      const r = await b.app.call('judge-start', { model: 'pilot-model', baseUrl: server.url, limits: { concurrency: 8 } });
      expect(await b.judge.wait(r.runId)).toMatchObject({ state: 'done', answered: 50 });
      const first = server.chat()[0].body.messages[1].content as string;
      expect(first).toMatch(/^Conversation:\nSeeker: .+\nSupporter: /);
      const info = await b.app.call('study-info', undefined);
      expect(info.scoreSets.find((s) => s.id === r.runId)).toMatchObject({ kind: 'llm-judge', conversations: 50 });
      const ag = await b.app.call('analysis-agreement', { a: r.runId, b: 'median(expert1,expert2,expert3)', reps: 50 });
      expect(ag.rows).toHaveLength(6);
      expect(ag.rows.every((row) => row.n === 50 && Number.isFinite(row.kappa_scale) && Number.isFinite(row.alpha))).toBe(true);
    } finally {
      b.close();
    }
  });
});
