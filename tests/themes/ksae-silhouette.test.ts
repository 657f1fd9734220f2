// The model silhouettes computed with the GEMM kernel equal main/analysis/silhouette.ts's float64 default, and the
// top-2 variant is the silhouette of the doubled data set (each unit under each of its two latents).
import { describe, expect, it } from 'vitest';
import { silhouetteCosine } from '../../main/analysis/silhouette.js';
import { jsGemm, onnxGemm } from '../../workers/ksae/gemm.js';
import { modelSilhouettes } from '../../workers/ksae/silhouette.js';
import { kSaeApi } from '../../workers/ksae/remote.js';
import { clusteredUnitVectors } from './synthetic.js';

const s = clusteredUnitVectors(400, 24, 5, 21, 0.6);
// Two labels per row that follow the planted clusters, with some disagreement.
const k = 2, m = 7;
const idx = new Int32Array(s.n * k);
for (let i = 0; i < s.n; i++) {
  idx[i * k] = (s.cluster[i] + (i % 11 === 0 ? 1 : 0)) % m;
  idx[i * k + 1] = (s.cluster[i] + 5) % m;
}

describe('model silhouettes', () => {
  it('top-1: equal to the float64 default kernel (JS and ONNX Runtime GEMM)', async () => {
    const top1 = Int32Array.from({ length: s.n }, (_, i) => idx[i * k]);
    const ref = silhouetteCosine(s.data, s.n, s.d, top1, m);
    const ort = await onnxGemm();
    for (const gemm of [jsGemm, ort!]) {
      const got = await modelSilhouettes(s.data, s.n, s.d, idx, k, m, gemm);
      expect(got.top1).toBeCloseTo(ref, 6);
    }
    await ort!.release();
  });

  it('top-2: the silhouette of [X; X] labelled [top1; top2]', async () => {
    const doubled = new Float32Array(2 * s.n * s.d);
    doubled.set(s.data);
    doubled.set(s.data, s.n * s.d);
    const labels = Int32Array.from({ length: 2 * s.n }, (_, i) => (i < s.n ? idx[i * k] : idx[(i - s.n) * k + 1]));
    const ref = silhouetteCosine(doubled, 2 * s.n, s.d, labels, m);
    const got = await modelSilhouettes(s.data, s.n, s.d, idx, k, m, jsGemm);
    expect(got.top2).toBeCloseTo(ref, 6);
    expect(got.top2).not.toBeCloseTo(got.top1!, 3);
  });

  it('is null with a single non-empty cluster, and top-2 is null for K = 1', async () => {
    const one = new Int32Array(s.n).fill(3);
    expect((await modelSilhouettes(s.data, s.n, s.d, one, 1, m, jsGemm))).toEqual({ top1: null, top2: null });
  });
});

describe('the worker API in process (what ksae.worker.ts registers)', () => {
  it('trains with the JS fallback kernel and returns activations, silhouettes and weights', async () => {
    const api = kSaeApi();
    expect(await api.load(s.data.slice(), s.n, s.d, 'js')).toEqual({ kernel: 'js' });
    const { id, done } = api.create({ latents: 6, k: 2, maxEpochs: 3, batchSize: 64 });
    expect(done).toBe(false);
    let last;
    do last = (await api.epoch(id)).value; while (!last.done);
    expect(last.history).toHaveLength(3);
    const out = (await api.finish(id)).value;
    expect(out.idx).toHaveLength(s.n * 2);
    expect(out.act.every((a) => a >= 0)).toBe(true);
    expect(out.silhouette).toBeGreaterThan(-1);
    expect(out.epochs).toBe(3);
    api.destroy(id);
    expect(() => api.create({ latents: 6 }, new Uint8Array([1, 2, 3]))).toThrow(/checkpoint/);
  });
});
