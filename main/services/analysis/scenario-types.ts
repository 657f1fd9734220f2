// Extended Data Figs. 3-4: mean standardized scores by scenario type, in the first conversation (every condition
// pooled) and across the rounds (the trained conditions pooled). Scenario types are the study's own
// conversations.scenario_type column, which the importer derives from the scenario (main/domain/study.ts
// SCENARIO_TYPE) when a study does not give it. The profiles are fitted in the analysis worker for large studies.

import type { ScenarioTypesArgs, ScenarioTypesResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { columns, distinctValues, orderDimensions, resolveScoreSet, studyConditions } from '../../studydata/common.js';
import { roundsOf } from '../../studydata/effects.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { type ScenarioTypesInput, scenarioTypesRows } from '../../../workers/analysis/scenario-types.js';
import { provenance } from './provenance.js';

const DESIGN = `CAST(list_position($2::VARCHAR[], s.dimension) - 1 AS INTEGER) AS dimension,
       CAST(nullif(list_position($3::VARCHAR[], c.scenario_type), 0) - 1 AS INTEGER) AS scenario_type,
       CAST(nullif(list_position($4::VARCHAR[], p.condition), 0) - 1 AS INTEGER) AS condition,
       CAST(c.round AS INTEGER) AS round`;
const SCORE_ROWS = `
     FROM scores s LEFT JOIN conversations c ON c.conversation_id = s.conversation_id
       LEFT JOIN participants p ON p.participant_id = c.participant_id
     WHERE s.score_set_id = $1 AND s.score IS NOT NULL AND list_contains($2::VARCHAR[], s.dimension)`;

/**
 * Every score of the set on the dimensions, with its conversation's scenario type, condition and round (null when
 * absent), summarized per dimension × scenario type × condition × round in DuckDB: count, mean and sum of squared
 * deviations (a few hundred rows at any scale instead of one per score).
 */
export function loadScenarioCells(db: Db, scoreSetId: string, dimensions: string[], scenarioTypes: string[], conditions: string[]) {
  return columns<ScenarioTypesInput['cells']>(
    db,
    `SELECT ${DESIGN}, CAST(count(*) AS INTEGER) AS n, avg(CAST(s.score AS DOUBLE)) AS mean, var_pop(CAST(s.score AS DOUBLE)) * count(*) AS m2
     ${SCORE_ROWS} GROUP BY ALL ORDER BY 1, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST`,
    [scoreSetId, dimensions, scenarioTypes, conditions],
  );
}

/** Coach and combined when present (the paper's Extended Data Fig. 4), else every condition but control. */
function defaultTrajectoryConditions(present: string[]): string[] {
  const trained = present.filter((c) => c === 'coach' || c === 'combined');
  if (trained.length) return trained;
  const others = present.filter((c) => c !== 'control');
  return others.length ? others : present;
}

export async function computeScenarioTypes(db: Db, args: ScenarioTypesArgs = {}): Promise<ScenarioTypesResult> {
  const set = await resolveScoreSet(db, args.scoreSetId);
  const scenarioTypes = await distinctValues(db, 'scenario_type');
  if (scenarioTypes.length === 0) throw new UserError('Comparing scenario types needs conversations with a scenario type (or a scenario the study maps to one)', 'missing-table');
  const dimensions = args.dimensions?.length ? [...new Set(args.dimensions)] : orderDimensions(set.dimensions);
  const missing = dimensions.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Score set ${set.id} has no dimension ${missing.join(', ')}`, 'bad-request');
  const present = await studyConditions(db);
  const unknown = [...(args.conditions ?? []), ...(args.trajectoryConditions ?? [])].filter((c) => !present.includes(c));
  if (unknown.length) throw new UserError(`No participants in condition(s) ${[...new Set(unknown)].join(', ')} (have ${present.join(', ') || 'none'})`, 'bad-request');
  const conditions = args.conditions?.length ? args.conditions : present;
  const trajectoryConditions = args.trajectoryConditions?.length ? args.trajectoryConditions : defaultTrajectoryConditions(present);
  const baselineRound = args.baselineRound ?? 1;
  const rounds = args.rounds?.length ? [...new Set(args.rounds)].sort((a, b) => a - b) : await roundsOf(db, set.id);
  const cells = await loadScenarioCells(db, set.id, dimensions, scenarioTypes, present);
  const input: ScenarioTypesInput = { cells, dimensions, scenarioTypes, present, baselineRound, conditions, trajectoryConditions, rounds };
  const r = await fitInWorker('scenarioTypes', [input], [], scenarioTypesRows(input));
  if (r.baseline.length === 0 && r.trajectories.length === 0) {
    const why = r.skipped.length ? `: ${[...new Set(r.skipped.map((s) => s.reason))].join('; ')}` : ` (no conversations of a scenario type in round ${baselineRound} or rounds ${rounds.join(', ')} with a condition)`;
    throw new UserError(`Score set ${set.id} has nothing to compare by scenario type${why}`, 'analysis-failed');
  }
  const byType = await db.all<{ t: string; s: string[] }>(
    `SELECT scenario_type AS t, list(DISTINCT scenario ORDER BY scenario) FILTER (WHERE scenario IS NOT NULL) AS s FROM conversations WHERE scenario_type IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const parameters = { dimensions, baselineRound, conditions, trajectoryConditions, rounds, standardization: 'z over every conversation the score set scored, per dimension' };
  return {
    provenance: await provenance(db, 'scenario-types', set.id, parameters),
    scoreSetId: set.id,
    dimensions,
    scenarioTypes,
    scenariosByType: Object.fromEntries(byType.map((b) => [b.t, b.s ?? []])),
    scales: r.scales,
    baselineRound,
    conditions,
    baseline: r.baseline,
    differences: r.differences,
    trajectoryConditions,
    rounds,
    trajectories: r.trajectories,
    skipped: r.skipped,
  };
}
