// Bradley-Terry as it was before it took code columns (main/analysis/bradleyTerry.ts: bradleyTerryCodes, a typed pair
// table, the connectivity check over compressed rows): string items, a Map of pair counts, a Set per item, kept as the
// oracle of tests/analysis/preference-fit.test.ts.

import { AnalysisDataError, type BradleyTerryOptions, type BradleyTerryResult, type PairwiseChoice } from '../../main/analysis/index.js';

/** True when every item can reach every other along "beat" edges (Hunter 2004, Assumption 1). */
function stronglyConnected(k: number, beat: Set<number>[]): boolean {
  if (k <= 1) return true;
  const reach = (adj: Set<number>[]) => {
    const seen = new Uint8Array(k);
    const stack = [0];
    seen[0] = 1;
    let count = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (const w of adj[v])
        if (!seen[w]) {
          seen[w] = 1;
          count++;
          stack.push(w);
        }
    }
    return count === k;
  };
  const rev: Set<number>[] = Array.from({ length: k }, () => new Set<number>());
  beat.forEach((s, v) => s.forEach((w) => rev[w].add(v)));
  return reach(beat) && reach(rev);
}

/**
 * Bradley-Terry maximum-likelihood strengths by Hunter's MM iteration gamma_i <- W_i / sum_j n_ij / (gamma_i +
 * gamma_j), renormalised to geometric mean 1 every step. When the MLE does not exist the virtual-opponent prior
 * described on `regularized` is added (and reported), instead of returning zeros or infinities.
 */
export function previousBradleyTerry(choices: readonly PairwiseChoice[], opts: BradleyTerryOptions = {}): BradleyTerryResult {
  const items = opts.items ? [...opts.items] : [...new Set(choices.flatMap((c) => [c.winner, c.loser]))].sort();
  const k = items.length;
  if (k < 2) throw new AnalysisDataError('Bradley-Terry: needs at least 2 items');
  const idx = new Map(items.map((it, i) => [it, i]));
  const wins = new Float64Array(k);
  const games = new Float64Array(k);
  const pairCount = new Map<number, number>(); // key i*k+j with i<j
  const beat: Set<number>[] = Array.from({ length: k }, () => new Set<number>());
  for (const c of choices) {
    const w = idx.get(c.winner);
    const l = idx.get(c.loser);
    if (w === undefined || l === undefined) throw new Error(`Bradley-Terry: choice between unknown items '${c.winner}' and '${c.loser}'`);
    if (w === l) throw new AnalysisDataError(`Bradley-Terry: an item cannot be compared with itself ('${c.winner}')`);
    wins[w]++;
    games[w]++;
    games[l]++;
    beat[w].add(l);
    const key = Math.min(w, l) * k + Math.max(w, l);
    pairCount.set(key, (pairCount.get(key) ?? 0) + 1);
  }
  for (let i = 0; i < k; i++) if (games[i] === 0) throw new Error(`Bradley-Terry: item '${items[i]}' was never compared`);
  // The pairs as typed columns, in the map's insertion order (the order the sums below have always been taken in, so
  // the estimates are the same to the last bit): at 100x a scenario has 15,000 items and 75,000 pairs, and the
  // iteration runs thousands of times over them.
  const pairI = new Int32Array(pairCount.size);
  const pairJ = new Int32Array(pairCount.size);
  const pairN = new Float64Array(pairCount.size);
  let p = 0;
  for (const [key, n] of pairCount) {
    pairI[p] = Math.floor(key / k);
    pairJ[p] = key % k;
    pairN[p++] = n;
  }
  const regularized = !stronglyConnected(k, beat);
  const a = regularized ? (opts.prior ?? 0.5) : 0;
  if (regularized && !(a > 0)) throw new Error('Bradley-Terry: the MLE does not exist (comparison graph not strongly connected) and prior is 0');
  const tol = opts.tol ?? 1e-13;
  const maxIter = opts.maxIter ?? 100000;
  const denom = new Float64Array(k);
  const strengths = new Float64Array(k);
  /** One MM step from log strengths `from` into `to` (mean 0 unless regularized); returns max |to - from|. */
  const step = (from: Float64Array, to: Float64Array): number => {
    for (let i = 0; i < k; i++) strengths[i] = Math.exp(from[i]);
    denom.fill(0);
    for (let q = 0; q < pairN.length; q++) {
      const i = pairI[q], j = pairJ[q];
      const t = pairN[q] / (strengths[i] + strengths[j]);
      denom[i] += t;
      denom[j] += t;
    }
    let logMean = 0;
    for (let i = 0; i < k; i++) {
      to[i] = Math.log((wins[i] + a) / (denom[i] + (2 * a) / (strengths[i] + 1)));
      logMean += to[i];
    }
    logMean /= k;
    let change = 0;
    for (let i = 0; i < k; i++) {
      if (!regularized) to[i] -= logMean;
      change = Math.max(change, Math.abs(to[i] - from[i]));
    }
    return change;
  };
  /** The (prior-augmented) log-likelihood at log strengths `theta`, which every MM step increases. */
  const logLikelihood = (theta: Float64Array): number => {
    let l = 0;
    for (let i = 0; i < k; i++) {
      strengths[i] = Math.exp(theta[i]);
      l += (wins[i] + a) * theta[i] - (a > 0 ? 2 * a * Math.log(strengths[i] + 1) : 0);
    }
    for (let q = 0; q < pairN.length; q++) l -= pairN[q] * Math.log(strengths[pairI[q]] + strengths[pairJ[q]]);
    return l;
  };
  // Plain MM needs thousands of steps on a sparse graph (7,341 for 15,000 items and 75,000 choices, a 100x study's
  // scenario), so the steps are accelerated by SQUAREM (Varadhan & Roland 2008, Scand. J. Statist. 35, 335-353,
  // scheme S3) on the log strengths: two MM steps, an extrapolation along them, one MM step from there, kept only if
  // the likelihood is at least that of the two plain steps (else those are kept), so it never does worse than MM. The
  // stopping rule is MM's: a plain step changing no log strength by tol or more; `iterations` counts MM steps.
  let theta = new Float64Array(k);
  const one = new Float64Array(k), two = new Float64Array(k), jump = new Float64Array(k), settled = new Float64Array(k);
  // The first step (r) and the change between the two steps (v) of the extrapolation.
  const r = new Float64Array(k), v = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    if (step(theta, one) < tol) { theta = one; converged = true; break; }
    if (iterations >= maxIter) { theta = one; break; }
    iterations++;
    if (step(one, two) < tol) { theta = two; converged = true; break; }
    let rr = 0, vv = 0;
    for (let i = 0; i < k; i++) {
      r[i] = one[i] - theta[i];
      v[i] = two[i] - 2 * one[i] + theta[i];
      rr += r[i] * r[i];
      vv += v[i] * v[i];
    }
    // alpha = -1 is the two plain steps; a longer jump only where the steps' curvature is measurable.
    const alpha = vv > 0 ? Math.min(-1, -Math.sqrt(rr / vv)) : -1;
    if (alpha === -1 || iterations >= maxIter) { theta.set(two); continue; }
    for (let i = 0; i < k; i++) jump[i] = theta[i] - 2 * alpha * r[i] + alpha * alpha * v[i];
    iterations++;
    step(jump, settled);
    const better = settled.every(Number.isFinite) && logLikelihood(settled) >= logLikelihood(two);
    theta.set(better ? settled : two);
  }
  const gamma = Float64Array.from(theta, Math.exp);
  const logs = Array.from(gamma, Math.log);
  const m = logs.reduce((s, v) => s + v, 0) / k;
  const logStrength = logs.map((v) => v - m);
  return {
    items,
    strength: logStrength.map(Math.exp),
    logStrength,
    wins: Array.from(wins),
    games: Array.from(games),
    iterations,
    converged,
    regularized,
    zeroWinItems: items.filter((_, i) => wins[i] === 0),
  };
}
