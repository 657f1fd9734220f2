// Bradley-Terry strengths from pairwise choices by the MM algorithm of Hunter (2004), "MM algorithms for
// generalized Bradley-Terry models", Ann. Statist. 32(1), 384-406 (methods §6; Fig. 6C), started from Newton steps
// (bradleyTerryNewton.ts) that bring it to the maximum in a handful of steps instead of hundreds.

import { newtonAscent } from './bradleyTerryNewton.js';
import { AnalysisDataError } from './errors.js';
import { PairTable } from './pair-table.js';

/** One pairwise choice: the preferred and the other item. */
export interface PairwiseChoice {
  winner: string;
  loser: string;
}

/** Options of bradleyTerry(). */
export interface BradleyTerryOptions {
  /** Items to rate (default: every item that appears, sorted). */
  items?: readonly string[];
  /**
   * Pseudo-count used only when the plain MLE does not exist (see `regularized`): every item gets `prior` wins and
   * `prior` losses against a virtual item of strength 1. Default 0.5.
   */
  prior?: number;
  /** Stop when max |log gamma_new - log gamma_old| < tol; default 1e-13. */
  tol?: number;
  /** Steps at most, Newton's and MM's together (default 100,000); the fit is `converged` only if MM's rule stopped it. */
  maxIter?: number;
}

/** Bradley-Terry strengths with the counts they rest on and how they were obtained. */
export interface BradleyTerryResult {
  items: string[];
  /** Strengths gamma_i, normalised to geometric mean 1 (P(i beats j) = gamma_i / (gamma_i + gamma_j)). */
  strength: number[];
  /** log gamma_i (mean 0). */
  logStrength: number[];
  wins: number[];
  games: number[];
  /** Newton steps and MM steps taken (the MM steps confirm the maximum by their stopping rule). */
  iterations: number;
  converged: boolean;
  /**
   * False: the exact maximum-likelihood estimate. True: the comparison graph is not strongly connected (Hunter's
   * Assumption 1 fails, e.g. an item with zero wins or zero losses), so the MLE does not exist (some strengths would
   * be 0 or infinite); the estimate then maximises the likelihood augmented with `prior` virtual wins and losses per
   * item against a fixed item of strength 1, which keeps every strength finite and the order of the others intact.
   */
  regularized: boolean;
  /** Items with zero wins (their plain-MLE strength would be 0). */
  zeroWinItems: string[];
}

/** True when every item can reach every other along "beat" edges (Hunter 2004, Assumption 1); edge e: w[e] beat l[e]. */
function stronglyConnected(k: number, w: Int32Array, l: Int32Array): boolean {
  if (k <= 1) return true;
  // Each direction's adjacency in compressed rows (at 100x: 15,000 items, 75,000 choices per scenario; a Set per item
  // cost more than the check).
  const reach = (from: Int32Array, to: Int32Array) => {
    const start = new Int32Array(k + 1);
    for (let e = 0; e < from.length; e++) start[from[e] + 1]++;
    for (let i = 0; i < k; i++) start[i + 1] += start[i];
    const fill = start.slice(0, k);
    const adj = new Int32Array(from.length);
    for (let e = 0; e < from.length; e++) adj[fill[from[e]]++] = to[e];
    const seen = new Uint8Array(k);
    const stack = new Int32Array(k);
    let top = 0;
    stack[top++] = 0;
    seen[0] = 1;
    let count = 1;
    while (top > 0) {
      const v = stack[--top];
      for (let e = start[v]; e < start[v + 1]; e++) {
        const u = adj[e];
        if (!seen[u]) {
          seen[u] = 1;
          count++;
          stack[top++] = u;
        }
      }
    }
    return count === k;
  };
  return reach(w, l) && reach(l, w);
}

/**
 * Bradley-Terry maximum-likelihood strengths by Hunter's MM iteration gamma_i <- W_i / sum_j n_ij / (gamma_i +
 * gamma_j), renormalised to geometric mean 1 every step. When the MLE does not exist the virtual-opponent prior
 * described on `regularized` is added (and reported), instead of returning zeros or infinities.
 */
export function bradleyTerry(choices: readonly PairwiseChoice[], opts: BradleyTerryOptions = {}): BradleyTerryResult {
  const items = opts.items ? [...opts.items] : [...new Set(choices.flatMap((c) => [c.winner, c.loser]))].sort();
  if (items.length < 2) throw new AnalysisDataError('Bradley-Terry: needs at least 2 items');
  const idx = new Map(items.map((it, i) => [it, i]));
  const w = new Int32Array(choices.length);
  const l = new Int32Array(choices.length);
  choices.forEach((c, e) => {
    const wi = idx.get(c.winner);
    const li = idx.get(c.loser);
    if (wi === undefined || li === undefined) throw new Error(`Bradley-Terry: choice between unknown items '${c.winner}' and '${c.loser}'`);
    if (wi === li) throw new AnalysisDataError(`Bradley-Terry: an item cannot be compared with itself ('${c.winner}')`);
    w[e] = wi;
    l[e] = li;
  });
  const fit = fitIndexed(items.length, w, l, (i) => items[i], opts);
  return { ...fit, items, zeroWinItems: items.filter((_, i) => fit.wins[i] === 0) };
}

/**
 * bradleyTerry() over integer item codes (conversation codes at 100x: no string per choice), the choices as a
 * winner and a loser column. The items are every code that appears, ordered as their decimal strings sort (the order
 * bradleyTerry() gives `String(code)` items), so both return the same estimates to the last bit.
 */
export function bradleyTerryCodes(
  winner: ArrayLike<number>, loser: ArrayLike<number>, opts: Omit<BradleyTerryOptions, 'items'> = {},
): Omit<BradleyTerryResult, 'items' | 'zeroWinItems'> & { items: number[]; zeroWinItems: number[] } {
  const n = winner.length;
  if (loser.length !== n) throw new Error(`Bradley-Terry: ${n} winners but ${loser.length} losers`);
  let max = -1;
  for (let e = 0; e < 2 * n; e++) {
    const c = e < n ? winner[e] : loser[e - n];
    if (!(Number.isInteger(c) && c >= 0)) throw new Error(`Bradley-Terry: item code ${c} is not a non-negative integer`);
    if (c > max) max = c;
  }
  const index = new Int32Array(max + 1).fill(-1);
  const items: number[] = [];
  for (let e = 0; e < 2 * n; e++) {
    const c = e < n ? winner[e] : loser[e - n];
    if (index[c] < 0) {
      index[c] = 0;
      items.push(c);
    }
  }
  inDecimalOrder(items);
  items.forEach((c, i) => (index[c] = i));
  const w = new Int32Array(n);
  const l = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    w[e] = index[winner[e]];
    l[e] = index[loser[e]];
  }
  const fit = fitIndexed(items.length, w, l, (i) => String(items[i]), opts);
  return { ...fit, items, zeroWinItems: items.filter((_, i) => fit.wins[i] === 0) };
}

/**
 * Sorts non-negative integers (below 2^31) in place as their decimal strings sort (10 before 9), by one numeric key
 * each rather than a string comparison per pair: the digits padded on the right with zeros to ten (the same order
 * wherever two strings differ), then the digit count (a string before those it begins: 1, 10, 100).
 */
function inDecimalOrder(codes: number[]): void {
  const keys = new Float64Array(codes.length);
  codes.forEach((c, i) => {
    let digits = 1;
    for (let p = 10; p <= c; p *= 10) digits++;
    keys[i] = c * 10 ** (10 - digits) * 16 + digits;
  });
  keys.sort();
  keys.forEach((key, i) => {
    const digits = key % 16;
    codes[i] = (key - digits) / 16 / 10 ** (10 - digits);
  });
}

/** The fit over items 0..k-1, choice e being w[e] beat l[e]; `name` labels items in errors. */
function fitIndexed(k: number, w: Int32Array, l: Int32Array, name: (i: number) => string, opts: Omit<BradleyTerryOptions, 'items'>): Omit<BradleyTerryResult, 'items' | 'zeroWinItems'> {
  if (k < 2) throw new AnalysisDataError('Bradley-Terry: needs at least 2 items');
  const wins = new Float64Array(k);
  const games = new Float64Array(k);
  // The pairs as typed columns in order of first appearance (the order the sums below have always been taken in, so
  // the estimates are the same to the last bit), counted in a pair table (pair-table.ts) rather than a Map: at 100x a
  // scenario has thousands of items and tens of thousands of pairs, and the iteration runs hundreds of times over them.
  const choices = w.length;
  const table = new PairTable(choices);
  const counts = new Float64Array(choices);
  for (let e = 0; e < choices; e++) {
    const wi = w[e];
    const li = l[e];
    if (wi === li) throw new AnalysisDataError(`Bradley-Terry: an item cannot be compared with itself ('${name(wi)}')`);
    wins[wi]++;
    games[wi]++;
    games[li]++;
    counts[table.find(Math.min(wi, li), Math.max(wi, li), true)]++;
  }
  const { lo: pairI, hi: pairJ, size: pairs } = table;
  for (let i = 0; i < k; i++) if (games[i] === 0) throw new Error(`Bradley-Terry: item '${name(i)}' was never compared`);
  const pairN = counts.subarray(0, pairs);
  const regularized = !stronglyConnected(k, w, l);
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
  // Plain MM needs thousands of steps on a sparse graph (7,341 for 15,000 items and 75,000 choices), and even
  // accelerated by SQUAREM (Varadhan & Roland 2008, Scand. J. Statist. 35, 335-353, scheme S3, below) about 180 for
  // a 100x study's scenario (3,000 items, 30,000 choices) and over 100,000 on a long chain. Newton steps from 0
  // (newtonAscent) take that to under ten, to the maximum within rounding; MM then checks it with its own stopping rule,
  // a plain step changing no log strength by tol or more, and goes on where Newton stopped short. The SQUAREM steps
  // are two MM steps, an extrapolation along them, one MM step from there, kept only if the likelihood is at least
  // that of the two plain steps (else those are kept), so they never do worse than MM.
  let theta = new Float64Array(k);
  const one = new Float64Array(k), two = new Float64Array(k), jump = new Float64Array(k), settled = new Float64Array(k);
  // The first step (r) and the change between the two steps (v) of the extrapolation.
  const r = new Float64Array(k), v = new Float64Array(k);
  let iterations = newtonAscent(wins, { pairI: pairI.subarray(0, pairs), pairJ: pairJ.subarray(0, pairs), pairN }, a, !regularized, theta, logLikelihood, maxIter);
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
    strength: logStrength.map(Math.exp),
    logStrength,
    wins: Array.from(wins),
    games: Array.from(games),
    iterations,
    converged,
    regularized,
  };
}
