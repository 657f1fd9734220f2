// The small result shapers every analysis uses, in the worker and on the serving thread (main/services/analysis/
// common.ts re-exports them): Spearman and term rows in the API's shape, a mean with its t interval, the largest
// value of a long array. They live here because the analysis worker's bundle must not contain the database layer
// (@duckdb/node-api's native binding cannot be bundled) that common.ts imports; these import only the engine.

import type { AnalysisTerm, SpearmanRow } from '../../main/api/contract/index.js';
import { mean, sd, spearman, studentTQuantile } from '../../main/analysis/index.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../../main/domain/study.js';

export const SIX: readonly string[] = [...PRESCRIPTIVE, ...PROSCRIPTIVE];

export function term(t: { coef: number; se: number; z: number; p: number; ci: [number, number] }): AnalysisTerm {
  return { coef: t.coef, se: t.se, z: t.z, p: t.p, ci: [t.ci[0], t.ci[1]] };
}

/** Largest value (no argument spreading: arrays here can hold millions of entries). */
export function maxOf(values: ArrayLike<number>, start: number): number {
  let m = start;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/**
 * The 97.5% t quantile by degrees of freedom, remembered: at 100x one Elo fit asks for it 50 times (its deciles, of a
 * few sizes), and at large df each is a quadrature solve of a millisecond or more.
 */
const T975 = new Map<number, number>();
function t975(df: number): number {
  let q = T975.get(df);
  if (q === undefined) {
    if (T975.size >= 4096) T975.clear();
    T975.set(df, (q = studentTQuantile(0.975, df)));
  }
  return q;
}

/** Mean with a 95% t interval (null below 2 values). */
export function meanCi(values: ArrayLike<number>): { mean: number; ci: [number, number] | null } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, ci: null };
  const half = (t975(values.length - 1) * sd(values, 1)) / Math.sqrt(values.length);
  return { mean: m, ci: [m - half, m + half] };
}

export function spearmanRow(label: string, x: ArrayLike<number | null>, y: ArrayLike<number | null>): SpearmanRow {
  const s = spearman(x, y);
  return { label, n: s.n, rho: s.rho, p: s.p, ci: s.ci };
}
