import { z } from 'zod';
import { count, finite, method, noArgs, optionalArgs, text } from './define.js';
import { ConversationFilterSchema } from './explorer.js';

export type JudgeMode = 'scores' | 'dimension' | 'pairwise';
const JudgeModeSchema = z.enum(['scores', 'dimension', 'pairwise']);
export type JudgeRunState = 'pending' | 'running' | 'pausing' | 'paused' | 'cancelled' | 'interrupted' | 'failed' | 'done';

/** Which conversations a run covers: the explorer's filter, or explicit ids (both: the intersection). Empty = all. */
export const JudgeSelectionSchema = z.strictObject({
  filter: ConversationFilterSchema.optional(),
  conversationIds: z.array(z.string()).optional(),
});
export type JudgeSelection = z.infer<typeof JudgeSelectionSchema>;

export const JudgeParamsSchema = z.strictObject({
  /** Default 0; null leaves it out of the request (models that only accept their default). */
  temperature: finite.nullish(),
  /** Output token cap; default 1200 (scores), 400 (dimension), 20 (pairwise). */
  maxTokens: z.number().int().positive().optional(),
  topP: finite.nullish(),
  seed: z.number().int().nullish(),
  /** How the answer's shape is requested: structured outputs (default), JSON mode, or plain text. */
  responseFormat: z.enum(['json_schema', 'json_object', 'text']).optional(),
});
export type JudgeParams = z.infer<typeof JudgeParamsSchema>;

/** Ranges are checked by the judge (resolveLimits), which names the limit and its bounds. */
export const JudgeLimitsSchema = z.strictObject({
  /** Requests in flight at once (default 8). */
  concurrency: finite.optional(),
  /** Requests per minute (default none). */
  rpm: finite.nullish(),
  /** Tokens per minute, estimated before the call and corrected by usage (default none). */
  tpm: finite.nullish(),
  /** Transport retries per call: 429, 5xx, timeouts, network (default 6). */
  maxRetries: finite.optional(),
  /** Extra calls after an invalid answer: bad JSON, out of range, missing dimension (default 2). */
  maxInvalidRetries: finite.optional(),
  /** Per request (default 120000). */
  timeoutMs: finite.optional(),
  /** First retry delay, doubled each time, jittered (default 1000). */
  backoffBaseMs: finite.optional(),
  /** Cap (default 60000). */
  backoffMaxMs: finite.optional(),
});
export type JudgeLimits = z.infer<typeof JudgeLimitsSchema>;

export const JudgeBatchOptionsSchema = z.strictObject({ pollIntervalMs: count.optional(), maxRequestsPerBatch: count.optional() });
export type JudgeBatchOptions = z.infer<typeof JudgeBatchOptionsSchema>;

const PromptRefSchema = z.strictObject({ templateId: z.string().optional(), version: z.number().int().optional() });

export const JudgeRunSpecSchema = z.strictObject({
  model: z.string(),
  /** Any OpenAI-compatible base URL ending in /v1 (Ollama, vLLM, LM Studio, llama.cpp, Azure); default OpenAI. */
  baseUrl: z.string().optional(),
  mode: z.enum(['scores', 'dimension']).optional(),
  selection: JudgeSelectionSchema.optional(),
  /** A template of the mode's kind; default the latest version of the built-in one. */
  prompt: PromptRefSchema.optional(),
  params: JudgeParamsSchema.optional(),
  limits: JudgeLimitsSchema.optional(),
  /** OpenAI Batch API (JSONL upload, poll, download); true for defaults. */
  batch: z.union([z.boolean(), JudgeBatchOptionsSchema]).optional(),
  label: z.string().optional(),
});
export type JudgeRunSpec = z.infer<typeof JudgeRunSpecSchema>;

export const JudgePairwiseSpecSchema = z.strictObject({
  model: z.string(),
  baseUrl: z.string().optional(),
  selection: JudgeSelectionSchema.optional(),
  prompt: PromptRefSchema.optional(),
  params: JudgeParamsSchema.optional(),
  limits: JudgeLimitsSchema.optional(),
  /** Distinct pairs per scenario; default comparisonsPerConversation x conversations / 2. */
  comparisonsPerScenario: finite.optional(),
  /** Default 10. */
  comparisonsPerConversation: finite.optional(),
  /** Ask every pair a second time with A and B swapped (position bias). */
  swap: z.boolean().optional(),
  /** Seed of the adaptive sampler (default 1). */
  seed: z.number().int().optional(),
  label: z.string().optional(),
});
export type JudgePairwiseSpec = z.infer<typeof JudgePairwiseSpecSchema>;

export const PriceRowSchema = z.strictObject({
  /** Exact model name or a prefix (longest prefix wins: gpt-4o-mini before gpt-4o). */
  model: z.string(),
  inputPerMTok: finite,
  outputPerMTok: finite,
  cachedInputPerMTok: finite.nullable(),
  /** Fraction off in Batch API mode (OpenAI: 0.5). */
  batchDiscount: finite,
  note: z.string().nullable(),
});
export type PriceRow = z.infer<typeof PriceRowSchema>;

export interface JudgeTemplateRef { templateId: string; version: number; hash: string }
export interface JudgeCost { amount: number | null; currency: 'USD'; priced: boolean; note: string }
export interface JudgeEstimate {
  mode: JudgeMode;
  model: string;
  baseUrlHost: string;
  template: JudgeTemplateRef;
  conversations: number;
  calls: number;
  cacheHits: number;
  toRequest: number;
  /** Tokens of the calls still to request: input counted with o200k, output a typical answer length. */
  inputTokens: number;
  outputTokens: number;
  cost: JudgeCost;
  batch: boolean;
  /** Lower bound from the rpm / tpm limits, when set. */
  minMinutes: number | null;
  notes: string[];
}
export interface JudgeRunSummary {
  runId: string;
  mode: JudgeMode;
  label: string | null;
  state: JudgeRunState;
  message: string | null;
  model: string;
  baseUrlHost: string;
  template: JudgeTemplateRef;
  /** The run's score set (scores/dimension modes); the pairwise table's judge_id for pairwise runs. */
  scoreSetId: string | null;
  batch: boolean;
  jobId: string | null;
  total: number;
  answered: number;
  fromCache: number;
  failed: number;
  pending: number;
  inputTokens: number;
  outputTokens: number;
  costSoFar: JudgeCost;
  /** Answers per minute over the last minute of activity (live while running). */
  throughputPerMin: number | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
export interface JudgeFailure {
  itemId: number;
  conversationId: string;
  dimension: string | null;
  conversationB: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
}
export interface JudgeBatchInfo {
  batchNo: number; state: string; batchId: string | null; status: string | null;
  requests: number; completed: number | null; failed: number | null; updatedAt: string;
}
export interface JudgeRunDetail extends JudgeRunSummary {
  spec: JudgeRunSpec | JudgePairwiseSpec;
  limits: Required<Omit<JudgeLimits, 'rpm' | 'tpm'>> & { rpm: number | null; tpm: number | null };
  inFlight: number;
  failures: JudgeFailure[];
  failureReasons: { reason: string; count: number }[];
  /** Calls asked again, by kind: rate limited, server error, timeout, network error, malformed response, invalid answer. */
  retries: { reason: string; count: number }[];
  batches: JudgeBatchInfo[];
}
export interface PromptTemplate {
  templateId: string;
  version: number;
  kind: JudgeMode;
  name: string;
  system: string;
  user: string;
  note: string | null;
  hash: string;
  builtin: boolean;
  createdAt: string;
  placeholders: string[];
}
export interface JudgeEloRow { conversationId: string; scenario: string | null; rating: number; comparisons: number; wins: number }
export interface JudgeElo {
  judgeId: string;
  trials: number;
  ratings: JudgeEloRow[];
  /** Pairs asked both ways: how often the same conversation won in both orders, and how often "A" won overall. */
  positionBias: { swappedPairs: number; consistent: number; consistency: number | null; shareA: number | null } | null;
}
/**
 * Whether a run to `origin` would carry a key. Keys are bound to the origin they were given for: a key
 * typed in Settings to that origin, OPENAI_API_KEY to OPENAI_BASE_URL (default OpenAI).
 */
export interface JudgeKeyStatus {
  /** A key for this origin exists, or the origin is a local server that needs none. */
  available: boolean;
  /** Which source holds the key for this origin; null when none does. */
  source: string | null;
  /** Keys typed in Settings can be stored (the desktop app's OS keychain). */
  canStore: boolean;
  /** The origin asked about, e.g. "https://api.openai.com". */
  origin: string;
  /** Origins with a key stored in Settings (never the keys). */
  storedOrigins: string[];
}

const runId = z.strictObject({ runId: text });
const baseUrlArg = z.strictObject({ baseUrl: z.string().optional() });

export interface JudgeConnectionTest {
  /** True when a run can start: the endpoint answered (or is only rate-limiting). */
  ok: boolean;
  /** The HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  latencyMs: number;
  origin: string;
  /** One sentence saying what happened and what to do. */
  message: string;
}

export const judgeMethods = {
  /** Key status for `baseUrl` (default OpenAI's API). */
  'judge-key-status': method(optionalArgs(baseUrlArg)).returns<JudgeKeyStatus>(),
  /** Stores the key for `baseUrl`'s origin (default OpenAI's) through the shell's secure store; never echoed, logged or saved in the workspace. */
  'judge-key-set': method(z.strictObject({ key: z.string().nullable(), baseUrl: z.string().optional() })).returns<JudgeKeyStatus>(),
  'judge-estimate': method(JudgeRunSpecSchema).returns<JudgeEstimate>(),
  /** One short request (one output token) to the endpoint, before a paid run: reachable, key accepted, model known. */
  'judge-connection-test': method(z.strictObject({ baseUrl: z.string().max(2_000).optional(), model: text })).returns<JudgeConnectionTest>(),
  'judge-pairwise-estimate': method(JudgePairwiseSpecSchema).returns<JudgeEstimate>(),
  'judge-start': method(JudgeRunSpecSchema).returns<{ runId: string; jobId: string }>(),
  'judge-pairwise-start': method(JudgePairwiseSpecSchema).returns<{ runId: string; jobId: string }>(),
  'judge-runs': method(noArgs).returns<JudgeRunSummary[]>(),
  'judge-run-get': method(z.strictObject({ runId: text, failuresLimit: count.optional() })).returns<JudgeRunDetail>(),
  'judge-pause': method(runId).returns<JudgeRunSummary>(),
  'judge-resume': method(z.strictObject({ runId: text, limits: JudgeLimitsSchema.optional() })).returns<{ runId: string; jobId: string }>(),
  'judge-cancel': method(runId).returns<JudgeRunSummary>(),
  'judge-retry-failures': method(runId).returns<{ runId: string; jobId: string }>(),
  'judge-run-delete': method(runId).returns<{ deleted: boolean }>(),
  'judge-elo': method(runId).returns<JudgeElo>(),
  'prompt-templates-list': method(optionalArgs(z.strictObject({ kind: JudgeModeSchema.optional() }))).returns<PromptTemplate[]>(),
  'prompt-template-save': method(z.strictObject({
    templateId: z.string(), kind: JudgeModeSchema, name: z.string().optional(), system: z.string(), user: z.string(), note: z.string().optional(),
  })).returns<PromptTemplate>(),
  'price-table-get': method(noArgs).returns<PriceRow[]>(),
  'price-table-set': method(z.strictObject({ rows: z.array(PriceRowSchema) })).returns<PriceRow[]>(),
};
