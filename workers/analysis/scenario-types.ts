// Extended Data Figs. 3-4 in the analysis worker: the scenario-type profiles (scenarioProfiles) on the score
// columns the service read, with the design as indexes into its label lists.

import { type ScenarioScoreRow, scenarioProfiles } from '../../main/analysis/index.js';

export interface ScenarioTypesInput {
  /** One entry per score: index into dimensions; into scenarioTypes / conditions or null; the round or null. */
  data: { dimension: number[]; scenario_type: (number | null)[]; condition: (number | null)[]; round: (number | null)[]; score: number[]; length: number };
  dimensions: string[];
  scenarioTypes: string[];
  /** Every condition present (what `data.condition` indexes). */
  present: string[];
  baselineRound: number;
  conditions: string[];
  trajectoryConditions: string[];
  rounds: number[];
}

export function scenarioTypesFit(input: ScenarioTypesInput): ReturnType<typeof scenarioProfiles> {
  const { data, dimensions, scenarioTypes, present } = input;
  const rows: ScenarioScoreRow[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const t = data.scenario_type[i];
    const c = data.condition[i];
    rows[i] = { dimension: dimensions[data.dimension[i]], scenarioType: t == null ? null : scenarioTypes[t], condition: c == null ? null : present[c], round: data.round[i], score: data.score[i] };
  }
  return scenarioProfiles(rows, {
    dimensions, scenarioTypes, baselineRound: input.baselineRound, baselineConditions: input.conditions, trajectoryConditions: input.trajectoryConditions, rounds: input.rounds,
  });
}

export function scenarioTypesRows(input: ScenarioTypesInput): number {
  return input.data.length;
}
