// kSAE grids through a real Backend (handler table, job, worker, DuckDB file) on the tiny study with offline
// embeddings: stored models, activations, sentence labels, determinism, cancel + resume, delete, error codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../main/domain/errors.js';
import { loadMatrix } from '../../main/embeddings/load-matrix.js';
import { themesBackend } from './helpers.js';

let h: Awaited<ReturnType<typeof themesBackend>>;
beforeAll(async () => {
  h = await themesBackend('workbench-themes-train-');
}, 120_000);
afterAll(() => h?.close());

const weightsHash = (id: string) => h.b.workspace.db.value<string>(`SELECT md5(to_base64(weights)) FROM theme_models WHERE model_id = ?`, [id]);

async function trained(args: Record<string, unknown>) {
  const started = await h.b.app.call('themes-train', { embeddingSetId: h.embeddingSetId, ...args });
  const job = await h.b.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  return started;
}

describe('themes-train', () => {
  it('trains a grid per scenario type × M and stores models, activations and theme:<id> labels', async () => {
    const started = await trained({ latents: [8, 4], k: 2, seed: 3, scenarioTypes: ['all', 'personal'], maxEpochs: 4, label: 'grid test' });
    expect(started.modelIds).toHaveLength(4);
    const models = await h.b.app.call('themes-models', { gridId: started.gridId });
    expect(models.map((m) => [m.scenarioType, m.latents, m.state])).toEqual([['all', 4, 'done'], ['all', 8, 'done'], ['personal', 4, 'done'], ['personal', 8, 'done']]);
    const db = h.b.workspace.db;
    const all = await loadMatrix(db, h.embeddingSetId);
    const personal = await loadMatrix(db, h.embeddingSetId, { scenarioType: 'personal' });
    for (const m of models) {
      const n = m.scenarioType === 'all' ? all.n : personal.n;
      expect(m).toMatchObject({ k: 2, seed: 3, sentences: n, epochs: 4, label: 'grid test', labelling: `theme:${m.modelId}` });
      expect(m.silhouette).toBeGreaterThanOrEqual(-1);
      expect(m.silhouette).toBeLessThanOrEqual(1);
      expect(m.silhouetteTop2).toBeGreaterThanOrEqual(-1);
      expect(m.loss).toBeGreaterThan(0);
      expect(m.deadLatents).toBeGreaterThanOrEqual(0);
      const acts = await db.all<{ rank: number; c: number; lo: number; hi: number }>(
        `SELECT rank::INTEGER AS rank, count(*)::INTEGER AS c, min(latent)::INTEGER AS lo, max(latent)::INTEGER AS hi FROM theme_activations WHERE model_id = ? GROUP BY 1 ORDER BY 1`, [m.modelId]);
      expect(acts.map((a) => [a.rank, a.c])).toEqual([[1, n], [2, n]]);
      expect(Math.min(...acts.map((a) => a.lo))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...acts.map((a) => a.hi))).toBeLessThan(m.latents);
      // The same top-K as a labelling, row for row.
      const mismatch = await db.value<number>(`SELECT count(*)::INTEGER FROM (
          SELECT conversation_id, turn, sentence_index, 'L' || latent, rank FROM theme_activations WHERE model_id = ?
          EXCEPT SELECT conversation_id, turn, sentence_index, category, rank FROM sentence_labels WHERE labelling = ?)`, [m.modelId, `theme:${m.modelId}`]);
      expect(mismatch).toBe(0);
      expect(await db.value<number>(`SELECT count(*)::INTEGER FROM sentence_labels WHERE labelling = ?`, [`theme:${m.modelId}`])).toBe(2 * n);
    }
    // The figures page's theme-shift analysis takes the model as its labelling.
    const shifts = await h.b.app.call('analysis-shifts', { labelling: `theme:${models[0].modelId}` });
    expect(shifts.labelling).toBe(`theme:${models[0].modelId}`);
    expect(shifts.labellings).toEqual(expect.arrayContaining(models.map((m) => `theme:${m.modelId}`)));
    const detail = await h.b.app.call('themes-model-get', { id: models[0].modelId });
    expect(detail.history.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(detail.params).toMatchObject({ latents: 4, k: 2, seed: 3, maxEpochs: 4, batchSize: 512, learningRate: 5e-4 });
    expect(detail.resumable).toBe(false);
    // Personal models only see personal sentence units.
    const foreign = await db.value<number>(`SELECT count(*)::INTEGER FROM theme_activations a JOIN conversations c USING (conversation_id)
      WHERE a.model_id = ? AND c.scenario_type <> 'personal'`, [models[2].modelId]);
    expect(foreign).toBe(0);
  }, 120_000);

  it('is reproducible: the same grid again gives identical weights', async () => {
    const a = await trained({ latents: [6], seed: 9, scenarioTypes: ['all'], maxEpochs: 3 });
    const b = await trained({ latents: [6], seed: 9, scenarioTypes: ['all'], maxEpochs: 3 });
    const c = await trained({ latents: [6], seed: 10, scenarioTypes: ['all'], maxEpochs: 3 });
    expect(await weightsHash(a.modelIds[0])).toBe(await weightsHash(b.modelIds[0]));
    expect(await weightsHash(a.modelIds[0])).not.toBe(await weightsHash(c.modelIds[0]));
  }, 120_000);

  it('cancel keeps the last finished epoch; an interrupted model resumes to the weights of an uninterrupted run', async () => {
    const args = { latents: [6], seed: 4, scenarioTypes: ['all'] as const, maxEpochs: 40 };
    const whole = await trained({ ...args, scenarioTypes: ['all'] });
    const started = await h.b.app.call('themes-train', { embeddingSetId: h.embeddingSetId, ...args, scenarioTypes: ['all'] });
    const id = started.modelIds[0];
    for (let i = 0; i < 2000; i++) {
      if (((await h.b.themes.model(id)).epochs ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await h.b.app.call('job-cancel', { id: started.jobId });
    const job = await h.b.jobs.wait(started.jobId);
    expect(job.state).toBe('cancelled');
    const paused = await h.b.app.call('themes-model-get', { id });
    expect(paused.state).toBe('paused');
    expect(paused.resumable).toBe(true);
    expect(paused.epochs).toBeGreaterThanOrEqual(2);
    expect(paused.epochs).toBeLessThan(40);

    // A process that died mid-training leaves its row 'running': with no live job it reads as interrupted.
    await h.b.workspace.db.run(`UPDATE theme_models SET state = 'running' WHERE model_id = ?`, [id]);
    expect((await h.b.app.call('themes-model-get', { id })).state).toBe('interrupted');
    expect((await h.b.app.call('themes-models', { gridId: started.gridId }))[0].state).toBe('interrupted');

    const resumed = await h.b.app.call('themes-resume', { gridId: started.gridId });
    expect(resumed.modelIds).toEqual([id]);
    expect((await h.b.jobs.wait(resumed.jobId)).state).toBe('done');
    const done = await h.b.app.call('themes-model-get', { id });
    expect(done.state).toBe('done');
    expect(done.history).toEqual((await h.b.app.call('themes-model-get', { id: whole.modelIds[0] })).history);
    expect(await weightsHash(id)).toBe(await weightsHash(whole.modelIds[0]));
  }, 120_000);

  it('deletes a model with its activations and labels', async () => {
    const s = await trained({ latents: [4], scenarioTypes: ['workplace'], maxEpochs: 2 });
    const id = s.modelIds[0];
    expect(await h.b.app.call('themes-model-delete', { id })).toEqual({ deleted: id });
    const db = h.b.workspace.db;
    expect(await db.value<number>(`SELECT count(*)::INTEGER FROM theme_activations WHERE model_id = ?`, [id])).toBe(0);
    expect(await db.value<number>(`SELECT count(*)::INTEGER FROM sentence_labels WHERE labelling = ?`, [`theme:${id}`])).toBe(0);
    expect((await h.b.app.call('themes-models', undefined)).some((m) => m.modelId === id)).toBe(false);
  }, 120_000);

  it('answers with user errors: unknown model 404, unknown grid 404, bad arguments 400 (schema or trainer options)', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof UserError ? e.code : String(e)));
    expect(await code(h.b.app.call('themes-model-get', { id: 'ksae-nope' }))).toBe('not-found');
    expect(await code(h.b.app.call('themes-resume', { gridId: 'grid-nope' }))).toBe('not-found');
    expect(await code(h.b.app.call('themes-model-delete', { id: 'ksae-nope' }))).toBe('not-found');
    expect(await code(h.b.app.call('themes-train', { embeddingSetId: h.embeddingSetId, latents: [1] }))).toBe('invalid-args');
    expect(await code(h.b.app.call('themes-train', { embeddingSetId: h.embeddingSetId, k: 9, latents: [4] }))).toBe('bad-request');
    expect(await code(h.b.app.call('themes-train', { embeddingSetId: 'emb-nope' }))).toBe('not-found');
  }, 60_000);
});
