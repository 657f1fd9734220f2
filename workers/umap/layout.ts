// UMAP's layout optimisation from a precomputed kNN graph, following umap-learn's `optimize_layout_euclidean`:
// each edge of the fuzzy graph is sampled in proportion to its weight (epochs_per_sample), pulls its two ends
// together (attractive gradient, both ends move) and pushes the head away from `negativeSampleRate` random
// points; gradients are clipped to ±4 and the learning rate decays linearly to 0 over nEpochs. All state is
// typed arrays; one seeded generator drives the initial positions and the negative samples, so a seed gives
// the same layout on every run. `step(epochs)` lets a caller stream positions as the layout settles.
// Parallelism, when needed, goes in the per-edge loop of `runEpoch` (umap-learn's parallel=True splits it the
// same way, at the price of determinism); single-threaded it is deterministic.
import { mulberry32 } from '../../main/analysis/random.js';
import { findAbParams } from './ab-params.js';
import { fuzzySimplicialSet, type CsrGraph } from './fuzzy-graph.js';
import type { KnnGraph } from './knn.js';

export interface UmapOptions {
  /** Optimisation epochs; default as umap-learn: 500 up to 10,000 points, else 200. */
  nEpochs: number;
  /** Smallest distance between points in the layout; default 0.1. */
  minDist: number;
  /** Scale of the embedded points (with minDist sets the a, b curve); default 1. */
  spread: number;
  /** Initial learning rate (decays linearly to 0); default 1. */
  learningRate: number;
  /** Negative samples per positive sample; default 5. */
  negativeSampleRate: number;
  /** Weight of the repulsive (negative-sample) gradient, umap-learn's gamma; default 1. */
  repulsionStrength: number;
  /** Seed of the generator for the initial positions and the negative samples; default 42. */
  seed: number;
  /**
   * Starting positions (n × 2, copied); default uniform in [−10, 10]² from the seed (umap-learn's init='random';
   * umap-learn's default spectral init needs an eigensolver, and the kNN-preservation it buys is small).
   */
  initial: Float32Array | null;
}

export function defaultEpochs(n: number): number {
  return n <= 10_000 ? 500 : 200;
}

/** umap-learn's gradient clip. */
const CLIP = 4;

export class UmapLayout {
  /** Row-major n × 2 positions, updated in place by `step`. */
  readonly positions: Float32Array;
  readonly options: UmapOptions;
  readonly a: number;
  readonly b: number;
  epoch = 0;
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  private readonly epochsPerSample: Float64Array;
  private readonly epochOfNextSample: Float64Array;
  private readonly epochsPerNegativeSample: Float64Array;
  private readonly epochOfNextNegativeSample: Float64Array;
  private readonly random: () => number;
  /** State of the negative-sample generator (xorshift32, seeded from `random`; never 0). */
  private negativeState: number;

  private constructor(readonly n: number, graph: CsrGraph, options: UmapOptions) {
    this.options = options;
    ({ a: this.a, b: this.b } = findAbParams(options.spread, options.minDist));
    this.random = mulberry32(options.seed);
    this.positions = new Float32Array(n * 2);
    if (options.initial) {
      if (options.initial.length !== n * 2) throw new Error(`invalid initial: ${options.initial.length} values for ${n} points`);
      this.positions.set(options.initial);
    } else for (let i = 0; i < n * 2; i++) this.positions[i] = this.random() * 20 - 10;
    this.negativeState = Math.floor(this.random() * 0xfffffffe) + 1;
    // Edges lighter than max/nEpochs would never be sampled (umap-learn drops them before optimising).
    let max = 0;
    for (const w of graph.weights) max = Math.max(max, w);
    const threshold = max / options.nEpochs;
    const heads: number[] = [], tails: number[] = [], eps: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) {
        const w = graph.weights[p];
        if (w < threshold) continue;
        heads.push(i);
        tails.push(graph.cols[p]);
        eps.push(max / w); // make_epochs_per_sample: nEpochs / (nEpochs · w / max)
      }
    }
    this.heads = Int32Array.from(heads);
    this.tails = Int32Array.from(tails);
    this.epochsPerSample = Float64Array.from(eps);
    this.epochOfNextSample = this.epochsPerSample.slice();
    this.epochsPerNegativeSample = this.epochsPerSample.map((e) => e / options.negativeSampleRate);
    this.epochOfNextNegativeSample = this.epochsPerNegativeSample.slice();
  }

  /** A layout of the kNN graph's n points (the graph as `exactKnn` returns it: each row's own id first). */
  static create(knn: KnnGraph, options: Partial<UmapOptions> = {}): UmapLayout {
    const full: UmapOptions = {
      nEpochs: defaultEpochs(knn.n), minDist: 0.1, spread: 1, learningRate: 1, negativeSampleRate: 5, repulsionStrength: 1,
      seed: 42, initial: null, ...options,
    };
    if (!Number.isInteger(full.nEpochs) || full.nEpochs < 1) throw new Error(`invalid nEpochs: ${full.nEpochs}`);
    if (!(full.negativeSampleRate > 0)) throw new Error(`invalid negativeSampleRate: ${full.negativeSampleRate}`);
    if (!(full.learningRate > 0)) throw new Error(`invalid learningRate: ${full.learningRate}`);
    return new UmapLayout(knn.n, fuzzySimplicialSet(knn), full);
  }

  get done(): boolean {
    return this.epoch >= this.options.nEpochs;
  }

  /** Runs up to `epochs` more epochs (fewer at the end); returns how many ran. */
  step(epochs = 1): number {
    let ran = 0;
    while (ran < epochs && !this.done) {
      this.runEpoch(this.epoch, this.options.learningRate * (1 - this.epoch / this.options.nEpochs));
      this.epoch++;
      ran++;
    }
    return ran;
  }

  private runEpoch(epoch: number, alpha: number): void {
    const { a, b, n, positions: y, heads, tails } = this;
    let state = this.negativeState;
    const gamma = this.options.repulsionStrength;
    const eps = this.epochsPerSample, next = this.epochOfNextSample;
    const epsNeg = this.epochsPerNegativeSample, nextNeg = this.epochOfNextNegativeSample;
    for (let e = 0; e < heads.length; e++) {
      if (next[e] > epoch) continue;
      const j = heads[e] * 2, k = tails[e] * 2;
      let dx = y[j] - y[k], dy = y[j + 1] - y[k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pb = Math.exp(b * Math.log(d2)); // d2^b; twice as fast as Math.pow in V8
        const coeff = (-2 * a * b * (pb / d2)) / (a * pb + 1);
        const gx = clip(coeff * dx), gy = clip(coeff * dy);
        y[j] += gx * alpha; y[j + 1] += gy * alpha;
        y[k] -= gx * alpha; y[k + 1] -= gy * alpha;
      }
      next[e] += eps[e];
      const negatives = Math.floor((epoch - nextNeg[e]) / epsNeg[e]);
      for (let p = 0; p < negatives; p++) {
        // xorshift32, inlined (umap-learn draws negatives with its own tau_rand_int the same way: integer % n)
        state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
        const o = (state >>> 0) % n;
        if (o * 2 === j) continue;
        dx = y[j] - y[o * 2]; dy = y[j + 1] - y[o * 2 + 1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const coeff = (2 * gamma * b) / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1));
          y[j] += clip(coeff * dx) * alpha;
          y[j + 1] += clip(coeff * dy) * alpha;
        }
      }
      nextNeg[e] += negatives * epsNeg[e];
    }
    this.negativeState = state;
  }
}

function clip(v: number): number {
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}
