// Seeded synthetic data for the UMAP tests and bench: `clusters` blobs in d dimensions (centres N(0, 1) per
// coordinate), each row scaled to unit length like sentence embeddings. A point is its centre plus isotropic
// N(0, noise²) per coordinate and, when `intrinsic` > 0, plus a position on a low-dimensional Gaussian patch
// (intrinsic random directions per cluster, coefficients N(0, 0.3²)), so that neighbourhoods inside a cluster
// have structure a 2-D map can keep (pure isotropic noise in 50+ dimensions has almost none).
import { mulberry32 } from '../../main/analysis/random.js';

export interface Clustered {
  x: Float32Array;
  labels: Int32Array;
  n: number;
  d: number;
}

export function clusteredUnitVectors(n: number, d: number, clusters: number, seed: number, noise = 0.6, intrinsic = 0): Clustered {
  const rng = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = Float64Array.from({ length: clusters * d }, gauss);
  const bases = Float64Array.from({ length: clusters * intrinsic * d }, gauss);
  const z = new Float64Array(intrinsic);
  const x = new Float32Array(n * d);
  const labels = new Int32Array(n);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    labels[i] = c;
    let s = 0;
    for (let m = 0; m < intrinsic; m++) z[m] = 0.3 * gauss();
    for (let j = 0; j < d; j++) {
      row[j] = centres[c * d + j] + noise * gauss();
      for (let m = 0; m < intrinsic; m++) row[j] += z[m] * bases[(c * intrinsic + m) * d + j];
      s += row[j] * row[j];
    }
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) x[i * d + j] = row[j] * inv;
  }
  return { x, labels, n, d };
}

/** Share of points whose nearest other point in the layout (n × 2) has the same label. */
export function nearestNeighbourPurity(positions: Float32Array, labels: Int32Array): number {
  const n = labels.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity, bestId = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = positions[2 * i] - positions[2 * j], dy = positions[2 * i + 1] - positions[2 * j + 1];
      const d2 = dx * dx + dy * dy;
      if (d2 < best) { best = d2; bestId = j; }
    }
    if (labels[bestId] === labels[i]) same++;
  }
  return same / n;
}
