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
  // The rows the directions are fitted on: all, or a seeded sample gathered once.
  const m = Math.min(n, fitRows);
  const src = m === n ? x : gatherRows(x, d, samplePoints(n, m, seed));
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let j = 0, b = i * d; j < d; j++) mean[j] += src[b + j];
  for (let j = 0; j < d; j++) mean[j] /= m;
  const blockT = new Float32Array(Math.min(blockRows, m) * d);
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
    for (let r0 = 0; r0 < m; r0 += blockRows) {
      checkCancelled();
      const rows = Math.min(blockRows, m - r0);
      const t = await gemm.nt(src.subarray(r0 * d, (r0 + rows) * d), zt, muZ, rows, d, l);
      // Acᵀ T = Aᵀ T − μ (1ᵀT): the block's Aᵀ and Tᵀ for the second product.
      const tt = new Float32Array(l * rows);
      for (let i = 0; i < rows; i++) for (let j = 0; j < l; j++) {
        tt[j * rows + i] = t[i * l + j];
        colSum[j] += t[i * l + j];
      }
      for (let i = 0; i < rows; i++) for (let v = 0, b = (r0 + i) * d; v < d; v++) blockT[v * rows + i] = src[b + v];
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

function gatherRows(x: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(x.subarray(r * d, r * d + d), i * d));
  return out;
}
