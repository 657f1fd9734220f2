// x^b for the layout's inner loop (d²^b in UMAP's gradients, about 2·10⁸ times per 30,000-point layout), as
// 2^(b·log2 x) from two 1,024-entry tables with linear interpolation: log2 of the mantissa (the exponent read
// from the float's bits) and 2^f for the fraction of b·log2 x. Math.exp(b·Math.log(x)) calls out of optimised
// code into C twice and cost more than the rest of a negative sample; this costs about a third of it.
// Relative error < 1.5e-7·max(1, b) for positive finite x (b ≈ 0.8 for min_dist 0.1), about the precision of the Float32 positions it moves, so a layout
// agrees with the Math path in distribution, not bit for bit (tests/umap/layout-pow.test.ts checks both).

const T = 1024;
const BIAS = 1100;
/** 2^(i − BIAS): scales a mantissa into [1, 2) and 2^f by 2^k without writing float bits. */
const POW2 = Float64Array.from({ length: 2 * BIAS + 1 }, (_, i) => Math.pow(2, i - BIAS));
const LOG2 = Float64Array.from({ length: T + 1 }, (_, i) => Math.log2(1 + i / T));
const EXP2 = Float64Array.from({ length: T + 1 }, (_, i) => Math.pow(2, i / T));
const bits = new Float64Array(1);
const high = new Uint32Array(bits.buffer, 4, 1);

/** x^b for x > 0; subnormal x and results beyond 2^±1000 take the Math path. */
export function powPositive(x: number, b: number): number {
  bits[0] = x;
  const e = (high[0] >>> 20) - 1023;
  if (e === -1023) return Math.exp(b * Math.log(x)); // subnormal: no implicit leading bit to scale by
  const u = (x * POW2[BIAS - e] - 1) * T; // the mantissa's place in [0, T)
  const i = u | 0, fu = u - i;
  const z = b * (e + LOG2[i] + fu * (LOG2[i + 1] - LOG2[i]));
  const k = Math.floor(z);
  if (k < -1000 || k > 1000) return Math.exp(b * Math.log(x));
  const v = (z - k) * T, iv = v | 0, fv = v - iv;
  return (EXP2[iv] + fv * (EXP2[iv + 1] - EXP2[iv])) * POW2[k + BIAS];
}
