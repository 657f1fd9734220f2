// Elo ratings from pairwise LLM judgments (methods §7; Supplementary Information G) and adaptive pair sampling.

import { AnalysisDataError } from './errors.js';

/** One pairwise judgment: the two items compared and the preferred one (null = tie, scored 1/2 each). */
export interface EloJudgment {
  a: string;
  b: string;
  winner: string | null;
  /** Order of application; judgments are applied by ascending trial (input order breaks ties). */
  trial?: number;
}

/** Elo parameters (methods §7 defaults: K = 32, start 1000). */
export interface EloOptions {
  /** K factor; default 32. */
  k?: number;
  /** Starting rating; default 1000. */
  initial?: number;
  /** Items that start rated even if never compared. */
  items?: readonly string[];
}

/** Final ratings and number of games per item. */
export interface EloResult {
  ratings: Record<string, number>;
  games: Record<string, number>;
}

/** What one game moves A's rating by (B's moves by the opposite): K (S_a - E_a), E_a = 1 / (1 + 10^((R_b - R_a)/400)). */
export function eloShift(ra: number, rb: number, sa: number, k = 32): number {
  const ea = 1 / (1 + 10 ** ((rb - ra) / 400));
  return k * (sa - ea);
}

/** One Elo update: the new ratings of A and B after A scored sa (1 win, 0 loss, 1/2 tie). */
export function eloUpdate(ra: number, rb: number, sa: number, k = 32): [number, number] {
  const d = eloShift(ra, rb, sa, k);
  return [ra + d, rb - d];
}

/**
 * Sequential Elo (methods §7): all items start at `initial`; in trial order E_a = 1 / (1 + 10^((R_b - R_a)/400)),
 * R_a += K (S_a - E_a) and R_b -= the same amount (S_a = 1 win, 0 loss, 1/2 tie).
 */
export function elo(judgments: readonly EloJudgment[], opts: EloOptions = {}): EloResult {
  const K = opts.k ?? 32;
  const R0 = opts.initial ?? 1000;
  const ratings: Record<string, number> = {};
  const games: Record<string, number> = {};
  for (const it of opts.items ?? []) {
    ratings[it] = R0;
    games[it] = 0;
  }
  const order = judgments.map((j, i) => [j, i] as const);
  order.sort((x, y) => (x[0].trial ?? x[1]) - (y[0].trial ?? y[1]) || x[1] - y[1]);
  for (const [j] of order) {
    if (j.a === j.b) throw new AnalysisDataError(`elo: an item cannot be compared with itself ('${j.a}')`);
    if (j.winner !== null && j.winner !== j.a && j.winner !== j.b) throw new Error(`elo: winner '${j.winner}' is neither '${j.a}' nor '${j.b}'`);
    for (const it of [j.a, j.b]) {
      if (!(it in ratings)) {
        ratings[it] = R0;
        games[it] = 0;
      }
      games[it]++;
    }
    const sa = j.winner === null ? 0.5 : j.winner === j.a ? 1 : 0;
    [ratings[j.a], ratings[j.b]] = eloUpdate(ratings[j.a], ratings[j.b], sa, K);
  }
  return { ratings, games };
}

/**
 * Adaptive choice of the next pair within one scenario (methods §7): take an item among those compared least
 * (uniformly at random among ties), and pair it with the other item whose current rating is closest (ties: fewer
 * games, then random). Deterministic for a seeded `rng`.
 */
export function nextEloPair(items: readonly string[], state: EloResult, rng: () => number): [string, string] {
  if (items.length < 2) throw new AnalysisDataError('elo pairing: needs at least 2 items');
  const rating = (it: string) => state.ratings[it] ?? 1000;
  const games = (it: string) => state.games[it] ?? 0;
  const minGames = Math.min(...items.map(games));
  const least = items.filter((it) => games(it) === minGames);
  const first = least[Math.floor(rng() * least.length)];
  let best: string[] = [];
  let bestKey: [number, number] = [Infinity, Infinity];
  for (const it of items) {
    if (it === first) continue;
    const key: [number, number] = [Math.abs(rating(it) - rating(first)), games(it)];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      bestKey = key;
      best = [it];
    } else if (key[0] === bestKey[0] && key[1] === bestKey[1]) best.push(it);
  }
  return [first, best[Math.floor(rng() * best.length)]];
}

/** Elo ratings of integer-coded items (Float64Array by code) and their games (0: never compared, so not rated). */
export interface EloCodesResult {
  ratings: Float64Array;
  games: Int32Array;
}

/**
 * elo() for items coded 0 … items - 1, in the order given (the trial order), on typed arrays: the same updates (eloShift, as
 * eloUpdate), without a string key and an object per judgment (at 100x, 500,000 judgments of
 * 290,400 conversations: string-keyed records were most of the analysis). `choice` 0: a won, 1: b won, else a tie.
 */
export function eloCodes(
  a: ArrayLike<number>, b: ArrayLike<number>, choice: ArrayLike<number>, n: number, items: number, opts: Omit<EloOptions, 'items'> = {},
): EloCodesResult {
  const K = opts.k ?? 32;
  const R0 = opts.initial ?? 1000;
  const ratings = new Float64Array(items).fill(R0);
  const games = new Int32Array(items);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) throw new AnalysisDataError(`elo: an item cannot be compared with itself ('${x}')`);
    games[x]++;
    games[y]++;
    const sa = choice[i] === 0 ? 1 : choice[i] === 1 ? 0 : 0.5;
    const d = eloShift(ratings[x], ratings[y], sa, K);
    ratings[x] += d;
    ratings[y] -= d;
  }
  return { ratings, games };
}
