// A kSAE training run as an object with a lifecycle (style E2): create over a row-major Float32Array,
// epoch() until done, then activations(); checkpoint() at any epoch boundary and create(…, checkpoint)
// continues exactly where it stopped, because each epoch's shuffle is derived from (seed, epoch) alone.
// Two choices differ from HypotheSAEs' fit(): the validation loss is the reconstruction term alone and does not
// advance the dead-latent counters (theirs runs the training forward pass on validation batches); like theirs,
// early stopping keeps the last epoch's weights, not the best epoch's.
import { mulberry32 } from '../../main/analysis/random.js';
import type { Gemm } from './gemm.js';
import { auxKOf, resolveOptions, type KsaeOptions } from './options.js';
import { pack, unpack } from './pack.js';
import { initParams, tensors, zeroParams, type KsaeParams } from './params.js';
import { lossAndGradients, reconstructionLoss, StepScratch, topK, updateFiring } from './step.js';
import { applyUpdate, newAdamState, type AdamState } from './update.js';

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches (main + aux term). */
  loss: number;
  /** Mean reconstruction loss over validation batches (no aux term); null without a validation split. */
  valLoss: number | null;
  /** Latents that had not fired for `deadSteps` optimiser steps at the epoch's end. */
  dead: number;
}

interface CheckpointHeader {
  kind: 'checkpoint';
  options: KsaeOptions;
  n: number;
  d: number;
  epoch: number;
  step: number;
  bestVal: number | null;
  badEpochs: number;
  history: EpochRecord[];
}

/** A seeded Fisher–Yates permutation of `rows`. */
function shuffled(rows: Int32Array, seed: number): Int32Array {
  const out = rows.slice();
  const rng = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** Distinct generator seeds for the split (epoch −1) and each epoch's shuffle. */
const streamSeed = (seed: number, epoch: number) => (Math.imul(seed, 0x9e3779b1) + Math.imul(epoch + 2, 0x85ebca6b)) >>> 0;

export class KsaeTrainer {
  epoch = 0;
  history: EpochRecord[] = [];
  private bestVal: number | null = null;
  private badEpochs = 0;
  readonly trainRows: Int32Array;
  readonly valRows: Int32Array;

  private constructor(
    readonly data: Float32Array, readonly n: number, readonly d: number, readonly options: KsaeOptions,
    readonly params: KsaeParams, private readonly adam: AdamState, readonly sinceFired: Int32Array, private readonly gemm: Gemm,
  ) {
    const order = shuffled(Int32Array.from({ length: n }, (_, i) => i), streamSeed(options.seed, -1));
    const nVal = options.validationShare > 0 && n > 1 ? Math.min(n - 1, Math.max(1, Math.round(n * options.validationShare))) : 0;
    this.valRows = order.slice(0, nVal).sort();
    this.trainRows = order.slice(nVal).sort();
  }

  /** A fresh run, or the continuation of `checkpoint` (which must come from the same data). */
  static create(data: Float32Array, n: number, d: number, given: Partial<KsaeOptions>, gemm: Gemm, checkpoint?: Uint8Array): KsaeTrainer {
    if (data.length !== n * d) throw new RangeError(`data has ${data.length} values, expected ${n}×${d}`);
    if (checkpoint) return KsaeTrainer.restore(data, n, d, checkpoint, gemm);
    const o = resolveOptions(given);
    const t = new KsaeTrainer(data, n, d, o, zeroParams(d, o.latents), newAdamState(d, o.latents), new Int32Array(o.latents), gemm);
    const init = initParams(data, t.trainRows, d, o.latents, o.seed);
    tensors(t.params).forEach((a, i) => a.set(tensors(init)[i]));
    return t;
  }

  private static restore(data: Float32Array, n: number, d: number, bytes: Uint8Array, gemm: Gemm): KsaeTrainer {
    const { header: h, arrays } = unpack<CheckpointHeader>(bytes);
    if (h.kind !== 'checkpoint' || h.n !== n || h.d !== d) throw new RangeError(`checkpoint is for ${h.n}×${h.d} data, not ${n}×${d}`);
    const m = h.options.latents;
    const [p, first, second] = [zeroParams(d, m), zeroParams(d, m), zeroParams(d, m)];
    [...tensors(p), ...tensors(first), ...tensors(second)].forEach((a, i) => a.set(arrays[i] as Float32Array));
    const t = new KsaeTrainer(data, n, d, h.options, p, { step: h.step, first, second }, (arrays[12] as Int32Array).slice(), gemm);
    Object.assign(t, { epoch: h.epoch, history: h.history, bestVal: h.bestVal, badEpochs: h.badEpochs });
    return t;
  }

  /** True once early stopping fired or maxEpochs ran. */
  get done(): boolean {
    return this.badEpochs >= this.options.patience || this.epoch >= this.options.maxEpochs;
  }

  /** Dead latents now. */
  get dead(): number {
    return this.sinceFired.reduce((c, s) => c + (s > this.options.deadSteps ? 1 : 0), 0);
  }

  /** Gathers rows into x (rows×d) and x − b_in into xc. */
  private gather(rows: Int32Array, from: number, to: number, x: Float32Array, xc: Float32Array): void {
    const { d, data, params } = this;
    for (let r = from; r < to; r++) {
      const src = rows[r] * d;
      const o = (r - from) * d;
      for (let i = 0; i < d; i++) {
        x[o + i] = data[src + i];
        xc[o + i] = data[src + i] - params.bIn[i];
      }
    }
  }

  /** One pass over the training rows, then the validation loss and the early-stopping bookkeeping. */
  async runEpoch(): Promise<EpochRecord> {
    const { d, options: o, params: p } = this;
    const m = o.latents;
    const order = shuffled(this.trainRows, streamSeed(o.seed, this.epoch));
    const x = new Float32Array(o.batchSize * d);
    const xc = new Float32Array(o.batchSize * d);
    const grads = zeroParams(d, m);
    const dead = new Uint8Array(m);
    const scratch = new StepScratch(o.batchSize, d);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < order.length; from += o.batchSize) {
      const rows = Math.min(o.batchSize, order.length - from);
      this.gather(order, from, from + rows, x, xc);
      const pre = await this.gemm.nt(xc, p.wEnc, p.bLat, rows, d, m);
      const sel = topK(pre, rows, m, o.k);
      updateFiring(this.sinceFired, sel, o.deadSteps, dead);
      for (const g of tensors(grads)) g.fill(0);
      const loss = lossAndGradients(p, grads, x.subarray(0, rows * d), xc.subarray(0, rows * d), pre, sel, dead, rows,
        { auxCoefficient: o.auxCoefficient, auxK: auxKOf(o) }, scratch);
      applyUpdate(p, grads, this.adam, o);
      lossSum += loss.loss;
      batches++;
    }
    const valLoss = await this.validationLoss();
    if (valLoss !== null) {
      if (this.bestVal === null || valLoss < this.bestVal) {
        this.bestVal = valLoss;
        this.badEpochs = 0;
      } else this.badEpochs++;
    }
    const record: EpochRecord = { epoch: this.epoch + 1, loss: batches ? lossSum / batches : 0, valLoss, dead: this.dead };
    this.history.push(record);
    this.epoch++;
    return record;
  }

  /** Mean over validation batches of the reconstruction loss (null without a validation split). */
  async validationLoss(): Promise<number | null> {
    if (this.valRows.length === 0) return null;
    const { d, options: o, params: p } = this;
    const x = new Float32Array(o.batchSize * d);
    const xc = new Float32Array(o.batchSize * d);
    const scratch = new StepScratch(o.batchSize, d);
    let sum = 0;
    let batches = 0;
    for (let from = 0; from < this.valRows.length; from += o.batchSize) {
      const rows = Math.min(o.batchSize, this.valRows.length - from);
      this.gather(this.valRows, from, from + rows, x, xc);
      const pre = await this.gemm.nt(xc, p.wEnc, p.bLat, rows, d, o.latents);
      sum += reconstructionLoss(p, x.subarray(0, rows * d), topK(pre, rows, o.latents, o.k), rows, scratch);
      batches++;
    }
    return sum / batches;
  }

  /** Top-K latents and their activations (ReLU of the pre-activation) for every row, best first. */
  async activations(chunk = 4096): Promise<{ k: number; idx: Int32Array; act: Float32Array }> {
    const { n, d, options: o, params: p } = this;
    const k = o.k;
    const idx = new Int32Array(n * k);
    const act = new Float32Array(n * k);
    const xc = new Float32Array(Math.min(chunk, n) * d);
    for (let from = 0; from < n; from += chunk) {
      const rows = Math.min(chunk, n - from);
      for (let t = 0; t < rows * d; t++) xc[t] = this.data[from * d + t] - p.bIn[t % d];
      const sel = topK(await this.gemm.nt(xc, p.wEnc, p.bLat, rows, d, o.latents), rows, o.latents, k);
      idx.set(sel.idx, from * k);
      for (let t = 0; t < rows * k; t++) act[from * k + t] = Math.max(0, sel.pre[t]);
    }
    return { k, idx, act };
  }

  /** Everything needed to continue: options, parameters, Adam moments, firing counters, history. */
  checkpoint(): Uint8Array {
    const header: CheckpointHeader = {
      kind: 'checkpoint', options: this.options, n: this.n, d: this.d, epoch: this.epoch, step: this.adam.step,
      bestVal: this.bestVal, badEpochs: this.badEpochs, history: this.history,
    };
    return pack(header, [...tensors(this.params), ...tensors(this.adam.first), ...tensors(this.adam.second), this.sinceFired]);
  }

  /** The trained parameters alone (W_enc, W_dec as rows, b_in, b_lat) for the weights BLOB. */
  weights(): Uint8Array {
    return pack({ kind: 'weights', d: this.d, latents: this.options.latents, k: this.options.k, layout: 'wEnc,wDec(rows),bIn,bLat' }, tensors(this.params));
  }
}
