// Cancelling a projection while its worker is inside the PCA or the kNN (workers/umap/cancel.ts): the abort sets a
// shared flag the worker's loops read between blocks, so `create` rejects naming the step it stopped in, instead of
// finishing the step first. The abort is sent when the first frame arrives, i.e. before the step begins; the unit
// tests of the exact search and NN-descent show the check also stops them midway.
import { describe, expect, it } from 'vitest';
import { Cancelled } from '../../workers/umap/cancel.js';
import { UmapHandle } from '../../workers/umap/handle.js';
import { exactKnn } from '../../workers/umap/knn.js';
import { clusteredUnitVectors } from './clustered.js';

describe('cancel during PCA and kNN', () => {
  it.each([
    { during: 'the PCA', d: 64, pca: 16, knn: 'exact' },
    { during: 'the nearest-neighbour search', d: 32, pca: 0, knn: 'exact' },
    { during: 'the nearest-neighbour search', d: 32, pca: 0, knn: 'nn-descent' },
  ] as const)('stops in $during (PCA $pca, kNN $knn)', async ({ during, d, pca, knn }) => {
    const { x } = clusteredUnitVectors(3000, d, 6, 4, 0.3, 2);
    const abort = new AbortController();
    let frames = 0;
    const created = UmapHandle.create(x, 3000, d, { pca, knn, kernel: 'js', layout: { nEpochs: 50 } }, {
      signal: abort.signal,
      onInitial: (p) => {
        frames++;
        expect(p.length).toBe(6000);
        abort.abort();
      },
    });
    const error = await created.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Cancelled);
    expect((error as Cancelled).during).toBe(during);
    expect(frames).toBe(1);
  }, 120_000);

  it('lets the exact search stop between blocks', async () => {
    const { x } = clusteredUnitVectors(1000, 8, 4, 1, 0.3, 0);
    let blocks = 0;
    await expect(exactKnn(x, 1000, 8, 15, { blockRows: 100, checkCancelled: () => { if (++blocks > 3) throw new Error('stop here'); } })).rejects.toThrow('stop here');
    expect(blocks).toBe(4);
  });
});
