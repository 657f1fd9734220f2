// The overall score (EE + VE + DU - AG - SO - DE) as its own outcome of the methods §1 model, against statsmodels:
// in the model's SD units, in points (the same clustered OLS on the unscaled score) and in baseline SDs.

import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { baselineSd, conditionEffects, type EffectsRow, scaledTerms } from './effects.js';

const F = fixture('effects_overall.json');
const rows: EffectsRow[] = F.rows.map((r: Record<string, unknown>) => ({
  participant: r.participant as string, condition: r.condition as string, round: r.round as number, score: r.overall as number | null,
}));

describe('overall score effects vs statsmodels OLS(cov_type="cluster")', () => {
  const fit = conditionEffects(rows, { conditions: F.conditions, reference: F.reference });

  it('uses the conversations with all six dimensions scored', () => {
    expect(fit.n).toBe(F.sd_units.n);
    expect(fit.n).toBeLessThan(rows.length);
    expect(fit.nClusters).toBe(F.sd_units.n_clusters);
  });

  it('SD units: the same model as the six dimensions', () => {
    close(fit.sd, F.sd_units.sd, 'sd');
    for (const name of F.sd_units.names) {
      close(fit.terms[name].coef, F.sd_units.terms[name].coef, `${name} coef`);
      close(fit.terms[name].se, F.sd_units.terms[name].se, `${name} se`);
      close(fit.terms[name].p, F.sd_units.terms[name].p, `${name} p`);
    }
  });

  it('points: coefficients, clustered SEs, z, p and CIs of OLS on the unscaled score', () => {
    const pts = scaledTerms(fit, fit.sd);
    for (const name of F.sd_units.names) {
      const e = F.points[name];
      close(pts[name].coef, e.coef, `${name} coef`);
      close(pts[name].se, e.se, `${name} se`);
      close(pts[name].z, e.z, `${name} z`);
      close(pts[name].p, e.p, `${name} p`);
      closeAll(pts[name].ci, e.ci, `${name} ci`);
    }
  });

  it('baseline SDs: points divided by the SD of the round-1 overall scores', () => {
    const b = baselineSd(rows);
    close(b, F.baseline_sd, 'baseline sd');
    const bs = scaledTerms(fit, fit.sd / b);
    for (const name of F.sd_units.names) {
      close(bs[name].coef, F.baseline_sds[name].coef, `${name} coef`);
      close(bs[name].se, F.baseline_sds[name].se, `${name} se`);
      closeAll(bs[name].ci, F.baseline_sds[name].ci, `${name} ci`);
    }
  });

  it('refuses a non-positive scale and a baseline without two scores', () => {
    expect(() => scaledTerms(fit, 0)).toThrow(/positive/);
    expect(() => baselineSd(rows.filter((r) => r.round > 1))).toThrow(/baseline SD needs 2/);
  });
});
