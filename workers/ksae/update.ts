// The parameter update after a batch, in HypotheSAEs' order: remove each decoder gradient's component along
// its (unit) column, clip the global gradient norm, take an Adam step (torch.optim.Adam's arithmetic), and
// renormalise the decoder columns.
import { normaliseRows, tensors, zeroParams, type KsaeParams } from './params.js';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Global gradient-norm cap; 0 disables clipping. */
  clipNorm: number;
}

/** First and second moments (same shapes as the parameters) and the step count. */
export interface AdamState {
  step: number;
  first: KsaeParams;
  second: KsaeParams;
}

export function newAdamState(d: number, m: number): AdamState {
  return { step: 0, first: zeroParams(d, m), second: zeroParams(d, m) };
}

/** g_j ← g_j − (g_j·w_j) w_j for each decoder column w_j, so a step does not lengthen or shorten it. */
export function removeParallelComponent(wDec: Float32Array, gDec: Float32Array, m: number, d: number): void {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += wDec[o + i] * gDec[o + i];
    for (let i = 0; i < d; i++) gDec[o + i] -= dot * wDec[o + i];
  }
}

/** Scales all gradients by min(1, max/(‖g‖ + 1e-6)) as torch.nn.utils.clip_grad_norm_; returns ‖g‖. */
export function clipGradients(grads: KsaeParams, maxNorm: number): number {
  let s = 0;
  for (const t of tensors(grads)) for (let i = 0; i < t.length; i++) s += t[i] * t[i];
  const norm = Math.sqrt(s);
  const coef = maxNorm / (norm + 1e-6);
  if (maxNorm > 0 && coef < 1) for (const t of tensors(grads)) for (let i = 0; i < t.length; i++) t[i] *= coef;
  return norm;
}

/** One complete update of `p` from `grads` (which it modifies). */
export function applyUpdate(p: KsaeParams, grads: KsaeParams, adam: AdamState, o: AdamOptions): void {
  removeParallelComponent(p.wDec, grads.wDec, p.m, p.d);
  clipGradients(grads, o.clipNorm);
  adam.step++;
  const c1 = 1 - o.beta1 ** adam.step;
  const c2Sqrt = Math.sqrt(1 - o.beta2 ** adam.step);
  const stepSize = o.learningRate / c1;
  const ps = tensors(p);
  const gs = tensors(grads);
  const ms = tensors(adam.first);
  const vs = tensors(adam.second);
  const { beta1: b1, beta2: b2, epsilon: eps } = o;
  for (let t = 0; t < ps.length; t++) {
    const w = ps[t], g = gs[t], m = ms[t], v = vs[t];
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      const mi = b1 * m[i] + (1 - b1) * gi;
      const vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] -= (stepSize * mi) / (Math.sqrt(vi) / c2Sqrt + eps);
    }
  }
  normaliseRows(p.wDec, p.m, p.d);
}
