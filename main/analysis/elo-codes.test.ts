// eloCodes (integer-coded items, typed arrays) against elo() (string items): the same ratings bit for bit and the same
// games on random judgment streams with ties, repeated pairs, items never compared and K / start other than the
// defaults; the golden Elo fixture through both; and the same error for an item compared with itself.
import { describe, expect, it } from 'vitest';
import { close, fixture } from '../../tests/golden/helpers.js';
import { elo, eloCodes } from './elo.js';
import { AnalysisDataError } from './errors.js';
import { mulberry32 } from './random.js';

function viaStrings(a: number[], b: number[], choice: number[], opts: { k?: number; initial?: number } = {}) {
  const r = elo(a.map((x, i) => ({ a: String(x), b: String(b[i]), winner: choice[i] === 0 ? String(x) : choice[i] === 1 ? String(b[i]) : null })), opts);
  return r;
}

describe('eloCodes', () => {
  it('equals elo() on random streams, bit for bit', () => {
    for (const [seed, items, n, opts] of [[1, 50, 2000, {}], [2, 5000, 30000, { k: 16, initial: 1500 }], [3, 3, 100, { k: 40 }]] as const) {
      const rng = mulberry32(seed);
      const a: number[] = [];
      const b: number[] = [];
      const choice: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = Math.floor(rng() * items);
        let y = Math.floor(rng() * (items - 1));
        if (y >= x) y++;
        a.push(x);
        b.push(y);
        choice.push(rng() < 0.1 ? -1 : rng() < 0.5 ? 0 : 1);
      }
      const want = viaStrings(a, b, choice, opts);
      const got = eloCodes(Int32Array.from(a), Int32Array.from(b), Int8Array.from(choice), n, items + 2, opts);
      const rated = [...got.games.keys()].filter((c) => got.games[c] > 0);
      expect(rated.map(String).sort()).toEqual(Object.keys(want.ratings).sort());
      for (const c of rated) {
        expect(got.ratings[c]).toBe(want.ratings[String(c)]);
        expect(got.games[c]).toBe(want.games[String(c)]);
      }
      expect(got.games[items]).toBe(0);
      expect(got.games[items + 1]).toBe(0);
    }
  });

  it('gives the golden fixture (applied in trial order) the ratings elo() gives, within the fixture tolerance', () => {
    const EL = fixture('elo.json') as { items: string[]; judgments: { a: string; b: string; winner: string | null; trial: number }[]; ratings: Record<string, number> };
    const js = [...EL.judgments].sort((p, q) => p.trial - q.trial);
    const code = (s: string) => EL.items.indexOf(s);
    const got = eloCodes(js.map((j) => code(j.a)), js.map((j) => code(j.b)), js.map((j) => (j.winner === null ? -1 : j.winner === j.a ? 0 : 1)), js.length, EL.items.length);
    const want = elo(EL.judgments, { items: EL.items });
    EL.items.forEach((it, i) => {
      expect(got.ratings[i]).toBe(want.ratings[it]);
      close(got.ratings[i], EL.ratings[it], it, 1e-12);
    });
  });

  it('refuses an item compared with itself, as elo() does', () => {
    expect(() => eloCodes([1], [1], [0], 1, 2)).toThrow(AnalysisDataError);
    expect(() => eloCodes([1], [1], [0], 1, 2)).toThrow("elo: an item cannot be compared with itself ('1')");
    expect(() => viaStrings([1], [1], [0])).toThrow("elo: an item cannot be compared with itself ('1')");
  });
});
