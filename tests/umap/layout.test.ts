import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../main/analysis/random.js';
import { exactKnn } from '../../workers/umap/knn.js';
import { UmapLayout } from '../../workers/umap/layout.js';
import { neighbourhoodPreservation } from '../../workers/umap/quality.js';
import { clusteredUnitVectors, nearestNeighbourPurity } from './clustered.js';

describe('UMAP layout', () => {
  it('is deterministic for a seed, differs across seeds, and streaming step() equals one long step', async () => {
    const { x, n, d } = clusteredUnitVectors(500, 16, 5, 5);
    const knn = await exactKnn(x, n, d, 15);
    const run = (seed: number, chunks: number[]) => {
      const layout = UmapLayout.create(knn, { seed, nEpochs: 60 });
      for (const c of chunks) layout.step(c);
      expect(layout.done).toBe(true);
      return layout.positions;
    };
    const once = run(1, [60]);
    expect(Array.from(run(1, [60]))).toEqual(Array.from(once));
    expect(Array.from(run(1, [7, 13, 40, 5]))).toEqual(Array.from(once));
    expect(Array.from(run(2, [60]))).not.toEqual(Array.from(once));
    expect(once.every(Number.isFinite)).toBe(true);
  });

  it('step() stops at nEpochs and says how many epochs ran', async () => {
    const { x, n, d } = clusteredUnitVectors(100, 8, 2, 6);
    const layout = UmapLayout.create(await exactKnn(x, n, d, 10), { nEpochs: 10 });
    expect(layout.step(4)).toBe(4);
    expect(layout.step(100)).toBe(6);
    expect(layout.step(1)).toBe(0);
    expect(layout.epoch).toBe(10);
  });

  // 10 clusters (3-D Gaussian patches plus N(0, 0.1²) noise), n = 3000, d = 50, 200 epochs each, same kNN size
  // and min_dist; umap-js runs its own fit (NN-descent). Measured (2026-12-01): preservation ours 0.581, umap-js
  // 0.575; 2-D nearest-neighbour purity 1.000 for both (with isotropic noise only, 0.123 vs 0.114: nothing
  // inside a cluster for a 2-D map to keep, so we use the structured data). The floors are the issue's
  // (umap-js − 0.02) and 0.95 for purity, which a layout that merges or interleaves two of the clusters fails.
  it('keeps neighbourhoods at least as well as umap-js (− 0.02) and separates 10 clusters (2-D 1-NN purity ≥ 0.95)', async () => {
    const { x, n, d, labels } = clusteredUnitVectors(3000, 50, 10, 1, 0.1, 3);
    const layout = UmapLayout.create(await exactKnn(x, n, d, 15), { nEpochs: 200, seed: 42 });
    layout.step(200);
    const ours = await neighbourhoodPreservation(x, n, d, layout.positions);
    const reference = new UMAP({ nNeighbors: 15, minDist: 0.1, nEpochs: 200, random: mulberry32(42) });
    const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));
    const theirs = Float32Array.from(reference.fit(rows).flat());
    const umapJs = await neighbourhoodPreservation(x, n, d, theirs);
    expect(ours).toBeGreaterThanOrEqual(umapJs - 0.02);
    expect(nearestNeighbourPurity(layout.positions, labels)).toBeGreaterThanOrEqual(0.95);
  }, 240_000); // umap-js's fit is most of it: 80 s at load 19 on 2 cores

  it('rejects bad options, naming them', async () => {
    const { x, n, d } = clusteredUnitVectors(50, 4, 2, 7);
    const knn = await exactKnn(x, n, d, 5);
    expect(() => UmapLayout.create(knn, { nEpochs: 0 })).toThrow(/invalid nEpochs: 0/);
    expect(() => UmapLayout.create(knn, { initial: new Float32Array(3) })).toThrow(/invalid initial/);
  });
});
