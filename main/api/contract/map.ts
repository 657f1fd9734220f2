// The map (issue 10): 2-D projections of an embedding set (UMAP, seeded, stored with their parameters and
// quality) and what the point-cloud view asks of them: points with compact per-point attributes, the live
// positions of a running projection, selections, theme label positions.
import { z } from 'zod';
import { count, method, noArgs, text, type MethodSpec } from './define.js';
import { ConversationFilterSchema, type CsvExport } from './explorer.js';

/** 'workbench-umap': this project's typed-array UMAP (workers/umap/); 'umap-js': the reference library. */
export const PROJECTION_ENGINES = ['workbench-umap', 'umap-js'] as const;
export type ProjectionEngine = (typeof PROJECTION_ENGINES)[number];
/** 'interrupted' is never stored: it is how a 'running' row of no live job is shown. */
export type ProjectionState = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** At most this many indices per selection call. */
export const MAX_SELECTION = 500_000;
/** At most this many sentences coded in one "code these" (coding-assign-many's limit: one event). */
export const MAX_CODE_SELECTION = 100_000;

export const MapProjectArgsSchema = z.strictObject({
  embeddingSetId: text,
  /** PCA (randomized SVD) to this many dimensions before the kNN; 0 = none. Default 50 when the set has more than 50 dimensions, else none. */
  pca: z.number().int().min(0).max(1024).optional(),
  /** Neighbours per point, the point itself included (umap-learn's n_neighbors); default 15. */
  neighbors: z.number().int().min(2).max(200).optional(),
  /** Smallest distance between points in the layout; default 0.1. */
  minDist: z.number().min(0).max(10).optional(),
  /** Layout epochs; default as umap-learn: 500 up to 10,000 points, else 200. */
  epochs: z.number().int().min(1).max(5000).optional(),
  /** Seeds the PCA, the initial positions and the negative samples; default 42. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** Default 'workbench-umap'. */
  engine: z.enum(PROJECTION_ENGINES).optional(),
  label: z.string().max(200).optional(),
});
export type MapProjectArgs = z.infer<typeof MapProjectArgsSchema>;

/** Every parameter a projection was made with, defaults filled in. */
export interface ProjectionParams {
  /** 0 = no PCA. */
  pca: number;
  neighbors: number;
  minDist: number;
  /** Distance of the kNN in the (PCA-reduced) input space. */
  metric: 'cosine';
  epochs: number;
  seed: number;
}

export interface ProjectionSummary {
  id: string;
  embeddingSetId: string;
  engine: ProjectionEngine;
  params: ProjectionParams;
  state: ProjectionState;
  message: string | null;
  /** Points stored (sentence units of the set); null until done. */
  points: number | null;
  /** Wall time of the whole projection (load, PCA, kNN, layout, quality); null until done. */
  seconds: number | null;
  /** Mean share of each sampled point's 15 nearest input-space neighbours among its 15 nearest on the map (5,000-point sample, exact). */
  neighborhoodPreservation: number | null;
  label: string | null;
  /** The job computing it in this process, else null. */
  jobId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MapProjectStarted { projectionId: string; jobId: string }

/** One categorical attribute: `codes[i]` indexes `values`; -1 = missing (no condition, no theme, …). */
export interface MapCategory {
  values: string[];
  /** Display names parallel to `values` where they differ (a theme's description); else the value itself. */
  labels: string[];
  codes: number[];
}

/** The legend value of points that carry more than one code under the scope. */
export const SEVERAL_CODES = '*';

/**
 * Which codes colour the map: one coder's effective codes (theme codes expanded, sentence codes overriding them),
 * or, without a coder, the study's: the `coding:*` labellings (the consensus where a sentence was resolved, else
 * every coder's), as the incidence shifts count them.
 */
export const MapCodeScopeSchema = z.strictObject({
  coder: text.max(80).optional(),
  /** 1 or 2: the code's ancestor at that level (codes above it leave the point uncoded); absent: the code as assigned. */
  depth: z.union([z.literal(1), z.literal(2)]).optional(),
});
export type MapCodeScope = z.infer<typeof MapCodeScopeSchema>;

/**
 * Each point's code: `values` are the code ids of the codebook at the scope's level in tree order (codes no point
 * carries included), then SEVERAL_CODES when some point carries more than one; `labels` their paths; `colors` the
 * codebook's colours. -1 = uncoded.
 */
export interface MapCodeCategory extends MapCategory {
  colors: string[];
  scope: MapCodeScope;
}

export const MapPointsArgsSchema = z.strictObject({
  projectionId: text,
  /** Adds the `theme` attribute: each point's top-1 latent of this theme model. */
  themeModelId: text.optional(),
  /** With `dimension`: adds `score`, each point's conversation score. */
  scoreSetId: text.optional(),
  dimension: text.optional(),
  /** The explorer's filter: when given, `visible` marks the points of matching conversations (all points are still returned). */
  filter: ConversationFilterSchema.optional(),
  /** Adds the `code` attribute: each point's code under this scope. */
  codes: MapCodeScopeSchema.optional(),
});
export type MapPointsArgs = z.infer<typeof MapPointsArgsSchema>;

/**
 * The points of a projection, in its fixed point order (index = position in these arrays, the order map-preview
 * and map-selection use). Coordinates are rounded to 4 decimals to keep the payload small.
 */
export interface MapPoints {
  projectionId: string;
  engine: ProjectionEngine;
  n: number;
  x: number[];
  y: number[];
  /** Sentence keys: `conversations[conversation[i]]`, `turn[i]`, `sentenceIndex[i]`. */
  conversations: string[];
  conversation: number[];
  turn: number[];
  sentenceIndex: number[];
  attributes: {
    condition: MapCategory;
    /** Values are the round numbers as text ('1', '2'). */
    round: MapCategory;
    scenario: MapCategory;
    /** Top-1 latent ('L17') of `themeModelId`; labels are descriptions when theme_descriptions has one. Null without themeModelId. */
    theme: MapCategory | null;
    /** The code of each point under `codes`; null without it. */
    code: MapCodeCategory | null;
  };
  /** Per-point conversation score (null where missing); null without scoreSetId + dimension. */
  score: { scoreSetId: string; dimension: string; values: (number | null)[]; min: number | null; max: number | null } | null;
  /** 1 = the point's conversation matches `filter`, 0 = filtered out; null when no filter was given. */
  visible: number[] | null;
  /** Points matching the filter (n when none). */
  visibleCount: number;
  bounds: MapBounds;
}

export const MapPointCodesArgsSchema = z.strictObject({ projectionId: text, codes: MapCodeScopeSchema });
export type MapPointCodesArgs = z.infer<typeof MapPointCodesArgsSchema>;

/** map-points' `code` attribute alone: what a recolour after coding needs, without the points again. */
export interface MapPointCodes { projectionId: string; code: MapCodeCategory }

export interface MapBounds { xMin: number; xMax: number; yMin: number; yMax: number }

/** Positions of a running projection after `epoch` of `epochs`, in map-points order. */
export interface MapPreview {
  jobId: string;
  projectionId: string;
  epoch: number;
  epochs: number;
  x: number[];
  y: number[];
  /** True for the first frame: a quick 2-D picture of the vectors shown while the PCA and kNN run, not yet UMAP. */
  preliminary: boolean;
}

export const MapSelectionArgsSchema = z.strictObject({
  projectionId: text,
  /** Point indices into map-points order. */
  indices: z.array(count).max(MAX_SELECTION),
  /** Counts by theme (top-1 latent of this model); without it byTheme is empty. */
  themeModelId: text.optional(),
  /** Sentences returned (first by index); default 200, at most 5,000. */
  limit: z.number().int().min(0).max(5000).optional(),
  /** Adds `byCode` and each sentence's `codes` under this scope. */
  codes: MapCodeScopeSchema.optional(),
  /** Adds `withCode`: how many selected sentences this coder's effective codes already give this code. */
  hasCode: z.strictObject({ codeId: text, coder: text.max(80) }).optional(),
});
export type MapSelectionArgs = z.infer<typeof MapSelectionArgsSchema>;

export interface MapSelectionSentence {
  index: number;
  conversationId: string;
  turn: number;
  sentenceIndex: number;
  text: string;
  condition: string | null;
  round: number | null;
  scenario: string | null;
  /** Top-1 latent ('L17') of themeModelId, else null. */
  theme: string | null;
  /** Code paths the sentence carries under the `codes` scope; null without it. */
  codes: string[] | null;
}

export interface MapSelection {
  /** Distinct points selected. */
  count: number;
  conversations: number;
  /** Descending by count; value null = no theme / no condition. */
  byTheme: { value: string | null; label: string | null; count: number }[];
  byCondition: { value: string | null; count: number }[];
  /** Under the `codes` scope: sentences per code (one sentence may count under several), descending; codeId null = uncoded. Empty without it. */
  byCode: { codeId: string | null; path: string | null; color: string | null; count: number }[];
  /** Under `hasCode`; null without it. */
  withCode: number | null;
  sentences: MapSelectionSentence[];
}

export const MapCodeSelectionArgsSchema = z.strictObject({
  projectionId: text,
  indices: z.array(count).min(1).max(MAX_CODE_SELECTION),
  codeId: text.max(80),
  coder: text.max(80),
});
export type MapCodeSelectionArgs = z.infer<typeof MapCodeSelectionArgsSchema>;

export interface MapCodeSelectionResult {
  /** Distinct sentences selected. */
  sentences: number;
  /** New sentence assignments (the coder's existing sentence assignments of the code are not repeated). */
  assigned: number;
  /** Sentences whose codes for this coder already included the code before. */
  already: number;
}

export const MapSelectionExportArgsSchema = z.strictObject({
  projectionId: text,
  indices: z.array(count).max(MAX_SELECTION),
  themeModelId: text.optional(),
});

export interface MapThemeLabel {
  latent: number;
  /** 'L17' */
  value: string;
  /** The description from theme_descriptions when there is one, else null. */
  description: string | null;
  /** Centroid of the points whose top-1 latent this is. */
  x: number;
  y: number;
  count: number;
}

export interface MapLabels {
  projectionId: string;
  themeModelId: string;
  bounds: MapBounds;
  labels: MapThemeLabel[];
}

const ProjectionIdSchema = z.strictObject({ id: text });

export const mapMethods = {
  /** Starts a projection job; its positions can be polled with map-preview while it runs. */
  'map-project': method(MapProjectArgsSchema).returns<MapProjectStarted>(),
  'map-projections': method(z.union([noArgs, z.strictObject({ embeddingSetId: text.optional() })])).returns<ProjectionSummary[]>(),
  'map-projection-get': method(ProjectionIdSchema).returns<ProjectionSummary>(),
  'map-projection-rename': method(z.strictObject({ id: text, label: z.string().max(200).nullable() })).returns<ProjectionSummary>(),
  /** Removes the projection and its points (a running one must be cancelled first). */
  'map-projection-delete': method(ProjectionIdSchema).returns<{ deleted: string }>(),
  'map-points': method(MapPointsArgsSchema).returns<MapPoints>(),
  'map-point-codes': method(MapPointCodesArgsSchema).returns<MapPointCodes>(),
  /** The latest positions of a running projection job; frame null before its layout starts, after it ends, or for another job. */
  'map-preview': method(z.strictObject({ jobId: text })).returns<{ frame: MapPreview | null }>(),
  'map-selection': method(MapSelectionArgsSchema).returns<MapSelection>(),
  /** CSV of the selected points: index, conversation_id, turn, sentence_index, x, y, condition, round, scenario, theme, text. */
  'map-selection-export': method(MapSelectionExportArgsSchema).returns<CsvExport>(),
  /** Label positions of a theme model's themes on a projection (export as JSON as is). */
  'map-labels': method(z.strictObject({ projectionId: text, themeModelId: text })).returns<MapLabels>(),
  /** "Code these": the selected sentences get the code as sentence assignments of the coder, in one coding event (coding-undo undoes it). */
  'map-code-selection': method(MapCodeSelectionArgsSchema).returns<MapCodeSelectionResult>(),
} satisfies Record<string, MethodSpec>;
