// agreementFromTable against agreement() on the same items and against the golden fixtures (sklearn, statsmodels,
// scipy, the bootstrap's Python port): the pair table is the input the database counts for large studies.
import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture, pilotRatings } from '../../tests/golden/helpers.js';
import { agreement, medianOfRaters, type Scores } from './agreement.js';
import { agreementFromTable, agreementStatFromTable, expandPairTable, type PairTable } from './agreement-table.js';
import { krippendorffAlphaBootstrap, krippendorffAlphaTypes } from './krippendorff.js';
import { mulberry32 } from './random.js';

const A = fixture('agreement.json');
const P = fixture('pilot_agreement.json');

/** What the database's GROUP BY gives: distinct complete pairs with counts, in order of their first item. */
function tableOf(a: Scores, b: Scores): PairTable {
  const at = new Map<string, number>();
  const t = { a: [] as number[], b: [] as number[], count: [] as number[] };
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const key = `${x},${y}`;
    const k = at.get(key);
    if (k !== undefined) t.count[k]++;
    else {
      at.set(key, t.a.length);
      t.a.push(x);
      t.b.push(y);
      t.count.push(1);
    }
  }
  return t;
}

/** The table's row equals agreement()'s: counts, kappas and the bootstrap CI exactly; sums over rows to 1e-12. */
function same(a: Scores, b: Scores, opts: { reps?: number; seed?: number } = {}) {
  const want = agreement(a, b, opts);
  const got = agreementFromTable(tableOf(a, b), opts);
  expect(got.n).toBe(want.n);
  expect(got.kappa_scale).toBe(want.kappa_scale);
  expect(got.kappa_observed).toBe(want.kappa_observed);
  expect(got.exact).toBe(want.exact);
  expect(got.alpha_ci).toEqual(want.alpha_ci);
  close(got.alpha, want.alpha, 'alpha', 1e-12, 1e-15);
  close(got.rho, want.rho, 'rho', 1e-12, 1e-15);
  close(got.rho_p, want.rho_p, 'rho p', 1e-9, 1e-300);
  if (want.rho_ci) closeAll(got.rho_ci!, want.rho_ci, 'rho ci', 1e-12);
  else expect(got.rho_ci).toBeNull();
  return got;
}

describe('agreement from the table of paired values', () => {
  it('equals agreement() on the golden synthetic pairs, and matches the fixtures', () => {
    for (const s of A.synthetic) {
      const row = same(s.a, s.b);
      close(row.kappa_scale, s.expected.kappa_scale, 'kappa_scale (sklearn)');
      close(row.kappa_observed, s.expected.kappa_observed.kappa, 'kappa_observed (statsmodels)');
      close(row.alpha, s.expected.alpha, 'alpha');
      close(row.rho, s.expected.rho, 'rho');
      if (s.expected.alpha_ci) closeAll(row.alpha_ci, s.expected.alpha_ci, 'alpha bootstrap ci');
    }
  });

  it('equals agreement() on the Lend an Ear pilot, a judge against the expert median, every dimension', () => {
    const raters = ['expert1', 'expert2', 'expert3', 'gpt'];
    const data = Object.fromEntries(raters.map((r) => [r, pilotRatings(r)]));
    const ids = [...data.expert1.keys()].filter((id) => raters.every((r) => data[r].has(id))).sort();
    for (const d of P.dimensions as string[]) {
      const vec = (r: string) => ids.map((id) => data[r].get(id)![d]);
      same(vec('gpt'), medianOfRaters(['expert1', 'expert2', 'expert3'].map(vec)), { reps: 300, seed: 5 });
    }
  });

  it('equals agreement() on 20,000 items of two raters on 1-5 with missing values and half points', () => {
    const rng = mulberry32(17);
    const n = 20_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng() < 0.05 ? NaN : 1 + Math.floor(rng() * 5);
      b[i] = rng() < 0.1 ? (a[i] + 1 + Math.floor(rng() * 5)) / 2 : Math.max(1, Math.min(5, a[i] + Math.floor(rng() * 3) - 1));
    }
    const row = same(a, b, { reps: 200, seed: 9 });
    expect(row.n).toBeGreaterThan(18_000);
    expect(agreementStatFromTable(tableOf(a, b), 'kappa_scale')).toBe(row.kappa_scale);
  });

  it('unit types: the same replicates as over the units', () => {
    const x = [1, 2, 3, 3, 2, 1, 4, 1, 2, 5, 5, 3];
    const y = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 4, 3];
    const t = tableOf(x, y);
    expect(expandPairTable(t).a.length).toBe(12);
    const types: number[][] = [];
    const size: number[] = [];
    const seen = new Map<string, number>();
    x.forEach((v, i) => {
      const key = `${Math.min(v, y[i])},${Math.max(v, y[i])}`;
      if (!seen.has(key)) {
        seen.set(key, types.length);
        types.push([v, y[i]]);
        size.push(0);
      }
      size[seen.get(key)!]++;
    });
    const units = krippendorffAlphaBootstrap([x, y], { reps: 300, seed: 7 });
    const byType = krippendorffAlphaTypes(types, size, { reps: 300, seed: 7 });
    expect(byType.ci).toEqual(units.ci);
    expect(byType.valid).toBe(units.valid);
    expect(byType.units).toBe(12);
    close(byType.alpha, units.alpha, 'alpha', 1e-12, 1e-15);
  });

  it('errors as agreement(): no complete pair, a score off the scale', () => {
    expect(() => agreementFromTable({ a: [], b: [], count: [] })).toThrow(/no items scored by both/);
    expect(() => agreementFromTable({ a: [0.2, 3], b: [1, 3], count: [1, 4] })).toThrow(/outside the rating scale/);
  });
});
