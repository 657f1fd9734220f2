import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { shareComparison, simpleRegression, simpleRegressionOfGroups } from './trait.js';

const F = fixture('trait.json');

/** A fit's statistics against one statsmodels OLS case of the fixture. */
function expectStatsmodels(r: ReturnType<typeof simpleRegression>, c: (typeof F.regressions)[number]): void {
  expect(r.n).toBe(c.n);
  close(r.slope, c.slope, 'slope');
  close(r.intercept, c.intercept, 'intercept');
  close(r.slopeSe, c.slope_se, 'slope se');
  close(r.interceptSe, c.intercept_se, 'intercept se');
  close(r.t, c.t, 't');
  close(r.p, c.p, 'p');
  closeAll(r.slopeCi, c.slope_ci, 'slope ci');
  close(r.rsquared, c.rsquared, 'R^2');
}

describe('trait / self-report regressions vs statsmodels OLS', () => {
  for (const c of F.regressions) {
    it(c.name, () => {
      expectStatsmodels(simpleRegression(c.x, c.y), c);
    });
  }
  it('too few complete pairs, mismatched lengths and constant x are errors', () => {
    expect(() => simpleRegression([1, 2], [3, 4])).toThrow(/at least 3 complete pairs/);
    expect(() => simpleRegression([1, null, 3, NaN], [1, 2, null, 4])).toThrow(/at least 3/);
    expect(() => simpleRegression([1, 2, 3], [1, 2])).toThrow(/entries/);
    expect(() => simpleRegression([2, 2, 2, 2], [1, 2, 3, 4])).toThrow(/singular design matrix: column 'x'/);
  });
});

describe('the grouped fit (pairs sharing an x summed) vs statsmodels OLS and the row-wise fit', () => {
  /** The complete pairs grouped by x: count, mean and sum of squared deviations of y. */
  const grouped = (x: (number | null)[], y: (number | null)[]) => {
    const by = new Map<number, number[]>();
    x.forEach((a, i) => {
      const b = y[i];
      if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) return;
      (by.get(a) ?? by.set(a, []).get(a)!).push(b);
    });
    const g = { x: [] as number[], n: [] as number[], mean: [] as number[], m2: [] as number[] };
    for (const [a, ys] of by) {
      const m = ys.reduce((s, v) => s + v, 0) / ys.length;
      g.x.push(a), g.n.push(ys.length), g.mean.push(m), g.m2.push(ys.reduce((s, v) => s + (v - m) ** 2, 0));
    }
    return g;
  };
  for (const c of F.regressions) {
    it(c.name, () => {
      expectStatsmodels(simpleRegressionOfGroups(grouped(c.x, c.y)), c);
    });
  }
  it("repeated x values (a participant's conversations) give the row-wise fit; the same errors", () => {
    const x = Array.from({ length: 400 }, (_, i) => 1 + (i % 37) / 7);
    const y = x.map((v, i) => 2 - 0.4 * v + Math.sin(i * 1.7));
    const a = simpleRegression(x, y);
    const b = simpleRegressionOfGroups(grouped(x, y));
    for (const k of ['n', 'slope', 'intercept', 'slopeSe', 'interceptSe', 't', 'p', 'rsquared'] as const) expect(Math.abs(b[k] - a[k])).toBeLessThan(1e-12 * Math.max(1, Math.abs(a[k])));
    expect(() => simpleRegressionOfGroups(grouped([1, 2], [3, 4]))).toThrow(/at least 3 complete pairs/);
    expect(() => simpleRegressionOfGroups(grouped([2, 2, 2, 2], [1, 2, 3, 4]))).toThrow(/singular design matrix: column 'x'/);
    expect(() => simpleRegressionOfGroups(grouped([0, 0, 0], [1, 2, 3]))).toThrow(/singular design matrix: column 'x' is all zeros/);
  });
});

describe('share of self-reports >= 4 vs share of judge scores >= 4 (Wilson CIs from statsmodels)', () => {
  it('matches', () => {
    const s = F.share;
    const r = shareComparison(s.self, s.judge, s.threshold);
    expect([r.nSelf, r.nJudge]).toEqual([s.n_self, s.n_judge]);
    close(r.shareSelf, s.share_self, 'self');
    close(r.shareJudge, s.share_judge, 'judge');
    close(r.diff, s.diff, 'diff');
    closeAll(r.ciSelf, s.ci_self, 'ci self');
    closeAll(r.ciJudge, s.ci_judge, 'ci judge');
  });
  it('empty side is an error', () => {
    expect(() => shareComparison([], [4])).toThrow(/at least one value/);
  });
});
