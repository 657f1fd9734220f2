import { describe, expect, it } from 'vitest';
import { closeAll } from '../../tests/golden/helpers.js';
import { mean, median, quantile, sd } from './descriptive.js';
import { cholesky, designFromRows, invert, invertSPD, leastSquares, SingularDesignError, solveSPD, xtxInverseFromR } from './linalg.js';

// Inverse of the 4x4 Hilbert matrix H_ij = 1/(i+j-1): integer entries (e.g. Higham, Accuracy and Stability of
// Numerical Algorithms, 2nd ed., section 28.1).
const H4 = [1, 2, 3, 4].map((i) => [1, 2, 3, 4].map((j) => 1 / (i + j - 1)));
const H4_INV = [
  [16, -120, 240, -140],
  [-120, 1200, -2700, 1680],
  [240, -2700, 6480, -4200],
  [-140, 1680, -4200, 2800],
];

describe('linear algebra', () => {
  it('inverse of the Hilbert matrix (Cholesky and LU)', () => {
    closeAll(invertSPD(H4), H4_INV, 'invertSPD', 1e-9);
    closeAll(invert(H4), H4_INV, 'invert', 1e-9);
    closeAll(solveSPD(H4, [1, 0, 0, 0]), H4_INV.map((r) => r[0]), 'solveSPD', 1e-9);
  });
  it('least squares by QR recovers an exact fit and (X\'X)^-1', () => {
    const rows = [[1, 0], [1, 1], [1, 2], [1, 3], [1, 5]];
    const y = rows.map(([, x]) => 2 - 0.5 * x);
    const { coef, qr } = leastSquares(designFromRows(rows, ['c', 'x']), y);
    closeAll(coef, [2, -0.5], 'coef', 1e-13, 1e-14);
    // X'X = [[5, 11], [11, 39]] -> inverse [[39, -11], [-11, 5]] / 74
    closeAll(xtxInverseFromR(qr.r), [[39 / 74, -11 / 74], [-11 / 74, 5 / 74]], 'inverse', 1e-13);
  });
  it('errors: not positive definite, singular, dependent or all-zero design column', () => {
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(/not positive definite/);
    expect(() => invert([[1, 2], [2, 4]])).toThrow(/singular/);
    const dep = designFromRows([[1, 1, 2], [1, 2, 3], [1, 3, 4]], ['c', 'a', 'b']);
    expect(() => leastSquares(dep, [1, 2, 3])).toThrow(SingularDesignError);
    expect(() => leastSquares(dep, [1, 2, 3])).toThrow(/column 'b' is a linear combination of earlier columns \(c, a\)/);
    expect(() => leastSquares(designFromRows([[1, 0], [1, 0]], ['c', 'z']), [1, 2])).toThrow(/'z' is all zeros/);
    expect(() => designFromRows([[1, 2], [1]], ['a', 'b'])).toThrow(/row 1/);
  });
});

describe('descriptive statistics (numpy conventions)', () => {
  it('mean, sd (ddof 1), median, type-7 quantile', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5);
    expect(sd(x, 0)).toBe(2); // the classic population-SD example
    expect(sd(x, 1)).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75); // numpy.percentile([1,2,3,4], 25)
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
