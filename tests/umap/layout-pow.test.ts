// The layout's table power (workers/umap/layout-pow.ts) against the Math path it replaced, Math.exp(b·Math.log(x)),
// over the range of squared distances a layout meets and past it: the float32 precision of the positions.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../main/analysis/random.js';
import { findAbParams } from '../../workers/umap/ab-params.js';
import { powPositive } from '../../workers/umap/layout-pow.js';

describe('powPositive', () => {
  it('equals Math.exp(b·Math.log(x)) within 2.5e-7 relative (b ≤ 1.7) for the usual b and x from 1e-30 to 1e30', () => {
    const random = mulberry32(9);
    for (const b of [findAbParams(1, 0.1).b, findAbParams(1, 0.5).b, 1, 0.5, 1.7]) {
      let worst = 0;
      for (let i = 0; i < 200_000; i++) {
        const x = Math.exp((random() - 0.5) * 138);
        worst = Math.max(worst, Math.abs(powPositive(x, b) / Math.exp(b * Math.log(x)) - 1));
      }
      expect(worst).toBeLessThan(1.5e-7 * Math.max(1, b));
    }
  });

  it('is exact at powers of two and handles subnormal and huge x through the Math path', () => {
    const b = 0.79;
    expect(powPositive(1, b)).toBe(1);
    expect(powPositive(4, 1)).toBe(4);
    expect(powPositive(0.25, 0.5)).toBe(0.5);
    for (const x of [5e-324, 1e-310, 1e300, 1.7e308]) {
      expect(Math.abs(powPositive(x, 0.5) / Math.sqrt(x) - 1)).toBeLessThan(1e-7);
    }
    expect(Math.abs(powPositive(1e-310, b) / Math.pow(1e-310, b) - 1)).toBeLessThan(1e-7);
  });
});
