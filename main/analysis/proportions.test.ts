import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { incidenceShifts } from './incidence.js';
import { binnedRates, twoProportionTest, wilsonInterval } from './proportions.js';

const P = fixture('proportions.json');
const I = fixture('incidence.json');

describe('two-proportion z test vs statsmodels proportions_ztest / confint_proportions_2indep(wald)', () => {
  for (const c of P.ztests) {
    it(`${c.x1}/${c.n1} vs ${c.x2}/${c.n2}`, () => {
      const r = twoProportionTest(c.x1, c.n1, c.x2, c.n2);
      close(r.z, c.z, 'z');
      close(r.p, c.p, 'p');
      closeAll(r.ci, c.ci, 'ci');
      close(r.diff, c.x1 / c.n1 - c.x2 / c.n2, 'diff', 1e-15);
    });
  }
  it('pooled proportion 0 or 1: z = 0, p = 1 (statsmodels gives NaN there)', () => {
    const r = twoProportionTest(0, 10, 0, 20);
    expect([r.z, r.p, r.diff]).toEqual([0, 1, 0]);
    expect(twoProportionTest(5, 5, 9, 9).p).toBe(1);
  });
  it('invalid input', () => {
    expect(() => twoProportionTest(1, 0, 1, 2)).toThrow(/need observations/);
    expect(() => twoProportionTest(3, 2, 1, 2)).toThrow(/between 0 and n/);
  });
});

describe('Wilson intervals vs statsmodels proportion_confint(method="wilson")', () => {
  for (const c of P.wilson) it(`${c.k}/${c.n} alpha ${c.alpha}`, () => closeAll(wilsonInterval(c.k, c.n, c.alpha), c.ci, 'wilson'));
  it('n = 0 is an error', () => expect(() => wilsonInterval(0, 0)).toThrow(/positive/));
  it('ends exactly at 0 and 1 for none and all (13 of 13 rounded to 1 - 1e-16)', () => {
    for (const n of [9, 13, 27, 28, 30]) {
      expect(wilsonInterval(n, n)[1]).toBe(1);
      expect(wilsonInterval(0, n)[0]).toBe(0);
    }
  });
});

describe('binned selection rates', () => {
  const B = P.binned;
  it('by explicit edges', () => {
    const bins = binnedRates(B.x, B.y, { edges: B.edges });
    expect(bins.length).toBe(B.by_edges.length);
    bins.forEach((b, i) => {
      const e = B.by_edges[i];
      expect([b.lo, b.hi, b.n, b.k]).toEqual([e.lo, e.hi, e.n, e.k]);
      close(b.rate, e.rate, 'rate');
      closeAll(b.ci, e.ci, 'ci');
    });
  });
  it('one bin per distinct value', () => {
    const bins = binnedRates(B.x, B.y);
    expect(bins.map((b) => [b.lo, b.n, b.k])).toEqual(B.by_value.map((e: { lo: number; n: number; k: number }) => [e.lo, e.n, e.k]));
    bins.forEach((b, i) => closeAll(b.ci, B.by_value[i].ci, 'ci'));
  });
  it('bad edges and mismatched lengths are errors; empty input gives no bins', () => {
    expect(() => binnedRates([1], [1], { edges: [2, 1] })).toThrow(/increase/);
    expect(() => binnedRates([1, 2], [1])).toThrow(/entries/);
    expect(binnedRates([], [])).toEqual([]);
  });
});

describe('incidence shifts vs statsmodels (z test, Wald CI, BH within scenario type)', () => {
  const res = incidenceShifts(I.units);
  it('every label of every scenario type', () => {
    expect(res.length).toBe(I.expected.length);
    res.forEach((r, i) => {
      const e = I.expected[i];
      expect([r.scenarioType, r.label, r.nPre, r.nPost, r.countPre, r.countPost]).toEqual([e.scenarioType, e.label, e.nPre, e.nPost, e.countPre, e.countPost]);
      close(r.pre, e.pre, 'pre');
      close(r.post, e.post, 'post');
      close(r.diff, e.diff, 'diff');
      closeAll(r.ci, e.ci, 'ci');
      close(r.z, e.z, 'z');
      close(r.p, e.p, 'p');
      close(r.q, e.q, 'q');
    });
  });
  it('a label only seen after training is included with pre = 0', () => {
    const rare = res.find((r) => r.label === 'rare_theme')!;
    expect(rare.countPre).toBe(0);
    expect(rare.countPost).toBe(1);
    expect(res.filter((r) => r.label === 'rare_theme').map((r) => r.scenarioType)).toEqual(['personal']);
  });
  it('errors: a scenario type without pre units, unknown group', () => {
    expect(() => incidenceShifts([{ group: 'post', scenarioType: 'x', labels: ['a'] }])).toThrow(/0 pre and 1 post/);
    expect(() => incidenceShifts([{ group: 'mid' as 'pre', scenarioType: 'x', labels: ['a'] }])).toThrow(/'pre' or 'post'/);
    expect(incidenceShifts([])).toEqual([]);
  });
});
