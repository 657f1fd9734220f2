// Forward and backward of one kSAE step, and the update after it, against PyTorch running HypotheSAEs' operations
// (tests/golden/ksae_step.json, made by tests/golden/make_ksae_golden.py; format documented there). Two steps, so
// Adam's bias correction beyond the first step is covered. Tolerances come from the fixture's own measurement of
// how far float32 PyTorch lands from float64 PyTorch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsGemm } from '../../workers/ksae/gemm.js';
import { zeroParams, type KsaeParams } from '../../workers/ksae/params.js';
import { lossAndGradients, topK, updateFiring } from '../../workers/ksae/step.js';
import { applyUpdate, clipGradients, newAdamState, removeParallelComponent } from '../../workers/ksae/update.js';
import { KSAE_DEFAULTS } from '../../workers/ksae/options.js';

const FILE = process.env.KSAE_GOLDEN ?? join(import.meta.dirname, '..', 'golden', 'ksae_step.json');
type Named = { W_enc: number[]; W_dec: number[]; b_in: number[]; b_lat: number[] };

/** PyTorch's W_dec is d×M (columns = latents); ours stores latents as rows. */
function toRows(wDec: number[], d: number, m: number): Float32Array {
  const out = new Float32Array(m * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < m; j++) out[j * d + i] = wDec[i * m + j];
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst, `${what}: max |difference|`).toBeLessThan(tol);
}

function expectParams(p: KsaeParams, g: Named, tol: number, what: string): void {
  expectClose(p.wEnc, g.W_enc, tol, `${what} W_enc`);
  expectClose(p.wDec, toRows(g.W_dec, p.d, p.m), tol, `${what} W_dec`);
  expectClose(p.bIn, g.b_in, tol, `${what} b_in`);
  expectClose(p.bLat, g.b_lat, tol, `${what} b_lat`);
}

// The fixture is committed (made by /usr/bin/python3 tests/golden/make_ksae_golden.py with python3-torch).
describe('kSAE step vs PyTorch golden', () => {
  const G = JSON.parse(readFileSync(FILE, 'utf8'));
  const { n, d, M: m, K: k, aux_k: auxK, aux_coef: auxCoefficient } = G.config;
  const opts = { ...KSAE_DEFAULTS, learningRate: G?.config.lr, clipNorm: G?.config.clip_grad };
  const x = Float32Array.from(G?.inputs.x ?? []);
  const p = zeroParams(d, m);
  const adam = newAdamState(d, m);
  const sinceFired = Int32Array.from(G?.inputs.steps_since_activation ?? []);

  async function step(grads: KsaeParams) {
    const xc = x.map((v, i) => v - p.bIn[i % d]);
    const pre = await jsGemm.nt(xc, p.wEnc, p.bLat, n, d, m);
    const sel = topK(pre, n, m, k);
    const dead = new Uint8Array(m);
    updateFiring(sinceFired, sel, G.config.dead_threshold_steps, dead);
    const loss = lossAndGradients(p, grads, x, xc, pre, sel, dead, n, { auxCoefficient, auxK });
    return { pre, sel, dead, loss };
  }

  it('forward: b_in median, pre-activations, top-K, dead latents, losses', async () => {
    p.wEnc.set(G.inputs.W_enc);
    p.wDec.set(toRows(G.inputs.W_dec, d, m));
    p.bLat.set(G.inputs.b_lat);
    // b_in: the lower coordinate-wise median, as initParams computes it (checked on the golden's x).
    const { initParams } = await import('../../workers/ksae/params.js');
    const init = initParams(x, Int32Array.from({ length: n }, (_, i) => i), d, m, 1);
    expectClose(init.bIn, G.b_in, 1e-9, 'b_in');
    p.bIn.set(G.b_in);

    const grads = zeroParams(d, m);
    const { pre, sel, dead, loss } = await step(grads);
    expectClose(pre, G.forward.pre, 1e-5, 'pre');
    expect(Array.from(sel.idx)).toEqual(G.forward.topk_indices);
    expectClose(sel.pre.map((v) => Math.max(0, v)), G.forward.topk_values, 1e-5, 'top-K values');
    expect(Array.from(sinceFired)).toEqual(G.forward.steps_since_activation_after);
    expect(Array.from(dead)).toEqual(G.forward.dead_mask);
    expect(loss.main).toBeCloseTo(G.forward.main_loss, 5);
    expect(loss.aux).toBeCloseTo(G.forward.aux_loss, 5);
    expect(loss.loss).toBeCloseTo(G.forward.loss, 5);

    // backward: raw gradients, then the decoder-parallel removal and the clip
    expectParams(grads, G.grads, 1e-5, 'raw gradient');
    removeParallelComponent(p.wDec, grads.wDec, m, d);
    expectParams(grads, G.grads_adjusted, 1e-5, 'adjusted gradient');
    expect(clipGradients(grads, opts.clipNorm)).toBeCloseTo(G.grad_norm, 5);
    expectParams(grads, G.grads_clipped, 1e-6, 'clipped gradient');
  });

  it('update: two Adam steps with renormalisation land on PyTorch\'s parameters', async () => {
    p.wEnc.set(G.inputs.W_enc);
    p.wDec.set(toRows(G.inputs.W_dec, d, m));
    p.bLat.set(G.inputs.b_lat);
    p.bIn.set(G.b_in);
    sinceFired.set(G.inputs.steps_since_activation);
    const dev = G.float32_deviation;
    const tol1 = 20 * Math.max(...Object.values(dev.after_step1 as Record<string, number>), 1e-8);
    const tol2 = 20 * Math.max(...Object.values(dev.after_step2 as Record<string, number>), 1e-8);

    const g1 = zeroParams(d, m);
    await step(g1);
    applyUpdate(p, g1, adam, opts);
    const moment = (key: 'exp_avg' | 'exp_avg_sq'): Named => ({
      W_enc: G.adam_step1.W_enc[key], W_dec: G.adam_step1.W_dec[key], b_in: G.adam_step1.b_in[key], b_lat: G.adam_step1.b_lat[key],
    });
    expectParams(adam.first, moment('exp_avg'), 1e-7, 'Adam first moment');
    expectParams(adam.second, moment('exp_avg_sq'), 1e-9, 'Adam second moment');
    expectParams(p, G.after_step1, tol1, 'after step 1');

    const g2 = zeroParams(d, m);
    const { dead, loss } = await step(g2);
    expect(Array.from(dead)).toEqual(G.step2.dead_mask);
    expect(loss.loss).toBeCloseTo(G.step2.loss, 5);
    expect(loss.aux).toBeCloseTo(G.step2.aux_loss, 5);
    applyUpdate(p, g2, adam, opts);
    expectParams(p, G.step2.params, tol2, 'after step 2');
  });
});

