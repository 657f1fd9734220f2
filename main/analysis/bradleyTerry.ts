// Bradley-Terry strengths from pairwise choices by the MM algorithm of Hunter (2004), "MM algorithms for
// generalized Bradley-Terry models", Ann. Statist. 32(1), 384-406 (methods §6; Fig. 6C).

import { AnalysisDataError } from './errors.js';

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
export function bradleyTerry(choices: readonly PairwiseChoice[], opts: BradleyTerryOptions = {}): BradleyTerryResult {
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
  const pairs = [...pairCount.entries()].map(([key, n]) => [Math.floor(key / k), key % k, n] as const);
  const regularized = !stronglyConnected(k, beat);
  const a = regularized ? (opts.prior ?? 0.5) : 0;
  if (regularized && !(a > 0)) throw new Error('Bradley-Terry: the MLE does not exist (comparison graph not strongly connected) and prior is 0');
  const tol = opts.tol ?? 1e-13;
  const maxIter = opts.maxIter ?? 100000;
  let gamma = new Float64Array(k).fill(1);
  const denom = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    denom.fill(0);
    for (const [i, j, n] of pairs) {
      const t = n / (gamma[i] + gamma[j]);
      denom[i] += t;
      denom[j] += t;
    }
    const next = new Float64Array(k);
    let logMean = 0;
    for (let i = 0; i < k; i++) {
      next[i] = (wins[i] + a) / (denom[i] + (2 * a) / (gamma[i] + 1));
      logMean += Math.log(next[i]);
    }
    logMean /= k;
    if (!regularized) {
      const s = Math.exp(-logMean);
      for (let i = 0; i < k; i++) next[i] *= s;
    }
    let change = 0;
    for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(Math.log(next[i]) - Math.log(gamma[i])));
    gamma = next;
    if (change < tol) {
      converged = true;
      break;
    }
  }
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
