// Newton's method for the Bradley-Terry log-likelihood (bradleyTerry.ts), which the MM steps then finish: on a sparse
// comparison graph MM converges linearly and slowly (a 100x study's scenario: 3,000 items, 30,000 choices, 180
// SQUAREM-accelerated MM steps and 120 likelihood evaluations, each a log per pair), whereas Newton converges
// quadratically: 8 steps there, then one MM step that confirms the maximum. The Hessian is a weighted graph Laplacian
// (plus a diagonal from the prior), so each Newton system is solved by conjugate gradients preconditioned by its
// diagonal (about 60 products over the pairs in all at 100x), never a k x k matrix.

/** The pairs of a fit: item indexes (pairI[q] < pairJ[q]) and how many choices each pair had. */
export interface BradleyTerryPairs {
  pairI: Int32Array;
  pairJ: Int32Array;
  pairN: Float64Array;
}

/** Newton steps the ascent takes at most (a checked step only when the likelihood rises; near the maximum, unchecked, see newtonAscent). */
const MAX_STEPS = 50;
/** Below this Newton decrement g'H^-1 g the full step is taken unchecked: the likelihood's rounding exceeds the gain. */
const QUADRATIC_REGION = 1e-6;
/** A Newton step this small is the last one: quadratic convergence leaves an error of its square. */
const LAST_STEP = 1e-9;

/**
 * Moves `theta` (log strengths, in place) towards the maximum of the log-likelihood
 *   l(theta) = sum_i (W_i + a) theta_i - 2a sum_i log(e^theta_i + 1) - sum_q n_q log(e^theta_i + e^theta_j)
 * (a: the prior's virtual wins and losses, 0 for the plain MLE) by Newton steps with a backtracking line search
 * on `logLikelihood` (Armijo), so that every step raises the likelihood (but the last ones, whose gain is below its
 * rounding). Without a prior the likelihood does not change along theta + c, so `center` keeps the mean at 0. Returns
 * the number of steps taken; the caller checks convergence by its own rule (the MM step's), so an early stop here
 * costs time, never accuracy.
 */
export function newtonAscent(
  wins: Float64Array, pairs: BradleyTerryPairs, a: number, center: boolean, theta: Float64Array,
  logLikelihood: (theta: Float64Array) => number, maxSteps = MAX_STEPS,
): number {
  const k = theta.length;
  const { pairI, pairJ, pairN } = pairs;
  const s = new Float64Array(k), grad = new Float64Array(k), diag = new Float64Array(k), weight = new Float64Array(pairN.length);
  const dx = new Float64Array(k), trial = new Float64Array(k);
  const r = new Float64Array(k), z = new Float64Array(k), p = new Float64Array(k), hp = new Float64Array(k);
  /** Gradient and Hessian at x (the Hessian as a positive definite -H: its pair weights n p (1 - p) and diagonal). */
  const derivatives = (x: Float64Array) => {
    for (let i = 0; i < k; i++) {
      s[i] = Math.exp(x[i]);
      grad[i] = wins[i] + a - (a > 0 ? (2 * a * s[i]) / (s[i] + 1) : 0);
      diag[i] = a > 0 ? (2 * a * s[i]) / ((s[i] + 1) * (s[i] + 1)) : 0;
    }
    pairTerms(pairs, s, grad, diag, weight);
  };
  /**
   * dx = (-H)^-1 grad by conjugate gradients with the diagonal as preconditioner, to a residual of `rel` times the
   * gradient's (inexact Newton: loose far from the maximum, tight near it). Without a prior -H is singular along the
   * constant vector, to which the gradient (sum 0) and so every residual are orthogonal: the residual's mean, which
   * rounding brings in, is taken out each time, else CG divides it by the (near-)zero curvature along that vector.
   */
  const solve = (rel: number) => {
    const gMean = center ? mean(grad) : 0;
    let rz = 0, gg = 0;
    for (let i = 0; i < k; i++) {
      dx[i] = 0;
      r[i] = grad[i] - gMean;
      z[i] = diag[i] > 0 ? r[i] / diag[i] : r[i];
      p[i] = z[i];
      rz += r[i] * z[i];
      gg += r[i] * r[i];
    }
    const goal = rel * rel * gg;
    for (let it = 0; it < Math.min(k, 500) && rz > 0; it++) {
      hessianTimes(pairI, pairJ, weight, diag, p, hp);
      let php = 0;
      for (let i = 0; i < k; i++) php += p[i] * hp[i];
      if (!(php > 0)) break;
      const alpha = rz / php;
      let rMean = 0;
      for (let i = 0; i < k; i++) {
        dx[i] += alpha * p[i];
        rMean += (r[i] -= alpha * hp[i]);
      }
      rMean = center ? rMean / k : 0;
      let rr = 0, rzNew = 0;
      for (let i = 0; i < k; i++) {
        r[i] -= rMean;
        z[i] = diag[i] > 0 ? r[i] / diag[i] : r[i];
        rr += r[i] * r[i];
        rzNew += r[i] * z[i];
      }
      if (rr <= goal) break;
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < k; i++) p[i] = z[i] + beta * p[i];
    }
  };
  // The likelihood at theta, evaluated only when a line search needs it (a log per pair).
  let ll: number | null = null;
  let steps = 0;
  derivatives(theta);
  while (steps < Math.min(MAX_STEPS, maxSteps)) {
    let gmax = 0;
    for (let i = 0; i < k; i++) gmax = Math.max(gmax, Math.abs(grad[i]));
    solve(Math.min(0.1, Math.max(gmax, 1e-10)));
    let decrement = 0, size = 0;
    for (let i = 0; i < k; i++) {
      decrement += grad[i] * dx[i];
      size = Math.max(size, Math.abs(dx[i]));
      trial[i] = theta[i] + dx[i];
    }
    if (!(decrement > 0 && Number.isFinite(size))) break;
    // The next step's derivatives, at the full step. Along theta + t dx the likelihood is concave in t, so its rise
    // over the full step is at least the slope at its end: a slope still 1e-4 of the start's passes Armijo's test
    // without evaluating the likelihood.
    derivatives(trial);
    let slope = 0;
    for (let i = 0; i < k; i++) slope += grad[i] * dx[i];
    let t = 1;
    if (decrement > QUADRATIC_REGION && !(slope >= 1e-4 * decrement)) {
      // Backtracking: halve the step until the likelihood rises by at least 1e-4 of what the slope promises.
      ll ??= logLikelihood(theta);
      for (; t > 1e-10; t /= 2) {
        for (let i = 0; i < k; i++) trial[i] = theta[i] + t * dx[i];
        const llTrial = logLikelihood(trial);
        if (llTrial >= ll + 1e-4 * t * decrement) {
          ll = llTrial;
          break;
        }
      }
      if (t <= 1e-10) break;
      if (t < 1) derivatives(trial);
    } else ll = null;
    theta.set(trial);
    if (center) {
      const m = mean(theta);
      for (let i = 0; i < k; i++) theta[i] -= m;
    }
    steps++;
    if (t === 1 && size < LAST_STEP) break;
  }
  return steps;
}

/**
 * The pairs' terms of the gradient (less n p for each item) and of -H (each pair's weight n p (1 - p), added to both
 * items' diagonal) at strengths s. A function of its arrays rather than a closure, as hessianTimes.
 */
function pairTerms({ pairI, pairJ, pairN }: BradleyTerryPairs, s: Float64Array, grad: Float64Array, diag: Float64Array, weight: Float64Array): void {
  for (let q = 0; q < pairN.length; q++) {
    const i = pairI[q], j = pairJ[q];
    const si = s[i], sj = s[j];
    const t = pairN[q] / (si + sj);
    grad[i] -= si * t;
    grad[j] -= sj * t;
    // n p (1 - p), symmetric in i and j to the last bit (items in isomorphic places of the graph stay exactly tied).
    const w = (t * (si * sj)) / (si + sj);
    weight[q] = w;
    diag[i] += w;
    diag[j] += w;
  }
}

/**
 * out = -H v: the diagonal times v less, for each pair, its weight times the other item's v. A function of its
 * arrays rather than a closure over them: V8 runs this loop (most of the fit's time) about twice as fast so.
 */
function hessianTimes(pairI: Int32Array, pairJ: Int32Array, weight: Float64Array, diag: Float64Array, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < diag.length; i++) out[i] = diag[i] * v[i];
  for (let q = 0; q < weight.length; q++) {
    const i = pairI[q], j = pairJ[q], w = weight[q];
    out[i] -= w * v[j];
    out[j] -= w * v[i];
  }
}

/** The mean of x. */
function mean(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}
