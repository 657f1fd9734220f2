// A cheap first 2-D picture of the data, for the map's first frame before the PCA and the kNN finish: the first two
// principal directions of a seeded sample of rows (subspace iteration on the sample's centred Gram operator), every
// row projected on them and scaled into [−10, 10]², the box of umap-learn's random init. umap-learn's init='pca'
// is the same idea over all rows; the layout may start from it, so the first frame and the epochs are one motion.
import { mulberry32 } from '../../main/analysis/random.js';
import { samplePoints } from './quality.js';

export const INITIAL_DEFAULTS = {
  /** Rows the directions are estimated from (the projection of every row then costs more than the fit). */
  sample: 1000,
  /** Subspace iterations (the top two directions of clustered data separate within a few). */
  iterations: 5,
  /** Half-width of the box the positions are scaled into. */
  extent: 10,
};

/** n × 2 positions: rows of x (n × d) on the sample's top two principal directions, scaled to ±extent. */
export function initialLayout(x: Float32Array, n: number, d: number, seed: number, checkCancelled: () => void = () => {}): Float32Array {
  const rows = samplePoints(n, INITIAL_DEFAULTS.sample, seed ^ 0x5eed);
  const m = rows.length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0, b = r * d; j < d; j++) mean[j] += x[b + j] / m;
  const random = mulberry32(seed);
  // Two directions, column-major (v0 then v1), orthonormalised after every product.
  const v = Float64Array.from({ length: 2 * d }, () => random() - 0.5);
  const w = new Float64Array(2 * d);
  const t = new Float64Array(2);
  orthonormalise(v, d);
  for (let it = 0; it < INITIAL_DEFAULTS.iterations; it++) {
    checkCancelled();
    w.fill(0);
    for (const r of rows) {
      const b = r * d;
      t[0] = 0; t[1] = 0;
      for (let j = 0; j < d; j++) {
        const c = x[b + j] - mean[j];
        t[0] += c * v[j];
        t[1] += c * v[d + j];
      }
      for (let j = 0; j < d; j++) {
        const c = x[b + j] - mean[j];
        w[j] += c * t[0];
        w[d + j] += c * t[1];
      }
    }
    v.set(w);
    orthonormalise(v, d);
  }
  let mu0 = 0, mu1 = 0;
  for (let j = 0; j < d; j++) { mu0 += mean[j] * v[j]; mu1 += mean[j] * v[d + j]; }
  const out = new Float32Array(n * 2);
  let max = 0;
  for (let i = 0; i < n; i++) {
    if ((i & 8191) === 8191) checkCancelled();
    let a = -mu0, b = -mu1;
    for (let j = 0, base = i * d; j < d; j++) { a += x[base + j] * v[j]; b += x[base + j] * v[d + j]; }
    out[2 * i] = a;
    out[2 * i + 1] = b;
    max = Math.max(max, Math.abs(a), Math.abs(b));
  }
  // A jitter far below a pixel keeps duplicate rows from sharing one position (the SGD never separates those).
  const scale = max > 0 ? INITIAL_DEFAULTS.extent / max : 0;
  for (let i = 0; i < out.length; i++) out[i] = out[i] * scale + (random() - 0.5) * 1e-4;
  return out;
}

/** Gram–Schmidt on two length-d columns stored back to back. */
function orthonormalise(v: Float64Array, d: number): void {
  let n0 = 0;
  for (let j = 0; j < d; j++) n0 += v[j] * v[j];
  n0 = Math.sqrt(n0) || 1;
  for (let j = 0; j < d; j++) v[j] /= n0;
  let dot = 0;
  for (let j = 0; j < d; j++) dot += v[j] * v[d + j];
  let n1 = 0;
  for (let j = 0; j < d; j++) { v[d + j] -= dot * v[j]; n1 += v[d + j] * v[d + j]; }
  n1 = Math.sqrt(n1) || 1;
  for (let j = 0; j < d; j++) v[d + j] /= n1;
}
