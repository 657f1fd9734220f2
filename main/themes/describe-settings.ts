// The settings of a describe run: defaults applied once, and the key that says whether a stored description was
// made with the same settings (a rerun skips those latents; any change describes them again).
import { createHash } from 'node:crypto';
import type { ThemeDescribeSpec } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { DEFAULT_BASE_URL } from '../judge/keys.js';
import { checkBaseUrl } from '../judge/store.js';
import { resolveLimits } from '../judge/limits.js';

/** The paper's task-specific instruction (Methods, "Conversation Text Analysis"), widened to any trouble. */
export const DEFAULT_INSTRUCTIONS =
  'You are an empathic communication expert. These are sentences from messages that a person sends to comfort someone who has shared a personal or workplace-related problem.';

/** Every default of ThemeDescribeSpec (documented on the schema in main/api/contract/theme-descriptions.ts). */
export const DESCRIBE_DEFAULTS = {
  llm: 'gpt-4o-mini',
  temperature: 0.7,
  positives: 10,
  negatives: 10,
  positiveSampling: 'top' as 'top' | 'percentile',
  percentile: [80, 100] as [number, number],
  seed: 0,
  fidelity: false,
  fidelityPositives: 50,
  fidelityNegatives: 50,
  candidates: 1,
  instructions: DEFAULT_INSTRUCTIONS,
};

/** Output caps: a description is one short line, a label one word. */
export const DESCRIPTION_MAX_TOKENS = 120;
export const LABEL_MAX_TOKENS = 5;
/** Typical answer lengths, for estimates. */
export const TYPICAL_DESCRIPTION_TOKENS = 25;
export const TYPICAL_LABEL_TOKENS = 1;

export interface DescribeSettings {
  modelId: string;
  baseUrl: string;
  llm: string;
  labeller: string;
  temperature: number;
  positives: number;
  negatives: number;
  positiveSampling: 'top' | 'percentile';
  percentile: [number, number];
  seed: number;
  fidelity: boolean;
  fidelityPositives: number;
  fidelityNegatives: number;
  candidates: number;
  latents: number[] | null;
  instructions: string;
  limits: ReturnType<typeof resolveLimits>;
}

export function resolveDescribeSettings(spec: ThemeDescribeSpec): DescribeSettings {
  const d = DESCRIBE_DEFAULTS;
  const llm = spec.llm?.trim() || d.llm;
  const percentile = spec.percentile ?? d.percentile;
  if (!(percentile[0] < percentile[1])) throw new UserError(`percentile must be a band [low, high] with low < high, got [${percentile.join(', ')}]`);
  return {
    modelId: spec.modelId,
    baseUrl: checkBaseUrl(spec.baseUrl?.trim() || DEFAULT_BASE_URL),
    llm,
    labeller: spec.labeller?.trim() || llm,
    temperature: spec.temperature ?? d.temperature,
    positives: spec.positives ?? d.positives,
    negatives: spec.negatives ?? d.negatives,
    positiveSampling: spec.positiveSampling ?? d.positiveSampling,
    percentile,
    seed: spec.seed ?? d.seed,
    fidelity: spec.fidelity ?? d.fidelity,
    fidelityPositives: spec.fidelityPositives ?? d.fidelityPositives,
    fidelityNegatives: spec.fidelityNegatives ?? d.fidelityNegatives,
    candidates: spec.candidates ?? d.candidates,
    latents: spec.latents ? [...new Set(spec.latents)].sort((a, b) => a - b) : null,
    instructions: spec.instructions?.trim() || d.instructions,
    limits: resolveLimits(spec.limits),
  };
}

/**
 * What makes two descriptions of a latent comparable: everything that changes the requests or the choice among
 * candidates (endpoint, models, temperature, sampling, fidelity check, prompt text). Limits and the latent subset
 * only change how a run goes, not what it produces, so they are left out.
 */
export function settingsKey(s: DescribeSettings, promptHash: string): string {
  const parts = [
    s.baseUrl, s.llm, s.labeller, s.temperature, s.positives, s.negatives, s.positiveSampling, s.percentile, s.seed,
    s.fidelity, s.fidelity ? s.fidelityPositives : null, s.fidelity ? s.fidelityNegatives : null, s.candidates, promptHash,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
