// LLM descriptions of themes with a fidelity check; human edits that later runs never overwrite.
import { z } from 'zod';
import { count, method, text } from './define.js';
import { JudgeLimitsSchema, type JudgeCost } from './judge.js';

/**
 * How one describe run asks: which latents, which sentences are shown, which model writes and which labels.
 * Every default is stated here once and applied by main/themes/describe-settings.ts (DESCRIBE_DEFAULTS).
 */
export const ThemeDescribeSpecSchema = z.strictObject({
  /** theme_models.model_id. */
  modelId: text,
  /** Any OpenAI-compatible base URL ending in /v1; default OpenAI's API. Keys are bound to their origin. */
  baseUrl: z.string().optional(),
  /** The model that writes descriptions; default 'gpt-4o-mini'. */
  llm: z.string().min(1).optional(),
  /** The model that labels held-out sentences Yes/No in the fidelity check; default the same as `llm`. */
  labeller: z.string().min(1).optional(),
  /** Temperature of the description calls; default 0.7 (candidates differ by their sampled sentences as well). Labels always use 0. */
  temperature: z.number().min(0).max(2).optional(),
  /** Top-activating sentences shown per description; default 10. */
  positives: z.number().int().min(1).max(100).optional(),
  /** Random zero-activation sentences shown per description; default 10. */
  negatives: z.number().int().min(0).max(100).optional(),
  /**
   * Which positives are shown: 'top' (the highest activations; default) or 'percentile' (a seeded random sample
   * from the `percentile` band of the latent's non-zero activations, as the paper did).
   */
  positiveSampling: z.enum(['top', 'percentile']).optional(),
  /** The band for positiveSampling 'percentile', in percent; default [80, 100]. */
  percentile: z.tuple([z.number().min(0).max(100), z.number().min(0).max(100)]).optional(),
  /** Seed of every random choice (shown sentences, held-out sentences); candidate i uses seed + i; default 0. */
  seed: z.number().int().optional(),
  /** Run the fidelity check (a model labels held-out sentences Yes/No against the description); default false. */
  fidelity: z.boolean().optional(),
  /** Held-out top-activating sentences labelled per description in the fidelity check; default 50. */
  fidelityPositives: z.number().int().min(1).max(500).optional(),
  /** Held-out zero-activation sentences labelled per description in the fidelity check; default 50. */
  fidelityNegatives: z.number().int().min(1).max(500).optional(),
  /** Candidate descriptions per latent; with fidelity the best F1 is kept, without it the first. Default 1. */
  candidates: z.number().int().min(1).max(10).optional(),
  /** Only these latents (default: every latent that fires at least once). */
  latents: z.array(count).optional(),
  /** Task-specific instructions placed in the description prompt; default the paper's (empathic communication). */
  instructions: z.string().max(4000).optional(),
  /** The judge's request limits (concurrency, rpm, tpm, retries, timeouts); the judge's defaults. */
  limits: JudgeLimitsSchema.optional(),
});
export type ThemeDescribeSpec = z.infer<typeof ThemeDescribeSpecSchema>;

export interface ThemeDescribeEstimate {
  modelId: string;
  llm: string;
  labeller: string;
  baseUrlHost: string;
  /** Latents to describe now (not yet described with these settings, and not edited by hand). */
  latents: number;
  /** Latents skipped: already described with the same settings. */
  alreadyDescribed: number;
  /** Latents skipped: a person wrote their description. */
  human: number;
  /** Chat calls in all: descriptions plus labels. */
  calls: number;
  descriptionCalls: number;
  labelCalls: number;
  /** Description calls the cache answers (label calls depend on the descriptions, so are only known while running). */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  cost: JudgeCost;
  notes: string[];
}

/** Fidelity of one description: how a labeller's Yes/No on held-out sentences matches the latent firing. */
export interface ThemeFidelity {
  precision: number;
  recall: number;
  f1: number;
  /** Yes on a top-activating sentence (tp), Yes on a zero-activation one (fp), No on top (fn), No on zero (tn). */
  tp: number; fp: number; fn: number; tn: number;
  /** Labels that could not be read (neither Yes nor No after retries); left out of the counts. */
  unreadable: number;
}

export interface ThemeDescriptionCandidate {
  description: string;
  fidelity: ThemeFidelity | null;
}

export interface ThemeDescription {
  modelId: string;
  latent: number;
  description: string;
  source: 'llm' | 'human';
  llmModel: string | null;
  baseUrlHost: string | null;
  temperature: number | null;
  promptHash: string | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  fidelity: ThemeFidelity | null;
  /** Every candidate the LLM wrote for this latent (the kept one included); kept when a person edits the description. */
  candidates: ThemeDescriptionCandidate[];
  /** The sentence keys shown to the describing model ('conversation_id|turn|sentence_index'), for audit. */
  shown: string[];
  createdAt: string;
  updatedAt: string;
}

const modelArg = z.strictObject({ modelId: text });

export const themeDescriptionMethods = {
  /** Calls, tokens and cost of a describe run before it starts (nothing is sent). */
  'themes-describe-estimate': method(ThemeDescribeSpecSchema).returns<ThemeDescribeEstimate>(),
  /** Starts a describe run as a job; resumable by starting it again with the same spec. */
  'themes-describe': method(ThemeDescribeSpecSchema).returns<{ jobId: string }>(),
  /** A person's description (source 'human'); no later LLM run overwrites it. An empty text removes the row. */
  'theme-description-set': method(z.strictObject({ modelId: text, latent: count, description: z.string().max(2000) })).returns<{ description: ThemeDescription | null }>(),
  /** Every stored description of a model, by latent. */
  'theme-descriptions-list': method(modelArg).returns<ThemeDescription[]>(),
};
