// Small dense linear algebra for regression: Householder QR of a tall design (column-major Float64Array),
// Cholesky for symmetric positive definite systems, and helpers on number[][] for K x K matrices.

import { AnalysisDataError } from './errors.js';

/** A design matrix: named columns of equal length (column-major, so building and QR stay cache friendly). */
export interface Design {
  names: string[];
  columns: Float64Array[];
}

/** Thrown when a design matrix is rank deficient; `columns` names the columns found to be dependent. */
export class SingularDesignError extends AnalysisDataError {
  readonly columns: string[];
  constructor(message: string, columns: string[]) {
    super(message);
    this.name = 'SingularDesignError';
    this.columns = columns;
  }
}

/** Builds a Design from row arrays (row i = observation i), e.g. [[1, x1], [1, x2], ...]. */
export function designFromRows(rows: ArrayLike<number>[], names: string[]): Design {
  const k = names.length;
  const columns = names.map(() => new Float64Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length !== k) throw new Error(`designFromRows: row ${i} has ${r.length} values, expected ${k}`);
    for (let j = 0; j < k; j++) columns[j][i] = r[j];
  }
  return { names: [...names], columns };
}

/** Result of a Householder QR factorisation X = Q R of an n x k matrix (n >= k). */
export interface QR {
  n: number;
  k: number;
  /** Householder vectors below the diagonal and R on/above it, column-major n x k. */
  a: Float64Array;
  /** Householder scalars beta_j (H_j = I - beta_j v_j v_j'). */
  beta: Float64Array;
  /** R as a k x k upper-triangular number[][]. */
  r: number[][];
}

/**
 * Householder QR of a design (numpy.linalg.qr equivalent up to signs); throws SingularDesignError naming the
 * first column whose residual norm after projecting out the earlier columns is below tol * its own norm.
 */
export function householderQR(design: Design, tol = 1e-10): QR {
  const k = design.columns.length;
  const n = k ? design.columns[0].length : 0;
  if (n < k) throw new SingularDesignError(`design has ${n} rows for ${k} columns`, []);
  const a = new Float64Array(n * k);
  const norms = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const col = design.columns[j];
    if (col.length !== n) throw new Error(`design column '${design.names[j]}' has length ${col.length}, expected ${n}`);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) throw new Error(`design column '${design.names[j]}' has a non-finite value at row ${i}`);
      a[j * n + i] = v;
      s += v * v;
    }
    norms[j] = Math.sqrt(s);
  }
  const beta = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const off = j * n;
    let s = 0;
    for (let i = j; i < n; i++) s += a[off + i] * a[off + i];
    const colNorm = Math.sqrt(s);
    if (!(colNorm > tol * norms[j]) || norms[j] === 0) {
      const name = design.names[j] ?? `column ${j}`;
      const earlier = design.names.slice(0, j);
      const why = norms[j] === 0 ? 'is all zeros' : `is a linear combination of earlier columns (${earlier.join(', ')})`;
      throw new SingularDesignError(`singular design matrix: column '${name}' ${why}`, [name]);
    }
    const x0 = a[off + j];
    const alpha = x0 >= 0 ? -colNorm : colNorm;
    const v0 = x0 - alpha;
    // v = (v0, a[j+1..]), scaled so that v[0] = 1
    for (let i = j + 1; i < n; i++) a[off + i] /= v0;
    beta[j] = -v0 / alpha; // = 2 / (v'v) with v[0] = 1
    a[off + j] = alpha;
    for (let c = j + 1; c < k; c++) {
      const oc = c * n;
      let dot = a[oc + j];
      for (let i = j + 1; i < n; i++) dot += a[off + i] * a[oc + i];
      dot *= beta[j];
      a[oc + j] -= dot;
      for (let i = j + 1; i < n; i++) a[oc + i] -= dot * a[off + i];
    }
  }
  const r: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row = new Array<number>(k).fill(0);
    for (let j = i; j < k; j++) row[j] = a[j * n + i];
    r.push(row);
  }
  return { n, k, a, beta, r };
}

/** Q' y for a QR factorisation (first k entries are what least squares needs). */
export function qrApplyQt(qr: QR, y: ArrayLike<number>): Float64Array {
  const { n, k, a, beta } = qr;
  const out = Float64Array.from(y as ArrayLike<number>);
  for (let j = 0; j < k; j++) {
    const off = j * n;
    let dot = out[j];
    for (let i = j + 1; i < n; i++) dot += a[off + i] * out[i];
    dot *= beta[j];
    out[j] -= dot;
    for (let i = j + 1; i < n; i++) out[i] -= dot * a[off + i];
  }
  return out;
}

/** Solves R x = b for upper-triangular R (back substitution). */
export function solveUpper(r: number[][], b: ArrayLike<number>): number[] {
  const k = r.length;
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < k; j++) s -= r[i][j] * x[j];
    x[i] = s / r[i][i];
  }
  return x;
}

/** Inverse of an upper-triangular matrix. */
export function invertUpper(r: number[][]): number[][] {
  const k = r.length;
  const inv = zeros(k, k);
  for (let c = 0; c < k; c++) {
    for (let i = c; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let j = i + 1; j <= c; j++) s -= r[i][j] * inv[j][c];
      inv[i][c] = s / r[i][i];
    }
  }
  return inv;
}

/** (X'X)^{-1} = R^{-1} R^{-T} from the QR factor R, without forming X'X. */
export function xtxInverseFromR(r: number[][]): number[][] {
  const ri = invertUpper(r);
  const k = r.length;
  const out = zeros(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let m = Math.max(i, j); m < k; m++) s += ri[i][m] * ri[j][m];
      out[i][j] = s;
      out[j][i] = s;
    }
  }
  return out;
}

/** Least-squares coefficients of y on the design by Householder QR (numpy.linalg.lstsq for full rank). */
export function leastSquares(design: Design, y: ArrayLike<number>): { coef: number[]; qr: QR } {
  const qr = householderQR(design);
  const qty = qrApplyQt(qr, y);
  return { coef: solveUpper(qr.r, qty), qr };
}

/** Cholesky factor L (A = L L') of a symmetric positive definite matrix; throws if A is not positive definite. */
export function cholesky(A: number[][]): number[][] {
  const k = A.length;
  const L = zeros(k, k);
  for (let j = 0; j < k; j++) {
    let d = A[j][j];
    for (let m = 0; m < j; m++) d -= L[j][m] * L[j][m];
    if (!(d > 1e-14 * Math.abs(A[j][j])) || !(d > 0)) throw new AnalysisDataError(`matrix is not positive definite (pivot ${j})`);
    const ljj = Math.sqrt(d);
    L[j][j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      L[i][j] = s / ljj;
    }
  }
  return L;
}

/** Solves A x = b for symmetric positive definite A via Cholesky. */
export function solveSPD(A: number[][], b: ArrayLike<number>): number[] {
  const L = cholesky(A);
  return choleskySolve(L, b);
}

/** Solves L L' x = b given the Cholesky factor L. */
export function choleskySolve(L: number[][], b: ArrayLike<number>): number[] {
  const k = L.length;
  const z = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= L[i][j] * z[j];
    z[i] = s / L[i][i];
  }
  const x = new Array<number>(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let j = i + 1; j < k; j++) s -= L[j][i] * x[j];
    x[i] = s / L[i][i];
  }
  return x;
}

/** Inverse of a symmetric positive definite matrix via Cholesky (numpy.linalg.inv for SPD input). */
export function invertSPD(A: number[][]): number[][] {
  const L = cholesky(A);
  const k = A.length;
  const out = zeros(k, k);
  const e = new Array<number>(k).fill(0);
  for (let c = 0; c < k; c++) {
    e.fill(0);
    e[c] = 1;
    const col = choleskySolve(L, e);
    for (let i = 0; i < k; i++) out[i][c] = col[i];
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) out[i][j] = out[j][i] = (out[i][j] + out[j][i]) / 2;
  return out;
}

/** Inverse of a general square matrix by LU with partial pivoting (numpy.linalg.inv); throws if singular. */
export function invert(A: number[][]): number[][] {
  const k = A.length;
  const m = A.map((row) => [...row, ...Array.from({ length: k }, (_, j) => 0)]);
  for (let i = 0; i < k; i++) m[i][k + i] = 1;
  let scale = 0;
  for (const row of A) for (const v of row) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(m[i][c]) > Math.abs(m[piv][c])) piv = i;
    if (!(Math.abs(m[piv][c]) > 1e-14 * scale)) throw new AnalysisDataError('matrix is singular');
    [m[c], m[piv]] = [m[piv], m[c]];
    const p = m[c][c];
    for (let j = 0; j < 2 * k; j++) m[c][j] /= p;
    for (let i = 0; i < k; i++) {
      if (i === c) continue;
      const f = m[i][c];
      if (f === 0) continue;
      for (let j = 0; j < 2 * k; j++) m[i][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(k));
}

/** A k x m matrix of zeros. */
export function zeros(k: number, m: number): number[][] {
  return Array.from({ length: k }, () => new Array<number>(m).fill(0));
}

/** Matrix product A B. */
export function matMul(A: number[][], B: number[][]): number[][] {
  const n = A.length;
  const m = B[0]?.length ?? 0;
  const inner = B.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < inner; l++) {
      const a = A[i][l];
      if (a === 0) continue;
      for (let j = 0; j < m; j++) out[i][j] += a * B[l][j];
    }
  return out;
}

/** Sandwich B M B' for symmetric B (the clustered covariance bread-meat-bread). */
export function sandwich(bread: number[][], meat: number[][]): number[][] {
  const bm = matMul(bread, meat);
  const k = bread.length;
  const out = zeros(k, k);
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += bm[i][l] * bread[j][l];
      out[i][j] = s;
      out[j][i] = s;
    }
  return out;
}
