// A trained model's silhouettes on the original embeddings, exact, through main/analysis/silhouette.ts with its
// rows × clusters dot products done by the GEMM kernel. The kernel takes float32 cluster sums, so the values
// agree with the float64 default kernel to about 1e-6 rather than 1e-12.
//
// silhouetteTop2 (methods.md §8, "a unit counted under each of its two labels"): the cosine silhouette of the
// 2n (unit, label) pairs, each unit entering once under its top-1 and once under its top-2 latent — exactly
// sklearn's silhouette_score(vstack([X, X]), concat([top1, top2]), metric="cosine"). A unit's copy under its
// other label sits at distance 0 from it, which lowers b(i) relative to the top-1 silhouette.
import { AnalysisDataError } from '../../main/analysis/errors.js';
import { clusterSums, silhouetteCosine, type DotKernel } from '../../main/analysis/silhouette.js';
import type { Gemm } from './gemm.js';

/** Rows per GEMM call (bounds the temporary output). */
const CHUNK_ROWS = 8192;

/** The silhouette of rows labelled `labels` (null when fewer than two clusters are non-empty). */
async function silhouetteWith(x: Float32Array, n: number, d: number, labels: Int32Array, clusters: number, gemm: Gemm, rowOf: (i: number) => number, rows: number): Promise<number | null> {
  const { sums } = clusterSums(x, n, d, labels, clusters);
  const sums32 = Float32Array.from(sums);
  const dots = new Float32Array(rows * clusters);
  const zero = new Float32Array(clusters);
  for (let from = 0; from < rows; from += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows - from);
    dots.set(await gemm.nt(x.subarray(from * d, (from + count) * d), sums32, zero, count, d, clusters), from * clusters);
  }
  const kernel: DotKernel = (_x, _d, start, end, _sums, m, out) => {
    for (let i = start; i < end; i++) {
      const src = rowOf(i) * m;
      for (let c = 0; c < m; c++) out[(i - start) * m + c] = dots[src + c];
    }
  };
  try {
    return silhouetteCosine(x, n, d, labels, clusters, { dots: kernel });
  } catch (e) {
    if (e instanceof AnalysisDataError) return null;
    throw e;
  }
}

/** Top-1 and top-2 silhouettes for rows x (n×d) with top-K latents idx (n×k, best first). */
export async function modelSilhouettes(x: Float32Array, n: number, d: number, idx: Int32Array, k: number, latents: number, gemm: Gemm): Promise<{ top1: number | null; top2: number | null }> {
  const top1 = Int32Array.from({ length: n }, (_, i) => idx[i * k]);
  const s1 = await silhouetteWith(x, n, d, top1, latents, gemm, (i) => i, n);
  if (k < 2) return { top1: s1, top2: null };
  const doubled = new Float32Array(2 * n * d);
  doubled.set(x, 0);
  doubled.set(x, n * d);
  const labels = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    labels[i] = idx[i * k];
    labels[n + i] = idx[i * k + 1];
  }
  // Both copies of a unit have the same dot products with every cluster sum: compute them for the first n rows.
  const s2 = await silhouetteWith(doubled, 2 * n, d, labels, latents, gemm, (i) => (i < n ? i : i - n), n);
  return { top1: s1, top2: s2 };
}
