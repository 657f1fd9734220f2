import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { shareComparison, simpleRegression } from './trait.js';

const F = fixture('trait.json');

describe('trait / self-report regressions vs statsmodels OLS', () => {
  for (const c of F.regressions) {
    it(c.name, () => {
      const r = simpleRegression(c.x, c.y);
      expect(r.n).toBe(c.n);
      close(r.slope, c.slope, 'slope');
      close(r.intercept, c.intercept, 'intercept');
      close(r.slopeSe, c.slope_se, 'slope se');
      close(r.interceptSe, c.intercept_se, 'intercept se');
      close(r.t, c.t, 't');
      close(r.p, c.p, 'p');
      closeAll(r.slopeCi, c.slope_ci, 'slope ci');
      close(r.rsquared, c.rsquared, 'R^2');
    });
  }
  it('too few complete pairs, mismatched lengths and constant x are errors', () => {
    expect(() => simpleRegression([1, 2], [3, 4])).toThrow(/at least 3 complete pairs/);
    expect(() => simpleRegression([1, null, 3, NaN], [1, 2, null, 4])).toThrow(/at least 3/);
    expect(() => simpleRegression([1, 2, 3], [1, 2])).toThrow(/entries/);
    expect(() => simpleRegression([2, 2, 2, 2], [1, 2, 3, 4])).toThrow(/singular design matrix: column 'x'/);
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
