// UMAP's fuzzy simplicial set from a kNN graph, as umap-learn's umap_.py builds it: per-point ρ (distance to the
// nearest non-identical neighbour) and σ (binary search so that Σ_j exp(−max(0, d_j − ρ)/σ) = log2 k),
// membership strengths exp(−(d − ρ)/σ), then the fuzzy union A + Aᵀ − A∘Aᵀ, stored as a symmetric CSR graph.
import type { KnnGraph } from './knn.js';

/** umap-learn's constants (umap_.py): binary-search tolerance, iterations, and the floor on σ as a share of mean distance. */
const SMOOTH_K_TOLERANCE = 1e-5;
const SMOOTH_K_ITERATIONS = 64;
const MIN_K_DIST_SCALE = 1e-3;

export interface SmoothKnn {
  sigmas: Float64Array;
  rhos: Float64Array;
}

/** `smooth_knn_dist` with umap-learn's defaults local_connectivity = 1, bandwidth = 1 (column 0 is the point itself). */
export function smoothKnnDist(knn: KnnGraph, localConnectivity = 1, bandwidth = 1): SmoothKnn {
  const { n, k, distances } = knn;
  const target = Math.log2(k) * bandwidth;
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n * k; i++) total += distances[i];
  const meanDistances = total / (n * k);
  const index = Math.floor(localConnectivity);
  const interpolation = localConnectivity - index;
  for (let i = 0; i < n; i++) {
    const row = distances.subarray(i * k, i * k + k);
    const nonZero = Array.from(row).filter((v) => v > 0);
    let rho = 0;
    if (nonZero.length >= localConnectivity) {
      if (index > 0) {
        rho = nonZero[index - 1];
        if (interpolation > SMOOTH_K_TOLERANCE) rho += interpolation * (nonZero[index] - nonZero[index - 1]);
      } else rho = interpolation * nonZero[0];
    } else if (nonZero.length > 0) rho = Math.max(...nonZero);
    let lo = 0, hi = Infinity, mid = 1;
    for (let it = 0; it < SMOOTH_K_ITERATIONS; it++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const dd = row[j] - rho;
        psum += dd > 0 ? Math.exp(-(dd / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    let rowMean = 0;
    for (let j = 0; j < k; j++) rowMean += row[j];
    rowMean /= k;
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? rowMean : meanDistances);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** A symmetric sparse graph in CSR form: row i's neighbours are cols[rowStart[i] .. rowStart[i+1]). */
export interface CsrGraph {
  n: number;
  rowStart: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
}

/** `compute_membership_strengths` then the fuzzy union (set_op_mix_ratio = 1), zeros dropped. */
export function fuzzySimplicialSet(knn: KnnGraph, smooth: SmoothKnn = smoothKnnDist(knn)): CsrGraph {
  const { n, k, indices, distances } = knn;
  const { sigmas, rhos } = smooth;
  // Every directed edge i→j lands twice: in row i as "forward" and in row j as "backward".
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n * k; i++) {
    const j = indices[i];
    if (j < 0) continue;
    counts[Math.floor(i / k) + 1]++;
    counts[j + 1]++;
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, n);
  const total = counts[n];
  const col = new Int32Array(total);
  const forward = new Float64Array(total);
  const backward = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const j = indices[i * k + c];
      if (j < 0) continue;
      const d = distances[i * k + c];
      const w = j === i ? 0 : d - rhos[i] <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-(d - rhos[i]) / sigmas[i]);
      let p = fill[i]++;
      col[p] = j; forward[p] = w; backward[p] = 0;
      p = fill[j]++;
      col[p] = i; forward[p] = 0; backward[p] = w;
    }
  }
  // Per row: sort by column, merge duplicates into a = w(i→j), b = w(j→i), keep a + b − ab when > 0.
  // Rows hold about 2k entries, so a stable insertion sort over typed scratch beats Array#sort with a comparator.
  const rowStart = new Int32Array(n + 1);
  const outCols = new Int32Array(total);
  const outWeights = new Float32Array(total);
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, counts[i + 1] - counts[i]);
  const order = new Int32Array(longest);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const len = counts[i + 1] - counts[i];
    for (let q = 0; q < len; q++) {
      const p = counts[i] + q, c = col[p];
      let r = q;
      for (; r > 0 && col[order[r - 1]] > c; r--) order[r] = order[r - 1];
      order[r] = p;
    }
    for (let s = 0; s < len;) {
      const j = col[order[s]];
      let a = 0, b = 0;
      for (; s < len && col[order[s]] === j; s++) {
        a += forward[order[s]];
        b += backward[order[s]];
      }
      const w = a + b - a * b;
      if (w > 0) {
        outCols[out] = j;
        outWeights[out++] = w;
      }
    }
    rowStart[i + 1] = out;
  }
  return { n, rowStart, cols: outCols.slice(0, out), weights: outWeights.slice(0, out) };
}
