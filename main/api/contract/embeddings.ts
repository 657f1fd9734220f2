// Embedding sets: vectors per sentence unit (offline TF-IDF/SVD, an OpenAI-compatible endpoint, or imported files).
import { z } from 'zod';
import { finite, method, noArgs, text, type MethodSpec } from './define.js';
import type { JudgeCost } from './judge.js';

export type EmbeddingProvider = 'offline' | 'openai' | 'import';
/** 'interrupted': was running when the app stopped; `embeddings-resume` continues it. */
export type EmbeddingSetState = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

const dims = z.number().int().min(1).max(65_535);
const label = z.string().max(200).optional();

export const OfflineEmbeddingSpecSchema = z.strictObject({
  provider: z.literal('offline'),
  /** SVD components (default 256; fewer when the vocabulary or the study is smaller). */
  dimensions: dims.optional(),
  /** Seed of the randomized SVD (default 1). */
  seed: z.number().int().optional(),
  /** A term must occur in at least this many sentences (default 2). */
  minDf: z.number().int().min(1).optional(),
  /** Vocabulary cap, most frequent terms first (default 20000). */
  maxFeatures: z.number().int().min(1).optional(),
  label,
});

export const EmbeddingLimitsSchema = z.strictObject({
  /** Requests in flight at once (default 4). */
  concurrency: finite.optional(),
  /** Requests per minute (default none). */
  rpm: finite.nullish(),
  /** Tokens per minute (default none). */
  tpm: finite.nullish(),
  /** Retries per request after 429, 5xx, timeouts and network errors (default 6). */
  maxRetries: finite.optional(),
  /** Per request (default 60000). */
  timeoutMs: finite.optional(),
  /** First retry delay, doubled each time, jittered (default 1000). */
  backoffBaseMs: finite.optional(),
  /** Cap (default 60000). */
  backoffMaxMs: finite.optional(),
  /** Inputs per request (default 2048, OpenAI's maximum). */
  maxInputsPerRequest: z.number().int().min(1).max(2048).optional(),
  /** o200k tokens per request (default 200000, under OpenAI's 300000 per-request cap). */
  maxTokensPerRequest: z.number().int().min(1).optional(),
});
export type EmbeddingLimits = z.infer<typeof EmbeddingLimitsSchema>;

export const OpenAIEmbeddingSpecSchema = z.strictObject({
  provider: z.literal('openai'),
  /** Default 'text-embedding-3-large'. */
  model: text.optional(),
  /** Sent as `dimensions` when set (text-embedding-3 models shorten their vectors); default: the model's own. */
  dimensions: dims.optional(),
  /** Any OpenAI-compatible base URL ending in /v1 (Ollama, vLLM, LM Studio); default OpenAI. */
  baseUrl: z.string().optional(),
  limits: EmbeddingLimitsSchema.optional(),
  label,
});

export const ImportEmbeddingSpecSchema = z.strictObject({
  provider: z.literal('import'),
  /** A .parquet or .csv file (keys + `vector` list or v0..v{d-1} columns), or a .npy matrix with `keys`. */
  file: text,
  /** For .npy: a CSV with conversation_id, turn, sentence_index, one row per matrix row. */
  keys: text.optional(),
  /** What made the vectors, for the record (default: the file's name). */
  model: text.optional(),
  label,
});

export const EmbeddingSpecSchema = z.discriminatedUnion('provider', [OfflineEmbeddingSpecSchema, OpenAIEmbeddingSpecSchema, ImportEmbeddingSpecSchema]);
export type EmbeddingSpec = z.infer<typeof EmbeddingSpecSchema>;
export type OfflineEmbeddingSpec = z.infer<typeof OfflineEmbeddingSpecSchema>;
export type OpenAIEmbeddingSpec = z.infer<typeof OpenAIEmbeddingSpecSchema>;
export type ImportEmbeddingSpec = z.infer<typeof ImportEmbeddingSpecSchema>;

export interface EmbeddingSet {
  id: string;
  provider: EmbeddingProvider;
  model: string;
  dimensions: number;
  sentences: number;
  state: EmbeddingSetState;
  message: string | null;
  /** The job building it in this process (progress through job-progress events), else null. */
  jobId: string | null;
  label: string | null;
  /** What to call it in the UI: 'lexical stand-in' (offline), 'embedding model', 'imported vectors'. */
  kind: string;
  /** The spec it was made with (never a key) and provider details (vocabulary size, tokens, cost). */
  params: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface EmbeddingEstimate {
  provider: EmbeddingProvider;
  model: string;
  /** Sentence units to embed (offline, openai) or rows in the file (import). */
  sentences: number;
  /** Null until the endpoint answers, when no `dimensions` was asked for. */
  dimensions: number | null;
  /** Requests still to send, texts already in the cache, texts to send, and their o200k tokens. */
  calls: number;
  cacheHits: number;
  toRequest: number;
  inputTokens: number;
  /** Null for offline and import. */
  cost: JudgeCost | null;
  /** Lower bound from the rpm / tpm limits, when set. */
  minMinutes: number | null;
  notes: string[];
}

export interface EmbeddingStarted { embeddingSetId: string; jobId: string }

const SetIdSchema = z.strictObject({ embeddingSetId: text });

export const embeddingMethods = {
  'embeddings-list': method(noArgs).returns<EmbeddingSet[]>(),
  'embeddings-estimate': method(EmbeddingSpecSchema).returns<EmbeddingEstimate>(),
  'embeddings-create': method(EmbeddingSpecSchema).returns<EmbeddingStarted>(),
  /** Continues an interrupted, failed or cancelled openai set (cached vectors are not asked for again). */
  'embeddings-resume': method(SetIdSchema).returns<EmbeddingStarted>(),
  'embeddings-delete': method(SetIdSchema).returns<{ deleted: true }>(),
} satisfies Record<string, MethodSpec>;
