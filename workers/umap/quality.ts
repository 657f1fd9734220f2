// How well a 2-D layout keeps neighbourhoods: for a seeded sample of points, the share of each point's k nearest
// neighbours in the original space (exact, among all n points) that are also among its k nearest in the layout,
// averaged over the sample. 1 = every neighbourhood kept; a random layout scores about k/n.
import { mulberry32 } from '../../main/analysis/random.js';
import { exactKnn, type KnnMetric } from './knn.js';
import type { Gemm } from '../ksae/gemm.js';

export interface PreservationOptions {
  /** Neighbours compared per point; default 15. */
  k?: number;
  /** Most points sampled (all when n is smaller); default 5,000. */
  sample?: number;
  /** Seed of the sample; default 7. */
  seed?: number;
  /** Distance in the original space; default 'cosine'. */
  metric?: KnnMetric;
  /** Kernel for the original-space products; default the JS kernel. */
  gemm?: Gemm;
}

/** The seeded sample: a partial Fisher–Yates shuffle of 0..n−1, sorted. */
export function samplePoints(n: number, size: number, seed: number): Int32Array {
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const m = Math.min(n, size);
  const rng = mulberry32(seed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = ids[i]; ids[i] = ids[j]; ids[j] = t;
  }
  return ids.slice(0, m).sort();
}

/** Mean share of kept neighbours (0..1) of layout `positions` (n × 2) for data x (n × d). */
export async function neighbourhoodPreservation(
  x: Float32Array, n: number, d: number, positions: Float32Array, options: PreservationOptions = {},
): Promise<number> {
  const { k = 15, sample = 5000, seed = 7, metric = 'cosine', gemm } = options;
  if (positions.length !== n * 2) throw new Error(`invalid positions: ${positions.length} values for ${n} points`);
  if (k + 1 > n) throw new Error(`invalid k: ${k} (n=${n})`);
  const queries = samplePoints(n, sample, seed);
  const high = await exactKnn(x, n, d, k + 1, { metric, gemm, queries });
  const low = await exactKnn(positions, n, 2, k + 1, { metric: 'euclidean', queries });
  let total = 0;
  for (let q = 0; q < queries.length; q++) {
    const self = queries[q];
    const kept = new Set<number>();
    for (const id of withoutSelf(low.indices.subarray(q * (k + 1), (q + 1) * (k + 1)), self, k)) kept.add(id);
    let shared = 0;
    for (const id of withoutSelf(high.indices.subarray(q * (k + 1), (q + 1) * (k + 1)), self, k)) if (kept.has(id)) shared++;
    total += shared / k;
  }
  return total / queries.length;
}

/** The k neighbours other than the point itself (its own id is normally first; with duplicates it may not be). */
function withoutSelf(row: Int32Array, self: number, k: number): number[] {
  const out: number[] = [];
  for (const id of row) if (id !== self && out.length < k) out.push(id);
  return out;
}
