// PCA of a dense n × d matrix by the project's one randomized SVD (main/embeddings/randomized-svd.ts), with the
// Gram products AᵀA Z done through the kSAE GEMM (ONNX Runtime when it loads) on row blocks. The data is centred
// implicitly (Ac = A − 1μᵀ), so the caller's matrix stays as it is for the neighbourhood check in the original space.
// Above `fitRows` rows the directions are fitted on a seeded sample of that many rows (every row is then projected):
// 50 leading directions of 10,000 rows are as good for a map as those of 30,000, at a third of the Gram products.
import { randomizedSvdOf } from '../../main/embeddings/randomized-svd.js';
import { jsGemm, type Gemm } from '../ksae/gemm.js';
import { samplePoints } from './quality.js';

export const PCA_DEFAULTS = {
  /** Subspace iterations: the map only needs the leading directions roughly right (sklearn's PCA uses 4 to 7). */
  powerIterations: 3,
  /** Rows of A per GEMM call (each call also transposes this block once). */
  blockRows: 4096,
  /** Most rows the directions are fitted on. */
  fitRows: 10_000,
};

export interface PcaResult {
  /** n × k, row-major: the centred rows in the top k principal directions. */
  data: Float32Array;
  k: number;
}

/** The n × k principal component scores of x (n × d, row-major); deterministic for a seed and a kernel. */
export async function densePca(
  x: Float32Array, n: number, d: number, k: number, seed: number, gemm: Gemm = jsGemm, checkCancelled: () => void = () => {},
): Promise<PcaResult> {
  k = Math.min(k, n, d);
  const { blockRows, fitRows } = PCA_DEFAULTS;
  // The rows the directions are fitted on: all, or a seeded sample. A sampled block is gathered into one buffer
  // each time a product needs it (a copy within memory already touched) rather than the whole sample once: on this
  // project's VMs every freshly touched page costs a host fault, and the sample was 123 MB at 3072 dims.
  const m = Math.min(n, fitRows);
  const sample = m === n ? null : samplePoints(n, m, seed);
  const buffer = sample ? new Float32Array(Math.min(blockRows, m) * d) : null;
  const block = (r0: number, rows: number): Float32Array => {
    if (!sample || !buffer) return x.subarray(r0 * d, (r0 + rows) * d);
    for (let i = 0; i < rows; i++) buffer.set(x.subarray(sample[r0 + i] * d, sample[r0 + i] * d + d), i * d);
    return buffer.subarray(0, rows * d);
  };
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let j = 0, b = (sample ? sample[i] : i) * d; j < d; j++) mean[j] += x[b + j];
  for (let j = 0; j < d; j++) mean[j] /= m;
  // Each block of rows also as its transpose (for Aᵀ T), made once rather than in every Gram product: the strided
  // transposition of 10,000 × 3072 floats cost more than the products it fed.
  const blocks: { r0: number; rows: number; t: Float32Array }[] = [];
  for (let r0 = 0; r0 < m; r0 += blockRows) {
    checkCancelled();
    const rows = Math.min(blockRows, m - r0);
    blocks.push({ r0, rows, t: transposeRows(block(r0, rows), rows, d) });
  }
  const gram = async (z: Float64Array, l: number, out: Float64Array) => {
    // Zᵀ as float32 (l × d) and μᵀZ, the centring term of Ac Z = A Z − 1(μᵀZ).
    const zt = new Float32Array(l * d);
    const muZ = new Float32Array(l);
    for (let v = 0; v < d; v++) for (let j = 0; j < l; j++) {
      zt[j * d + v] = z[v * l + j];
      muZ[j] -= mean[v] * z[v * l + j];
    }
    out.fill(0);
    const colSum = new Float64Array(l);
    for (const { r0, rows, t: blockT } of blocks) {
      checkCancelled();
      const t = await gemm.nt(block(r0, rows), zt, muZ, rows, d, l);
      // Acᵀ T = Aᵀ T − μ (1ᵀT): Tᵀ for the second product.
      const tt = new Float32Array(l * rows);
      for (let i = 0; i < rows; i++) for (let j = 0; j < l; j++) {
        tt[j * rows + i] = t[i * l + j];
        colSum[j] += t[i * l + j];
      }
      const part = await gemm.nt(blockT, tt, new Float32Array(l), d, rows, l);
      for (let p = 0; p < d * l; p++) out[p] += part[p];
    }
    for (let v = 0; v < d; v++) for (let j = 0; j < l; j++) out[v * l + j] -= mean[v] * colSum[j];
  };
  const svd = await randomizedSvdOf({ rows: m, cols: d, gram }, k, { seed, powerIterations: PCA_DEFAULTS.powerIterations });
  const vt = new Float32Array(k * d);
  const bias = new Float32Array(k);
  for (let v = 0; v < d; v++) for (let j = 0; j < k; j++) {
    vt[j * d + v] = svd.components[v * k + j];
    bias[j] -= mean[v] * svd.components[v * k + j];
  }
  const data = new Float32Array(n * k);
  for (let r0 = 0; r0 < n; r0 += blockRows) {
    checkCancelled();
    const rows = Math.min(blockRows, n - r0);
    data.set(await gemm.nt(x.subarray(r0 * d, (r0 + rows) * d), vt, bias, rows, d, k), r0 * k);
  }
  return { data, k: svd.k };
}

/** The rows × d matrix x transposed (d × rows), in tiles so that reads and writes both stay in cache. */
function transposeRows(x: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(d * rows);
  const TILE = 32;
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let v0 = 0; v0 < d; v0 += TILE) {
      const v1 = Math.min(d, v0 + TILE);
      for (let i = i0; i < i1; i++) for (let v = v0, b = i * d; v < v1; v++) out[v * rows + i] = x[b + v];
    }
  }
  return out;
}
