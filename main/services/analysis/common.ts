// Pieces several analyses share: the six rated dimensions, term and Spearman rows in the API's shape, the pre/post
// round choice, and the small numeric helpers used while shaping data for the engine.

import type { AnalysisTerm, SpearmanRow } from '../../api/contract/index.js';
import { mean, sd, spearman, studentTQuantile } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../../domain/study.js';
import { distinctValues, studyConditions } from '../../studydata/common.js';
import { roundsOf } from '../../studydata/effects.js';
import type { OverallLabels } from '../../studydata/overall.js';

export const SIX: readonly string[] = [...PRESCRIPTIVE, ...PROSCRIPTIVE];

export function term(t: { coef: number; se: number; z: number; p: number; ci: [number, number] }): AnalysisTerm {
  return { coef: t.coef, se: t.se, z: t.z, p: t.p, ci: [t.ci[0], t.ci[1]] };
}

/** Lets other requests run between the units of a long computation (large studies take seconds per dimension). */
export const breathe = () => new Promise<void>((ok) => setImmediate(ok));

/** Largest value (no argument spreading: arrays here can hold millions of entries). */
export function maxOf(values: ArrayLike<number>, start: number): number {
  let m = start;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Mean with a 95% t interval (null below 2 values). */
export function meanCi(values: number[]): { mean: number; ci: [number, number] | null } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, ci: null };
  const half = (studentTQuantile(0.975, values.length - 1) * sd(values, 1)) / Math.sqrt(values.length);
  return { mean: m, ci: [m - half, m + half] };
}

export async function prePost(db: Db, scoreSetId: string, args: { baselineRound?: number; postRounds?: number[] }): Promise<{ baselineRound: number; postRounds: number[] }> {
  const baselineRound = args.baselineRound ?? 1;
  const postRounds = args.postRounds?.length ? [...new Set(args.postRounds)].sort((a, b) => a - b) : (await roundsOf(db, scoreSetId)).filter((r) => r > baselineRound);
  if (postRounds.length === 0) throw new UserError(`No rounds after the baseline round ${baselineRound}: a pre/post comparison needs post rounds`, 'bad-request');
  if (postRounds.some((r) => r <= baselineRound)) throw new UserError(`Post rounds (${postRounds.join(', ')}) must come after the baseline round ${baselineRound}`, 'bad-request');
  return { baselineRound, postRounds };
}

export async function overallLabels(db: Db): Promise<OverallLabels> {
  return { conditions: await studyConditions(db), scenarios: await distinctValues(db, 'scenario'), scenarioTypes: await distinctValues(db, 'scenario_type') };
}

export function spearmanRow(label: string, x: (number | null)[], y: (number | null)[]): SpearmanRow {
  const s = spearman(x, y);
  return { label, n: s.n, rho: s.rho, p: s.p, ci: s.ci };
}
