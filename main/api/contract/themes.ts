// kSAE theme models: training grids, stored models and their per-sentence activations.
import { z } from 'zod';
import { method, optionalArgs, text, type MethodSpec } from './define.js';
import type { ThemeModelSummary } from './theme-browse.js';

export const THEME_SCENARIO_TYPES = ['all', 'personal', 'workplace'] as const;
export type ThemeScenarioType = (typeof THEME_SCENARIO_TYPES)[number];

export const ThemeTrainArgsSchema = z.strictObject({
  embeddingSetId: text,
  /** Latent counts M of the grid (default [16, 32, 64, 128, 256], the paper's). */
  latents: z.array(z.number().int().min(2).max(4096)).min(1).max(32).optional(),
  /** Active latents per sentence K (default 2). */
  k: z.number().int().min(1).max(64).optional(),
  /** Seeds initialisation, validation split and shuffles (default 1). */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** One model per type and M: personal and workplace sentences apart, and pooled (default all three, as the paper did). */
  scenarioTypes: z.array(z.enum(THEME_SCENARIO_TYPES)).min(1).max(3).optional(),
  /** Upper bound on epochs per model (default 200; early stopping usually ends sooner). */
  maxEpochs: z.number().int().min(1).max(10_000).optional(),
  label: z.string().max(200).optional(),
});
export type ThemeTrainArgs = z.infer<typeof ThemeTrainArgsSchema>;

export interface ThemeTrainStarted {
  gridId: string;
  jobId: string;
  /** Every model of the grid, in training order. */
  modelIds: string[];
}

/** One epoch of a model's training curve. */
export interface ThemeEpoch {
  epoch: number;
  loss: number;
  valLoss: number | null;
  dead: number;
}

export interface ThemeModelDetail extends ThemeModelSummary {
  history: ThemeEpoch[];
  /** The trainer options the model was trained with (all defaults filled in). */
  params: Record<string, unknown>;
  /** True while a checkpoint is stored (a paused or interrupted model resumes from it). */
  resumable: boolean;
}

export const ThemeModelsArgsSchema = z.strictObject({
  embeddingSetId: text.optional(),
  gridId: text.optional(),
});

export const themeMethods = {
  'themes-train': method(ThemeTrainArgsSchema).returns<ThemeTrainStarted>(),
  /** Continues every unfinished model of a grid from its last checkpoint. */
  'themes-resume': method(z.strictObject({ gridId: text })).returns<ThemeTrainStarted>(),
  'themes-models': method(optionalArgs(ThemeModelsArgsSchema)).returns<ThemeModelSummary[]>(),
  'themes-model-get': method(z.strictObject({ id: text })).returns<ThemeModelDetail>(),
  /** Removes the model with its activations and its `theme:<id>` sentence labels. */
  'themes-model-delete': method(z.strictObject({ id: text })).returns<{ deleted: string }>(),
} satisfies Record<string, MethodSpec>;
