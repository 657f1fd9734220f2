// Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson & Tropp 2011), run on the
// column (vocabulary) side so every dense step costs O(cols·l²) and the rows only meet sparse products:
//   Z ← random cols×l;  repeat q times: Z ← orth(Aᵀ(A Z));  Q ← Z
//   M = Qᵀ AᵀA Q (l×l) = E Λ Eᵀ;  right singular vectors V = Q E,  σ = √λ;  row embedding = A V_k (= U_k Σ_k).
// Deterministic for a seed. Pure: no I/O.
import type { Csr } from './tfidf.js';
import { symmetricEigen } from './symmetric-eigen.js';

export const SVD_DEFAULTS = {
  /** Extra random directions beyond the requested rank (sklearn's n_oversamples). */
  oversamples: 10,
  /** Subspace iterations (applications of AᵀA); more sharpens the smaller components. */
  powerIterations: 4,
  seed: 1,
};
export type SvdOptions = Partial<typeof SVD_DEFAULTS>;

export interface TruncatedSvd {
  k: number;
  /** Descending. */
  singularValues: Float64Array;
  /** cols×k row-major right singular vectors, each column's largest-magnitude entry positive (sklearn's svd_flip). */
  components: Float64Array;
}

/** mulberry32 → uniform [0,1); Box–Muller → standard normal. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** AᵀA Z for Z cols×l row-major, one sparse row at a time (no rows×l intermediate). */
export function gramTimes(a: Csr, z: Float64Array, l: number, out = new Float64Array(a.cols * l)): Float64Array {
  out.fill(0);
  const t = new Float64Array(l);
  for (let r = 0; r < a.rows; r++) {
    const lo = a.indptr[r], hi = a.indptr[r + 1];
    if (lo === hi) continue;
    t.fill(0);
    for (let p = lo; p < hi; p++) {
      const base = a.indices[p] * l, x = a.values[p];
      for (let j = 0; j < l; j++) t[j] += x * z[base + j];
    }
    for (let p = lo; p < hi; p++) {
      const base = a.indices[p] * l, x = a.values[p];
      for (let j = 0; j < l; j++) out[base + j] += x * t[j];
    }
  }
  return out;
}

/**
 * Orthonormal columns spanning Z's (cols×l row-major, overwritten): modified Gram–Schmidt done twice, which keeps
 * orthogonality at machine precision; a column that is (numerically) in the span of earlier ones is replaced by a
 * fresh random direction, so the result is always a full orthonormal set.
 */
export function orthonormalize(z: Float64Array, rows: number, l: number, random: () => number): void {
  const cols: Float64Array[] = [];
  for (let j = 0; j < l; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = z[i * l + j];
    let before = norm2(c);
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (const q of cols) {
          let dot = 0;
          for (let i = 0; i < rows; i++) dot += q[i] * c[i];
          for (let i = 0; i < rows; i++) c[i] -= dot * q[i];
        }
      }
      let norm = 0;
      for (let i = 0; i < rows; i++) norm += c[i] * c[i];
      norm = Math.sqrt(norm);
      if (norm > 1e-10 * before && norm > 0) {
        for (let i = 0; i < rows; i++) c[i] /= norm;
        break;
      }
      if (attempt > 5) throw new Error('orthonormalize: cannot complete the basis');
      for (let i = 0; i < rows; i++) c[i] = random();
      before = norm2(c);
    }
    cols.push(c);
  }
  for (let j = 0; j < l; j++) for (let i = 0; i < rows; i++) z[i * l + j] = cols[j][i];
}

function norm2(c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i] * c[i];
  return Math.sqrt(s);
}

/**
 * What the SVD needs of a matrix A: its shape and AᵀA Z for Z cols×l row-major (written to `out`). A dense matrix
 * (the map's PCA, workers/umap/pca.ts) supplies it through a GEMM, which may be asynchronous.
 */
export interface GramOperator {
  rows: number;
  cols: number;
  gram(z: Float64Array, l: number, out: Float64Array): void | Promise<void>;
}

/** Rank-k truncated SVD of a (k is capped at min(rows, cols)). */
export function randomizedSvd(a: Csr, k: number, opts: SvdOptions = {}, onStep?: (step: number, steps: number) => void): TruncatedSvd {
  const steps = svdSteps(a.rows, a.cols, k, opts, onStep);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    gramTimes(a, r.value.z, r.value.l, r.value.out);
  }
}

/** The same SVD of any matrix given as a Gram operator (awaited between the steps). */
export async function randomizedSvdOf(a: GramOperator, k: number, opts: SvdOptions = {}, onStep?: (step: number, steps: number) => void): Promise<TruncatedSvd> {
  const steps = svdSteps(a.rows, a.cols, k, opts, onStep);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await a.gram(r.value.z, r.value.l, r.value.out);
  }
}

/** The algorithm once, for both drivers: it yields each AᵀA Z it needs and reads the product from `out`. */
function* svdSteps(rows: number, V: number, k: number, opts: SvdOptions, onStep?: (step: number, steps: number) => void):
  Generator<{ z: Float64Array<ArrayBuffer>; l: number; out: Float64Array<ArrayBuffer> }, TruncatedSvd, void> {
  const { oversamples, powerIterations, seed } = { ...SVD_DEFAULTS, ...opts };
  k = Math.max(0, Math.min(k, V, rows));
  const l = Math.min(k + oversamples, V);
  if (k === 0) return { k, singularValues: new Float64Array(0), components: new Float64Array(0) };
  const random = gaussian(seed);
  let z = new Float64Array(V * l);
  for (let i = 0; i < z.length; i++) z[i] = random();
  orthonormalize(z, V, l, random);
  const steps = powerIterations + 1;
  let w = new Float64Array(V * l);
  for (let it = 0; it < powerIterations; it++) {
    yield { z, l, out: w };
    [z, w] = [w, z];
    orthonormalize(z, V, l, random);
    onStep?.(it + 1, steps);
  }
  // Rayleigh–Ritz: M = Qᵀ (AᵀA Q).
  yield { z, l, out: w };
  const m = new Float64Array(l * l);
  for (let v = 0; v < V; v++) {
    const b = v * l;
    for (let i = 0; i < l; i++) {
      const qi = z[b + i];
      if (qi === 0) continue;
      for (let j = 0; j < l; j++) m[i * l + j] += qi * w[b + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = i + 1; j < l; j++) m[i * l + j] = m[j * l + i] = (m[i * l + j] + m[j * l + i]) / 2;
  const eig = symmetricEigen(m, l);
  const singularValues = new Float64Array(k);
  for (let j = 0; j < k; j++) singularValues[j] = Math.sqrt(Math.max(0, eig.values[j]));
  const components = new Float64Array(V * k);
  for (let v = 0; v < V; v++) {
    for (let i = 0; i < l; i++) {
      const q = z[v * l + i];
      if (q === 0) continue;
      for (let j = 0; j < k; j++) components[v * k + j] += q * eig.vectors[i * l + j];
    }
  }
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (let v = 0; v < V; v++) if (Math.abs(components[v * k + j]) > Math.abs(big)) big = components[v * k + j];
    if (big < 0) for (let v = 0; v < V; v++) components[v * k + j] = -components[v * k + j];
  }
  onStep?.(steps, steps);
  return { k, singularValues, components };
}
