import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../main/analysis/random.js';
import { loadGemm } from '../../workers/ksae/gemm.js';
import { exactKnn, type KnnMetric } from '../../workers/umap/knn.js';

function randomRows(n: number, d: number, seed: number, unit: boolean): Float32Array {
  const rng = mulberry32(seed);
  const x = Float32Array.from({ length: n * d }, () => rng() * 2 - 1);
  if (unit) for (let i = 0; i < n; i++) {
    const row = x.subarray(i * d, i * d + d);
    const norm = Math.hypot(...row);
    for (let j = 0; j < d; j++) row[j] /= norm;
  }
  return x;
}

/** Every distance in float64, sorted: the definition the blocked heap search must reproduce. */
function bruteForce(x: Float32Array, n: number, d: number, k: number, metric: KnnMetric, i: number) {
  const all: { id: number; dist: number }[] = [];
  for (let j = 0; j < n; j++) {
    let dot = 0, ni = 0, nj = 0, sq = 0;
    for (let c = 0; c < d; c++) {
      const a = x[i * d + c], b = x[j * d + c];
      dot += a * b; ni += a * a; nj += b * b; sq += (a - b) ** 2;
    }
    all.push({ id: j, dist: j === i ? 0 : metric === 'cosine' ? 1 - dot / Math.sqrt(ni * nj) : Math.sqrt(sq) });
  }
  return all.sort((p, q) => p.dist - q.dist || p.id - q.id).slice(0, k);
}

describe('exact kNN', () => {
  const n = 400, d = 24, k = 12;
  for (const metric of ['cosine', 'euclidean'] as const) {
    it(`equals brute force on random ${metric === 'cosine' ? 'unit' : 'raw'} vectors (${metric}), blocks not dividing n`, async () => {
      const x = randomRows(n, d, 11, metric === 'cosine');
      const knn = await exactKnn(x, n, d, k, { metric, blockRows: 64 });
      expect(knn.n).toBe(n);
      for (let i = 0; i < n; i++) {
        const want = bruteForce(x, n, d, k, metric, i);
        expect(Array.from(knn.indices.subarray(i * k, i * k + k))).toEqual(want.map((w) => w.id));
        want.forEach((w, j) => expect(knn.distances[i * k + j]).toBeCloseTo(w.dist, 5));
      }
    });
  }

  it('answers a subset of query rows exactly as the full search does', async () => {
    const x = randomRows(n, d, 12, true);
    const full = await exactKnn(x, n, d, k);
    const queries = Int32Array.from([399, 0, 17, 256]);
    const part = await exactKnn(x, n, d, k, { queries });
    queries.forEach((row, q) => {
      expect(Array.from(part.indices.subarray(q * k, q * k + k))).toEqual(Array.from(full.indices.subarray(row * k, row * k + k)));
    });
  });

  it('gives the same neighbours with the best available GEMM kernel as with the JS one', async () => {
    const x = randomRows(n, d, 13, true);
    const gemm = await loadGemm();
    const fast = await exactKnn(x, n, d, k, { gemm });
    const js = await exactKnn(x, n, d, k);
    expect(Array.from(fast.indices)).toEqual(Array.from(js.indices));
    await gemm.release();
  });

  it('rejects a bad k, shape or metric, naming it', async () => {
    const x = randomRows(10, 2, 1, false);
    await expect(exactKnn(x, 10, 2, 11)).rejects.toThrow(/invalid k: 11/);
    await expect(exactKnn(x, 11, 2, 3)).rejects.toThrow(/invalid shape/);
    await expect(exactKnn(x, 10, 2, 3, { metric: 'manhattan' as KnnMetric })).rejects.toThrow(/invalid metric: manhattan/);
  });
});
