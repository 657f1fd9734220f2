// The logit's row passes (main/analysis/logit-sums.ts: dense columns row-major, disjoint indicator columns as one
// factor level per row) against the dense Newton-Raphson it replaced (previous-logit.ts), to the last bit, on designs
// that put the factor where the preference models do not: its dummies before and between the dense columns,
// indicators that overlap (one stays dense), an indicator with more than half of its rows 1, a column of 0s and 1s
// that is not a factor's; and the per-row arrays kept between fits (main/analysis/scratch.ts): a larger fit in between
// leaves the next one unchanged.

import { describe, expect, it } from 'vitest';
import { logisticRegression, mulberry32 } from '../../main/analysis/index.js';
import { previousLogisticRegression } from './previous-logit.js';

/** A random design: named columns built per row from uniform draws, y drawn from a logit of a few of them. */
function design(n: number, seed: number, build: (u: () => number, i: number) => Record<string, number>) {
  const u = mulberry32(seed);
  const rows = Array.from({ length: n }, (_, i) => build(u, i));
  const names = Object.keys(rows[0]);
  const columns = names.map((nm) => Float64Array.from(rows, (r) => r[nm]));
  const y = Float64Array.from(rows, (r) => {
    const eta = 0.3 + 0.8 * (r.x ?? 0) - 0.5 * (r.s1 ?? 0) + 0.4 * (r.s2 ?? 0);
    return u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  const groups = Int32Array.from(rows, (_, i) => Math.floor(u() * 40) + (i % 3));
  return { y, design: { names, columns }, groups };
}

/** Scenario s in 0..3 of row i (0 the reference), as dummies s1..s3. */
const scen = (s: number) => ({ s1: s === 1 ? 1 : 0, s2: s === 2 ? 1 : 0, s3: s === 3 ? 1 : 0 });

const CASES: [string, ReturnType<typeof design>][] = [
  ['factor after the dense columns (the preference models)', design(600, 1, (u, i) => ({ intercept: 1, x: u() * 4 - 2, z: Math.round(u() * 6 - 3), ...scen(i % 4) }))],
  ['factor before and between dense columns', design(600, 2, (u, i) => {
    const s = scen(Math.floor(u() * 4));
    return { s2: s.s2, intercept: 1, s1: s.s1, x: u() * 4 - 2, s3: s.s3, z: u() };
  })],
  ['overlapping indicators, one over half 1, a binary column', design(800, 3, (u, i) => {
    const s = scen(i % 4);
    return { intercept: 1, ...s, both: s.s1 || u() < 0.2 ? 1 : 0, most: u() < 0.7 ? 1 : 0, x: u() * 2 - 1 };
  })],
  ['no intercept, no factor', design(500, 4, (u) => ({ x: u() * 4 - 2, w: u() + 0.5 }))],
];

describe('logistic regression from row passes: the same fit as the dense Newton-Raphson', () => {
  for (const [name, c] of CASES)
    it(name, () => {
      expect(logisticRegression(c.y, c.design)).toEqual(previousLogisticRegression(c.y, c.design));
      expect(logisticRegression(c.y, c.design, { groups: c.groups })).toEqual(previousLogisticRegression(c.y, c.design, { groups: c.groups }));
    });

  it('the same fit again after a larger one (scratch arrays reused, with whatever it left in them)', () => {
    const [small, large] = [CASES[1][1], CASES[2][1]];
    const first = logisticRegression(small.y, small.design, { groups: small.groups });
    logisticRegression(large.y, large.design, { groups: large.groups });
    expect(logisticRegression(small.y, small.design, { groups: small.groups })).toEqual(first);
  });

  it('separation is still found on a factor column (quasi-complete: every row of s1 has y = 1)', () => {
    const c = CASES[0][1];
    const y = Float64Array.from(c.y, (v, i) => (c.design.columns[3][i] === 1 ? 1 : v));
    expect(() => logisticRegression(y, c.design)).toThrow(/separation \(quasi-complete\) on column 's1'/);
    expect(() => previousLogisticRegression(y, c.design)).toThrow(/separation \(quasi-complete\) on column 's1'/);
  });
});
