// umap-learn's `find_ab_params`: fit 1 / (1 + a·x^(2b)) by least squares to the target membership curve
// (1 below min_dist, exp(−(x − min_dist)/spread) above) on 300 points of [0, 3·spread]. umap-learn uses scipy's
// curve_fit (Levenberg–Marquardt from a = b = 1); this is the same two-parameter Levenberg–Marquardt.

export interface AbParams {
  a: number;
  b: number;
}

const POINTS = 300;
const MAX_ITERATIONS = 200;

export function findAbParams(spread: number, minDist: number): AbParams {
  if (!(spread > 0) || !(minDist >= 0)) throw new Error(`invalid spread/minDist: ${spread}/${minDist}`);
  const xs = Float64Array.from({ length: POINTS }, (_, i) => (i * spread * 3) / (POINTS - 1));
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < POINTS; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let a = 1, b = 1, lambda = 1e-3;
  let current = loss(a, b);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    // Normal equations JᵀJ·δ = −Jᵀr for the 2 parameters; x = 0 contributes no gradient (x^(2b) = 0).
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < POINTS; i++) {
      const x = xs[i];
      if (x === 0) continue;
      const p = Math.pow(x, 2 * b);
      const f = 1 / (1 + a * p);
      const r = f - ys[i];
      const da = -p * f * f;
      const db = -a * p * 2 * Math.log(x) * f * f;
      jaa += da * da; jab += da * db; jbb += db * db;
      ga += da * r; gb += db * r;
    }
    const m11 = jaa * (1 + lambda), m22 = jbb * (1 + lambda);
    const det = m11 * m22 - jab * jab;
    if (det === 0) break;
    const stepA = -(m22 * ga - jab * gb) / det;
    const stepB = -(m11 * gb - jab * ga) / det;
    const next = loss(a + stepA, b + stepB);
    if (next < current) {
      const improvement = current - next;
      a += stepA; b += stepB; current = next;
      lambda /= 10;
      if (improvement < 1e-15) break;
    } else lambda *= 10;
    if (lambda > 1e12) break;
  }
  return { a, b };
}
