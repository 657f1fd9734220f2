// The effects model fitted from cell statistics (what the database's GROUP BY gives) against statsmodels' goldens
// and against the row-wise fit on random designs: unbalanced, with missing rounds, repeated rounds, empty cells.
import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { conditionEffects, conditionEffectsCells, type EffectsConditionCells, type EffectsRow, baselineSd } from './effects.js';
import { interactionContrasts } from './contrasts.js';
import { SingularDesignError } from './linalg.js';
import { AnalysisDataError } from './errors.js';

/** The statistics the effects SQL computes, computed here from rows by their definitions (two passes, no shortcuts). */
function cellsOf(rows: readonly EffectsRow[], conditions: string[], postFrom = 2): EffectsConditionCells[] {
  const used = rows.filter((r) => r.score != null && Number.isFinite(r.score));
  return conditions.map((c) => {
    const mine = used.filter((r) => r.condition === c);
    const side = (post: boolean) => mine.filter((r) => (r.round >= postFrom) === post);
    const stats = (rs: EffectsRow[]) => {
      const n = rs.length;
      const sum = rs.reduce((s, r) => s + (r.score as number), 0);
      const mean = n ? sum / n : 0;
      return { n, sum, m2: rs.reduce((s, r) => s + ((r.score as number) - mean) ** 2, 0), mean };
    };
    const pre = stats(side(false));
    const post = stats(side(true));
    const cross: [number, number, number] = [0, 0, 0];
    const people = [...new Set(mine.map((r) => r.participant))];
    for (const p of people) {
      const d = (s: { mean: number }, post: boolean) => mine.filter((r) => r.participant === p && (r.round >= postFrom) === post)
        .reduce((t, r) => t + (r.score as number) - s.mean, 0);
      const d0 = d(pre, false);
      const d1 = d(post, true);
      cross[0] += d0 * d0;
      cross[1] += d0 * d1;
      cross[2] += d1 * d1;
    }
    return { pre: { n: pre.n, sum: pre.sum, m2: pre.m2 }, post: { n: post.n, sum: post.sum, m2: post.m2 }, cross, clusters: people.length };
  });
}

const F = fixture('effects.json');
const DIMS = ['encouraging_elaboration', 'advice_giving'];

describe('condition effects from cell statistics vs statsmodels OLS(cov_type="cluster")', () => {
  for (const ds of F.datasets) {
    for (const dim of DIMS) {
      it(`${ds.name}, ${dim}: coefficients, clustered SEs, covariance, R², contrasts`, () => {
        const exp = ds.dimensions[dim];
        const rows: EffectsRow[] = ds.rows.map((r: Record<string, unknown>) => ({ participant: r.participant, condition: r.condition, round: r.round, score: r[dim] }));
        const { fit } = conditionEffectsCells(cellsOf(rows, ds.conditions), { conditions: ds.conditions, reference: ds.reference });
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
          close(t.p, e.p, `${name} p`);
          closeAll(t.ci, e.ci, `${name} ci`);
        }
        closeAll(fit.cov, exp.cov, 'cov', 1e-6, 1e-14);
        const rowWise = conditionEffects(rows, { conditions: ds.conditions, reference: ds.reference });
        interactionContrasts(fit).forEach((c, i) => close(c.se, interactionContrasts(rowWise)[i].se, 'contrast se', 1e-10));
      });
    }
  }
});

/** Seeded uniform in [0, 1). */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Random study: participants nested in conditions, 0-4 conversations each over rounds 1-4 (repeats allowed), some scores missing. */
function randomRows(seed: number, conditions: string[], people: number): EffectsRow[] {
  const u = rng(seed);
  const rows: EffectsRow[] = [];
  for (let p = 0; p < people; p++) {
    const c = conditions[Math.floor(u() * conditions.length)];
    const k = Math.floor(u() * 5);
    for (let i = 0; i < k; i++) {
      const round = 1 + Math.floor(u() * 4);
      const score = u() < 0.05 ? null : Math.round(1 + 4 * u() + (round > 1 && c !== 'control' ? u() : 0)) + (seed % 2 ? u() : 0);
      rows.push({ participant: `p${p}`, condition: c, round, score });
    }
  }
  return rows;
}

describe('condition effects from cell statistics equal the row-wise fit', () => {
  const conditions = ['control', 'video', 'coach', 'combined'];
  for (const seed of [3, 4, 17, 28, 101, 202]) {
    it(`random unbalanced design, seed ${seed}`, () => {
      const rows = randomRows(seed, conditions, 40 + seed);
      for (const postFrom of [2, 3]) {
        const rowWise = conditionEffects(rows, { conditions, postFrom });
        const { fit, baselineSd: bsd } = conditionEffectsCells(cellsOf(rows, conditions, postFrom), { conditions, postFrom });
        expect([fit.n, fit.k, fit.nClusters, fit.names]).toEqual([rowWise.n, rowWise.k, rowWise.nClusters, rowWise.names]);
        close(fit.sd, rowWise.sd, 'sd', 1e-12);
        close(fit.rsquared, rowWise.rsquared, 'rsquared', 1e-10);
        close(fit.ssr, rowWise.ssr, 'ssr', 1e-10);
        closeAll(fit.coef, rowWise.coef, 'coef', 1e-10, 1e-13);
        closeAll(fit.se, rowWise.se, 'se', 1e-10, 1e-13);
        closeAll(fit.cov, rowWise.cov, 'cov', 1e-10, 1e-14);
        close(bsd!, baselineSd(rows, postFrom), 'baseline sd', 1e-12);
      }
    });
  }

  it('an empty cell (a condition with no post rows, or no rows) is a singular design in both, naming the column', () => {
    const rows = randomRows(9, conditions, 80).filter((r) => !(r.condition === 'coach' && r.round >= 2));
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    };
    const a = err(() => conditionEffects(rows, { conditions }));
    const b = err(() => conditionEffectsCells(cellsOf(rows, conditions), { conditions }));
    expect(b).toBeInstanceOf(SingularDesignError);
    expect(b.message).toBe(a.message);
    const ghost = [...conditions, 'ghost'];
    expect(err(() => conditionEffectsCells(cellsOf(rows.filter((r) => r.condition !== 'coach'), ghost), { conditions: ghost })).message)
      .toBe(err(() => conditionEffects(rows.filter((r) => r.condition !== 'coach'), { conditions: ghost })).message);
  });

  it('one cluster, no rows and constant scores are data errors, as row by row', () => {
    const one: EffectsRow[] = [1, 2, 3].map((round) => ({ participant: 'solo', condition: 'control', round, score: round * round }));
    expect(() => conditionEffects(one, { conditions: ['control'] })).toThrow(/at least 2 clusters, got 1/);
    expect(() => conditionEffectsCells(cellsOf(one, ['control']), { conditions: ['control'] })).toThrow(/at least 2 clusters, got 1/);
    expect(() => conditionEffectsCells(cellsOf([], conditions), { conditions })).toThrow(/no rows with a score/);
    const flat = randomRows(5, conditions, 60).map((r) => ({ ...r, score: 3 }));
    expect(() => conditionEffectsCells(cellsOf(flat, conditions), { conditions })).toThrow(AnalysisDataError);
    expect(() => conditionEffectsCells(cellsOf(flat, conditions), { conditions })).toThrow(/no variation/);
  });
});
