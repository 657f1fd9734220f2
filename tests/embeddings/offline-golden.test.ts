// The offline embedder against sklearn and numpy (fixture: tests/golden/make_embeddings_golden.py).
import { describe, expect, it } from 'vitest';
import { fitTfidf, tokenize } from '../../main/embeddings/tfidf.js';
import { randomizedSvd } from '../../main/embeddings/randomized-svd.js';
import { embedOffline } from '../../main/embeddings/offline.js';
import { close, fixture } from '../golden/helpers.js';

interface Case {
  name: string; texts: string[]; minDf: number; maxFeatures: number | null; k: number; vocabulary: string[]; idf: number[];
  matrix: number[][]; singularValues: number[]; topComponents: number[][]; arpackSingularValues: number[];
}
const cases: Case[] = fixture('embeddings.json').cases;
const opts = (c: Case) => ({ minDf: c.minDf, maxFeatures: c.maxFeatures ?? Infinity });

describe('TF-IDF equals sklearn TfidfVectorizer(sublinear_tf=True)', () => {
  it('tokenises like (?u)\\b\\w\\w+\\b after lower-casing', () => {
    expect(tokenize("I'm in the Café, naïve_one 10 x y")).toEqual(['in', 'the', 'café', 'naïve_one', '10']);
  });
  for (const c of cases) {
    it(`${c.name}: vocabulary, idf and every cell`, () => {
      const t = fitTfidf(c.texts, opts(c));
      expect(t.vocabulary).toEqual(c.vocabulary);
      c.idf.forEach((v, j) => close(t.idf[j], v, `idf ${c.vocabulary[j]}`, 1e-12));
      const m = t.matrix;
      expect(m.rows).toBe(c.texts.length);
      for (let r = 0; r < m.rows; r++) {
        const dense = new Float64Array(m.cols);
        for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) dense[m.indices[p]] = m.values[p];
        c.matrix[r].forEach((v, j) => close(dense[j], v, `${c.name}[${r},${j}]`, 1e-12, 1e-15));
      }
    });
  }
});

/** ‖V_oursᵀ V_ref‖²_F / k: 1 when the two k-dimensional subspaces coincide. */
function subspaceOverlap(ours: Float64Array, ref: number[][], V: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let dot = 0;
      for (let v = 0; v < V; v++) dot += ours[v * k + a] * ref[b][v];
      s += dot * dot;
    }
  }
  return s / k;
}

describe('randomized truncated SVD equals numpy svd', () => {
  for (const c of cases) {
    const exact = c.k + 10 >= c.vocabulary.length; // the random subspace is the whole column space
    it(`${c.name}: singular values and the top-${c.k} subspace (${exact ? 'exact' : 'randomized'})`, () => {
      const t = fitTfidf(c.texts, opts(c));
      const svd = randomizedSvd(t.matrix, c.k, { seed: 3 });
      expect(svd.k).toBe(c.k);
      // Randomized: Ritz values never exceed the true ones; the top ones converge fastest (the generated corpus has
      // a flat spectrum, the hard case).
      const rel = (j: number) => (exact ? 1e-9 : j === 0 ? 1e-6 : 2e-2);
      for (let j = 0; j < c.k; j++) {
        close(svd.singularValues[j], c.singularValues[j], `σ${j}`, rel(j), 1e-9);
        close(svd.singularValues[j], c.arpackSingularValues[j], `arpack σ${j}`, rel(j), 1e-9);
        expect(svd.singularValues[j]).toBeLessThanOrEqual(c.singularValues[j] * (1 + 1e-12));
      }
      // Compare the subspace only up to a gap in the spectrum (a subspace split inside a cluster is arbitrary).
      let kk = c.k;
      while (kk > 1 && c.singularValues[kk - 1] - c.singularValues[kk] < 1e-6) kk--;
      const top = new Float64Array(t.matrix.cols * kk);
      for (let v = 0; v < t.matrix.cols; v++) for (let j = 0; j < kk; j++) top[v * kk + j] = svd.components[v * c.k + j];
      expect(subspaceOverlap(top, c.topComponents, t.matrix.cols, kk)).toBeGreaterThan(exact ? 1 - 1e-9 : 0.95);
      // The leading component (well separated in every case) matches up to sign.
      expect(subspaceOverlap(top.filter((_, i) => i % kk === 0), [c.topComponents[0]], t.matrix.cols, 1)).toBeGreaterThan(1 - 1e-6);
    });
  }

  it('is deterministic for a seed and unit-normalises rows', () => {
    const c = cases[2];
    const a = embedOffline(c.texts, { dimensions: 16, seed: 5 });
    const b = embedOffline(c.texts, { dimensions: 16, seed: 5 });
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    expect(a.dimensions).toBe(16);
    for (let r = 0; r < c.texts.length; r++) {
      let n = 0;
      for (let j = 0; j < 16; j++) n += a.data[r * 16 + j] ** 2;
      if (n > 0) close(n, 1, `row ${r} norm²`, 1e-5);
    }
  });

  it('gives zero rows to sentences without a vocabulary word and caps dimensions at the vocabulary', () => {
    const c = cases[0];
    const e = embedOffline(c.texts, { dimensions: 256, minDf: c.minDf });
    expect(e.dimensions).toBe(Math.min(c.vocabulary.length, c.texts.length));
    const empty = c.matrix.filter((row) => row.every((v) => v === 0)).length;
    expect(e.emptyRows).toBe(empty);
    expect(empty).toBeGreaterThan(0);
  });
});

describe('symmetric eigen-decomposition', () => {
  it('satisfies A v = λ v with orthonormal vectors, descending, on a random 60×60 and a rank-deficient matrix', async () => {
    const { symmetricEigen } = await import('../../main/embeddings/symmetric-eigen.js');
    let seed = 7;
    const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (const [n, rank] of [[60, 60], [30, 5]]) {
      const b = Array.from({ length: n * rank }, r);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < rank; k++) a[i * n + j] += b[i * rank + k] * b[j * rank + k];
      const { values, vectors } = symmetricEigen(a, n);
      for (let j = 1; j < n; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
          expect(Math.abs(av - values[j] * vectors[i * n + j])).toBeLessThan(1e-10 * Math.max(1, Math.abs(values[0])));
        }
        for (let jj = 0; jj <= j; jj++) {
          let dot = 0;
          for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + jj];
          expect(Math.abs(dot - (j === jj ? 1 : 0))).toBeLessThan(1e-10);
        }
      }
      if (rank < n) expect(Math.abs(values[rank])).toBeLessThan(1e-10);
    }
  });
});
