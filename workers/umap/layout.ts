// UMAP's layout optimisation from a precomputed kNN graph, following umap-learn's `optimize_layout_euclidean`:
// each edge of the fuzzy graph is sampled in proportion to its weight (epochs_per_sample), pulls its two ends
// together (attractive gradient, both ends move) and pushes the head away from `negativeSampleRate` random
// points; gradients are clipped to ±4 and the learning rate decays linearly to 0 over nEpochs. All state is
// typed arrays; one seeded generator drives the initial positions and the negative samples, so a seed gives
// the same layout on every run. `step(epochs)` lets a caller stream positions as the layout settles.
// With `threads: 2` the edges are split in PARALLEL_SHARDS shards by head point (layout-shard.ts), claimed by this
// thread and a helper thread serving `serveShard` over the same SharedArrayBuffers; the split keeps a seed's layout
// identical from run to run (for a given thread count), which umap-learn's racing parallel mode does not.
import { mulberry32 } from '../../main/analysis/random.js';
import { findAbParams } from './ab-params.js';
import { fuzzySimplicialSet, type CsrGraph } from './fuzzy-graph.js';
import type { KnnGraph } from './knn.js';
import { CTRL, PARALLEL_SHARDS, mergeShards, openGeneration, runClaimedShards, runShard, type LayoutState, type SharedLayout } from './layout-shard.js';

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
  /** 1, or 2 with a helper thread serving `serveShard(layout.share())`; default 1. */
  threads: number;
}

export function defaultEpochs(n: number): number {
  return n <= 10_000 ? 500 : 200;
}

export class UmapLayout {
  /** Row-major n × 2 positions in the layout's own point order (see `order`), updated in place by `step`. */
  private readonly y: Float32Array;
  /**
   * Two threads only: the layout's point i is the caller's point order[i]. The points are ordered by their starting
   * x, so that each shard's range is a slab of the starting picture and most of a point's neighbours are in its own
   * shard, moved in place, rather than read from the epoch's snapshot (with 8 shards in the caller's order, 7 in 8
   * were: preservation 0.428 → 0.415 at 29,520 × 50).
   */
  private readonly order: Int32Array | null = null;
  readonly options: UmapOptions;
  readonly a: number;
  readonly b: number;
  epoch = 0;
  /** Generation of the two-thread handshake: one per parallel epoch. */
  private gen = 0;
  private readonly state: LayoutState;
  private readonly shared: SharedLayout | null = null;

  private constructor(readonly n: number, graph: CsrGraph, options: UmapOptions) {
    this.options = options;
    ({ a: this.a, b: this.b } = findAbParams(options.spread, options.minDist));
    const random = mulberry32(options.seed);
    const parallel = options.threads === 2;
    const floats32 = (len: number) => (parallel ? new Float32Array(new SharedArrayBuffer(len * 4)) : new Float32Array(len));
    const floats64 = (from: number[] | Float64Array) => {
      const out = parallel ? new Float64Array(new SharedArrayBuffer(from.length * 8)) : new Float64Array(from.length);
      out.set(from);
      return out;
    };
    const ints = (from: number[]) => {
      const out = parallel ? new Int32Array(new SharedArrayBuffer(from.length * 4)) : new Int32Array(from.length);
      out.set(from);
      return out;
    };
    this.y = floats32(n * 2);
    const start = parallel ? new Float32Array(n * 2) : this.y;
    if (options.initial) {
      if (options.initial.length !== n * 2) throw new Error(`invalid initial: ${options.initial.length} values for ${n} points`);
      start.set(options.initial);
    } else for (let i = 0; i < n * 2; i++) start[i] = random() * 20 - 10;
    const order = parallel ? Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => start[2 * i] - start[2 * j] || i - j) : null;
    const rank = new Int32Array(order ? n : 0);
    if (order) {
      this.order = order;
      for (let i = 0; i < n; i++) {
        rank[order[i]] = i;
        this.y[2 * i] = start[2 * order[i]];
        this.y[2 * i + 1] = start[2 * order[i] + 1];
      }
    }
    const seedRng = () => Math.floor(random() * 0xfffffffe) + 1;
    const rng0 = seedRng();
    // Edges lighter than max/nEpochs would never be sampled (umap-learn drops them before optimising).
    let max = 0;
    for (const w of graph.weights) max = Math.max(max, w);
    const threshold = max / options.nEpochs;
    const heads: number[] = [], tails: number[] = [], eps: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = order ? order[i] : i;
      for (let p = graph.rowStart[row]; p < graph.rowStart[row + 1]; p++) {
        const w = graph.weights[p];
        if (w < threshold) continue;
        heads.push(i);
        tails.push(order ? rank[graph.cols[p]] : graph.cols[p]);
        eps.push(max / w); // make_epochs_per_sample: nEpochs / (nEpochs · w / max)
      }
    }
    const epochsPerSample = floats64(eps);
    const epochsPerNegativeSample = floats64(epochsPerSample.map((e) => e / options.negativeSampleRate));
    // The shards split the points in equal ranges, and with them the edges (which are in head order).
    const count = parallel ? Math.min(PARALLEL_SHARDS, n) : 1;
    const shards: LayoutState['shards'] = [];
    const rngs = parallel ? new Int32Array(new SharedArrayBuffer(count * 4)) : new Int32Array(1);
    for (let t = 0, e = 0; t < count; t++) {
      const pLo = Math.floor((n * t) / count), pHi = Math.floor((n * (t + 1)) / count);
      const eLo = e;
      while (e < heads.length && heads[e] < pHi) e++;
      shards.push({ pLo, pHi, eLo, eHi: e });
      rngs[t] = t === 0 ? rng0 : seedRng();
    }
    this.state = {
      n, a: this.a, b: this.b, gamma: options.repulsionStrength, heads: ints(heads), tails: ints(tails),
      epochsPerSample, epochOfNextSample: floats64(epochsPerSample), epochsPerNegativeSample,
      epochOfNextNegativeSample: floats64(epochsPerNegativeSample), positions: this.y,
      snapshot: parallel ? floats32(n * 2) : new Float32Array(0), deltas: parallel ? shards.map(() => floats32(n * 2)) : [], shards, rngs,
    };
    if (parallel) {
      this.state.snapshot.set(this.y);
      this.shared = {
        state: this.state, ctrl: new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4)), alpha: new Float64Array(new SharedArrayBuffer(8)),
      };
    }
  }

  /** A layout of the kNN graph's n points (the graph as `exactKnn` returns it: each row's own id first). */
  static create(knn: KnnGraph, options: Partial<UmapOptions> = {}): UmapLayout {
    const full: UmapOptions = {
      nEpochs: defaultEpochs(knn.n), minDist: 0.1, spread: 1, learningRate: 1, negativeSampleRate: 5, repulsionStrength: 1,
      seed: 42, initial: null, threads: 1, ...options,
    };
    if (!Number.isInteger(full.nEpochs) || full.nEpochs < 1) throw new Error(`invalid nEpochs: ${full.nEpochs}`);
    if (!(full.negativeSampleRate > 0)) throw new Error(`invalid negativeSampleRate: ${full.negativeSampleRate}`);
    if (!(full.learningRate > 0)) throw new Error(`invalid learningRate: ${full.learningRate}`);
    if (full.threads !== 1 && full.threads !== 2) throw new Error(`invalid threads: ${full.threads}`);
    return new UmapLayout(knn.n, fuzzySimplicialSet(knn), full);
  }

  /** Row-major n × 2 positions in the caller's point order: the live array on one thread, a copy on two. */
  get positions(): Float32Array {
    const { y, order } = this;
    if (!order) return y;
    const out = new Float32Array(y.length);
    for (let i = 0; i < order.length; i++) {
      out[2 * order[i]] = y[2 * i];
      out[2 * order[i] + 1] = y[2 * i + 1];
    }
    return out;
  }

  get done(): boolean {
    return this.epoch >= this.options.nEpochs;
  }

  /** What the helper thread needs (threads: 2): the shared state and the handshake; null single-threaded. */
  share(): SharedLayout | null {
    return this.shared;
  }

  /** Ends the helper thread's loop (threads: 2). */
  stop(): void {
    if (!this.shared) return;
    Atomics.store(this.shared.ctrl, CTRL.STOP, 1);
    Atomics.notify(this.shared.ctrl, CTRL.GO);
  }

  /** Runs up to `epochs` more epochs (fewer at the end); returns how many ran. */
  step(epochs = 1): number {
    let ran = 0;
    while (ran < epochs && !this.done) {
      const alpha = this.options.learningRate * (1 - this.epoch / this.options.nEpochs);
      if (this.shared) this.runParallelEpoch(this.shared, this.epoch, alpha);
      else runShard(this.state, 0, this.epoch, alpha);
      this.epoch++;
      ran++;
    }
    return ran;
  }

  private runParallelEpoch(shared: SharedLayout, epoch: number, alpha: number): void {
    const { ctrl } = shared;
    const gen = ++this.gen;
    const count = this.state.shards.length;
    openGeneration(shared, gen, epoch, alpha);
    runClaimedShards(shared, gen);
    // Only shards the helper claimed and has not finished are left to wait for.
    for (let waited = 0, done = Atomics.load(ctrl, CTRL.DONE); done !== count; waited++, done = Atomics.load(ctrl, CTRL.DONE)) {
      if (Atomics.load(ctrl, CTRL.ERROR)) throw new Error('the layout helper thread failed');
      if (waited > 6000) throw new Error('the layout helper thread did not answer within 10 minutes');
      Atomics.wait(ctrl, CTRL.DONE, done, 100);
    }
    mergeShards(this.state);
  }
}
