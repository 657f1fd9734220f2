// Extended Data Figs. 3-4 in the analysis worker: the scenario-type profiles from the per-cell moments the service
// read (scenarioProfilesFromMoments), with the design as indexes into its label lists.

import { type ScenarioMomentCell, type ScenarioProfiles, scenarioProfilesFromMoments } from '../../main/analysis/index.js';

export interface ScenarioTypesInput {
  /**
   * One entry per cell (dimension × scenario type × condition × round): index into dimensions; into scenarioTypes /
   * conditions or null; the round or null; the cell's score count, mean and sum of squared deviations.
   */
  cells: {
    dimension: number[]; scenario_type: (number | null)[]; condition: (number | null)[]; round: (number | null)[];
    n: number[]; mean: number[]; m2: number[]; length: number;
  };
  dimensions: string[];
  scenarioTypes: string[];
  /** Every condition present (what `cells.condition` indexes). */
  present: string[];
  baselineRound: number;
  conditions: string[];
  trajectoryConditions: string[];
  rounds: number[];
}

export function scenarioTypesFit(input: ScenarioTypesInput): ScenarioProfiles {
  const { cells, dimensions, scenarioTypes, present } = input;
  const rows: ScenarioMomentCell[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const t = cells.scenario_type[i];
    const c = cells.condition[i];
    rows[i] = {
      dimension: dimensions[cells.dimension[i]], scenarioType: t == null ? null : scenarioTypes[t], condition: c == null ? null : present[c], round: cells.round[i],
      n: cells.n[i], mean: cells.mean[i], m2: cells.m2[i],
    };
  }
  return scenarioProfilesFromMoments(rows, {
    dimensions, scenarioTypes, baselineRound: input.baselineRound, baselineConditions: input.conditions, trajectoryConditions: input.trajectoryConditions, rounds: input.rounds,
  });
}

/** The scores the cells summarize: what decides whether the fit goes to the worker. */
export function scenarioTypesRows(input: ScenarioTypesInput): number {
  let n = 0;
  for (let i = 0; i < input.cells.length; i++) n += input.cells.n[i];
  return n;
}
