// Normal and Student t distribution functions, accurate to about 1e-13 relative in the tails
// (checked against scipy.stats in tests/golden/distributions.json).
//
// Building blocks: erfc by a power series (|x| < 1.5) and Lentz's continued fraction (|x| >= 1.5);
// log-gamma by Lanczos (x < 10) and Stirling with its series correction (x >= 10); log-beta by the
// cancellation-free split of R's lbeta; the regularized incomplete beta by the Numerical Recipes continued
// fraction, evaluated on whichever side converges and always returning both I and 1 - I without subtraction.

const SQRT_PI = 1.7724538509055160273;
const LN_SQRT_2PI = 0.91893853320467274178;
const EPS = 1e-16;
const TINY = 1e-300;

/** Two-sided 97.5% standard-normal quantile, scipy.stats.norm.ppf(0.975). */
export const Z975 = 1.959963984540054;

function erfSeries(x: number): number {
  // erf(x) = 2x/sqrt(pi) e^{-x^2} sum_n (2x^2)^n / (1*3*...*(2n+1)): all terms positive, no cancellation.
  const x2 = x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * EPS) break;
  }
  return ((2 * x) / SQRT_PI) * Math.exp(-x2) * sum;
}

function expMinusSquare(x: number): number {
  // e^{-x^2} with the split x = hi + lo so that the rounding of x*x does not cost relative accuracy.
  const hi = Math.trunc(x * 16) / 16;
  const del = (x - hi) * (x + hi);
  return Math.exp(-hi * hi) * Math.exp(-del);
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), modified Lentz.
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 10000; n++) {
    const a = n / 2;
    d = x + a * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = x + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** Complementary error function erfc(x) (matches scipy.special.erfc to ~1e-15 relative). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0;
  return erfcContinuedFraction(x);
}

/** Error function erf(x) (matches scipy.special.erf). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 1.5) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal density, scipy.stats.norm.pdf. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/** Standard normal CDF P(Z <= x), scipy.stats.norm.cdf. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal upper tail P(Z > x), scipy.stats.norm.sf. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/** Two-sided normal p-value 2 P(Z > |z|), as statsmodels reports for z statistics. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Standard normal quantile (inverse CDF), scipy.stats.norm.ppf; Abramowitz-Stegun 26.2.23 start, Halley steps. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const q = lower ? p : 1 - p; // exact for p >= 0.5 (Sterbenz)
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let i = 0; i < 50; i++) {
    // Solve Phi(x) = q for x < 0; Phi there is computed with full relative accuracy.
    const u = (normalCdf(x) - q) / normalPdf(x);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return lower ? x : -x;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Stirling-series remainder lgamma(x) - [(x-1/2)ln x - x + ln sqrt(2 pi)] for x >= 10 (R's lgammacor). */
function lgammaCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))));
}

/** log Gamma(x) for x > 0 (scipy.special.gammaln). */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return NaN;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + lgammaCorrection(x);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log B(a, b) without the cancellation of lgamma(a)+lgamma(b)-lgamma(a+b) for large arguments (R's lbeta). */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p <= 0 || Number.isNaN(p) || Number.isNaN(q)) return NaN;
  if (p >= 10) {
    const corr = lgammaCorrection(p) + lgammaCorrection(q) - lgammaCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = lgammaCorrection(q) - lgammaCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 - (a+b)x/(a+1) written with y = 1 - x: no cancellation near the switch point when a is large.
  let d = (1 - b + qab * y) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta [I_x(a,b), 1 - I_x(a,b)] given x and y = 1 - x (pass y exactly when it is
 * known more precisely than 1 - x); scipy.special.betainc / betaincc.
 */
export function incompleteBetaPair(a: number, b: number, x: number, y: number = 1 - x): [number, number] {
  if (x <= 0) return [0, 1];
  if (y <= 0) return [1, 0];
  const lnx = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const lny = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * lnx + b * lny - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const i = (front * betaContinuedFraction(a, b, x, y)) / a;
    return [i, 1 - i];
  }
  const ic = (front * betaContinuedFraction(b, a, y, x)) / b;
  return [1 - ic, ic];
}

/** Regularized incomplete beta I_x(a, b), scipy.special.betainc(a, b, x). */
export function incompleteBeta(a: number, b: number, x: number): number {
  return incompleteBetaPair(a, b, x)[0];
}

/** Two-sided Student t p-value 2 P(T_df > |t|), scipy: 2 * stats.t.sf(abs(t), df). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalTwoSidedP(t);
  if (df > LARGE_DF && Number.isFinite(t)) return 2 * studentTSfQuadrature(Math.abs(t), df);
  const t2 = t * t;
  if (!Number.isFinite(t2)) return 0;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  return incompleteBetaPair(df / 2, 0.5, x, y)[0];
}

/** Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n), for the large-df t tail. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

let GL: { x: Float64Array; w: Float64Array } | null = null;
const LARGE_DF = 500;

/**
 * P(T_df > t) for t >= 0 and large df by composite Gauss-Legendre quadrature of the density over [t, U], U where
 * the density has fallen by e^-50. The incomplete-beta continued fraction loses digits there (x near 1, a huge).
 */
function studentTSfQuadrature(t: number, df: number): number {
  if (!GL) GL = gaussLegendre(16);
  const logNorm = -0.5 * Math.log(df) - logBeta(df / 2, 0.5);
  const h = (df + 1) / 2;
  const logf = (s: number) => logNorm - h * Math.log1p((s * s) / df);
  const target = logf(t) - 50;
  let upper = t + 1;
  while (logf(upper) > target) upper = t + 2 * (upper - t);
  let lo = t;
  let hi = upper;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (logf(mid) > target) lo = mid;
    else hi = mid;
  }
  const panels = 48;
  const width = (hi - t) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const centre = t + (p + 0.5) * width;
    let part = 0;
    for (let i = 0; i < GL.x.length; i++) part += GL.w[i] * Math.exp(logf(centre + 0.5 * width * GL.x[i]));
    sum += part * 0.5 * width;
  }
  return sum;
}

/** Student t upper tail P(T_df > t), scipy.stats.t.sf. */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return normalSf(t);
  if (df > LARGE_DF && Number.isFinite(t)) return t >= 0 ? studentTSfQuadrature(t, df) : 1 - studentTSfQuadrature(-t, df);
  const t2 = t * t;
  if (!Number.isFinite(t2)) return t > 0 ? 0 : 1;
  const [i, ic] = incompleteBetaPair(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return t > 0 ? 0.5 * i : 0.5 + 0.5 * ic;
}

/** Student t CDF P(T_df <= t), scipy.stats.t.cdf. */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

function studentTLogPdf(t: number, df: number): number {
  return -0.5 * Math.log(df) - logBeta(df / 2, 0.5) - ((df + 1) / 2) * Math.log1p((t * t) / df);
}

/** Student t density, scipy.stats.t.pdf. */
export function studentTPdf(t: number, df: number): number {
  if (df === Infinity) return normalPdf(t);
  return Math.exp(studentTLogPdf(t, df));
}

/** Student t quantile (inverse CDF), scipy.stats.t.ppf; Cornish-Fisher start, bracketed Newton on the tail. */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // lower-tail probability of -|t|; solve sf(t) = q for t > 0
  if (df === 1) {
    const t = 1 / Math.tan(Math.PI * q); // cot(pi q) = tan(pi (1/2 - q)), accurate for small q
    return upper ? t : -t;
  }
  const z = -normalQuantile(q);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
  // Polynomial tail: sf(t) ~ df^(df/2-1) t^-df / B(df/2, 1/2) for large t.
  const tailGuess = Math.exp(((df / 2 - 1) * Math.log(df) - logBeta(df / 2, 0.5) - Math.log(q)) / df);
  if (!(t > 0) || !Number.isFinite(t) || (q < 1e-3 && tailGuess > t)) t = tailGuess;
  const logq = Math.log(q);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 300; i++) {
    const sf = studentTSf(t, df);
    const g = Math.log(sf) - logq; // decreasing in t
    if (g === 0) break;
    if (g > 0) lo = Math.max(lo, t);
    else hi = Math.min(hi, t);
    let next = t + g * Math.exp(Math.log(sf) - studentTLogPdf(t, df));
    if (!(next >= lo && next <= hi && Number.isFinite(next))) next = Number.isFinite(hi) ? (lo + hi) / 2 : 2 * Math.max(t, lo, 1);
    const step = Math.abs(next - t);
    t = next;
    if (step <= 2e-16 * t) break;
  }
  return upper ? t : -t;
}
