// The validation on real text: ESConv (../shared/corpora, read in place) imported by the real importer, offline
// embeddings, a kSAE grid through the real Backend, then NMI of each sentence's top-1 latent against its message's
// helping strategy beside k-means; and a describe run on that trained model against the scripted local server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { validateModel } from '../../main/themes/validate.js';
import { tempDir } from '../helpers/tiny-study.js';
import { SHARED } from '../golden/helpers.js';
import { OpenAITestServer } from '../judge/openai-test-server.js';
import { FAST, scriptedAnswers } from './describe-fixture.js';

const ESCONV = join(SHARED, 'corpora', 'esconv', 'FailedESConv.json');

let tmp: ReturnType<typeof tempDir>;
let b: Backend;
let modelId: string;
let server: OpenAITestServer;

beforeAll(async () => {
  tmp = tempDir('workbench-validate-esconv-');
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'esconv.duckdb'));
  await runImport(ws.db, { path: ESCONV, format: 'esconv' }, { progress: () => {}, checkCancelled: () => {} });
  const emb = await b.app.call('embeddings-create', { provider: 'offline', dimensions: 64, seed: 1 });
  expect((await b.jobs.wait(emb.jobId)).state).toBe('done');
  const grid = await b.app.call('themes-train', { embeddingSetId: emb.embeddingSetId, latents: [8], k: 2, seed: 1, scenarioTypes: ['all'], maxEpochs: 8 });
  const job = await b.jobs.wait(grid.jobId);
  expect(job.error).toBeNull();
  modelId = grid.modelIds[0];
  server = await OpenAITestServer.start({ answer: scriptedAnswers(false) });
}, 300_000);
afterAll(async () => {
  b?.close();
  await server?.close();
  tmp?.cleanup();
});

describe('themes validate on ESConv', () => {
  it('compares every supporter sentence with a strategy: kSAE top-1 and k-means with as many clusters', async () => {
    const db = b.workspace.db;
    const expected = await db.value<number>(`SELECT count(*)::INTEGER FROM sentences s JOIN messages m USING (conversation_id, turn)
      WHERE m.role = 'supporter' AND json_extract_string(m.annotation, '$.strategy') IS NOT NULL`);
    expect(expected).toBeGreaterThan(3000);
    const v = await validateModel(db, modelId, 'strategy');
    expect(v.sentences).toBe(expected);
    expect(v.classes.reduce((a, c) => a + c.sentences, 0)).toBe(expected);
    expect(v.classes.map((c) => c.label)).toEqual(expect.arrayContaining(['Questions', 'Providing Suggestions', 'Reflection of feelings', 'Self-disclosure']));
    for (const s of [v.themes, v.kmeans!]) {
      expect(s.nmi).toBeGreaterThan(0);
      expect(s.nmi).toBeLessThan(1);
      expect(s.purity).toBeGreaterThanOrEqual(v.classes[0].sentences / expected); // never below the largest class's share
      expect(s.clusters).toBeLessThanOrEqual(8);
    }
    expect(v.kmeans).toMatchObject({ k: 8, seed: 1 });
    // Deterministic: the same model and seed give the same numbers.
    expect(await validateModel(db, modelId, 'strategy')).toEqual(v);
  });

  it('describes the trained model\'s latents through the API', async () => {
    const est = await b.app.call('themes-describe-estimate', { modelId, baseUrl: server.url, fidelity: true, fidelityPositives: 5, fidelityNegatives: 5 });
    const { jobId } = await b.app.call('themes-describe', { modelId, baseUrl: server.url, fidelity: true, fidelityPositives: 5, fidelityNegatives: 5, limits: FAST });
    const job = await b.jobs.wait(jobId);
    expect(job.error).toBeNull();
    const list = await b.app.call('theme-descriptions-list', { modelId });
    expect(list).toHaveLength(est.latents);
    expect(server.chat()).toHaveLength(est.calls);
    for (const d of list) {
      expect(d.shown.length).toBeGreaterThan(0);
      expect(d.fidelity!.tp + d.fidelity!.fp + d.fidelity!.fn + d.fidelity!.tn).toBeLessThanOrEqual(10);
    }
  });
});
