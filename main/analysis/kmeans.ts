// k-means baseline for the theme NMI comparison: the same number of clusters on the same embeddings as a kSAE model.
//
// Plain Euclidean k-means (as sklearn's KMeans, so the baseline means what readers expect), not a spherical variant:
// greedy k-means++ seeding (2 + ⌊ln k⌋ candidates per centre, sklearn's choice) from a seeded mulberry32 generator,
// then Lloyd iterations until no label changes or the total squared centre shift falls below
// tolerance × mean per-dimension variance (sklearn's rule). A cluster left empty takes the point farthest from its
// centre. The best of `restarts` runs by inertia is returned; the same data, k and seed always give the same result.
// On unit vectors the Euclidean assignment equals the cosine one (|x − c|² = 1 − 2 x·c + |c|²), so the O(n·k·d)
// assignment runs through the same rows × clusters dot kernel as the silhouette. The algorithm is written once as a
// generator that asks for dot-product blocks; `kMeans` answers them with a synchronous kernel, `kMeansAsync` with an
// asynchronous one (a native GEMM such as ONNX Runtime's in a worker), so both give the same steps.

import { AnalysisDataError } from './errors.js';
import { mulberry32 } from './random.js';
import { pointClusterDots, type DotKernel } from './silhouette.js';

export interface KMeansOptions {
  /** Seed of the first restart (restart r uses seed + r); default 1. */
  seed?: number;
  /** Independent seedings; the lowest inertia wins; default 4. */
  restarts?: number;
  /** Lloyd iterations per restart at most; default 300 (sklearn's). */
  maxIterations?: number;
  /** Relative tolerance on the total squared centre shift; default 1e-4 (sklearn's). */
  tolerance?: number;
  /** Rows × centres dot-product kernel; default `pointClusterDots`. */
  dots?: DotKernel;
}

export interface KMeansResult {
  /** Cluster of each row, 0..k−1. */
  labels: Int32Array;
  /** Centres, row-major k × d. */
  centers: Float64Array;
  /** Sum of squared Euclidean distances to the nearest centre (sklearn's inertia_). */
  inertia: number;
  /** Lloyd iterations of the winning restart. */
  iterations: number;
}

const BLOCK_ROWS = 256;

/** Asynchronous rows × centres kernel, same contract as DotKernel (out[r·count + c] = x_{start+r} · centers_c). */
export type AsyncDotKernel = (x: Float32Array, d: number, start: number, end: number, centers: Float64Array, count: number, out: Float64Array) => Promise<void>;

export interface KMeansAsyncOptions extends Omit<KMeansOptions, 'dots'> {
  /** The asynchronous kernel (required). */
  dots: AsyncDotKernel;
  /** Rows per kernel call; default 256 (raise it, e.g. to 8192, for a kernel with a per-call overhead). */
  blockRows?: number;
}

/** One block of dot products the algorithm needs: out[(i − start)·count + c] = x_i · centers_c. */
interface DotRequest { start: number; end: number; centers: Float64Array; count: number; out: Float64Array }
type Steps<T> = Generator<DotRequest, T, void>;

/** Euclidean k-means (k-means++ seeding, Lloyd iterations), deterministic for a seed. */
export function kMeans(x: Float32Array, n: number, d: number, k: number, options: KMeansOptions = {}): KMeansResult {
  const { dots = pointClusterDots } = options;
  const steps = kMeansSteps(x, n, d, k, options, BLOCK_ROWS);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    const r = step.value;
    dots(x, d, r.start, r.end, r.centers, r.count, r.out);
  }
}

/** kMeans with an asynchronous dot kernel: the same algorithm and, for the same kernel values, the same result. */
export async function kMeansAsync(x: Float32Array, n: number, d: number, k: number, options: KMeansAsyncOptions): Promise<KMeansResult> {
  const { dots, blockRows = BLOCK_ROWS } = options;
  const steps = kMeansSteps(x, n, d, k, options, blockRows);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    const r = step.value;
    await dots(x, d, r.start, r.end, r.centers, r.count, r.out);
  }
}

function* kMeansSteps(x: Float32Array, n: number, d: number, k: number, options: Omit<KMeansOptions, 'dots'>, blockRows: number): Steps<KMeansResult> {
  const { seed = 1, restarts = 4, maxIterations = 300, tolerance = 1e-4 } = options;
  if (x.length !== n * d || d < 1) throw new Error(`x has ${x.length} values, expected n·d = ${n * d}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`invalid cluster count ${k}`);
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`invalid blockRows ${blockRows}`);
  if (k > n) throw new AnalysisDataError(`k-means cannot make ${k} clusters from ${n} points.`);
  const squaredNorms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
    squaredNorms[i] = s;
  }
  const shiftTolerance = tolerance * meanVariance(x, n, d);
  const ctx: Context = { x, n, d, norms: squaredNorms, blockRows };
  let best: KMeansResult | undefined;
  for (let r = 0; r < restarts; r++) {
    const rng = mulberry32((seed + r) >>> 0);
    const centers = yield* seedCenters(ctx, k, rng);
    const run = yield* lloyd(ctx, k, centers, maxIterations, shiftTolerance);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

/** What every step shares: the rows, their squared norms and the block size of the dot requests. */
interface Context { x: Float32Array; n: number; d: number; norms: Float64Array; blockRows: number }

function meanVariance(x: Float32Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - mean) ** 2;
    total += v / n;
  }
  return total / d;
}

/**
 * Greedy k-means++: each new centre is the best (lowest potential) of several D²-weighted draws. The candidates'
 * distances to all rows come from one rows × candidates pass of the dot kernel: |x_i − x_p|² = |x_i|² + |x_p|² − 2 x_i·x_p.
 */
function* seedCenters(ctx: Context, k: number, rng: () => number): Steps<Float64Array> {
  const { x, n, d } = ctx;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n).fill(Infinity);
  const candidates = new Float64Array(trials * d);
  const picks = new Int32Array(trials);
  const potentials = new Float64Array(trials);
  const trialDistances = new Float64Array(n * trials); // kept so the chosen draw needs no second pass
  for (let c = 0; c < k; c++) {
    let potential = 0;
    for (let i = 0; i < n; i++) potential += closest[i];
    // the first centre is one uniform draw; later ones are the best of `trials` D²-weighted draws
    const count = c === 0 ? 1 : trials;
    for (let t = 0; t < count; t++) {
      picks[t] = c === 0 ? Math.floor(rng() * n) : drawProportional(closest, potential, rng);
      for (let j = 0; j < d; j++) candidates[t * d + j] = x[picks[t] * d + j];
    }
    potentials.fill(0);
    yield* forEachDistance(ctx, candidates, count, picks, (i, t, dist) => {
      trialDistances[i * trials + t] = dist;
      potentials[t] += Math.min(closest[i], dist);
    });
    let best = 0;
    for (let t = 1; t < count; t++) if (potentials[t] < potentials[best]) best = t;
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i], trialDistances[i * trials + best]);
    centers.set(candidates.subarray(best * d, (best + 1) * d), c * d);
  }
  return centers;
}

/** Calls visit(i, t, |x_i − candidate_t|²) for every row and candidate, clamped at 0 (rounding) and 0 for the pick itself. */
function* forEachDistance(ctx: Context, candidates: Float64Array, count: number, picks: Int32Array, visit: (i: number, t: number, dist: number) => void): Steps<void> {
  const { n, norms, blockRows } = ctx;
  const out = new Float64Array(blockRows * count);
  for (let start = 0; start < n; start += blockRows) {
    const end = Math.min(n, start + blockRows);
    yield { start, end, centers: candidates, count, out };
    for (let i = start; i < end; i++) {
      for (let t = 0; t < count; t++) {
        const p = picks[t];
        const dist = i === p ? 0 : Math.max(0, norms[i] + norms[p] - 2 * out[(i - start) * count + t]);
        visit(i, t, dist);
      }
    }
  }
}

/** Index drawn with probability weight[i] / total (uniform when every weight is 0: all points coincide). */
function drawProportional(weight: Float64Array, total: number, rng: () => number): number {
  if (!(total > 0)) return Math.floor(rng() * weight.length);
  const target = rng() * total;
  let acc = 0;
  for (let i = 0; i < weight.length; i++) {
    acc += weight[i];
    if (acc > target && weight[i] > 0) return i;
  }
  for (let i = weight.length - 1; i >= 0; i--) if (weight[i] > 0) return i;
  return weight.length - 1;
}

interface Assignment { labels: Int32Array; distances: Float64Array; inertia: number }

function* assign(ctx: Context, k: number, centers: Float64Array, labels: Int32Array): Steps<Assignment> {
  const { n, d, norms, blockRows } = ctx;
  const centerNorms = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centerNorms[c] += centers[c * d + j] ** 2;
  const distances = new Float64Array(n);
  const out = new Float64Array(blockRows * k);
  let inertia = 0;
  for (let start = 0; start < n; start += blockRows) {
    const end = Math.min(n, start + blockRows);
    yield { start, end, centers, count: k, out };
    for (let i = start; i < end; i++) {
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = norms[i] - 2 * out[(i - start) * k + c] + centerNorms[c];
        if (dist < bestD) {
          bestD = dist;
          bestC = c;
        }
      }
      labels[i] = bestC;
      distances[i] = Math.max(0, bestD);
      inertia += distances[i];
    }
  }
  return { labels, distances, inertia };
}

function* lloyd(ctx: Context, k: number, centers: Float64Array, maxIterations: number, shiftTolerance: number): Steps<KMeansResult> {
  const { x, n, d } = ctx;
  let labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const previous = labels.slice();
    const { distances } = yield* assign(ctx, k, centers, labels);
    const next = updateCenters(x, n, d, k, labels, distances);
    let shift = 0;
    for (let t = 0; t < next.length; t++) shift += (next[t] - centers[t]) ** 2;
    centers = next;
    let same = true;
    for (let i = 0; i < n && same; i++) same = previous[i] === labels[i];
    if (same || shift <= shiftTolerance) {
      iterations++;
      break;
    }
  }
  labels = new Int32Array(n);
  const final = yield* assign(ctx, k, centers, labels);
  return { labels, centers, inertia: final.inertia, iterations };
}

/** Cluster means; an empty cluster takes the not-yet-moved point farthest from its centre. */
function updateCenters(x: Float32Array, n: number, d: number, k: number, labels: Int32Array, distances: Float64Array): Float64Array {
  const centers = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let j = 0; j < d; j++) centers[c * d + j] += x[i * d + j];
  }
  const order = sizes.some((s) => s === 0) ? Array.from(distances.keys()).sort((a, b) => distances[b] - distances[a] || a - b) : [];
  let next = 0;
  for (let c = 0; c < k; c++) {
    if (sizes[c] > 0) {
      for (let j = 0; j < d; j++) centers[c * d + j] /= sizes[c];
      continue;
    }
    const p = order[next++];
    for (let j = 0; j < d; j++) centers[c * d + j] = x[p * d + j];
  }
  return centers;
}
