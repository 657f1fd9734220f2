import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { bradleyTerry, bradleyTerryCodes } from './bradleyTerry.js';
import { averageRanks, fisherCi, spearman } from './correlation.js';
import { elo, nextEloPair } from './elo.js';
import { mulberry32 } from './random.js';

const BT = fixture('bradley_terry.json');
const SP = fixture('spearman.json');
const EL = fixture('elo.json');

const choices = (c: { comparisons: [string, string][] }) => c.comparisons.map(([winner, loser]) => ({ winner, loser }));

describe('Bradley-Terry (MM, Hunter 2004) vs maximum likelihood through statsmodels Logit', () => {
  it('MLE strengths, geometric mean 1', () => {
    const c = BT.cases[0];
    const r = bradleyTerry(choices(c), { items: c.items });
    expect(r.regularized).toBe(false);
    expect(r.converged).toBe(true);
    closeAll(r.strength, c.strength, 'strength');
    close(r.logStrength.reduce((s, v) => s + v, 0), 0, 'sum of log strengths', 0, 1e-12);
    expect(r.wins.reduce((s, v) => s + v, 0)).toBe(c.comparisons.length);
  });
  it('Spearman of BT strengths with scores and with Elo (scipy)', () => {
    const c = BT.cases[0];
    const r = bradleyTerry(choices(c));
    const s1 = spearman(r.strength, c.score);
    const s2 = spearman(r.strength, c.elo);
    closeAll([s1.rho, s1.p], c.rho_score, 'rho score');
    closeAll([s2.rho, s2.p], c.rho_elo, 'rho elo');
  });
  it('an item with zero wins: MLE does not exist, virtual-opponent prior (statsmodels GLM with freq weights)', () => {
    const c = BT.cases[1];
    const r = bradleyTerry(choices(c), { items: c.items, prior: c.prior });
    expect(r.regularized).toBe(true);
    expect(r.zeroWinItems).toEqual(c.zero_win_items);
    expect(r.strength.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    closeAll(r.strength, c.strength, 'strength');
  });
  it('stops at the maximum on a sparse graph (Newton steps, then MM): every item wins what its strengths predict', () => {
    // 2,000 items in 40 choices each on average, a strength signal, strongly connected: Hunter's score equations
    // W_i = sum_j n_ij g_i / (g_i + g_j) hold at the MLE; MM needs hundreds of steps here (43 with SQUAREM).
    const picks = randomPicks(7, 2000, 40_000, 1);
    const r = bradleyTerry(picks);
    expect([r.regularized, r.converged]).toEqual([false, true]);
    expect(scoreResidual(r, picks)).toBeLessThan(1e-12);
    expect(r.iterations).toBeLessThan(15);
  });
  it('maxIter caps Newton and MM steps together: a fit stopped short says it did not converge', () => {
    const picks = randomPicks(7, 2000, 40_000, 1);
    for (const maxIter of [1, 3]) {
      const r = bradleyTerry(picks, { maxIter });
      expect([r.iterations <= maxIter, r.converged]).toEqual([true, false]);
    }
  });
  it('at 100x shape (items that never win, the prior): the augmented score equations hold', () => {
    // 1,000 items in 20 choices each, strengths spread over e^3: some items never win, so the virtual wins and
    // losses of `prior` enter the likelihood (SQUAREM took 145 MM steps here).
    const picks = randomPicks(3, 1000, 10_000, 3);
    const r = bradleyTerry(picks);
    expect([r.regularized, r.converged, r.zeroWinItems.length > 0]).toEqual([true, true, true]);
    expect(scoreResidual(r, picks, 0.5)).toBeLessThan(1e-12);
    expect(r.iterations).toBeLessThan(15);
  });
  it('a long chain, where MM does not converge in 100,000 steps: Newton reaches the maximum', () => {
    // 300 items in a line, each beating the next 9 times of 10: strongly connected, strengths spread over e^650.
    const picks: { winner: string; loser: string }[] = [];
    for (let i = 0; i + 1 < 300; i++) {
      for (let t = 0; t < 9; t++) picks.push({ winner: String(i), loser: String(i + 1) });
      picks.push({ winner: String(i + 1), loser: String(i) });
    }
    const r = bradleyTerry(picks);
    expect([r.regularized, r.converged]).toEqual([false, true]);
    expect(scoreResidual(r, picks)).toBeLessThan(1e-12);
    // Neighbours' odds are 9:1 at the maximum: item 0's score equation gives 9 = 10 p01, and each next item's the next pair's.
    close(r.logStrength[r.items.indexOf('100')] - r.logStrength[r.items.indexOf('101')], Math.log(9), 'log odds', 1e-9);
  });
  it('over integer codes: the same estimates as over their decimal strings (items in string order: 10 before 9)', () => {
    const random = mulberry32(11);
    for (const [k, n, spread] of [[300, 4000, 1], [40, 60, 3]]) {
      // Codes scattered over 0..k*spread (gaps, one to five digits); the second case is too sparse to be connected.
      const code = Array.from({ length: k }, (_, i) => i * spread + (i % 3));
      const winner = new Int32Array(n);
      const loser = new Int32Array(n);
      for (let t = 0; t < n; t++) {
        const a = Math.floor(random() * k);
        const b = (a + 1 + Math.floor(random() * (k - 1))) % k;
        [winner[t], loser[t]] = random() < 0.5 + a / (4 * k) ? [code[a], code[b]] : [code[b], code[a]];
      }
      const byCode = bradleyTerryCodes(winner, loser);
      const byText = bradleyTerry(Array.from(winner, (w, t) => ({ winner: String(w), loser: String(loser[t]) })));
      expect(byCode).toEqual({ ...byText, items: byText.items.map(Number), zeroWinItems: byText.zeroWinItems.map(Number) });
      expect(byCode.items.map(String)).toEqual(byCode.items.map(String).sort());
    }
    // Codes at the digit counts' edges, each beating the next in a cycle: still string order.
    const edge = [1_000_000, 0, 99, 1, 100_000, 9, 100, 10, 999_999, 120, 12];
    expect(bradleyTerryCodes(edge, edge.map((_, i) => edge[(i + 1) % edge.length])).items.map(String)).toEqual(edge.map(String).sort());
    expect(() => bradleyTerryCodes([1, 2], [2, 2])).toThrow(/itself \('2'\)/);
    expect(() => bradleyTerryCodes([1], [-1])).toThrow(/not a non-negative integer/);
  });
  it('errors: unknown item, self comparison, never compared item, fewer than 2 items, prior 0 without MLE', () => {
    expect(() => bradleyTerry([{ winner: 'a', loser: 'b' }], { items: ['a', 'c'] })).toThrow(/unknown items/);
    expect(() => bradleyTerry([{ winner: 'a', loser: 'a' }, { winner: 'a', loser: 'b' }])).toThrow(/itself/);
    expect(() => bradleyTerry([{ winner: 'a', loser: 'b' }], { items: ['a', 'b', 'c'] })).toThrow(/'c' was never compared/);
    expect(() => bradleyTerry([])).toThrow(/at least 2 items/);
    expect(() => bradleyTerry([{ winner: 'a', loser: 'b' }], { prior: 0 })).toThrow(/prior is 0/);
  });
});

describe('Spearman vs scipy.stats.spearmanr, Fisher CI', () => {
  for (const c of SP.cases) {
    it(c.name, () => {
      const r = spearman(c.x, c.y);
      expect(r.n).toBe(c.n);
      close(r.rho, c.rho, 'rho');
      close(r.p, c.p, 'p', 1e-6, 1e-15);
      if (c.ci === null) expect(r.ci).toBeNull();
      else closeAll(r.ci!, c.ci, 'ci');
    });
  }
  it('average ranks for ties (scipy rankdata)', () => {
    const c = SP.cases[0];
    closeAll(averageRanks(c.x), c.ranks_x, 'ranks');
  });
  it('Fisher CI is null for n <= 3; spearman of < 2 pairs is NaN', () => {
    expect(fisherCi(0.5, 3)).toBeNull();
    expect(Number.isNaN(spearman([1], [2]).rho)).toBe(true);
  });
});

describe('Elo (methods §7)', () => {
  it('sequential K = 32 updates in trial order, ties = 1/2', () => {
    const r = elo(EL.judgments, { items: EL.items });
    for (const it of EL.items) close(r.ratings[it], EL.ratings[it], it, 1e-12);
    const total = Object.values(r.ratings).reduce((s, v) => s + v, 0);
    close(total, 1000 * EL.items.length, 'zero-sum', 1e-14);
  });
  it('textbook update: equal ratings, a wins: +16 / -16', () => {
    const r = elo([{ a: 'x', b: 'y', winner: 'x' }]);
    expect(r.ratings).toEqual({ x: 1016, y: 984 });
  });
  it('errors: unknown winner, self comparison', () => {
    expect(() => elo([{ a: 'x', b: 'y', winner: 'z' }])).toThrow(/neither/);
    expect(() => elo([{ a: 'x', b: 'x', winner: 'x' }])).toThrow(/itself/);
  });
  it('adaptive pairing picks a least-compared item and the closest rating, reproducibly', () => {
    const items = ['a', 'b', 'c', 'd'];
    const state = { ratings: { a: 1000, b: 1100, c: 1010, d: 900 }, games: { a: 3, b: 1, c: 2, d: 2 } };
    const [first, second] = nextEloPair(items, state, mulberry32(1));
    expect(first).toBe('b'); // fewest games
    expect(second).toBe('c'); // closest rating to 1100
    const seq = (seed: number) => {
      const rng = mulberry32(seed);
      const st = elo([], { items });
      const out: string[] = [];
      for (let i = 0; i < 20; i++) {
        const [x, y] = nextEloPair(items, st, rng);
        out.push(`${x}-${y}`);
        const r = elo([{ a: x, b: y, winner: x }], {});
        st.ratings[x] += r.ratings[x] - 1000;
        st.ratings[y] += r.ratings[y] - 1000;
        st.games[x]++;
        st.games[y]++;
      }
      return out;
    };
    expect(seq(5)).toEqual(seq(5));
    const counts = Object.values(elo([], { items }).games);
    expect(counts).toEqual([0, 0, 0, 0]);
  });
});

/** `n` choices between random pairs of `k` items with true log strengths uniform on [0, spread] (seeded). */
function randomPicks(seed: number, k: number, n: number, spread: number): { winner: string; loser: string }[] {
  const random = mulberry32(seed);
  const truth = Array.from({ length: k }, () => spread * random());
  const picks: { winner: string; loser: string }[] = [];
  for (let t = 0; t < n; t++) {
    const a = Math.floor(random() * k);
    const b = (a + 1 + Math.floor(random() * (k - 1))) % k;
    const aWins = random() < 1 / (1 + Math.exp(truth[b] - truth[a]));
    picks.push(aWins ? { winner: String(a), loser: String(b) } : { winner: String(b), loser: String(a) });
  }
  return picks;
}

/**
 * The largest violation of the score equations W_i + a = sum_j n_ij g_i / (g_i + g_j) + 2a g_i / (g_i + 1) at the
 * estimates (a: `prior`, 0 for the plain MLE). The estimates are normalised to geometric mean 1, which the prior's
 * virtual item of strength 1 does not allow: its scale c is the one where the prior's terms sum to zero, as the
 * equations summed over items require (sum_i g_i c / (g_i c + 1) = k / 2), found by bisection.
 */
function scoreResidual(r: { items: string[]; strength: number[]; wins: number[] }, picks: { winner: string; loser: string }[], prior = 0): number {
  const at = new Map(r.items.map((it, i) => [it, i]));
  const k = r.items.length;
  let lo = -50, hi = 50;
  for (let it = 0; it < 200 && prior > 0; it++) {
    const mid = (lo + hi) / 2;
    const half = r.strength.reduce((s, g) => s + (g * Math.exp(mid)) / (g * Math.exp(mid) + 1), 0);
    if (half < k / 2) lo = mid;
    else hi = mid;
  }
  const c = Math.exp((lo + hi) / 2);
  const expected = r.strength.map((g) => (prior > 0 ? (2 * prior * g * c) / (g * c + 1) - prior : 0));
  for (const p of picks) {
    const w = at.get(p.winner)!, l = at.get(p.loser)!;
    const pw = r.strength[w] / (r.strength[w] + r.strength[l]);
    expected[w] += pw;
    expected[l] += 1 - pw;
  }
  return Math.max(...expected.map((e, i) => Math.abs(e - r.wins[i])));
}
