import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../main/analysis/random.js';
import { neighbourhoodPreservation, samplePoints } from '../../workers/umap/quality.js';

describe('neighbourhood preservation', () => {
  const n = 1200;
  const rng = mulberry32(9);
  const plane = Float32Array.from({ length: n * 2 }, () => rng() * 100);

  it('is 1 for a layout that is the data itself, and 1 for a rotated, scaled copy', async () => {
    expect(await neighbourhoodPreservation(plane, n, 2, plane, { metric: 'euclidean' })).toBe(1);
    const turned = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      turned[2 * i] = 3 * (0.6 * plane[2 * i] - 0.8 * plane[2 * i + 1]);
      turned[2 * i + 1] = 3 * (0.8 * plane[2 * i] + 0.6 * plane[2 * i + 1]);
    }
    expect(await neighbourhoodPreservation(plane, n, 2, turned, { metric: 'euclidean' })).toBeGreaterThan(0.99);
  });

  it('is near k/n for a layout unrelated to the data', async () => {
    const other = Float32Array.from({ length: n * 2 }, () => rng() * 100);
    const score = await neighbourhoodPreservation(plane, n, 2, other, { metric: 'euclidean', k: 15 });
    expect(score).toBeLessThan(0.05);
  });

  it('samples at most `sample` distinct points, seeded', () => {
    const s = samplePoints(10_000, 5000, 3);
    expect(s.length).toBe(5000);
    expect(new Set(s).size).toBe(5000);
    expect(Array.from(samplePoints(10_000, 5000, 3))).toEqual(Array.from(s));
    expect(Array.from(samplePoints(10, 5000, 3))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
