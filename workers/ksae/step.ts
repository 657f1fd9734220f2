// One batch of TopK-SAE arithmetic after the dense encoder product: top-K selection, reconstruction, the
// normalised loss with its auxiliary dead-latent term, and every gradient, all over the sparse active set
// (K or 2K latents per row), so the cost is O(rows·K·d) rather than O(rows·M·d). Pure typed-array code; sums
// run in one fixed order, so the same inputs give the same bits.
import type { KsaeParams } from './params.js';

/** The selected latents of each row: idx[r·k + s] and its pre-activation, best first. */
export interface Selection {
  k: number;
  idx: Int32Array;
  pre: Float32Array;
}

/**
 * The top `k` of each row of `pre` (rows×m), ties to the lower index; with `only`, among the latents
 * flagged there. Rows with fewer eligible latents than k are padded with index −1.
 */
export function topK(pre: Float32Array, rows: number, m: number, k: number, only?: Uint8Array): Selection {
  const idx = new Int32Array(rows * k).fill(-1);
  const val = new Float32Array(rows * k).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    const row = r * m;
    for (let j = 0; j < m; j++) {
      if (only && !only[j]) continue;
      const v = pre[row + j];
      if (idx[o + k - 1] >= 0 && v <= val[o + k - 1]) continue;
      let s = k - 1;
      while (s > 0 && (idx[o + s - 1] < 0 || v > val[o + s - 1])) {
        idx[o + s] = idx[o + s - 1];
        val[o + s] = val[o + s - 1];
        s--;
      }
      idx[o + s] = j;
      val[o + s] = v;
    }
  }
  return { k, idx, pre: val };
}

/**
 * HypotheSAEs' dead-latent bookkeeping for one batch: every counter + 1, then 0 for each latent with a
 * positive activation in the batch; `dead` gets 1 where a counter now exceeds deadSteps.
 */
export function updateFiring(sinceFired: Int32Array, sel: Selection, deadSteps: number, dead: Uint8Array): void {
  for (let j = 0; j < sinceFired.length; j++) sinceFired[j]++;
  for (let t = 0; t < sel.idx.length; t++) if (sel.pre[t] > 0) sinceFired[sel.idx[t]] = 0;
  for (let j = 0; j < sinceFired.length; j++) dead[j] = sinceFired[j] > deadSteps ? 1 : 0;
}

export interface StepOptions {
  /** Weight of the dead-latent term. */
  auxCoefficient: number;
  /** Latents used by the dead-latent term per row (HypotheSAEs: 2K). */
  auxK: number;
}

export interface StepLoss {
  /** main + auxCoefficient × aux. */
  loss: number;
  /** MSE / MSE of predicting the batch mean. */
  main: number;
  /** The same normalised error of the residual's reconstruction from dead latents; 0 when none is dead. */
  aux: number;
}

/** Σ over rows and coordinates of (t − column mean of t)²: the denominator of a normalised MSE. */
function centredSquares(t: Float32Array, rows: number, d: number): number {
  const mean = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let i = 0; i < d; i++) mean[i] += t[r * d + i];
  for (let i = 0; i < d; i++) mean[i] /= rows;
  let s = 0;
  for (let r = 0; r < rows; r++) for (let i = 0; i < d; i++) {
    const e = t[r * d + i] - mean[i];
    s += e * e;
  }
  // A batch of identical rows has no spread; keep the loss finite rather than dividing by zero.
  return Math.max(s, 1e-12);
}

/** Σ_s act·W_dec[idx] for one row into out (which already holds the bias, or zeros). */
function decodeRow(p: KsaeParams, sel: Selection, r: number, out: Float32Array, o: number): void {
  const d = p.d;
  for (let s = 0; s < sel.k; s++) {
    const j = sel.idx[r * sel.k + s];
    const a = sel.pre[r * sel.k + s];
    if (j < 0 || !(a > 0)) continue;
    const w = j * d;
    for (let i = 0; i < d; i++) out[o + i] += a * p.wDec[w + i];
  }
}

/**
 * Backpropagates dLoss/dOutput (g, rows×d) through the selected latents: adds to the decoder rows,
 * encoder rows, latent biases and input bias. xc = x − b_in (the encoder's input).
 */
function backSelection(p: KsaeParams, grads: KsaeParams, sel: Selection, g: Float32Array, xc: Float32Array, rows: number): void {
  const d = p.d;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let s = 0; s < sel.k; s++) {
      const j = sel.idx[r * sel.k + s];
      const a = sel.pre[r * sel.k + s];
      if (j < 0 || !(a > 0)) continue; // ReLU: no gradient where the selected pre-activation is ≤ 0
      const w = j * d;
      let ga = 0;
      for (let i = 0; i < d; i++) {
        ga += g[o + i] * p.wDec[w + i];
        grads.wDec[w + i] += a * g[o + i];
      }
      grads.bLat[j] += ga;
      for (let i = 0; i < d; i++) {
        grads.wEnc[w + i] += ga * xc[o + i];
        grads.bIn[i] -= ga * p.wEnc[w + i];
      }
    }
  }
}

/**
 * Loss and gradients (added into `grads`, which the caller zeroes) for one batch. x and xc = x − b_in are
 * rows×d; pre = W_enc·xc + b_lat (rows×M) from the dense kernel; sel its top-K; dead flags latents that
 * have not fired for the dead threshold (null or all zero: no auxiliary term).
 */
export function lossAndGradients(
  p: KsaeParams, grads: KsaeParams, x: Float32Array, xc: Float32Array, pre: Float32Array, sel: Selection,
  dead: Uint8Array | null, rows: number, opts: StepOptions,
): StepLoss {
  const d = p.d;
  const recon = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    recon.set(p.bIn, r * d);
    decodeRow(p, sel, r, recon, r * d);
  }
  const scale = centredSquares(x, rows, d);
  const g = new Float32Array(rows * d);
  const residual = new Float32Array(rows * d); // x − x̂: the auxiliary term's target (no gradient through it)
  let sq = 0;
  for (let t = 0; t < rows * d; t++) {
    const e = recon[t] - x[t];
    sq += e * e;
    g[t] = (2 * e) / scale;
    residual[t] = -e;
  }
  for (let r = 0; r < rows; r++) for (let i = 0; i < d; i++) grads.bIn[i] += g[r * d + i];
  backSelection(p, grads, sel, g, xc, rows);
  const main = sq / scale;

  let aux = 0;
  if (dead && dead.some((f) => f === 1) && opts.auxCoefficient !== 0) {
    const auxSel = topK(pre, rows, p.m, opts.auxK, dead);
    const auxRecon = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) decodeRow(p, auxSel, r, auxRecon, r * d);
    const auxScale = centredSquares(residual, rows, d);
    let auxSq = 0;
    for (let t = 0; t < rows * d; t++) {
      const e = auxRecon[t] - residual[t];
      auxSq += e * e;
      g[t] = (opts.auxCoefficient * 2 * e) / auxScale;
    }
    aux = auxSq / auxScale;
    backSelection(p, grads, auxSel, g, xc, rows);
  }
  return { loss: main + opts.auxCoefficient * aux, main, aux };
}

/** Reconstruction error only (validation): MSE / MSE of predicting the batch mean. */
export function reconstructionLoss(p: KsaeParams, x: Float32Array, sel: Selection, rows: number): number {
  const d = p.d;
  const recon = new Float32Array(rows * d);
  let sq = 0;
  for (let r = 0; r < rows; r++) {
    recon.set(p.bIn, r * d);
    decodeRow(p, sel, r, recon, r * d);
  }
  for (let t = 0; t < rows * d; t++) {
    const e = recon[t] - x[t];
    sq += e * e;
  }
  return sq / centredSquares(x, rows, d);
}
