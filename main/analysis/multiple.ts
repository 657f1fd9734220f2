// Multiple-testing corrections, as statsmodels.stats.multitest.multipletests.

function checkP(p: readonly number[], who: string): void {
  for (const v of p) if (!(v >= 0 && v <= 1)) throw new Error(`${who}: p-values must lie in [0, 1], got ${v}`);
}

/** Holm step-down adjusted p-values, multipletests(p, method="holm")[1]. */
export function holm(p: readonly number[]): number[] {
  checkP(p, 'holm');
  const m = p.length;
  const order = [...p.keys()].sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p[idx]));
    out[idx] = running;
  });
  return out;
}

/** Benjamini-Hochberg adjusted p-values (q-values), multipletests(p, method="fdr_bh")[1]. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  checkP(p, 'benjaminiHochberg');
  const m = p.length;
  const order = [...p.keys()].sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 1;
  for (let i = m - 1; i >= 0; i--) {
    const idx = order[i];
    running = Math.min(running, (p[idx] * m) / (i + 1));
    out[idx] = Math.min(1, running);
  }
  return out;
}
