import { describe, expect, it } from 'vitest';
import { close, fixture } from '../../tests/golden/helpers.js';
import { randomInterceptREML } from './mixedlm.js';

const F = fixture('mixedlm.json');

describe('REML random intercept vs statsmodels MixedLM(reml=True)', () => {
  for (const c of F.cases) {
    it(`${c.name}: tightly converged statsmodels to 1e-6`, () => {
      const fit = randomInterceptREML(c.y, c.groups);
      const t = c.tight;
      close(fit.intercept, t.intercept, 'intercept');
      close(fit.s2Residual, t.s2_residual, 's2_residual');
      close(fit.logLik, t.llf, 'llf', 1e-9);
      if (c.name === 'boundary') {
        // statsmodels stops at s2_b = 1.7e-10 on the boundary; the exact optimum is 0
        expect(fit.boundary).toBe(true);
        expect(fit.s2Between).toBe(0);
        expect(t.s2_between).toBeLessThan(1e-8);
      } else {
        expect(fit.boundary).toBe(false);
        close(fit.s2Between, t.s2_between, 's2_between');
        close(fit.reliability, t.s2_between / (t.s2_between + t.s2_residual), 'reliability');
      }
    });
    it(`${c.name}: statsmodels' default fit agrees to its optimizer tolerance (1e-3; it stops ~1e-4 short)`, () => {
      const fit = randomInterceptREML(c.y, c.groups);
      close(fit.s2Residual, c.default.s2_residual, 's2_residual', 1e-3);
      close(fit.s2Between, c.default.s2_between, 's2_between', 1e-3, 1e-8);
    });
  }
  it('balanced data: equals the ANOVA estimator (textbook closed form), intercept SE sqrt((s2_e + n s2_b)/(G n))', () => {
    const c = F.cases.find((x: { name: string }) => x.name === 'balanced');
    const fit = randomInterceptREML(c.y, c.groups);
    close(fit.s2Residual, c.anova.s2_residual, 'MSW', 1e-9);
    close(fit.s2Between, c.anova.s2_between, '(MSB-MSW)/n', 1e-9);
    close(fit.intercept, c.anova.intercept, 'grand mean', 1e-12);
    close(fit.interceptSe, c.anova.intercept_se, 'intercept se', 1e-9);
  });
  it('errors: empty, one group, singleton groups only, constant groups', () => {
    expect(() => randomInterceptREML([], [])).toThrow(/at least 2 observations/);
    expect(() => randomInterceptREML([1, 2, 3], ['a', 'a', 'a'])).toThrow(/at least 2 groups/);
    expect(() => randomInterceptREML([1, 2, 3], ['a', 'b', 'c'])).toThrow(/single observation/);
    expect(() => randomInterceptREML([1, 1, 2, 2], ['a', 'a', 'b', 'b'])).toThrow(/no within-group variation/);
    expect(() => randomInterceptREML([1, NaN], ['a', 'b'])).toThrow(/non-finite/);
  });
});
