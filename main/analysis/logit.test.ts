import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { designFromRows, SingularDesignError } from './linalg.js';
import { logisticRegression, SeparationError, type LogitFit } from './logit.js';
import { preferenceLogit, preferenceLogitColumns } from './preference-logit.js';

const F = fixture('logit.json');

function compare(fit: LogitFit, exp: { names: string[]; terms: Record<string, Record<string, number | number[]>>; cov: number[][]; llf: number; llnull: number; prsquared: number }) {
  expect(fit.names).toEqual(exp.names);
  for (const name of exp.names) {
    const t = fit.terms[name];
    const e = exp.terms[name];
    close(t.coef, e.coef as number, `${name} coef`);
    close(t.se, e.se as number, `${name} se`);
    close(t.z, e.z as number, `${name} z`);
    close(t.p, e.p as number, `${name} p`);
    closeAll(t.ci, e.ci as number[], `${name} ci`);
    close(t.oddsRatio, e.odds_ratio as number, `${name} OR`);
    closeAll(t.orCi, e.or_ci as number[], `${name} OR ci`);
  }
  closeAll(fit.cov, exp.cov, 'cov', 1e-6, 1e-14);
  close(fit.logLik, exp.llf, 'llf');
  close(fit.llNull!, exp.llnull, 'llnull');
  close(fit.pseudoR2!, exp.prsquared, 'prsquared');
}

describe('logistic regression vs statsmodels Logit', () => {
  for (const c of F.cases) {
    it(`${c.name}: clustered by rater`, () => {
      const fit = preferenceLogit(c.trials, c.reference ? { reference: c.reference } : {});
      expect(fit.covType).toBe('cluster');
      expect(fit.nClusters).toBe(new Set(c.trials.map((t: { rater: string }) => t.rater)).size);
      compare(fit, c);
    });
  }
  it('from typed columns (raters and scenarios as codes in another order): the same fit as from the trial objects', () => {
    for (const c of F.cases) {
      const trials: { rater: string; scenario: string; y: number; predictors: Record<string, number> }[] = c.trials;
      const raters = [...new Set(trials.map((t) => t.rater))].sort().reverse();
      const labels = [...new Set(trials.map((t) => t.scenario))].reverse();
      const names = Object.keys(trials[0].predictors);
      const fit = preferenceLogitColumns({
        y: Uint8Array.from(trials, (t) => Number(t.y)),
        predictors: { names, columns: names.map((p) => Float64Array.from(trials, (t) => t.predictors[p])) },
        scenario: Int32Array.from(trials, (t) => labels.indexOf(t.scenario)),
        scenarioLabels: labels,
        rater: Int32Array.from(trials, (t) => raters.indexOf(t.rater)),
      }, c.reference ? { reference: c.reference } : {});
      expect(fit).toEqual(preferenceLogit(c.trials, c.reference ? { reference: c.reference } : {}));
      compare(fit, c);
    }
  });
  it('plain (non-clustered) fit from a design matrix', () => {
    const p = F.plain;
    const fit = logisticRegression(p.y, designFromRows(p.X, p.names));
    expect(fit.covType).toBe('nonrobust');
    compare(fit, p);
  });
});

describe('logistic regression: separation and singular designs give clear errors', () => {
  const byName = (n: string) => F.errors.find((e: { name: string }) => e.name === n);
  const fitErr = (e: { X: number[][]; y: number[]; names: string[]; groups: string[] | null }) => {
    try {
      logisticRegression(e.y, designFromRows(e.X, e.names), e.groups ? { groups: e.groups } : {});
    } catch (err) {
      return err as Error & { columns: string[] };
    }
    throw new Error('expected an error');
  };

  it('complete separation on a continuous column (statsmodels: no convergence)', () => {
    const e = byName('complete_separation');
    expect(e.statsmodels.converged ?? false).toBe(false);
    const err = fitErr(e);
    expect(err).toBeInstanceOf(SeparationError);
    expect(err.columns).toEqual(['x']);
    expect(err.message).toMatch(/perfect separation \(complete\) on column 'x'/);
  });
  it('quasi-complete separation: one scenario where every trial is a success', () => {
    const e = byName('quasi_separation_scenario');
    const err = fitErr(e);
    expect(err).toBeInstanceOf(SeparationError);
    expect(err.columns).toEqual(e.columns);
    expect(err.message).toMatch(/quasi-complete\) on column 'scenario:undervalued_at_work'/);
  });
  it('separation by a combination of columns (reference scenario all successes) is detected by divergence', () => {
    const e = byName('combination_separation_reference');
    expect(e.statsmodels.warnings.join(' ')).toMatch(/ConvergenceWarning/);
    const err = fitErr(e);
    expect(err).toBeInstanceOf(SeparationError);
    expect(err.message).toMatch(/perfect or quasi-complete separation/);
    expect(err.columns).toEqual(expect.arrayContaining(['intercept']));
    for (const c of err.columns) expect(e.columns).toContain(c);
    expect(err.message).not.toMatch(/NaN/);
  });
  it('singular design (duplicated column) names the column (statsmodels: LinAlgError)', () => {
    const e = byName('singular_duplicate_column');
    expect(e.statsmodels.raised).toMatch(/Singular matrix/);
    const err = fitErr(e);
    expect(err).toBeInstanceOf(SingularDesignError);
    expect(err.columns).toEqual(['x1_twice']);
  });
  it('constant outcome, bad outcome values, empty input, one cluster', () => {
    const X = designFromRows([[1, 0], [1, 1], [1, 2], [1, 3]], ['c', 'x']);
    expect(() => logisticRegression([1, 1, 1, 1], X)).toThrow(/always 1/);
    expect(() => logisticRegression([0, 2, 1, 0], X)).toThrow(/0\/1/);
    expect(() => logisticRegression([], designFromRows([], ['c']))).toThrow(/no observations/);
    expect(() => preferenceLogit([])).toThrow(/no trials/);
    const t = (predictors: Record<string, number>) => ({ rater: 'r', scenario: 's', y: 1, predictors });
    expect(() => preferenceLogit([t({ x: 1 }), t({ x: 2 }), t({ x: NaN }), t({})])).toThrow(/trial 2 has no finite value for predictor 'x'/);
    expect(() => preferenceLogit([t({ x: 1, z: 1 }), t({ x: 1, z: 1 }), t({ x: 1 }), t({ x: Infinity, z: 1 })])).toThrow(/trial 2 has no finite value for predictor 'z'/);
    expect(() => preferenceLogit([t({ x: 1 })], { reference: 'other' })).toThrow(/reference scenario 'other' has no trials/);
    const c = F.cases[0];
    const one = c.trials.map((t: object) => ({ ...t, rater: 'same' }));
    expect(() => preferenceLogit(one)).toThrow(/at least 2 clusters, got 1/);
  });
});
