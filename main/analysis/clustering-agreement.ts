// Agreement between two partitions of the same items: normalised mutual information and purity. Used to compare a
// model's top-1 latent per sentence with known labels (ESConv helping strategies, the demo's planted categories),
// beside k-means with the same number of clusters.
//
// NMI follows sklearn's normalized_mutual_info_score with its default arithmetic-mean normalisation,
// NMI = MI / ((H(a) + H(b)) / 2), natural logarithms, including its limit cases: both labellings with a single
// cluster (or no items) give 1; MI = 0 otherwise gives 0. Like sklearn, each cell's MI term smaller than machine
// epsilon in magnitude counts as 0 and the sum is clipped at 0.

/** Label of one item: any number or string id; only equality matters. */
export type ClusterLabel = number | string;

/** Cross-tabulation of two labellings: counts[i·bLevels.length + j] = items with a = aLevels[i] and b = bLevels[j]. */
export interface Contingency {
  aLevels: ClusterLabel[];
  bLevels: ClusterLabel[];
  counts: Float64Array;
  n: number;
}

/** Contingency table of two labellings of the same items, levels in order of first appearance. */
export function contingency(a: ArrayLike<ClusterLabel>, b: ArrayLike<ClusterLabel>): Contingency {
  if (a.length !== b.length) throw new Error(`labellings have ${a.length} and ${b.length} entries`);
  const aIndex = new Map<ClusterLabel, number>();
  const bIndex = new Map<ClusterLabel, number>();
  const ai = new Int32Array(a.length);
  const bi = new Int32Array(b.length);
  for (let k = 0; k < a.length; k++) {
    ai[k] = levelOf(aIndex, a[k]);
    bi[k] = levelOf(bIndex, b[k]);
  }
  const cols = bIndex.size;
  const counts = new Float64Array(aIndex.size * cols);
  for (let k = 0; k < a.length; k++) counts[ai[k] * cols + bi[k]]++;
  return { aLevels: [...aIndex.keys()], bLevels: [...bIndex.keys()], counts, n: a.length };
}

function levelOf(index: Map<ClusterLabel, number>, label: ClusterLabel): number {
  let i = index.get(label);
  if (i === undefined) {
    i = index.size;
    index.set(label, i);
  }
  return i;
}

function marginals(t: Contingency): { rows: Float64Array; cols: Float64Array } {
  const r = t.aLevels.length;
  const c = t.bLevels.length;
  const rows = new Float64Array(r);
  const cols = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      rows[i] += t.counts[i * c + j];
      cols[j] += t.counts[i * c + j];
    }
  }
  return { rows, cols };
}

function entropy(sizes: Float64Array, n: number): number {
  if (sizes.length <= 1) return 0;
  let h = 0;
  for (const s of sizes) if (s > 0) h -= (s / n) * (Math.log(s) - Math.log(n));
  return h;
}

/** Mutual information (nats) of two labellings, as sklearn's mutual_info_score. */
export function mutualInformation(a: ArrayLike<ClusterLabel>, b: ArrayLike<ClusterLabel>): number {
  return mutualInformationOf(contingency(a, b));
}

function mutualInformationOf(t: Contingency): number {
  const { rows, cols } = marginals(t);
  if (rows.length <= 1 || cols.length <= 1) return 0;
  const n = t.n;
  const c = cols.length;
  let mi = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < c; j++) {
      const nij = t.counts[i * c + j];
      if (nij === 0) continue;
      const p = nij / n;
      const term = p * (Math.log(nij) - Math.log(n)) + p * (-Math.log(rows[i] * cols[j]) + 2 * Math.log(n));
      if (Math.abs(term) >= Number.EPSILON) mi += term;
    }
  }
  return Math.max(mi, 0);
}

/** Normalised mutual information with arithmetic-mean normalisation (sklearn's normalized_mutual_info_score). */
export function normalizedMutualInformation(a: ArrayLike<ClusterLabel>, b: ArrayLike<ClusterLabel>): number {
  const t = contingency(a, b);
  if (t.aLevels.length === t.bLevels.length && t.aLevels.length <= 1) return 1;
  const mi = mutualInformationOf(t);
  if (mi === 0) return 0;
  const { rows, cols } = marginals(t);
  return mi / ((entropy(rows, t.n) + entropy(cols, t.n)) / 2);
}

/**
 * Purity of the clusters against the classes: each cluster counts its most frequent class, summed over clusters
 * and divided by the number of items (1 when every cluster holds one class; not symmetric in its arguments).
 */
export function purity(classes: ArrayLike<ClusterLabel>, clusters: ArrayLike<ClusterLabel>): number {
  const t = contingency(classes, clusters);
  if (t.n === 0) throw new Error('purity of an empty labelling');
  const c = t.bLevels.length;
  let total = 0;
  for (let j = 0; j < c; j++) {
    let best = 0;
    for (let i = 0; i < t.aLevels.length; i++) best = Math.max(best, t.counts[i * c + j]);
    total += best;
  }
  return total / t.n;
}
