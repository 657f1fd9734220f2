// The parameters of a TopK sparse autoencoder and their HypotheSAEs initialisation. Decoder columns are
// stored as rows (wDec[j·d … j·d+d) is latent j's unit-norm direction) so the sparse top-K products read
// contiguous memory; wEnc has the same layout (row j = encoder weights of latent j).
import { mulberry32 } from '../../main/analysis/random.js';

export interface KsaeParams {
  /** Input width. */
  d: number;
  /** Latents M. */
  m: number;
  wEnc: Float32Array;
  wDec: Float32Array;
  bIn: Float32Array;
  bLat: Float32Array;
}

export function zeroParams(d: number, m: number): KsaeParams {
  return { d, m, wEnc: new Float32Array(m * d), wDec: new Float32Array(m * d), bIn: new Float32Array(d), bLat: new Float32Array(m) };
}

/** The four tensors in a fixed order (gradient norms, Adam, serialisation). */
export function tensors(p: KsaeParams): Float32Array[] {
  return [p.wEnc, p.wDec, p.bIn, p.bLat];
}

/**
 * b_in = the coordinate-wise median of the rows (the lower median for an even count, as torch.median);
 * W_dec Xavier-uniform (bound √(6/(M+d))) from the seeded generator, columns normalised; W_enc = W_decᵀ;
 * b_lat = 0.
 */
export function initParams(x: Float32Array, rows: Int32Array, d: number, m: number, seed: number): KsaeParams {
  const p = zeroParams(d, m);
  const column = new Float32Array(rows.length);
  const lower = (rows.length - 1) >> 1;
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < rows.length; r++) column[r] = x[rows[r] * d + i];
    p.bIn[i] = select(column, lower);
  }
  const rng = mulberry32(seed);
  const bound = Math.sqrt(6 / (m + d));
  // torch's decoder weight is d×M row-major; draw in that order so the layout change does not change the draw.
  for (let i = 0; i < d; i++) for (let j = 0; j < m; j++) p.wDec[j * d + i] = (2 * rng() - 1) * bound;
  normaliseRows(p.wDec, m, d);
  p.wEnc.set(p.wDec);
  return p;
}

/** Each latent's decoder direction back to unit length. */
export function normaliseRows(w: Float32Array, m: number, d: number): void {
  for (let j = 0; j < m; j++) {
    const o = j * d;
    let s = 0;
    for (let i = 0; i < d; i++) s += w[o + i] * w[o + i];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let i = 0; i < d; i++) w[o + i] *= inv;
  }
}

/** The k-th smallest value (0-based) of `a` (reordered in place): Hoare quickselect, middle pivot. */
function select(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
