import { describe, expect, it } from 'vitest';
import { close, fixture } from '../../tests/golden/helpers.js';
import { normalizedMutualInformation } from './clustering-agreement.js';
import { AnalysisDataError } from './errors.js';
import { kMeans, kMeansAsync, type AsyncDotKernel } from './kmeans.js';
import { pointClusterDots } from './silhouette.js';

const K = fixture('clustering_kmeans.json');
/** The fixture's base64 little-endian float32 matrix, bit for bit (the test machines are little-endian). */
const x = new Float32Array(Uint8Array.from(Buffer.from(K.x, 'base64')).buffer);

describe('k-means baseline vs sklearn KMeans(n_init=10, random_state=0) on well-separated clusters', () => {
  it('finds the same partition (NMI 1) and the same inertia', () => {
    const result = kMeans(x, K.n, K.d, K.k, { seed: 7 });
    expect(normalizedMutualInformation(result.labels, K.labels)).toBe(1);
    expect(normalizedMutualInformation(result.labels, K.truth)).toBe(1);
    close(result.inertia, K.inertia, 'inertia', 1e-9);
    expect(new Set(result.labels).size).toBe(K.k);
    expect(result.centers.length).toBe(K.k * K.d);
  });

  it('is deterministic for a seed, and any seed finds the separated clusters', () => {
    const a = kMeans(x, K.n, K.d, K.k, { seed: 3, restarts: 1 });
    const b = kMeans(x, K.n, K.d, K.k, { seed: 3, restarts: 1 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    for (const seed of [11, 12, 13]) expect(normalizedMutualInformation(kMeans(x, K.n, K.d, K.k, { seed, restarts: 2 }).labels, K.truth)).toBe(1);
  });

  it('kMeansAsync with an asynchronous kernel and another block size takes the same steps as kMeans', async () => {
    let calls = 0;
    const dots: AsyncDotKernel = async (...args) => { calls++; await Promise.resolve(); pointClusterDots(...args); };
    const sync = kMeans(x, K.n, K.d, 4, { seed: 9, restarts: 2 });
    const async = await kMeansAsync(x, K.n, K.d, 4, { seed: 9, restarts: 2, dots, blockRows: 1000 });
    expect(Array.from(async.labels)).toEqual(Array.from(sync.labels));
    expect(async.inertia).toBe(sync.inertia);
    expect(async.iterations).toBe(sync.iterations);
    expect(calls).toBeGreaterThan(0);
    await expect(kMeansAsync(x, K.n, K.d, 4, { dots, blockRows: 0 })).rejects.toThrow(/blockRows/);
  });

  it('inertia is the sum of squared distances to the returned centres, each row at its nearest centre', () => {
    const r = kMeans(x, K.n, K.d, 3, { seed: 5 });
    let total = 0;
    for (let i = 0; i < K.n; i++) {
      const dist = (c: number) => { let s = 0; for (let j = 0; j < K.d; j++) s += (x[i * K.d + j] - r.centers[c * K.d + j]) ** 2; return s; };
      const own = dist(r.labels[i]);
      for (let c = 0; c < 3; c++) expect(own).toBeLessThanOrEqual(dist(c) + 1e-12);
      total += own;
    }
    close(r.inertia, total, 'inertia', 1e-10);
  });

  it('duplicate points; k = n puts every point in its own cluster, inertia 0; k > n is a data error', () => {
    const pts = Float32Array.from([0, 0, 0, 0, 1, 1, 5, 5]);
    const r = kMeans(pts, 4, 2, 2, { seed: 1 });
    expect(Array.from(r.labels).map((c) => c === r.labels[3])).toEqual([false, false, false, true]);
    close(r.inertia, 4 / 3, 'inertia', 1e-12); // (0,0),(0,0),(1,1) around (1/3,1/3); (5,5) alone
    const all = kMeans(Float32Array.from([0, 1, 2, 3]), 4, 1, 4);
    expect(new Set(all.labels).size).toBe(4);
    expect(all.inertia).toBe(0);
    // more clusters than distinct points: the surplus stays empty instead of failing
    const surplus = kMeans(Float32Array.from([0, 0, 0, 0, 10]), 5, 1, 3, { seed: 2 });
    expect(surplus.inertia).toBe(0);
    expect(new Set(surplus.labels).size).toBe(2);
    expect(() => kMeans(pts, 4, 2, 5)).toThrow(AnalysisDataError);
    expect(() => kMeans(pts, 3, 2, 2)).toThrow(/expected n·d/);
  });
});
