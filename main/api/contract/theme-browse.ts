// Browsing a trained model's themes: top sentences, samples, shares, incidence and shifts, co-firing, search.
import { z } from 'zod';
import { count, method, optionalArgs, text, type MethodSpec } from './define.js';

export const THEME_SORTS = ['latent', 'share', 'shift', 'description'] as const;
export type ThemeSort = (typeof THEME_SORTS)[number];

export const ThemeListArgsSchema = z.strictObject({
  modelId: text,
  /** Case-insensitive "contains" over the description and the text of sentences where the latent is among the top K. */
  search: z.string().optional(),
  /** 'latent' (number, ascending), 'share' (top-1 share, descending), 'shift' (smallest BH q first), 'description'. Default 'latent'. */
  sort: z.enum(THEME_SORTS).optional(),
});
export type ThemeListArgs = z.infer<typeof ThemeListArgsSchema>;

export const ThemeGetArgsSchema = z.strictObject({
  modelId: text,
  latent: count,
  /** First top sentence returned (paging); default 0. */
  offset: count.optional(),
  /** Top sentences per page; default 25, at most 500. */
  limit: z.number().int().positive().max(500).optional(),
  /** Sentences of the random sample across the activation range; default 20 (spread over 10 activation deciles). */
  sampleSize: z.number().int().nonnegative().max(500).optional(),
  /** Seed of the random sample; default 1. */
  seed: z.number().int().optional(),
});
export type ThemeGetArgs = z.infer<typeof ThemeGetArgsSchema>;

export const ThemeCompareArgsSchema = z.strictObject({
  /** Models to compare; default every stored model. */
  modelIds: z.array(text).optional(),
});
export type ThemeCompareArgs = z.infer<typeof ThemeCompareArgsSchema>;

/** One stored kSAE model as the models table shows it (theme_models). */
export interface ThemeModelSummary {
  modelId: string; embeddingSetId: string; gridId: string | null; label: string | null;
  latents: number; k: number; seed: number; scenarioType: string; state: string; message: string | null;
  sentences: number | null; silhouette: number | null; silhouetteTop2: number | null; loss: number | null; valLoss: number | null;
  deadLatents: number | null; epochs: number | null; createdAt: string;
  /** The sentence_labels labelling this model wrote: `theme:<modelId>` (what the figures page offers). */
  labelling: string;
}

/** A sentence unit where a latent fired. */
export interface ThemeSentence {
  conversationId: string; turn: number; sentenceIndex: number; text: string;
  activation: number; rank: number; condition: string | null; round: number | null;
}

/** The pre/post incidence shift of one latent in one scenario type, from the Fig. 2B/2C engine (computeShifts). */
export interface ThemeShift {
  scenarioType: string; pre: number; post: number; diff: number; ci: [number, number]; z: number; p: number;
  /** Benjamini-Hochberg adjusted over the model's latents within the scenario type. */
  q: number; nPre: number; nPost: number; countPre: number; countPost: number;
}

export interface ThemeRow {
  latent: number;
  /** 'L17' */
  label: string;
  description: string | null;
  descriptionSource: 'llm' | 'human' | null;
  /** Sentence units whose top-1 latent is this one, and their share of the model's units. */
  countTop1: number; shareTop1: number;
  /** Sentence units with this latent among their top K, and their share. */
  countAny: number; shareAny: number;
  /** The 3 highest activations (any rank). */
  topSentences: ThemeSentence[];
  /** Per scenario type; empty when the study cannot give shifts (see shiftsNote). */
  shifts: ThemeShift[];
}

export interface ThemeListResult {
  model: ThemeModelSummary;
  /** Sentence units of the model: distinct sentences with activations stored for it (the share denominator). */
  units: number;
  themes: ThemeRow[];
  /** Why shifts are missing (no conditions, no rounds, …); null when computed. */
  shiftsNote: string | null;
}

export interface ThemeIncidenceCell { condition: string | null; round: number | null; units: number; count: number; share: number }
export interface ThemeCofiring { latent: number; label: string; description: string | null; count: number; lift: number }

export interface ThemeDetail extends Omit<ThemeRow, 'topSentences'> {
  model: ThemeModelSummary;
  units: number;
  /** Top-activating sentences, this page. */
  top: ThemeSentence[];
  topTotal: number; offset: number; limit: number;
  /** Random sample stratified over activation deciles (1 = lowest), seeded. */
  sample: (ThemeSentence & { decile: number })[];
  incidence: ThemeIncidenceCell[];
  cofiring: ThemeCofiring[];
  shiftsNote: string | null;
}

export const themeBrowseMethods = {
  'themes-browse-list': method(ThemeListArgsSchema).returns<ThemeListResult>(),
  'theme-get': method(ThemeGetArgsSchema).returns<ThemeDetail>(),
  'themes-compare': method(optionalArgs(ThemeCompareArgsSchema)).returns<ThemeModelSummary[]>(),
} satisfies Record<string, MethodSpec>;
