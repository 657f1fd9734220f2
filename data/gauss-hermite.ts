// Gauss-Hermite quadrature for expectations over a standard normal: the simulated scores' calibration integrates
// the response to training (data/scores-model.ts) over its normal seed with it.

/** Nodes and weights of n-point Gauss-Hermite quadrature for E[f(Z)], Z ~ N(0, 1) (Newton on the orthonormal Hermite recurrence, as in Numerical Recipes' gauher). */
export function gaussHermite(n: number): { x: number[]; w: number[] } {
  // Physicists' nodes t (weight exp(-t^2)) by Newton from the classic initial guesses; z = sqrt(2) t.
  const t = new Array<number>(n).fill(0);
  const wt = new Array<number>(n).fill(0);
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * t[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * t[1]!;
    else z = 2 * z - t[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      // Orthonormal Hermite recurrence.
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const step = p1 / pp;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    t[i] = z;
    t[n - 1 - i] = -z;
    wt[i] = 2 / (pp * pp);
    wt[n - 1 - i] = wt[i]!;
  }
  return { x: t.map((v) => Math.SQRT2 * v), w: wt.map((v) => v / Math.sqrt(Math.PI)) };
}
