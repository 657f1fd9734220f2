// The kSAE trainer on synthetic clustered unit vectors: reproducibility, the decoder constraints, the
// dead-latent term, early stopping, checkpoint/resume, and the two GEMM kernels.
import { describe, expect, it } from 'vitest';
import { jsGemm, onnxGemm } from '../../workers/ksae/gemm.js';
import { zeroParams } from '../../workers/ksae/params.js';
import { lossAndGradients, topK } from '../../workers/ksae/step.js';
import { KsaeTrainer } from '../../workers/ksae/trainer.js';
import { applyUpdate, newAdamState, removeParallelComponent } from '../../workers/ksae/update.js';
import { KSAE_DEFAULTS } from '../../workers/ksae/options.js';
import { clusteredUnitVectors } from './synthetic.js';

const data = clusteredUnitVectors(1200, 32, 6, 11);
const small = { latents: 12, k: 2, batchSize: 100, maxEpochs: 6 };

async function train(options: object, gemm = jsGemm, d = data) {
  const t = KsaeTrainer.create(d.data, d.n, d.d, options, gemm);
  while (!t.done) await t.runEpoch();
  return t;
}

const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe('kSAE trainer', () => {
  it('is reproducible: same data, M, K and seed give identical weight bytes; another seed does not', async () => {
    const a = await train({ ...small, seed: 5 });
    const b = await train({ ...small, seed: 5 });
    const c = await train({ ...small, seed: 6 });
    expect(bytesEqual(a.weights(), b.weights())).toBe(true);
    expect(bytesEqual(a.weights(), c.weights())).toBe(false);
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
  });

  it('learns: the validation loss falls well below predicting the mean (1.0)', async () => {
    const t = await train({ ...small, maxEpochs: 25 });
    expect(t.history[0].valLoss!).toBeGreaterThan(t.history.at(-1)!.valLoss!);
    expect(t.history.at(-1)!.valLoss!).toBeLessThan(0.5);
  });

  it('keeps every decoder column at unit norm', async () => {
    const t = await train(small);
    const { wDec, m, d } = t.params;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += wDec[j * d + i] ** 2;
      expect(Math.sqrt(s)).toBeCloseTo(1, 6);
    }
  });

  it('removes the gradient component parallel to each decoder column', () => {
    const m = 3, d = 5;
    const w = Float32Array.from({ length: m * d }, (_, i) => Math.sin(i + 1));
    for (let j = 0; j < m; j++) {
      const n = Math.hypot(...w.subarray(j * d, j * d + d));
      for (let i = 0; i < d; i++) w[j * d + i] /= n;
    }
    const g = Float32Array.from({ length: m * d }, (_, i) => Math.cos(2 * i) + 0.5);
    const before = g.slice();
    removeParallelComponent(w, g, m, d);
    for (let j = 0; j < m; j++) {
      let dot = 0, change = 0;
      for (let i = 0; i < d; i++) {
        dot += w[j * d + i] * g[j * d + i];
        change += (before[j * d + i] - g[j * d + i]) ** 2;
      }
      expect(Math.abs(dot)).toBeLessThan(1e-6);
      expect(change).toBeGreaterThan(1e-4); // something was removed
    }
  });

  it('adds the auxiliary term only when latents are dead, and then trains the dead latent', () => {
    const d = data.d, m = 8, rows = 3; // 3 rows × K=2 leave at least two latents unselected
    const t = KsaeTrainer.create(data.data, data.n, d, { latents: m, k: 2 }, jsGemm);
    const p = t.params;
    const x = data.data.subarray(0, rows * d);
    const xc = x.map((v, i) => v - p.bIn[i % d]);
    const pre = new Float32Array(rows * m);
    for (let r = 0; r < rows; r++) for (let j = 0; j < m; j++) {
      let s = p.bLat[j];
      for (let i = 0; i < d; i++) s += xc[r * d + i] * p.wEnc[j * d + i];
      pre[r * m + j] = s;
    }
    const sel = topK(pre, rows, m, 2);
    const used = new Set(sel.idx);
    const unused = [...Array(m).keys()].filter((j) => !used.has(j));
    expect(unused.length).toBeGreaterThan(0);
    const opts = { auxCoefficient: 1 / 32, auxK: 4 };
    const g0 = zeroParams(d, m);
    const live = lossAndGradients(p, g0, x, xc, pre, sel, new Uint8Array(m), rows, opts);
    expect(live.aux).toBe(0);
    expect(live.loss).toBe(live.main);
    const j = unused[0];
    expect(g0.wDec.subarray(j * d, j * d + d).every((v) => v === 0)).toBe(true);
    // Make latent j dead with a positive pre-activation somewhere: it must now receive gradient.
    for (let r = 0; r < rows; r++) pre[r * m + j] = Math.abs(pre[r * m + j]) + 0.01;
    const dead = new Uint8Array(m);
    dead[j] = 1;
    const g1 = zeroParams(d, m);
    const withDead = lossAndGradients(p, g1, x, xc, pre, topK(pre, rows, m, 2, Uint8Array.from({ length: m }, (_, i) => (i === j ? 0 : 1))), dead, rows, opts);
    expect(withDead.aux).toBeGreaterThan(0);
    expect(withDead.loss).toBeCloseTo(withDead.main + withDead.aux / 32, 12);
    expect(g1.wDec.subarray(j * d, j * d + d).some((v) => v !== 0)).toBe(true);
    expect(g1.wEnc.subarray(j * d, j * d + d).some((v) => v !== 0)).toBe(true);
  });

  it('stops early after `patience` epochs without a better validation loss', async () => {
    const noisy = clusteredUnitVectors(300, 16, 3, 4, 2.0);
    const t = await train({ latents: 8, k: 2, batchSize: 32, learningRate: 0.02, patience: 2, maxEpochs: 200 }, jsGemm, noisy);
    expect(t.epoch).toBeLessThan(200);
    const vals = t.history.map((h) => h.valLoss!);
    const best = Math.min(...vals.slice(0, -2));
    expect(vals.slice(-2).every((v) => v >= best)).toBe(true);
    expect(vals.indexOf(best)).toBe(vals.length - 3);
  });

  it('continues from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const whole = await train({ ...small, maxEpochs: 5 });
    const first = KsaeTrainer.create(data.data, data.n, data.d, { ...small, maxEpochs: 5 }, jsGemm);
    await first.runEpoch();
    await first.runEpoch();
    const resumed = KsaeTrainer.create(data.data, data.n, data.d, {}, jsGemm, first.checkpoint());
    expect(resumed.epoch).toBe(2);
    while (!resumed.done) await resumed.runEpoch();
    expect(bytesEqual(resumed.weights(), whole.weights())).toBe(true);
    expect(resumed.history).toEqual(whole.history);
  });

  it('documents its defaults in one place (HypotheSAEs values, patience 3)', () => {
    expect(KSAE_DEFAULTS).toMatchObject({ batchSize: 512, learningRate: 5e-4, auxCoefficient: 1 / 32, deadSteps: 256, clipNorm: 1, patience: 3 });
  });

  it('gives the same products with ONNX Runtime as with the JS kernel, and the same training to float tolerance', async () => {
    const ort = await onnxGemm();
    expect(ort, 'onnxruntime-node must load in the test environment').not.toBeNull();
    const a = Float32Array.from({ length: 37 * 29 }, (_, i) => Math.sin(i * 0.37));
    const b = Float32Array.from({ length: 11 * 29 }, (_, i) => Math.cos(i * 0.11));
    const bias = Float32Array.from({ length: 11 }, (_, i) => i / 10);
    const [y1, y2] = [await jsGemm.nt(a, b, bias, 37, 29, 11), await ort!.nt(a, b, bias, 37, 29, 11)];
    for (let i = 0; i < y1.length; i++) expect(y2[i]).toBeCloseTo(y1[i], 4);
    const tj = await train(small, jsGemm);
    const to = await train(small, ort!);
    for (let e = 0; e < tj.history.length; e++) expect(to.history[e].loss).toBeCloseTo(tj.history[e].loss, 4);
    for (let i = 0; i < tj.params.wDec.length; i++) expect(Math.abs(to.params.wDec[i] - tj.params.wDec[i])).toBeLessThan(1e-3);
    await ort!.release();
  });
});

describe('applyUpdate', () => {
  it('leaves the decoder columns unit norm after an Adam step', () => {
    const d = 4, m = 2;
    const p = zeroParams(d, m);
    p.wDec.set([1, 0, 0, 0, 0, 1, 0, 0]);
    const g = zeroParams(d, m);
    g.wDec.set([0.5, 0.3, -0.2, 0.1, 0.1, -0.4, 0.3, 0.2]);
    applyUpdate(p, g, newAdamState(d, m), { ...KSAE_DEFAULTS, learningRate: 0.1 });
    expect(Math.hypot(...p.wDec.subarray(0, 4))).toBeCloseTo(1, 6);
    expect(Math.hypot(...p.wDec.subarray(4, 8))).toBeCloseTo(1, 6);
    expect(p.wDec[1]).not.toBe(0);
  });
});
