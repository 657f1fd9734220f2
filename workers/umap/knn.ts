// Exact k nearest neighbours by blocked dense products: a block of query rows times every row of the matrix
// through the kSAE GEMM (ONNX Runtime when it loads, else the JS kernel; workers/ksae/gemm.ts), then a
// bounded max-heap per query keeps the k closest. O(n²·d) work, but all of it in one dense kernel, which at
// 30k × 256 is faster and exact where approximate descent (umap-js) is neither.
import { jsGemm, type Gemm } from '../ksae/gemm.js';
import { checkShape } from './shape.js';

export type KnnMetric = 'cosine' | 'euclidean';

export interface KnnOptions {
  /** 'cosine' (1 − cos; for unit rows 1 − dot) or 'euclidean'; default 'cosine'. */
  metric?: KnnMetric;
  /** The dense product kernel; default the pure-JS `jsGemm` (pass `await loadGemm()` for ONNX Runtime). */
  gemm?: Gemm;
  /** Query rows per GEMM call (each call produces blockRows × n floats); default 256. */
  blockRows?: number;
  /** Which rows to find neighbours for (ascending or not); default every row. */
  queries?: Int32Array;
  /** Called before each block; throws to stop (the job's cancel). */
  checkCancelled?: () => void;
}

export interface KnnGraph {
  /** Number of query rows. */
  n: number;
  k: number;
  /** Row-major queries × k neighbour ids, nearest first (a row's own id first: distance 0, as in umap-learn). */
  indices: Int32Array;
  /** Matching distances, ascending. */
  distances: Float32Array;
}

const DEFAULT_BLOCK_ROWS = 256;

function rowNorms(x: Float32Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d, end = j + d; j < end; j++) s += x[j] * x[j];
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

function unitRows(x: Float32Array, n: number, d: number, norms: Float64Array): Float32Array {
  const u = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const inv = norms[i] > 0 ? 1 / norms[i] : 0;
    for (let j = i * d, end = j + d; j < end; j++) u[j] = x[j] * inv;
  }
  return u;
}

/**
 * A max-heap of (distance, id) of fixed capacity k: the root is the worst kept neighbour, so most candidates are
 * rejected by one comparison. Ties on distance go to the smaller id, which makes the result independent of order.
 */
function heapPush(dist: Float64Array, ids: Int32Array, base: number, k: number, size: number, dv: number, id: number): number {
  let pos: number;
  if (size < k) {
    pos = base + size;
    dist[pos] = dv;
    ids[pos] = id;
    // sift up
    while (pos > base) {
      const parent = base + ((pos - base - 1) >> 1);
      if (!worse(dist, ids, pos, parent)) break;
      swap(dist, ids, pos, parent);
      pos = parent;
    }
    return size + 1;
  }
  if (dv > dist[base] || (dv === dist[base] && id > ids[base])) return size;
  dist[base] = dv;
  ids[base] = id;
  pos = base;
  for (;;) {
    const l = base + 2 * (pos - base) + 1;
    if (l >= base + k) break;
    const r = l + 1;
    const child = r < base + k && worse(dist, ids, r, l) ? r : l;
    if (!worse(dist, ids, child, pos)) break;
    swap(dist, ids, pos, child);
    pos = child;
  }
  return size;
}

/** Whether heap slot a holds a worse neighbour than slot b (a plain function: a closure per push cost more than the push). */
function worse(dist: Float64Array, ids: Int32Array, a: number, b: number): boolean {
  return dist[a] > dist[b] || (dist[a] === dist[b] && ids[a] > ids[b]);
}

function swap(dist: Float64Array, ids: Int32Array, a: number, b: number): void {
  const t = dist[a]; dist[a] = dist[b]; dist[b] = t;
  const u = ids[a]; ids[a] = ids[b]; ids[b] = u;
}

interface Heaps { heapDist: Float64Array; heapIds: Int32Array; sizes: Int32Array; worst: Float64Array; k: number }

function push(h: Heaps, row: number, dv: number, id: number): void {
  const { k } = h;
  const size = heapPush(h.heapDist, h.heapIds, row * k, k, h.sizes[row], dv, id);
  h.sizes[row] = size;
  if (size === k) h.worst[row] = h.heapDist[row * k];
}

/**
 * Offers one block's products to the heaps: query q0 + r against rows [c0, n) (dots row-major rows × (n − c0)).
 * About 4·10⁸ pairs at 29,520 rows: most are rejected by one comparison with the query's worst kept distance
 * (a local) and one with the other row's (`worst`, contiguous).
 */
function scanBlock(
  h: Heaps, dots: Float32Array, q0: number, rows: number, c0: number, n: number, mirrorFrom: number,
  queries: Int32Array, norms: Float64Array, cosine: boolean,
): void {
  const { worst } = h;
  const cols = n - c0;
  for (let r = 0; r < rows; r++) {
    const qi = q0 + r;
    const self = queries[qi];
    const nq2 = norms[self] * norms[self];
    const off = r * cols - c0; // dots[off + j] is the product with row j
    let w = worst[qi];
    // The block's own columns (and every column of a query-subset search): this query's heap only.
    for (let j = c0; j < mirrorFrom; j++) {
      const dv = j === self ? 0 // exact zero, whatever the rounding of the product
        : cosine ? 1 - dots[off + j] : Math.sqrt(Math.max(0, nq2 + norms[j] * norms[j] - 2 * dots[off + j]));
      if (dv <= w) { push(h, qi, dv, j); w = worst[qi]; }
    }
    // Rows after the block: both ends take the candidate (never the query itself here).
    for (let j = mirrorFrom; j < n; j++) {
      const dv = cosine ? 1 - dots[off + j] : Math.sqrt(Math.max(0, nq2 + norms[j] * norms[j] - 2 * dots[off + j]));
      if (dv <= w) { push(h, qi, dv, j); w = worst[qi]; }
      if (dv <= worst[j]) push(h, j, dv, self);
    }
  }
}

/** Exact k nearest neighbours of each query row among all n rows of x (row-major n × d), self included. */
export async function exactKnn(x: Float32Array, n: number, d: number, k: number, options: KnnOptions = {}): Promise<KnnGraph> {
  const { metric = 'cosine', gemm = jsGemm, blockRows = DEFAULT_BLOCK_ROWS } = options;
  checkShape(x, n, d);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new Error(`invalid k: ${k} (n=${n})`);
  if (metric !== 'cosine' && metric !== 'euclidean') throw new Error(`invalid metric: ${String(metric)}`);
  const queries = options.queries ?? Int32Array.from({ length: n }, (_, i) => i);
  const q = queries.length;
  const norms = rowNorms(x, n, d);
  // Cosine: unit rows once, so each product is the similarity itself (a zero row stays zero: distance 1).
  const rowsOf = metric === 'cosine' ? unitRows(x, n, d, norms) : x;
  const zeros = new Float32Array(n);
  const heapDist = new Float64Array(q * k);
  const heapIds = new Int32Array(q * k);
  const sizes = new Int32Array(q);
  // Per heap, the distance a candidate must not exceed to be considered: the root once the heap is full, else
  // infinity. Kept apart from the heaps so the per-pair test reads one contiguous array (the heaps' roots lie
  // k·8 bytes apart and miss the cache for the mirrored candidates).
  const worst = new Float64Array(q).fill(Infinity);
  // For every row as a query, each pair is computed once: a block of rows times the rows from the block on, and
  // both ends take the candidate. That halves the products; the heaps' strict order (distance, then id) makes
  // the result independent of the order candidates arrive in.
  const triangular = !options.queries;
  const cosine = metric === 'cosine';
  // (onnxruntime-node runs a session on the calling thread, so a product cannot overlap the previous block's scan.)
  const block = new Float32Array(Math.min(blockRows, q) * d);
  for (let q0 = 0; q0 < q; q0 += blockRows) {
    options.checkCancelled?.();
    const rows = Math.min(blockRows, q - q0);
    const c0 = triangular ? q0 : 0;
    for (let r = 0; r < rows; r++) block.set(rowsOf.subarray(queries[q0 + r] * d, queries[q0 + r] * d + d), r * d);
    const dots = await gemm.nt(block, rowsOf.subarray(c0 * d), zeros, rows, d, n - c0);
    const mirrorFrom = triangular ? q0 + rows : n;
    scanBlock({ heapDist, heapIds, sizes, worst, k }, dots, q0, rows, c0, n, mirrorFrom, queries, norms, cosine);
  }
  return sortedGraph(heapDist, heapIds, q, k);
}

/** Heaps → rows sorted nearest first (ties by id). */
function sortedGraph(heapDist: Float64Array, heapIds: Int32Array, q: number, k: number): KnnGraph {
  const indices = new Int32Array(q * k);
  const distances = new Float32Array(q * k);
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = 0; i < q; i++) {
    const base = i * k;
    order.sort((a, b) => heapDist[base + a] - heapDist[base + b] || heapIds[base + a] - heapIds[base + b]);
    for (let j = 0; j < k; j++) {
      indices[base + j] = heapIds[base + order[j]];
      distances[base + j] = heapDist[base + order[j]];
    }
    for (let j = 0; j < k; j++) order[j] = j;
  }
  return { n: q, k, indices, distances };
}
