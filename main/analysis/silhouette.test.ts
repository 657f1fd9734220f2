import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { AnalysisDataError } from './errors.js';
import { clusterSums, pointClusterDots, silhouetteCosine, silhouetteSamples, type DotKernel } from './silhouette.js';

const S = fixture('silhouette.json');

/** Decodes the fixture's base64 little-endian float32 matrix bit for bit (the test machines are little-endian). */
const float32FromBase64 = (text: string) => new Float32Array(Uint8Array.from(Buffer.from(text, 'base64')).buffer);

type Case = { name: string; n: number; d: number; clusters: number; x: string; labels: number[]; score: number; samples_head: number[] };

describe('exact cosine silhouette vs sklearn silhouette_score(metric="cosine")', () => {
  for (const c of S.cases as Case[]) {
    it(c.name, () => {
      const x = float32FromBase64(c.x);
      const labels = Int32Array.from(c.labels);
      close(silhouetteCosine(x, c.n, c.d, labels, c.clusters), c.score, 'score', 1e-9, 1e-12);
      const samples = silhouetteSamples(x, c.n, c.d, labels, c.clusters);
      closeAll(samples.subarray(0, c.samples_head.length), c.samples_head, 'samples', 1e-9, 1e-12);
    });
  }

  it('a point alone in its cluster scores 0, as in sklearn', () => {
    const c = (S.cases as Case[]).find((k) => k.name.includes('singleton'))!;
    const samples = silhouetteSamples(float32FromBase64(c.x), c.n, c.d, Int32Array.from(c.labels), c.clusters);
    expect(samples[0]).toBe(0);
    expect(c.samples_head[0]).toBe(0);
  });

  it('a plugged-in dot kernel, any block size and precomputed sums give the same value', () => {
    const c = (S.cases as Case[])[1];
    const x = float32FromBase64(c.x);
    const labels = Int32Array.from(c.labels);
    let calls = 0;
    const counting: DotKernel = (...args) => { calls++; pointClusterDots(...args); };
    const plain = silhouetteCosine(x, c.n, c.d, labels, c.clusters);
    const blocked = silhouetteCosine(x, c.n, c.d, labels, c.clusters, { dots: counting, blockRows: 97 });
    expect(calls).toBe(Math.ceil(c.n / 97));
    close(blocked, plain, 'blocked', 1e-13, 0);
    const sums = clusterSums(x, c.n, c.d, labels, c.clusters);
    expect(silhouetteCosine(x, c.n, c.d, labels, c.clusters, { sums })).toBe(plain);
    expect(() => silhouetteCosine(x, c.n, c.d, labels, c.clusters + 1, { sums })).toThrow(/do not match/);
  });

  it('clusterSums: sizes and summed unit rows', () => {
    const x = Float32Array.from([3, 4, 0, 2, 1, 0]);
    const { sums, sizes, inverseNorms } = clusterSums(x, 3, 2, Int32Array.from([1, 1, 0]), 3);
    expect(Array.from(sizes)).toEqual([1, 2, 0]);
    closeAll(Array.from(sums), [1, 0, 0.6, 1.8, 0, 0], 'sums', 1e-15, 1e-15);
    closeAll(Array.from(inverseNorms), [0.2, 0.5, 1], 'inverse norms', 1e-15, 0);
  });

  it('errors: fewer than 2 or more than n − 1 clusters are data errors; bad shapes and labels are bugs', () => {
    const x = Float32Array.from([1, 0, 0, 1, 1, 1]);
    expect(() => silhouetteCosine(x, 3, 2, Int32Array.from([0, 0, 0]), 2)).toThrow(AnalysisDataError);
    expect(() => silhouetteCosine(x, 3, 2, Int32Array.from([0, 1, 2]), 3)).toThrow(/between 2 and n − 1/);
    expect(() => silhouetteCosine(x, 3, 2, Int32Array.from([0, 1, 3]), 3)).toThrow(/outside 0..2/);
    expect(() => silhouetteCosine(x, 3, 3, Int32Array.from([0, 1, 1]), 2)).toThrow(/expected n·d/);
    expect(() => silhouetteCosine(x, 3, 2, Int32Array.from([0, 1]), 2)).toThrow(/labels has 2/);
  });
});
