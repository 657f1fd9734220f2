// The layout's gradient coefficients from tables (workers/umap/layout-coeff.ts) against umap-learn's formulas they
// replace, over the squared distances a layout meets and past the tables' range, for min_dist from 0.001 to 0.99.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../main/analysis/random.js';
import { findAbParams } from '../../workers/umap/ab-params.js';
import { attraction, exactAttraction, exactRepulsion, gradientTables, repulsion } from '../../workers/umap/layout-coeff.js';

describe('gradient coefficient tables', () => {
  it('agree with the formulas within 2e-6 relative for d² from 1e-12 to 1e12', () => {
    const random = mulberry32(9);
    for (const minDist of [0.001, 0.1, 0.5, 0.99]) {
      const { a, b } = findAbParams(1, minDist);
      const gamma = minDist === 0.5 ? 2 : 1;
      const t = gradientTables(a, b, gamma);
      let worstA = 0, worstR = 0;
      for (let i = 0; i < 200_000; i++) {
        const d2 = Math.exp((random() - 0.5) * 55);
        worstA = Math.max(worstA, Math.abs(attraction(t, d2) / exactAttraction(a, b, d2) - 1));
        worstR = Math.max(worstR, Math.abs(repulsion(t, d2) / exactRepulsion(a, b, gamma, d2) - 1));
      }
      expect(worstA).toBeLessThan(2e-6);
      expect(worstR).toBeLessThan(2e-6);
    }
  });

  it('are exact at the nodes and fall back to the formulas outside 2⁻⁴⁰ … 2⁴⁰', () => {
    const { a, b } = findAbParams(1, 0.1);
    const t = gradientTables(a, b, 1);
    for (const d2 of [1, 0.25, 4, 1 + 1 / 1024]) {
      expect(attraction(t, d2)).toBe(Math.fround(exactAttraction(a, b, d2)));
      expect(repulsion(t, d2)).toBe(Math.fround(exactRepulsion(a, b, 1, d2)));
    }
    for (const d2 of [1e-300, 2 ** -41, 2 ** 41, 1e300]) {
      expect(attraction(t, d2)).toBe(exactAttraction(a, b, d2));
      expect(repulsion(t, d2)).toBe(exactRepulsion(a, b, 1, d2));
    }
  });

  it('keeps the last curve built and builds another for new a, b or γ', () => {
    const { a, b } = findAbParams(1, 0.1);
    const t = gradientTables(a, b, 1);
    expect(gradientTables(a, b, 1)).toBe(t);
    const other = gradientTables(a, b, 2);
    expect(other).not.toBe(t);
    expect(repulsion(other, 1)).toBeCloseTo(2 * repulsion(t, 1), 6);
  });
});
