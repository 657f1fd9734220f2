// What the map view reads of a stored projection, through a real Backend on the tiny study: points with attribute
// codes, the explorer filter as a visible mask, scores, selections checked against SQL written here, the CSV export,
// theme label centroids; preview frames while a projection runs; cancel, rename, delete; argument errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../golden/helpers.js';
import { themesBackend } from '../themes/helpers.js';

let h: Awaited<ReturnType<typeof themesBackend>>;
let projectionId: string;
let modelId: string;
beforeAll(async () => {
  h = await themesBackend('workbench-map-view-', 24);
  const started = await h.b.app.call('map-project', { embeddingSetId: h.embeddingSetId, epochs: 40, seed: 2 });
  expect((await h.b.jobs.wait(started.jobId)).state).toBe('done');
  projectionId = started.projectionId;
  const grid = await h.b.app.call('themes-train', { embeddingSetId: h.embeddingSetId, latents: [4], k: 2, seed: 1, scenarioTypes: ['all'], maxEpochs: 2 });
  expect((await h.b.jobs.wait(grid.jobId)).state).toBe('done');
  modelId = grid.modelIds[0];
}, 180_000);
afterAll(() => h?.close());

const db = () => h.b.workspace.db;

describe('map-points', () => {
  it('returns the points in index order with dictionary-coded attributes that decode to the study tables', async () => {
    const p = await h.b.app.call('map-points', { projectionId, themeModelId: modelId });
    const rows = await db().all<{ c: string; t: number; s: number; x: number; condition: string | null; round: string | null; scenario: string | null; theme: string | null }>(`
      SELECT p.conversation_id AS c, p.turn AS t, p.sentence_index AS s, round(p.x::DOUBLE, 4) AS x, cs.condition, CAST(cs.round AS VARCHAR) AS round,
        cs.scenario, 'L' || a.latent AS theme
      FROM projection_points p LEFT JOIN conversation_stats cs USING (conversation_id)
      LEFT JOIN theme_activations a ON a.model_id = ? AND a.rank = 1 AND a.conversation_id = p.conversation_id AND a.turn = p.turn AND a.sentence_index = p.sentence_index
      WHERE p.projection_id = ? ORDER BY p.point_index`, [modelId, projectionId]);
    expect(p.n).toBe(rows.length);
    expect(p.engine).toBe('workbench-umap');
    const decode = (cat: { values: string[]; codes: number[] }) => cat.codes.map((c) => (c < 0 ? null : cat.values[c]));
    expect(p.conversation.map((c) => p.conversations[c])).toEqual(rows.map((r) => r.c));
    expect(p.turn).toEqual(rows.map((r) => r.t));
    expect(p.sentenceIndex).toEqual(rows.map((r) => r.s));
    expect(p.x).toEqual(rows.map((r) => r.x));
    expect(decode(p.attributes.condition)).toEqual(rows.map((r) => r.condition));
    expect(decode(p.attributes.round)).toEqual(rows.map((r) => r.round));
    expect(decode(p.attributes.scenario)).toEqual(rows.map((r) => r.scenario));
    expect(decode(p.attributes.theme!)).toEqual(rows.map((r) => r.theme));
    expect(p.visible).toBeNull();
    expect(p.visibleCount).toBe(p.n);
    expect(p.score).toBeNull();
    expect(Math.min(...p.x)).toBeGreaterThanOrEqual(p.bounds.xMin - 1e-4);
    expect(Math.max(...p.y)).toBeLessThanOrEqual(p.bounds.yMax + 1e-4);
  });

  it('marks the points of conversations matching the explorer filter, and colours by a conversation score', async () => {
    const cond = (await db().value<string>(`SELECT min(condition) FROM conversation_stats`))!;
    const set = await db().one<{ id: string; dim: string }>(`SELECT score_set_id AS id, min(dimension) AS dim FROM scores GROUP BY 1 ORDER BY 1 LIMIT 1`);
    const p = await h.b.app.call('map-points', { projectionId, filter: { conditions: [cond] }, ...(set ? { scoreSetId: set.id, dimension: set.dim } : {}) });
    const expected = await db().all<{ v: number; sc: number | null }>(`
      SELECT (cs.condition = ?)::INTEGER AS v, sc.score AS sc FROM projection_points p
      LEFT JOIN (SELECT conversation_id, any_value(condition) AS condition FROM conversation_stats GROUP BY 1) cs USING (conversation_id)
      LEFT JOIN (SELECT conversation_id, avg(score) AS score FROM scores WHERE score_set_id = ? AND dimension = ? GROUP BY 1) sc USING (conversation_id)
      WHERE p.projection_id = ? ORDER BY p.point_index`, [cond, set?.id ?? null, set?.dim ?? null, projectionId]);
    expect(p.visible).toEqual(expected.map((r) => r.v ?? 0));
    expect(p.visibleCount).toBe(expected.filter((r) => r.v === 1).length);
    expect(p.visibleCount).toBeGreaterThan(0);
    expect(p.visibleCount).toBeLessThan(p.n);
    if (set) expect(p.score?.values).toEqual(expected.map((r) => r.sc));
  });

  it('refuses unknown projections, theme models and score dimensions by name', async () => {
    await expect(h.b.app.call('map-points', { projectionId: 'proj-nope' })).rejects.toMatchObject({ code: 'not-found', message: 'No projection proj-nope' });
    await expect(h.b.app.call('map-points', { projectionId, themeModelId: 'ksae-nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(h.b.app.call('map-points', { projectionId, scoreSetId: 'x' })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(h.b.app.call('map-points', { projectionId, scoreSetId: 'x', dimension: 'y' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('map-selection', () => {
  it('counts a selection by theme and condition as SQL over the same points does, and lists its sentences', async () => {
    const indices = [0, 2, 3, 5, 8, 13, 21, 3, 2];
    const sel = await h.b.app.call('map-selection', { projectionId, indices, themeModelId: modelId, limit: 4 });
    const unique = [...new Set(indices)];
    const filter = `p.projection_id = ? AND p.point_index IN (${unique.join(', ')})`;
    const byCondition = await db().all<{ value: string | null; count: number }>(`
      SELECT cs.condition AS value, count(*)::INTEGER AS count FROM projection_points p
      LEFT JOIN (SELECT conversation_id, any_value(condition) AS condition FROM conversation_stats GROUP BY 1) cs USING (conversation_id)
      WHERE ${filter} GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST`, [projectionId]);
    const byTheme = await db().all<{ value: string | null; count: number }>(`
      SELECT 'L' || a.latent AS value, count(*)::INTEGER AS count FROM projection_points p
      LEFT JOIN theme_activations a ON a.model_id = ? AND a.rank = 1 AND a.conversation_id = p.conversation_id AND a.turn = p.turn AND a.sentence_index = p.sentence_index
      WHERE ${filter} GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST`, [modelId, projectionId]);
    const conversations = await db().value<number>(`SELECT count(DISTINCT conversation_id)::INTEGER FROM projection_points p WHERE ${filter}`, [projectionId]);
    expect(sel.count).toBe(unique.length);
    expect(sel.conversations).toBe(conversations);
    expect(sel.byCondition).toEqual(byCondition);
    expect(sel.byTheme.map(({ value, count }) => ({ value, count }))).toEqual(byTheme);
    expect(sel.sentences.map((s) => s.index)).toEqual([0, 2, 3, 5]);
    const first = await db().one<{ text: string; c: string }>(`SELECT s.text, p.conversation_id AS c FROM projection_points p
      JOIN sentences s USING (conversation_id, turn, sentence_index) WHERE p.projection_id = ? AND p.point_index = 0`, [projectionId]);
    expect(sel.sentences[0]).toMatchObject({ conversationId: first!.c, text: first!.text });
  });

  it('exports the selection as CSV with the shared writer, one row per distinct point', async () => {
    const out = await h.b.app.call('map-selection-export', { projectionId, indices: [4, 1, 4], themeModelId: modelId });
    expect(out.rows).toBe(2);
    const table = parseCsv(out.csv);
    expect(Object.keys(table[0])).toEqual(['index', 'conversation_id', 'turn', 'sentence_index', 'x', 'y', 'condition', 'round', 'scenario', 'theme', 'text']);
    expect(table.map((r) => r.index)).toEqual(['1', '4']);
  });

  it('refuses indices past the projection and more than the cap', async () => {
    const n = (await h.b.app.call('map-projection-get', { id: projectionId })).points!;
    await expect(h.b.app.call('map-selection', { projectionId, indices: [0, n] })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining(`indices.1: ${n}`) });
    await expect(h.b.app.call('map-selection', { projectionId, indices: [-1] })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('indices.0') });
    await expect(h.b.app.call('map-selection', { projectionId, indices: new Array(500_001).fill(0) })).rejects.toMatchObject({ code: 'invalid-args' });
  });
});

describe('map-labels', () => {
  it('places each theme at the centroid of its top-1 points', async () => {
    const labels = await h.b.app.call('map-labels', { projectionId, themeModelId: modelId });
    const expected = await db().all<{ latent: number; x: number; y: number; count: number }>(`
      SELECT a.latent::INTEGER AS latent, avg(p.x)::DOUBLE AS x, avg(p.y)::DOUBLE AS y, count(*)::INTEGER AS count FROM projection_points p
      JOIN theme_activations a ON a.model_id = ? AND a.rank = 1 AND a.conversation_id = p.conversation_id AND a.turn = p.turn AND a.sentence_index = p.sentence_index
      WHERE p.projection_id = ? GROUP BY 1 ORDER BY 4 DESC, 1`, [modelId, projectionId]);
    expect(labels.labels.map(({ latent, count }) => ({ latent, count }))).toEqual(expected.map(({ latent, count }) => ({ latent, count })));
    labels.labels.forEach((l, i) => {
      expect(l.x).toBeCloseTo(expected[i].x, 5);
      expect(l.value).toBe(`L${l.latent}`);
    });
    expect(JSON.parse(JSON.stringify(labels))).toEqual(labels);
  });
});

describe('projection lifecycle', () => {
  it('streams layout frames while running; a cancel leaves no projection and no points', async () => {
    const started = await h.b.app.call('map-project', { embeddingSetId: h.embeddingSetId, epochs: 5000, seed: 9 });
    let frame = null;
    for (let i = 0; i < 2000 && !frame; i++) {
      frame = (await h.b.app.call('map-preview', { jobId: started.jobId })).frame;
      if (!frame) await new Promise((r) => setTimeout(r, 20));
    }
    expect(frame).toMatchObject({ jobId: started.jobId, projectionId: started.projectionId, epochs: 5000 });
    expect(frame!.x.length).toBe((await h.b.app.call('map-points', { projectionId })).n);
    expect((await h.b.app.call('map-projection-get', { id: started.projectionId })).state).toBe('running');
    await expect(h.b.app.call('map-projection-delete', { id: started.projectionId })).rejects.toMatchObject({ code: 'busy' });
    await h.b.app.call('job-cancel', { id: started.jobId });
    expect((await h.b.jobs.wait(started.jobId)).state).toBe('cancelled');
    await expect(h.b.app.call('map-projection-get', { id: started.projectionId })).rejects.toMatchObject({ code: 'not-found' });
    expect(await db().value<number>(`SELECT count(*)::INTEGER FROM projection_points WHERE projection_id = ?`, [started.projectionId])).toBe(0);
    expect((await h.b.app.call('map-preview', { jobId: started.jobId })).frame).toBeNull();
  }, 60_000);

  it('renames and deletes a projection with its points', async () => {
    const started = await h.b.app.call('map-project', { embeddingSetId: h.embeddingSetId, epochs: 5 });
    await h.b.jobs.wait(started.jobId);
    expect((await h.b.app.call('map-projection-rename', { id: started.projectionId, label: ' short run ' })).label).toBe('short run');
    expect((await h.b.app.call('map-projections', { embeddingSetId: h.embeddingSetId })).map((p) => p.id)).toContain(started.projectionId);
    expect(await h.b.app.call('map-projection-delete', { id: started.projectionId })).toEqual({ deleted: started.projectionId });
    expect(await db().value<number>(`SELECT count(*)::INTEGER FROM projection_points WHERE projection_id = ?`, [started.projectionId])).toBe(0);
    expect((await h.b.app.call('map-projections', null)).map((p) => p.id)).not.toContain(started.projectionId);
  }, 60_000);

  it('validates map-project arguments before anything runs', async () => {
    const before = (await h.b.app.call('map-projections', null)).length;
    const bad = [{ neighbors: 1 }, { minDist: -0.1 }, { epochs: 0 }, { pca: 2.5 }, { engine: 'tsne' }, { seed: -1 }, { surprise: 1 }];
    for (const extra of bad) {
      await expect(h.b.app.call('map-project', { embeddingSetId: h.embeddingSetId, ...extra } as never)).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining(Object.keys(extra)[0]) });
    }
    await expect(h.b.app.call('map-project', { embeddingSetId: 'emb-nope' })).rejects.toMatchObject({ code: 'not-found' });
    expect((await h.b.app.call('map-projections', null)).length).toBe(before);
  });
});
