// The logit with groupRows (main/analysis/logit-patterns.ts): rows of equal outcome and design summed once with their
// count. The same maximum of the same likelihood as the ungrouped fit, so every statistic agrees to rounding; the
// clustered covariance still sums each cluster's own rows. Designs where rows repeat (small integer predictors and a
// factor, as the preference model on the overall difference), where half repeat, and where none do (no grouping).

import { describe, expect, it } from 'vitest';
import { logisticRegression, mulberry32 } from '../../main/analysis/index.js';
import { rowPatterns } from '../../main/analysis/logit-patterns.js';
import { rowPlan } from '../../main/analysis/logit-sums.js';
import { closeAll } from '../golden/helpers.js';

/** n rows: intercept, a predictor x drawn by `draw`, scenario dummies s1..s3; y from a logit; 60 clusters. */
function design(n: number, seed: number, draw: (u: () => number) => number) {
  const u = mulberry32(seed);
  const x = Float64Array.from({ length: n }, () => draw(u));
  const s = Int32Array.from({ length: n }, () => Math.floor(u() * 4));
  const dummy = (k: number) => Float64Array.from(s, (v) => (v === k ? 1 : 0));
  const y = Float64Array.from(x, (xv, i) => (u() < 1 / (1 + Math.exp(-(-0.4 + 0.6 * xv + 0.3 * s[i]))) ? 1 : 0));
  const groups = Int32Array.from({ length: n }, () => Math.floor(u() * 60));
  return { y, design: { names: ['intercept', 'x', 's1', 's2', 's3'], columns: [new Float64Array(n).fill(1), x, dummy(1), dummy(2), dummy(3)] }, groups };
}

/** Every number of two fits, in one order (terms by name, then the covariance and the likelihoods). */
function numbers(f: ReturnType<typeof logisticRegression>): number[] {
  return [...f.coef, ...f.se, ...f.cov.flat(), f.logLik, f.llNull ?? NaN, f.pseudoR2 ?? NaN,
    ...f.names.flatMap((nm) => [f.terms[nm].z, f.terms[nm].p, ...f.terms[nm].ci, f.terms[nm].oddsRatio, ...f.terms[nm].orCi])];
}

const CASES: [string, ReturnType<typeof design>, boolean][] = [
  ['an integer predictor 0..8 (few patterns)', design(5000, 11, (u) => Math.floor(u() * 9)), true],
  ['sixths, as the overall difference (a few dozen patterns)', design(3000, 12, (u) => Math.floor(u() * 25) / 6), true],
  ['a continuous predictor (no row repeats: not grouped)', design(800, 13, (u) => u() * 4 - 2), false],
];

describe('logit with groupRows: the ungrouped fit, from distinct rows and their counts', () => {
  for (const [name, c, grouped] of CASES)
    it(name, () => {
      const plain = logisticRegression(c.y, c.design, { groups: c.groups });
      const fit = logisticRegression(c.y, c.design, { groups: c.groups, groupRows: true });
      expect([fit.names, fit.n, fit.k, fit.nClusters, fit.covType]).toEqual([plain.names, plain.n, plain.k, plain.nClusters, plain.covType]);
      closeAll(numbers(fit), numbers(plain), name, 1e-10, 1e-13);
      const patterns = rowPatterns(rowPlan(c.design.columns), c.y);
      expect(patterns !== null).toBe(grouped);
      // Without clusters too (the inverse information).
      closeAll(numbers(logisticRegression(c.y, c.design, { groupRows: true })), numbers(logisticRegression(c.y, c.design)), `${name}, unclustered`, 1e-10, 1e-13);
    });

  it('patterns: each row is its pattern (outcome, dense values, factor level), counts sum to the rows, first seen first', () => {
    const c = CASES[0][1];
    const rows = rowPlan(c.design.columns);
    const p = rowPatterns(rows, c.y)!;
    const n = c.y.length;
    const d = rows.dense.length;
    let total = 0;
    for (let q = 0; q < p.plan.n; q++) total += p.w[q];
    expect(total).toBe(n);
    // At most 2 outcomes x 9 values x 4 scenarios.
    expect(p.plan.n).toBeLessThanOrEqual(72);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const q = p.of[i];
      expect(q).toBeLessThanOrEqual(next);
      if (q === next) next++;
      expect([p.y[q], p.plan.level[q], ...p.plan.x.subarray(q * d, q * d + d)]).toEqual([c.y[i], rows.level[i], ...rows.x.subarray(i * d, i * d + d)]);
    }
    expect(next).toBe(p.plan.n);
  });

  it('separation is still found, on the grouped rows', () => {
    const c = CASES[0][1];
    const y = Float64Array.from(c.y, (v, i) => (c.design.columns[2][i] === 1 ? 1 : v));
    expect(() => logisticRegression(y, c.design, { groups: c.groups, groupRows: true })).toThrow(/separation \(quasi-complete\) on column 's1'/);
  });
});
