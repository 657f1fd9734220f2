import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { holmAdjust, interactionContrasts, waldContrast } from './contrasts.js';
import { conditionEffects, type EffectsRow } from './effects.js';
import { SingularDesignError } from './linalg.js';

const F = fixture('effects.json');
const DIMS = ['encouraging_elaboration', 'advice_giving'];

function rowsFor(rows: Record<string, unknown>[], dim: string): EffectsRow[] {
  return rows.map((r) => ({
    participant: r.participant as string,
    condition: r.condition as string,
    round: r.round as number,
    score: r[dim] as number | null,
  }));
}

describe('condition effects vs statsmodels OLS(cov_type="cluster")', () => {
  for (const ds of F.datasets) {
    describe(ds.name, () => {
      for (const dim of DIMS) {
        it(`${dim}: coefficients, clustered SEs, z, p, CIs, covariance`, () => {
          const exp = ds.dimensions[dim];
          const fit = conditionEffects(rowsFor(ds.rows, dim), { conditions: ds.conditions, reference: ds.reference });
          expect(fit.n).toBe(exp.n);
          expect(fit.nClusters).toBe(exp.n_clusters);
          expect(fit.names).toEqual(exp.names);
          close(fit.sd, exp.sd, 'sd');
          close(fit.rsquared, exp.rsquared, 'rsquared');
          for (const name of exp.names) {
            const t = fit.terms[name];
            const e = exp.terms[name];
            close(t.coef, e.coef, `${name} coef`);
            close(t.se, e.se, `${name} se`);
            close(t.z, e.z, `${name} z`);
            close(t.p, e.p, `${name} p`);
            closeAll(t.ci, e.ci, `${name} ci`);
          }
          closeAll(fit.cov, exp.cov, 'cov', 1e-6, 1e-14);
        });
      }
      it('pairwise interaction contrasts (statsmodels t_test) and Holm across dimensions x pairs', () => {
        const all = DIMS.flatMap((dim) => {
          const fit = conditionEffects(rowsFor(ds.rows, dim), { conditions: ds.conditions, reference: ds.reference });
          return interactionContrasts(fit).map((c) => ({ ...c, dimension: dim }));
        });
        const adjusted = holmAdjust(all);
        expect(adjusted.length).toBe(ds.contrasts.length);
        adjusted.forEach((c, i) => {
          const e = ds.contrasts[i];
          expect([c.dimension, c.a, c.b]).toEqual([e.dimension, e.a, e.b]);
          close(c.estimate, e.estimate, 'delta');
          close(c.se, e.se, 'se');
          close(c.z, e.z, 'z');
          close(c.p, e.p, 'p');
          close(c.pHolm, e.p_holm, 'p_holm');
        });
      });
    });
  }
});

describe('condition effects: options and errors', () => {
  const ds = F.datasets[0];
  const rows = rowsFor(ds.rows, DIMS[0]);

  it('default conditions are the sorted labels with control as reference', () => {
    const fit = conditionEffects(rows);
    expect(fit.reference).toBe('control');
    expect(fit.treatments).toEqual(['coach', 'combined', 'video']);
    // the model is the same whatever the column order: compare with the fixture's video terms
    close(fit.terms['video:post'].coef, ds.dimensions[DIMS[0]].terms['video:post'].coef, 'video:post');
  });

  it('a single cluster is an error, as in statsmodels (division by G-1 = 0)', () => {
    expect(F.single_cluster.statsmodels_error).toMatch(/ZeroDivisionError/);
    expect(() => conditionEffects(rowsFor(F.single_cluster.rows, DIMS[0]))).toThrow(/at least 2 clusters, got 1/);
  });

  it('empty input and constant scores give clear errors', () => {
    expect(() => conditionEffects([])).toThrow(/no rows with a score/);
    expect(() => conditionEffects(rows.map((r) => ({ ...r, score: null })))).toThrow(/no rows with a score/);
    expect(() => conditionEffects(rows.map((r) => ({ ...r, score: 3 })))).toThrow(/no variation/);
  });

  it('a listed condition without rows makes the design singular and is named', () => {
    const err = (() => {
      try {
        conditionEffects(rows, { conditions: [...ds.conditions, 'ghost'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SingularDesignError);
    expect((err as SingularDesignError).columns).toEqual(['ghost']);
    expect(String(err)).toMatch(/column 'ghost' is all zeros/);
  });

  it('unknown labels and a reference outside the conditions are rejected', () => {
    expect(() => conditionEffects(rows, { conditions: ['control', 'video', 'coach'] })).toThrow(/'combined'/);
    expect(() => conditionEffects(rows, { reference: 'nope' })).toThrow(/reference 'nope'/);
  });

  it('waldContrast names a missing coefficient', () => {
    const fit = conditionEffects(rows);
    expect(() => waldContrast(fit, { 'x:post': 1 })).toThrow(/no coefficient named 'x:post'/);
  });
});
