// Approximate k nearest neighbours by NN-descent (Dong, Charikar & Li 2011) seeded by a random-projection forest,
// the method of pynndescent (umap-learn's kNN) and umap-js: the forest's leaves give every point a first list of
// likely neighbours, then each round joins, for every point, its new candidates with each other and with its old
// ones ("a neighbour of my neighbour is likely my neighbour") until few lists change. O(n · rounds · candidates²)
// distances instead of the exact search's n², all in flat typed arrays; one seeded generator, so a seed gives the
// same graph on every run. Returns the exact search's shape (knn.ts): each row's own id first at distance 0.
import { mulberry32 } from '../../main/analysis/random.js';
import type { KnnGraph, KnnMetric } from './knn.js';
import { NeighborHeap } from './neighbor-heap.js';
import { rpTree } from './rp-forest.js';
import { checkShape } from './shape.js';

export interface NnDescentOptions {
  metric?: KnnMetric;
  seed?: number;
  /** Trees in the forest; default umap-learn's min(64, 5 + round(√n / 20)). */
  nTrees?: number;
  /** Most points in a leaf; default max(10, k). */
  leafSize?: number;
  /** Most candidates joined per point and round; default 30 (the measured knee of recall against time). */
  maxCandidates?: number;
  /** Most rounds; default max(5, round(log₂ n)). */
  nIters?: number;
  /** Stop when a round changes fewer than delta · n · k list entries; default 0.001 (pynndescent's). */
  delta?: number;
  /** Called between blocks of work; throws to stop (the job's cancel). */
  checkCancelled?: () => void;
}

export interface NnDescentStats { trees: number; rounds: number; distances: number }

/** Unit rows for cosine (1 − dot is then the distance); a zero row stays zero. */
function normalised(x: Float32Array, n: number, d: number): Float32Array {
  const u = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d, end = j + d; j < end; j++) s += x[j] * x[j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = i * d, end = j + d; j < end; j++) u[j] = x[j] * inv;
  }
  return u;
}

/**
 * Per point, up to `max` candidate ids with random priorities (the lowest kept), so a point with many reverse
 * neighbours joins a random subset of them, as pynndescent's new_build_candidates does.
 */
class Candidates {
  readonly ids: Int32Array;
  readonly prio: Float32Array;
  readonly size: Int32Array;
  constructor(n: number, readonly max: number) {
    this.ids = new Int32Array(n * max);
    this.prio = new Float32Array(n * max);
    this.size = new Int32Array(n);
  }

  reset(): void {
    this.size.fill(0);
  }

  push(i: number, id: number, p: number): void {
    const base = i * this.max, size = this.size[i];
    let worst = -1, worstP = -Infinity;
    for (let s = base; s < base + size; s++) {
      if (this.ids[s] === id) return;
      if (this.prio[s] > worstP) { worstP = this.prio[s]; worst = s; }
    }
    if (size < this.max) {
      this.ids[base + size] = id;
      this.prio[base + size] = p;
      this.size[i] = size + 1;
    } else if (p < worstP) {
      this.ids[worst] = id;
      this.prio[worst] = p;
    }
  }

  has(i: number, id: number): boolean {
    for (let s = i * this.max, end = s + this.size[i]; s < end; s++) if (this.ids[s] === id) return true;
    return false;
  }
}

export function nnDescentDefaults(n: number, k: number) {
  return {
    nTrees: Math.min(64, 5 + Math.round(Math.sqrt(n) / 20)),
    leafSize: Math.max(10, k),
    maxCandidates: 30,
    nIters: Math.max(5, Math.round(Math.log2(n))),
    delta: 0.001,
  };
}

/** Approximate k nearest neighbours of every row of x (n × d, row-major), self included. */
export function nnDescent(x: Float32Array, n: number, d: number, k: number, options: NnDescentOptions = {}): KnnGraph & { stats: NnDescentStats } {
  const { metric = 'cosine', seed = 42, checkCancelled = () => {} } = options;
  const defaults = nnDescentDefaults(n, k);
  const { nTrees = defaults.nTrees, leafSize = defaults.leafSize, maxCandidates = defaults.maxCandidates, nIters = defaults.nIters, delta = defaults.delta } = options;
  checkShape(x, n, d);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`invalid k: ${k} (n=${n})`);
  if (metric !== 'cosine' && metric !== 'euclidean') throw new Error(`invalid metric: ${String(metric)}`);
  const angular = metric === 'cosine';
  const u = angular ? normalised(x, n, d) : x;
  let distances = 0;
  // Cosine: 1 − dot of unit rows; euclidean: squared distance (same order; the root is taken at the end).
  const dist = angular
    ? (a: number, b: number) => {
      let s = 0;
      for (let p = a * d, q = b * d, end = p + d; p < end; p++, q++) s += u[p] * u[q];
      return 1 - s;
    }
    : (a: number, b: number) => {
      let s = 0;
      for (let p = a * d, q = b * d, end = p + d; p < end; p++, q++) { const t = u[p] - u[q]; s += t * t; }
      return s;
    };
  const random = mulberry32(seed);
  const heap = new NeighborHeap(n, k);
  for (let i = 0; i < n; i++) heap.push(i, 0, i, 0);

  // Seed: every pair that shares a leaf in some tree.
  for (let t = 0; t < nTrees; t++) {
    const { perm, leafStart } = rpTree(u, n, d, leafSize, random, angular, checkCancelled);
    for (let l = 0; l + 1 < leafStart.length; l++) {
      const lo = leafStart[l], hi = leafStart[l + 1];
      for (let a = lo; a < hi; a++) {
        const p = perm[a];
        for (let b = a + 1; b < hi; b++) {
          const q = perm[b];
          const dv = dist(p, q);
          distances++;
          if (dv < heap.threshold(p) || dv < heap.threshold(q)) {
            heap.push(p, dv, q, 1);
            heap.push(q, dv, p, 1);
          }
        }
      }
      if ((l & 1023) === 1023) checkCancelled();
    }
  }
  // A point whose leaves held fewer than k points in all gets random others (pynndescent does the same).
  for (let i = 0; i < n; i++) {
    for (let tries = 0; heap.size[i] < k && tries < 4 * k; tries++) {
      const j = Math.floor(random() * n);
      if (j !== i) heap.push(i, dist(i, j), j, 1);
    }
  }

  const fresh = new Candidates(n, maxCandidates);
  const old = new Candidates(n, maxCandidates);
  let rounds = 0;
  for (let round = 0; round < nIters; round++) {
    checkCancelled();
    rounds++;
    // Each list entry i → j is a candidate both ways (j is i's, and i is j's reverse neighbour), new or old.
    fresh.reset();
    old.reset();
    for (let i = 0; i < n; i++) {
      for (let s = i * k, end = s + heap.size[i]; s < end; s++) {
        const j = heap.ids[s];
        if (j === i) continue;
        const c = heap.isNew[s] ? fresh : old;
        const p = random();
        c.push(i, j, p);
        c.push(j, i, p);
      }
    }
    // Entries that made it into a candidate list are joined this round: from now on they are old.
    for (let i = 0; i < n; i++) {
      for (let s = i * k, end = s + heap.size[i]; s < end; s++) if (heap.isNew[s] && fresh.has(i, heap.ids[s])) heap.isNew[s] = 0;
    }
    // Local join: new × new (each pair once) and new × old.
    let updates = 0;
    for (let i = 0; i < n; i++) {
      const fb = i * maxCandidates, fn = fresh.size[i];
      const ob = i * maxCandidates, on = old.size[i];
      for (let a = 0; a < fn; a++) {
        const p = fresh.ids[fb + a];
        for (let b = a + 1; b < fn; b++) {
          const q = fresh.ids[fb + b];
          const dv = dist(p, q);
          if (dv < heap.threshold(p) || dv < heap.threshold(q)) updates += heap.push(p, dv, q, 1) + heap.push(q, dv, p, 1);
        }
        for (let b = 0; b < on; b++) {
          const q = old.ids[ob + b];
          if (q === p) continue;
          const dv = dist(p, q);
          if (dv < heap.threshold(p) || dv < heap.threshold(q)) updates += heap.push(p, dv, q, 1) + heap.push(q, dv, p, 1);
        }
        distances += fn - a - 1 + on;
      }
      if ((i & 1023) === 1023) checkCancelled();
    }
    if (updates <= delta * n * k) break;
  }

  const indices = new Int32Array(n * k);
  const out = new Float32Array(n * k);
  const finish = angular ? (v: number) => Math.max(0, v) : (v: number) => Math.sqrt(v);
  for (let i = 0; i < n; i++) heap.sortedRow(i, indices, out, finish);
  return { n, k, indices, distances: out, stats: { trees: nTrees, rounds, distances } };
}
