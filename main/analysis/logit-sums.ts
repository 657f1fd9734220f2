// The sums of a Newton-Raphson logit step over design columns: the information matrix X' diag(p(1-p)) X and the
// score X'(y - p). Each entry is the same sum as a plain loop over the rows computes, term by term in row order, so
// the fit is the same to the last bit; what changes is the work around it. An indicator column (0/1, mostly 0: a
// scenario's) is walked over its rows of 1 only, because every skipped term is a product with 0 and adds nothing.
// Up to four entries are summed in one pass over the rows: four independent chains of additions instead of one
// (a single running sum waits on its previous addition every row).

/** The rows where a column is 1 when it is an indicator (only 0 and 1, at most half of them 1), else null. */
export function indicatorRows(c: Float64Array): Int32Array | null {
  let count = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (v === 1) count++;
    else if (v !== 0) return null;
  }
  if (2 * count > c.length) return null;
  const rows = new Int32Array(count);
  for (let i = 0, r = 0; i < c.length; i++) if (c[i] === 1) rows[r++] = i;
  return rows;
}

/** Up to four sums of one pass: ca[i] * cb[i] * p[i] * q[i] (or ca[i] * w[i]) over the same rows. */
interface Pass {
  a: number;
  bs: number[];
  rows: Int32Array | null;
}

export interface SumPlan {
  cols: Float64Array[];
  ones: (Int32Array | null)[];
  /** Information entries (a, b >= a), grouped by first column and rows walked. */
  pairs: Pass[];
  /** Score entries, grouped by rows walked (a is unused). */
  scores: Pass[];
  zero: Float64Array;
}

function chunks(a: number, bs: number[], rows: Int32Array | null): Pass[] {
  const out: Pass[] = [];
  for (let s = 0; s < bs.length; s += 4) out.push({ a, bs: bs.slice(s, s + 4), rows });
  return out;
}

export function sumPlan(cols: Float64Array[]): SumPlan {
  const k = cols.length;
  const ones = cols.map(indicatorRows);
  const pairs: Pass[] = [];
  for (let a = 0; a < k; a++) {
    const byRows = new Map<Int32Array | null, number[]>();
    for (let b = a; b < k; b++) {
      const ra = ones[a];
      const rb = ones[b];
      const rows = ra && rb ? (ra.length <= rb.length ? ra : rb) : (ra ?? rb);
      (byRows.get(rows) ?? byRows.set(rows, []).get(rows)!).push(b);
    }
    for (const [rows, bs] of byRows) pairs.push(...chunks(a, bs, rows));
  }
  const byRows = new Map<Int32Array | null, number[]>();
  for (let j = 0; j < k; j++) (byRows.get(ones[j]) ?? byRows.set(ones[j], []).get(ones[j])!).push(j);
  const scores = [...byRows].flatMap(([rows, js]) => chunks(-1, js, rows));
  return { cols, ones, pairs, scores, zero: new Float64Array(cols[0]?.length ?? 0) };
}

/** The information matrix at probabilities p (q = 1 - p), into h (k x k, symmetric). */
export function information(plan: SumPlan, p: Float64Array, q: Float64Array, h: number[][]): void {
  const { cols, zero } = plan;
  const n = p.length;
  for (const { a, bs, rows } of plan.pairs) {
    const ca = cols[a];
    const c0 = cols[bs[0]], c1 = bs.length > 1 ? cols[bs[1]] : zero, c2 = bs.length > 2 ? cols[bs[2]] : zero, c3 = bs.length > 3 ? cols[bs[3]] : zero;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (rows)
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r];
        const x = ca[i], pi = p[i], qi = q[i];
        s0 += x * c0[i] * pi * qi;
        s1 += x * c1[i] * pi * qi;
        s2 += x * c2[i] * pi * qi;
        s3 += x * c3[i] * pi * qi;
      }
    else
      for (let i = 0; i < n; i++) {
        const x = ca[i], pi = p[i], qi = q[i];
        s0 += x * c0[i] * pi * qi;
        s1 += x * c1[i] * pi * qi;
        s2 += x * c2[i] * pi * qi;
        s3 += x * c3[i] * pi * qi;
      }
    const sums = [s0, s1, s2, s3];
    bs.forEach((b, m) => (h[a][b] = h[b][a] = sums[m]));
  }
}

/** The score X' w (w = y - p), into g. */
export function score(plan: SumPlan, w: Float64Array, g: number[]): void {
  const { cols, zero } = plan;
  const n = w.length;
  for (const { bs, rows } of plan.scores) {
    const c0 = cols[bs[0]], c1 = bs.length > 1 ? cols[bs[1]] : zero, c2 = bs.length > 2 ? cols[bs[2]] : zero, c3 = bs.length > 3 ? cols[bs[3]] : zero;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (rows)
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r];
        const wi = w[i];
        s0 += c0[i] * wi;
        s1 += c1[i] * wi;
        s2 += c2[i] * wi;
        s3 += c3[i] * wi;
      }
    else
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        s0 += c0[i] * wi;
        s1 += c1[i] * wi;
        s2 += c2[i] * wi;
        s3 += c3[i] * wi;
      }
    const sums = [s0, s1, s2, s3];
    bs.forEach((j, m) => (g[j] = sums[m]));
  }
}

/**
 * True when a Gram matrix (X'X up to a positive factor) is clearly of full rank: Cholesky pivots all above 1e-4 of
 * their diagonal entries. householderQR's rank test is 1e-10 on the corresponding norms (1e-20 on these squares), so
 * a design that passes here passes there; anything closer is left to householderQR, whose error names the column.
 */
export function clearlyFullRank(g: number[][]): boolean {
  const k = g.length;
  const L = g.map(() => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let d = g[j][j];
    for (let m = 0; m < j; m++) d -= L[j][m] * L[j][m];
    if (!(g[j][j] > 0) || !(d > 1e-4 * g[j][j]) || !Number.isFinite(d)) return false;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < k; i++) {
      let s = g[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      L[i][j] = s / L[j][j];
    }
  }
  return true;
}
