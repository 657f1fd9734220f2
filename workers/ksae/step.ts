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

/**
 * Σ over rows and coordinates of (t − column mean of t)², the denominator of a normalised MSE, in one pass:
 * Σ_i (Σ_r t² − (Σ_r t)² / rows) with float64 sums (the rows are unit-scale, so the difference loses nothing
 * that matters at float32 precision).
 */
function centredSquares(t: Float32Array, rows: number, d: number, sum: Float64Array): number {
  sum.fill(0);
  let squares = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const v = t[o + i];
      sum[i] += v;
      squares += v * v;
    }
  }
  let s = squares;
  for (let i = 0; i < d; i++) s -= (sum[i] * sum[i]) / rows;
  // A batch of identical rows has no spread; keep the loss finite rather than dividing by zero.
  return Math.max(s, 1e-12);
}

/** Σ_s act·W_dec[idx] for row r into out[o …] (which already holds the bias, or zeros). */
function decodeRow(wDec: Float32Array, d: number, sel: Selection, r: number, out: Float32Array, o: number): void {
  const k = sel.k, idx = sel.idx, pre = sel.pre;
  for (let s = 0; s < k; s++) {
    const j = idx[r * k + s];
    const a = pre[r * k + s];
    if (j < 0 || !(a > 0)) continue;
    const w = j * d;
    for (let i = 0; i < d; i++) out[o + i] += a * wDec[w + i];
  }
}

/**
 * Backpropagates dLoss/dOutput (g, rows×d) through the selected latents: adds to the decoder rows, encoder
 * rows and latent biases. xc = x − b_in (the encoder's input). The encoder's share of b_in's gradient is
 * added once per batch by encoderBiasGradient.
 */
function backSelection(p: KsaeParams, grads: KsaeParams, sel: Selection, g: Float32Array, xc: Float32Array, rows: number): void {
  const d = p.d, k = sel.k, idx = sel.idx, pre = sel.pre;
  const wDec = p.wDec, gDec = grads.wDec, gEnc = grads.wEnc, gLat = grads.bLat;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let s = 0; s < k; s++) {
      const j = idx[r * k + s];
      const a = pre[r * k + s];
      if (j < 0 || !(a > 0)) continue; // ReLU: no gradient where the selected pre-activation is ≤ 0
      const w = j * d;
      let ga = 0;
      for (let i = 0; i < d; i++) {
        const gi = g[o + i];
        ga += gi * wDec[w + i];
        gDec[w + i] += a * gi;
      }
      gLat[j] += ga;
      for (let i = 0; i < d; i++) gEnc[w + i] += ga * xc[o + i];
    }
  }
}

/** Reusable buffers of one batch size and width, so a step allocates nothing large. */
export class StepScratch {
  readonly recon: Float32Array;
  readonly g: Float32Array;
  readonly sum: Float64Array;
  constructor(readonly rows: number, readonly d: number) {
    this.recon = new Float32Array(rows * d);
    this.g = new Float32Array(rows * d);
    this.sum = new Float64Array(d);
  }
}

/** x̂ = b_in + Σ act·W_dec for each row into scratch.recon (aux: without b_in). */
function reconstruct(p: KsaeParams, sel: Selection, rows: number, out: Float32Array, withBias: boolean): void {
  const d = p.d;
  for (let r = 0; r < rows; r++) {
    if (withBias) out.set(p.bIn, r * d);
    else out.fill(0, r * d, (r + 1) * d);
    decodeRow(p.wDec, d, sel, r, out, r * d);
  }
}

/**
 * Loss and gradients (added into `grads`, which the caller zeroes) for one batch. x and xc = x − b_in are
 * rows×d; pre = W_enc·xc + b_lat (rows×M) from the dense kernel; sel its top-K; dead flags latents that
 * have not fired for the dead threshold (null or all zero: no auxiliary term).
 */
export function lossAndGradients(
  p: KsaeParams, grads: KsaeParams, x: Float32Array, xc: Float32Array, pre: Float32Array, sel: Selection,
  dead: Uint8Array | null, rows: number, opts: StepOptions, scratch = new StepScratch(rows, p.d),
): StepLoss {
  const d = p.d, n = rows * d;
  const { recon, g, sum } = scratch;
  reconstruct(p, sel, rows, recon, true);
  const scale = centredSquares(x, rows, d, sum);
  const gIn = grads.bIn;
  let sq = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const e = recon[o + i] - x[o + i];
      sq += e * e;
      const gi = (2 * e) / scale;
      g[o + i] = gi;
      gIn[i] += gi;
    }
  }
  backSelection(p, grads, sel, g, xc, rows);
  const main = sq / scale;

  let aux = 0;
  if (dead && dead.includes(1) && opts.auxCoefficient !== 0) {
    // The target is the residual x − x̂ with x̂ fixed (no gradient flows through it); recon becomes it.
    for (let t = 0; t < n; t++) recon[t] = x[t] - recon[t];
    const auxSel = topK(pre, rows, p.m, opts.auxK, dead);
    const auxRecon = g; // the main gradient has been used; reuse its buffer
    reconstruct(p, auxSel, rows, auxRecon, false);
    const auxScale = centredSquares(recon, rows, d, sum);
    let auxSq = 0;
    const c = (opts.auxCoefficient * 2) / auxScale;
    for (let t = 0; t < n; t++) {
      const e = auxRecon[t] - recon[t];
      auxSq += e * e;
      auxRecon[t] = c * e;
    }
    aux = auxSq / auxScale;
    backSelection(p, grads, auxSel, auxRecon, xc, rows);
  }
  encoderBiasGradient(p, grads);
  return { loss: main + opts.auxCoefficient * aux, main, aux };
}

/**
 * pre_j = W_enc[j]·(x − b_in) + b_lat[j], so ∂pre_j/∂b_in = −W_enc[j] for every row, and the rows' sum of
 * ∂L/∂pre_j is exactly b_lat[j]'s gradient: b_in gets −Σ_j ∂L/∂b_lat[j]·W_enc[j], M·d work per batch instead
 * of rows·K·d.
 */
function encoderBiasGradient(p: KsaeParams, grads: KsaeParams): void {
  const d = p.d, wEnc = p.wEnc, gIn = grads.bIn, gLat = grads.bLat;
  for (let j = 0; j < p.m; j++) {
    const c = gLat[j];
    if (c === 0) continue;
    const w = j * d;
    for (let i = 0; i < d; i++) gIn[i] -= c * wEnc[w + i];
  }
}

/** Reconstruction error only (validation): MSE / MSE of predicting the batch mean. */
export function reconstructionLoss(p: KsaeParams, x: Float32Array, sel: Selection, rows: number, scratch = new StepScratch(rows, p.d)): number {
  const recon = scratch.recon;
  reconstruct(p, sel, rows, recon, true);
  let sq = 0;
  for (let t = 0; t < rows * p.d; t++) {
    const e = recon[t] - x[t];
    sq += e * e;
  }
  return sq / centredSquares(x, rows, p.d, scratch.sum);
}
