// averageRanks (radix order of the bits, orderBy) against the index sort it replaced, bit for bit: heavy ties, -0 and 0,
// infinities, subnormals, both signs and every magnitude, empty and single inputs; orderBy stable as a comparator sort
// with the position as tie-break; runRanks over a subset equal to averageRanks of the subset; scipy's rankdata.
import { describe, expect, it } from 'vitest';
import { averageRanks, averageRanksByIndex, orderBy, runRanks } from './correlation.js';
import { mulberry32 } from './random.js';

describe('averageRanks', () => {
  it('equals the index sort on random data with ties', () => {
    const rng = mulberry32(11);
    for (const [n, levels] of [[0, 1], [1, 1], [2, 1], [1000, 3], [5000, 40], [20000, 1e9]] as const) {
      const x = Float64Array.from({ length: n }, () => Math.floor(rng() * levels) / 2 - levels / 4);
      expect(averageRanks(x)).toEqual(averageRanksByIndex(x));
    }
    const odd = [0, -0, Infinity, -Infinity, 3, 0, -0, Infinity, 1e-300, -1e-300];
    expect(averageRanks(odd)).toEqual(averageRanksByIndex(odd));
    expect([...averageRanks(odd)]).toEqual([4.5, 4.5, 9.5, 1, 8, 4.5, 4.5, 9.5, 7, 2]);
  });
  it('orders any doubles as a stable comparator sort does', () => {
    const rng = mulberry32(12);
    const pool = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -1, 1, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1, 0.30000000000000004];
    const x = Float64Array.from({ length: 30000 }, (_, i) => (i % 3 === 0 ? pool[Math.floor(rng() * pool.length)] : (rng() - 0.5) * 10 ** Math.floor(rng() * 40 - 20)));
    const items = Int32Array.from({ length: 20000 }, () => Math.floor(rng() * x.length));
    const expected = Array.from(items.keys()).sort((p, q) => x[items[p]] - x[items[q]] || p - q).map((p) => items[p]);
    expect([...orderBy(x, items)]).toEqual(expected);
    expect(averageRanks(x)).toEqual(averageRanksByIndex(x));
    expect([...orderBy(x, new Int32Array(0))]).toEqual([]);
  });
  it('ranks a subset walked in the study-wide order as averageRanks ranks it alone', () => {
    const rng = mulberry32(13);
    const x = Float64Array.from({ length: 5000 }, () => Math.floor(rng() * 30) / 3);
    const order = orderBy(x, Int32Array.from(x.keys()));
    const subset = order.filter((i) => i % 7 !== 0 && x[i] !== 2);
    const ranks = new Float64Array(x.length);
    runRanks(subset, x, ranks);
    const members = [...subset].sort((p, q) => p - q);
    expect(members.map((i) => ranks[i])).toEqual([...averageRanksByIndex(members.map((i) => x[i]))]);
  });
  it("matches scipy's rankdata(method='average')", () => {
    // scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]) = [4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5]
    expect([...averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3])]).toEqual([4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5]);
  });
});
