// Exact mean silhouette under cosine distance in O(n·M·d) instead of O(n²·d).
//
// With unit rows u_i = x_i / |x_i| the cosine distance is 1 − u_i·u_j, so the summed distance from point i to all
// members of cluster C is |C| − u_i·S_C, where S_C = Σ_{j∈C} u_j is the cluster's summed unit vector. Hence
//   b(i) = min over other clusters C of 1 − u_i·S_C / |C|
//   a(i) = Σ_{j∈C(i), j≠i} (1 − u_i·u_j) / (|C(i)| − 1) = 1 − (u_i·S_C(i) − u_i·u_i) / (|C(i)| − 1)
//   s(i) = (b − a) / max(a, b), and 0 for a point alone in its cluster (and for a = b = 0), as sklearn does.
// The rows are normalised on the fly (sklearn's cosine_distances normalises too), so float32 rows whose norm is
// 1 ± 1e-7 still give sklearn's value to ~1e-12 rather than ~1e-7. Everything is accumulated in float64.
// sklearn also clips each pairwise distance to [0, 2]; that changes only rounding noise (~1e-16) and is not done.
//
// The only O(n·M·d) part is the block of dot products rows × clusters (`pointClusterDots`); a faster kernel (a
// native GEMM) can replace it through `SilhouetteOptions.dots` without touching the rest.

import { AnalysisDataError } from './errors.js';

/** Summed unit vectors per cluster, row-major clusters × d (float64), with each cluster's size. */
export interface ClusterSums {
  sums: Float64Array;
  sizes: Int32Array;
  /** 1 / |x_i| for each row (0 for an all-zero row, which sklearn's normalisation leaves as zero). */
  inverseNorms: Float64Array;
}

/** Computes out[r·M + c] = (x_{start+r} · sums_c) for rows start..end−1 (raw rows; the caller scales by 1/|x_i|). */
export type DotKernel = (x: Float32Array, d: number, start: number, end: number, sums: Float64Array, clusters: number, out: Float64Array) => void;

export interface SilhouetteOptions {
  /** The rows × clusters dot-product kernel; default `pointClusterDots` (plain float64 loops). */
  dots?: DotKernel;
  /** Rows per block handed to the kernel; default 256. */
  blockRows?: number;
  /** `clusterSums(x, n, d, labels, clusters)` when the caller already has them (e.g. for its own GEMM); default: computed here. */
  sums?: ClusterSums;
}

const DEFAULT_BLOCK_ROWS = 256;

function checkShape(x: Float32Array, n: number, d: number, labels: Int32Array, clusters: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) throw new Error(`invalid shape n=${n}, d=${d}`);
  if (x.length !== n * d) throw new Error(`x has ${x.length} values, expected n·d = ${n * d}`);
  if (labels.length !== n) throw new Error(`labels has ${labels.length} entries, expected ${n}`);
  if (!Number.isInteger(clusters) || clusters < 1) throw new Error(`invalid cluster count ${clusters}`);
}

/** Per-cluster sums of the unit-normalised rows (float64), cluster sizes and the rows' inverse norms. */
export function clusterSums(x: Float32Array, n: number, d: number, labels: Int32Array, clusters: number): ClusterSums {
  checkShape(x, n, d, labels, clusters);
  const sums = new Float64Array(clusters * d);
  const sizes = new Int32Array(clusters);
  const inverseNorms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (!(c >= 0 && c < clusters)) throw new Error(`label ${c} of row ${i} is outside 0..${clusters - 1}`);
    const row = i * d;
    let sq = 0;
    for (let k = 0; k < d; k++) sq += x[row + k] * x[row + k];
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    inverseNorms[i] = inv;
    sizes[c]++;
    const base = c * d;
    for (let k = 0; k < d; k++) sums[base + k] += x[row + k] * inv;
  }
  return { sums, sizes, inverseNorms };
}

/**
 * Default DotKernel: float64 dot products of raw rows start..end−1 with every cluster sum. Four rows at a time share
 * each load of a cluster sum (about 2× the plain triple loop in V8); the rows are widened to float64 once.
 */
export function pointClusterDots(x: Float32Array, d: number, start: number, end: number, sums: Float64Array, clusters: number, out: Float64Array): void {
  const rows = new Float64Array(4 * d);
  for (let i = start; i < end; i += 4) {
    const count = Math.min(4, end - i);
    rows.fill(0);
    for (let r = 0; r < count; r++) for (let k = 0; k < d; k++) rows[r * d + k] = x[(i + r) * d + k];
    for (let c = 0; c < clusters; c++) {
      const base = c * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const v = sums[base + k];
        s0 += rows[k] * v;
        s1 += rows[d + k] * v;
        s2 += rows[2 * d + k] * v;
        s3 += rows[3 * d + k] * v;
      }
      const o = (i - start) * clusters + c;
      out[o] = s0;
      if (count > 1) out[o + clusters] = s1;
      if (count > 2) out[o + 2 * clusters] = s2;
      if (count > 3) out[o + 3 * clusters] = s3;
    }
  }
}

/** Silhouette value of every row under cosine distance (sklearn's silhouette_samples(metric="cosine")). */
export function silhouetteSamples(x: Float32Array, n: number, d: number, labels: Int32Array, clusters: number, options: SilhouetteOptions = {}): Float64Array {
  const { dots = pointClusterDots, blockRows = DEFAULT_BLOCK_ROWS } = options;
  const { sums, sizes, inverseNorms } = options.sums ?? clusterSums(x, n, d, labels, clusters);
  if (sums.length !== clusters * d || inverseNorms.length !== n) throw new Error('options.sums do not match x and clusters');
  const present = sizes.reduce((count, size) => count + (size > 0 ? 1 : 0), 0);
  if (present < 2 || present > n - 1) {
    throw new AnalysisDataError(`The silhouette needs between 2 and n − 1 non-empty clusters; got ${present} for ${n} points.`);
  }
  const out = new Float64Array(n);
  const block = new Float64Array(blockRows * clusters);
  for (let start = 0; start < n; start += blockRows) {
    const end = Math.min(n, start + blockRows);
    dots(x, d, start, end, sums, clusters, block);
    for (let i = start; i < end; i++) out[i] = sampleValue(labels[i], sizes, inverseNorms[i], block, (i - start) * clusters, clusters);
  }
  return out;
}

function sampleValue(own: number, sizes: Int32Array, inv: number, block: Float64Array, offset: number, clusters: number): number {
  const ownSize = sizes[own];
  if (ownSize === 1) return 0;
  const self = inv > 0 ? 1 : 0; // u_i·u_i: 1 for a nonzero row, 0 for an all-zero row
  const a = 1 - (block[offset + own] * inv - self) / (ownSize - 1);
  let b = Infinity;
  for (let c = 0; c < clusters; c++) {
    if (c === own || sizes[c] === 0) continue;
    const mean = 1 - (block[offset + c] * inv) / sizes[c];
    if (mean < b) b = mean;
  }
  const denominator = Math.max(a, b);
  return denominator > 0 ? (b - a) / denominator : 0;
}

/** Mean silhouette under cosine distance: equals sklearn's silhouette_score(X, labels, metric="cosine"). */
export function silhouetteCosine(x: Float32Array, n: number, d: number, labels: Int32Array, clusters: number, options: SilhouetteOptions = {}): number {
  const samples = silhouetteSamples(x, n, d, labels, clusters, options);
  let total = 0;
  for (let i = 0; i < n; i++) total += samples[i];
  return total / n;
}
