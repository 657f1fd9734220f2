// Extended Data Figs. 3-4: communication behaviours by scenario type (workplace vs personal troubles), as mean
// standardized scores in the first conversation and across the rounds. Declared apart from analysis.ts, which
// lists the method.
import { z } from 'zod';
import type { AnalysisProvenance } from './analysis.js';

export const ScenarioTypesArgsSchema = z.strictObject({
  /** Score set id or rater name; default the study's first score set. */
  scoreSetId: z.string().optional(),
  /** Default every dimension of the score set (paper order). */
  dimensions: z.array(z.string()).optional(),
  /** The first conversation's round; default 1. */
  baselineRound: z.number().int().optional(),
  /** Conditions pooled in the first-conversation comparison (Extended Data Fig. 3); default all. */
  conditions: z.array(z.string()).optional(),
  /** Conditions pooled in the trajectories (Extended Data Fig. 4); default coach and combined when present, else every non-control. */
  trajectoryConditions: z.array(z.string()).optional(),
  /** Rounds of the trajectories; default every round the score set covers. */
  rounds: z.array(z.number().int()).optional(),
});
export type ScenarioTypesArgs = z.infer<typeof ScenarioTypesArgsSchema>;

/** Mean standardized score of one dimension × scenario type × round, with SD, SE and the 95% t CI (null below 2). */
export interface ScenarioTypeCell {
  dimension: string; scenarioType: string; round: number;
  n: number; mean: number; sd: number; se: number; ci: [number, number] | null;
  /** The same mean in the score's own points (1-5). */
  rawMean: number;
}
/** Welch's t test of a − b (standardized) in the first conversation. */
export interface ScenarioTypeDifference {
  dimension: string; a: string; b: string; nA: number; nB: number;
  diff: number; se: number; df: number; t: number; p: number; ci: [number, number];
}
export interface ScenarioTypesResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  dimensions: string[];
  /** Scenario types present, sorted; differences are each later type minus the first. */
  scenarioTypes: string[];
  /** The scenarios of each type in this study (the study's own scenario_type column). */
  scenariosByType: Record<string, string[]>;
  /** z = (score − mean) / sd, mean and sd (ddof 1) over every conversation the score set scored on the dimension. */
  scales: Record<string, { n: number; mean: number; sd: number }>;
  baselineRound: number;
  conditions: string[];
  baseline: ScenarioTypeCell[];
  differences: ScenarioTypeDifference[];
  trajectoryConditions: string[];
  rounds: number[];
  trajectories: ScenarioTypeCell[];
  skipped: { dimension: string; reason: string }[];
}
