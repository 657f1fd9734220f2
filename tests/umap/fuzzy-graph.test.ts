import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAbParams } from '../../workers/umap/ab-params.js';
import { fuzzySimplicialSet, smoothKnnDist } from '../../workers/umap/fuzzy-graph.js';
import { exactKnn } from '../../workers/umap/knn.js';
import { clusteredUnitVectors } from './clustered.js';

const golden: { spread: number; minDist: number; a: number; b: number }[] =
  JSON.parse(readFileSync(new URL('./ab-params.golden.json', import.meta.url), 'utf8'));

describe('UMAP fuzzy graph', () => {
  it('smoothKnnDist solves umap-learn\'s defining equation Σ_j exp(−max(0, d_j − ρ)/σ) = log2 k to 1e-5', async () => {
    const { x, n, d } = clusteredUnitVectors(600, 20, 4, 3);
    for (const k of [5, 15, 30]) {
      const knn = await exactKnn(x, n, d, k);
      const { sigmas, rhos } = smoothKnnDist(knn);
      for (let i = 0; i < n; i++) {
        expect(rhos[i]).toBe(knn.distances[i * k + 1]); // nearest non-identical neighbour (local_connectivity 1)
        let sum = 0;
        for (let j = 1; j < k; j++) sum += Math.exp(-Math.max(0, knn.distances[i * k + j] - rhos[i]) / sigmas[i]);
        expect(Math.abs(sum - Math.log2(k))).toBeLessThan(1e-5);
      }
    }
  });

  it('is the fuzzy union A + Aᵀ − A∘Aᵀ of the membership strengths, symmetric, without self loops', async () => {
    const { x, n, d } = clusteredUnitVectors(300, 10, 3, 4);
    const k = 10;
    const knn = await exactKnn(x, n, d, k);
    const { sigmas, rhos } = smoothKnnDist(knn);
    const strength = new Map<string, number>();
    for (let i = 0; i < n; i++) for (let c = 1; c < k; c++) {
      const j = knn.indices[i * k + c];
      strength.set(`${i},${j}`, Math.exp(-Math.max(0, knn.distances[i * k + c] - rhos[i]) / sigmas[i]));
    }
    const graph = fuzzySimplicialSet(knn);
    const weight = new Map<string, number>();
    for (let i = 0; i < n; i++) for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) {
      expect(graph.cols[p]).not.toBe(i);
      weight.set(`${i},${graph.cols[p]}`, graph.weights[p]);
    }
    for (const [key, w] of weight) {
      const [i, j] = key.split(',');
      expect(weight.get(`${j},${i}`)).toBe(w);
      const a = strength.get(`${i},${j}`) ?? 0, b = strength.get(`${j},${i}`) ?? 0;
      expect(w).toBeCloseTo(a + b - a * b, 6);
    }
    for (const key of strength.keys()) expect(weight.has(key)).toBe(true);
  });

  it('findAbParams matches umap-learn\'s scipy curve_fit (golden from tests/umap/make_ab_golden.py)', () => {
    for (const g of golden) {
      const { a, b } = findAbParams(g.spread, g.minDist);
      expect(a).toBeCloseTo(g.a, 4);
      expect(b).toBeCloseTo(g.b, 4);
    }
  });
});
