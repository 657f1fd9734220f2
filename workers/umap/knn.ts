// Exact k nearest neighbours by blocked dense products: a block of query rows times every row of the matrix
// through the kSAE GEMM (ONNX Runtime when it loads, else the JS kernel; workers/ksae/gemm.ts), then a
// bounded max-heap per query keeps the k closest. O(n²·d) work, but all of it in one dense kernel, which at
// 30k × 256 is faster and exact where approximate descent (umap-js) is neither.
import { jsGemm, type Gemm } from '../ksae/gemm.js';

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
  const worse = (a: number, b: number) => dist[a] > dist[b] || (dist[a] === dist[b] && ids[a] > ids[b]);
  let pos: number;
  if (size < k) {
    pos = base + size;
    dist[pos] = dv;
    ids[pos] = id;
    // sift up
    while (pos > base) {
      const parent = base + ((pos - base - 1) >> 1);
      if (!worse(pos, parent)) break;
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
    const child = r < base + k && worse(r, l) ? r : l;
    if (!worse(child, pos)) break;
    swap(dist, ids, pos, child);
    pos = child;
  }
  return size;
}

function swap(dist: Float64Array, ids: Int32Array, a: number, b: number): void {
  const t = dist[a]; dist[a] = dist[b]; dist[b] = t;
  const u = ids[a]; ids[a] = ids[b]; ids[b] = u;
}

/** Exact k nearest neighbours of each query row among all n rows of x (row-major n × d), self included. */
export async function exactKnn(x: Float32Array, n: number, d: number, k: number, options: KnnOptions = {}): Promise<KnnGraph> {
  const { metric = 'cosine', gemm = jsGemm, blockRows = DEFAULT_BLOCK_ROWS } = options;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || x.length < n * d) throw new Error(`invalid shape n=${n}, d=${d}`);
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
  // For every row as a query, each pair is computed once: a block of rows times the rows from the block on, and
  // both ends take the candidate. That halves the products; the heaps' strict order (distance, then id) makes
  // the result independent of the order candidates arrive in.
  const triangular = !options.queries;
  const block = new Float32Array(Math.min(blockRows, q) * d);
  for (let q0 = 0; q0 < q; q0 += blockRows) {
    options.checkCancelled?.();
    const rows = Math.min(blockRows, q - q0);
    const c0 = triangular ? q0 : 0;
    const cols = n - c0;
    const mirrorFrom = triangular ? q0 + rows : n;
    for (let r = 0; r < rows; r++) block.set(rowsOf.subarray(queries[q0 + r] * d, queries[q0 + r] * d + d), r * d);
    const dots = await gemm.nt(block, rowsOf.subarray(c0 * d), zeros, rows, d, cols);
    for (let r = 0; r < rows; r++) {
      const qi = q0 + r;
      const self = queries[qi];
      const nq2 = norms[self] * norms[self];
      const base = qi * k;
      const off = r * cols;
      let size = sizes[qi];
      for (let c = 0; c < cols; c++) {
        const j = c0 + c;
        const dv = j === self ? 0 // exact zero, whatever the rounding of the product
          : metric === 'cosine' ? 1 - dots[off + c]
            : Math.sqrt(Math.max(0, nq2 + norms[j] * norms[j] - 2 * dots[off + c]));
        if (size < k || dv <= heapDist[base]) size = heapPush(heapDist, heapIds, base, k, size, dv, j);
        if (j >= mirrorFrom) {
          const jb = j * k;
          if (sizes[j] < k || dv <= heapDist[jb]) sizes[j] = heapPush(heapDist, heapIds, jb, k, sizes[j], dv, self);
        }
      }
      sizes[qi] = size;
    }
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
