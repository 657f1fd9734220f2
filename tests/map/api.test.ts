// Projections through a real Backend (handler table, job, UMAP worker, DuckDB file) on the tiny study with offline
// embeddings: stored points, determinism per seed, preview frames, cancel, delete, selection counts against SQL,
// argument validation and error codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themesBackend } from '../themes/helpers.js';

let h: Awaited<ReturnType<typeof themesBackend>>;
beforeAll(async () => {
  h = await themesBackend('workbench-map-api-', 24);
}, 120_000);
afterAll(() => h?.close());

async function projected(args: Record<string, unknown> = {}) {
  const started = await h.b.app.call('map-project', { embeddingSetId: h.embeddingSetId, epochs: 60, ...args });
  const job = await h.b.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  return started.projectionId;
}

const pointsOf = (id: string) => h.b.workspace.db.all<{ i: number; c: string; x: number; y: number }>(
  `SELECT point_index AS i, conversation_id AS c, x, y FROM projection_points WHERE projection_id = ? ORDER BY point_index`, [id]);

describe('map-project', () => {
  it('stores every sentence unit of the set with its parameters and quality', async () => {
    const id = await projected({ seed: 3, label: 'first' });
    const p = await h.b.app.call('map-projection-get', { id });
    const n = Number(await h.b.workspace.db.value(`SELECT sentences FROM embedding_sets WHERE embedding_set_id = ?`, [h.embeddingSetId]));
    expect(p).toMatchObject({ id, state: 'done', engine: 'workbench-umap', points: n, label: 'first', jobId: null, embeddingSetId: h.embeddingSetId });
    expect(p.params).toEqual({ pca: 0, neighbors: 15, minDist: 0.1, metric: 'cosine', epochs: 60, seed: 3 });
    expect(p.neighborhoodPreservation).toBeGreaterThan(0);
    expect(p.neighborhoodPreservation).toBeLessThanOrEqual(1);
    expect(p.seconds).toBeGreaterThan(0);
    const pts = await pointsOf(id);
    expect(pts.map((r) => r.i)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(pts.every((r) => Number.isFinite(r.x) && Number.isFinite(r.y))).toBe(true);
  }, 60_000);

  it('is deterministic per seed: same seed, identical points; another seed, other points', async () => {
    const a = await pointsOf(await projected({ seed: 11 }));
    const b = await pointsOf(await projected({ seed: 11 }));
    const c = await pointsOf(await projected({ seed: 12 }));
    expect(b).toEqual(a);
    expect(c.map((r) => [r.x, r.y])).not.toEqual(a.map((r) => [r.x, r.y]));
  }, 90_000);

  it('draws with the reference engine when asked, and says so', async () => {
    const id = await projected({ engine: 'umap-js', epochs: 30 });
    const p = await h.b.app.call('map-projection-get', { id });
    expect(p).toMatchObject({ engine: 'umap-js', state: 'done' });
    expect((await h.b.app.call('map-points', { projectionId: id })).engine).toBe('umap-js');
    expect((await pointsOf(id)).every((r) => Number.isFinite(r.x) && Number.isFinite(r.y))).toBe(true);
  }, 60_000);
});
