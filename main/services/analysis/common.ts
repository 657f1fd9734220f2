// Pieces several analyses share: the six rated dimensions, term and Spearman rows in the API's shape, the pre/post
// round choice, and the small numeric helpers used while shaping data for the engine.

import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { distinctValues, studyConditions } from '../../studydata/common.js';
import { roundsOf } from '../../studydata/effects.js';
import type { OverallLabels } from '../../studydata/overall.js';

// The row shapers live with the analysis worker (its bundle must not import the database layer); the serving
// thread uses the same ones, so a result does not depend on the thread that computed it.
export { maxOf, meanCi, SIX, spearmanRow, term } from '../../../workers/analysis/rows.js';

/** Lets other requests run between the units of a long computation (large studies take seconds per dimension). */
export const breathe = () => new Promise<void>((ok) => setImmediate(ok));

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
