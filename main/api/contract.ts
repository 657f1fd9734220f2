// The one declaration of every API method and event. The handler table, the Electron preload bridge,
// the HTTP routes, the renderer client and the CLI all derive their types from this file.

export type TableName =
  | 'participants' | 'conversations' | 'messages' | 'sentences' | 'scores' | 'score_sets'
  | 'self_reports' | 'pairwise' | 'taxonomy' | 'sentence_labels';

export interface ScoreSetInfo {
  id: string;
  rater: string;
  kind: string;
  conversations: number;
  scaleMin: number;
  scaleMax: number;
  dimensions: string[];
}

export interface StudyInfo {
  path: string;
  name: string;
  simulated: boolean;
  source: string | null;
  participants: number;
  conversations: number;
  messages: number;
  sentences: number;
  conditions: string[];
  scenarios: string[];
  scenarioTypes: string[];
  rounds: number[];
  scoreSets: ScoreSetInfo[];
  tables: Record<TableName, number>;
  schemaVersion: number;
}

export interface CountRow { key: string; conversations: number; participants: number }
export interface StudyOverview {
  byCondition: CountRow[];
  byScenario: CountRow[];
  byRound: CountRow[];
  byConditionRound: { condition: string; round: number; conversations: number }[];
  missingTables: { table: TableName; neededBy: string }[];
}

export interface ScoreRange { scoreSetId: string; dimension: string; min?: number; max?: number }
export interface TextSearch { text: string; mode: 'contains' | 'regex'; role?: 'seeker' | 'supporter' }
export interface ConversationFilter {
  conditions?: string[];
  scenarios?: string[];
  scenarioTypes?: string[];
  rounds?: number[];
  participant?: string;
  conversationIds?: string[];
  search?: TextSearch;
  scoreRanges?: ScoreRange[];
}
export type SortKey =
  | 'conversation_id' | 'participant_id' | 'condition' | 'round' | 'scenario'
  | 'messages' | 'supporter_words' | 'overall' | `score:${string}`;
export interface ConversationQuery {
  filter: ConversationFilter;
  /** Scores shown as columns and used by `score:<dimension>` / `overall` sorting. */
  scoreSetId?: string | null;
  sort?: { key: SortKey; dir: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}
export interface ConversationRow {
  conversation_id: string;
  participant_id: string | null;
  condition: string | null;
  round: number | null;
  scenario: string | null;
  scenario_type: string | null;
  messages: number;
  supporter_words: number;
  scores: Record<string, number | null>;
  overall: number | null;
}
export interface ConversationPage {
  total: number;
  offset: number;
  rows: ConversationRow[];
  /** Said plainly when text search is a full scan rather than an index lookup. */
  searchNote: string | null;
  elapsedMs: number;
}
export interface MessageView {
  turn: number;
  role: string;
  text: string;
  sentences: string[];
  annotation: Record<string, unknown> | null;
}
export interface ScoreView {
  scoreSetId: string;
  rater: string;
  dimension: string;
  score: number | null;
  rationale: string | null;
  evidence: string | null;
}
export interface ConversationDetail {
  conversation: ConversationRow;
  participant: Record<string, unknown> | null;
  extra: Record<string, unknown> | null;
  messages: MessageView[];
  scores: ScoreView[];
  selfReports: { item: string; value: number | null }[];
}

export type ImportFormat = 'study' | 'lend-an-ear' | 'esconv' | 'epitome' | 'mapped' | 'auto';
export type ImportMode = 'refuse' | 'replace' | 'append';
export interface ImportRequest {
  path: string;
  format: ImportFormat;
  /** source column -> study field, e.g. {"dialogue_id": "conversation_id"}; implies format 'mapped' */
  map?: Record<string, string>;
  mode?: ImportMode;
}
export interface ImportPreview {
  format: Exclude<ImportFormat, 'auto'>;
  files: { file: string; table: string; columns: string[]; rows: Record<string, unknown>[] }[];
  willCreate: Partial<Record<TableName, number>>;
  warnings: string[];
  /** A previous import of the same source, or overlapping conversation ids. */
  conflict: string | null;
}
export interface ImportReport {
  importId: string;
  format: string;
  source: string;
  rows: Partial<Record<TableName, number>>;
  skipped: { reason: string; count: number }[];
  scoreSets: string[];
  replaced: string | null;
  elapsedMs: number;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message: string;
  error: string | null;
  result: unknown;
  startedAt: string;
  finishedAt: string | null;
}

export interface CsvExport { filename: string; csv: string; rows: number }

export interface ApiMethods {
  'study-info': { args: void; result: StudyInfo };
  'study-overview': { args: void; result: StudyOverview };
  'study-open': { args: { path: string }; result: StudyInfo };
  'study-open-demo': { args: void; result: StudyInfo };
  'conversations-list': { args: ConversationQuery; result: ConversationPage };
  'conversation-get': { args: { id: string }; result: ConversationDetail };
  'conversations-export': { args: { filter: ConversationFilter; scoreSetId?: string | null }; result: CsvExport };
  'import-preview': { args: ImportRequest; result: ImportPreview };
  'import-start': { args: ImportRequest; result: { jobId: string } };
  'jobs-list': { args: void; result: JobInfo[] };
  'job-get': { args: { id: string }; result: JobInfo };
  'job-cancel': { args: { id: string }; result: JobInfo };
  'job-wait': { args: { id: string }; result: JobInfo };
}

export interface ApiEvents {
  'job-progress': JobInfo;
  'study-changed': StudyInfo;
}

export type MethodName = keyof ApiMethods;
export type EventName = keyof ApiEvents;
export type Args<M extends MethodName> = ApiMethods[M]['args'];
export type Result<M extends MethodName> = ApiMethods[M]['result'];

/** Runtime list of method names, checked against the type map so neither can drift. */
export const METHOD_NAMES = [
  'study-info', 'study-overview', 'study-open', 'study-open-demo',
  'conversations-list', 'conversation-get', 'conversations-export',
  'import-preview', 'import-start',
  'jobs-list', 'job-get', 'job-cancel', 'job-wait',
  'judge-key-status', 'judge-key-set', 'judge-estimate', 'judge-pairwise-estimate', 'judge-start', 'judge-pairwise-start',
  'judge-runs', 'judge-run-get', 'judge-pause', 'judge-resume', 'judge-cancel', 'judge-retry-failures', 'judge-run-delete',
  'judge-elo', 'prompt-templates-list', 'prompt-template-save', 'price-table-get', 'price-table-set',
  'analysis-options', 'analysis-effects', 'analysis-contrasts', 'analysis-rci', 'analysis-trait', 'analysis-shifts',
  'analysis-agreement', 'analysis-agreement-matrix', 'analysis-preference', 'analysis-elo',
] as const satisfies readonly MethodName[];
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const _allListed: Missing extends never ? true : Missing = true;
void _allListed;

export const EVENT_NAMES = ['job-progress', 'study-changed'] as const satisfies readonly EventName[];

/** An API call that failed for a reason the user should read (bad input, missing table, conflict). */
export interface ApiErrorBody { error: string; code: string }

/** The transport-independent client shape: IPC, HTTP and in-process all implement it. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

// --- judge --- (issue 3: LLM judge; owned by main/judge/**. Types and methods of the judge in this one block.)
export type JudgeMode = 'scores' | 'dimension' | 'pairwise';
export type JudgeRunState = 'pending' | 'running' | 'pausing' | 'paused' | 'cancelled' | 'interrupted' | 'failed' | 'done';
/** Which conversations a run covers: the explorer's filter, or explicit ids (both: the intersection). Empty = all. */
export interface JudgeSelection { filter?: ConversationFilter; conversationIds?: string[] }
export interface JudgeParams {
  /** Default 0; null leaves it out of the request (models that only accept their default). */
  temperature?: number | null;
  /** Output token cap; default 1200 (scores), 400 (dimension), 20 (pairwise). */
  maxTokens?: number;
  topP?: number | null;
  seed?: number | null;
  /** How the answer's shape is requested: structured outputs (default), JSON mode, or plain text. */
  responseFormat?: 'json_schema' | 'json_object' | 'text';
}
export interface JudgeLimits {
  concurrency?: number;        // requests in flight at once (default 8)
  rpm?: number | null;         // requests per minute (default none)
  tpm?: number | null;         // tokens per minute, estimated before the call and corrected by usage (default none)
  maxRetries?: number;         // transport retries per call: 429, 5xx, timeouts, network (default 6)
  maxInvalidRetries?: number;  // extra calls after an invalid answer: bad JSON, out of range, missing dimension (default 2)
  timeoutMs?: number;          // per request (default 120000)
  backoffBaseMs?: number;      // first retry delay, doubled each time, jittered (default 1000)
  backoffMaxMs?: number;       // cap (default 60000)
}
export interface JudgeBatchOptions { pollIntervalMs?: number; maxRequestsPerBatch?: number }
export interface JudgeRunSpec {
  model: string;
  /** Any OpenAI-compatible base URL ending in /v1 (Ollama, vLLM, LM Studio, llama.cpp, Azure); default OpenAI. */
  baseUrl?: string;
  mode?: 'scores' | 'dimension';
  selection?: JudgeSelection;
  /** A template of the mode's kind; default the latest version of the built-in one. */
  prompt?: { templateId?: string; version?: number };
  params?: JudgeParams;
  limits?: JudgeLimits;
  /** OpenAI Batch API (JSONL upload, poll, download); true for defaults. */
  batch?: boolean | JudgeBatchOptions;
  label?: string;
}
export interface JudgePairwiseSpec {
  model: string;
  baseUrl?: string;
  selection?: JudgeSelection;
  prompt?: { templateId?: string; version?: number };
  params?: JudgeParams;
  limits?: JudgeLimits;
  /** Distinct pairs per scenario; default comparisonsPerConversation x conversations / 2. */
  comparisonsPerScenario?: number;
  /** Default 10. */
  comparisonsPerConversation?: number;
  /** Ask every pair a second time with A and B swapped (position bias). */
  swap?: boolean;
  /** Seed of the adaptive sampler (default 1). */
  seed?: number;
  label?: string;
}
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
export interface PriceRow {
  /** Exact model name or a prefix (longest prefix wins: gpt-4o-mini before gpt-4o). */
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  /** Fraction off in Batch API mode (OpenAI: 0.5). */
  batchDiscount: number;
  note: string | null;
}
export interface JudgeEloRow { conversationId: string; scenario: string | null; rating: number; comparisons: number; wins: number }
export interface JudgeElo {
  judgeId: string;
  trials: number;
  ratings: JudgeEloRow[];
  /** Pairs asked both ways: how often the same conversation won in both orders, and how often "A" won overall. */
  positionBias: { swappedPairs: number; consistent: number; consistency: number | null; shareA: number | null } | null;
}
export interface JudgeKeyStatus { available: boolean; source: string | null; canStore: boolean }
export interface ApiMethods {
  'judge-key-status': { args: { baseUrl?: string } | void; result: JudgeKeyStatus };
  /** Stores the key through the shell's secure store (Electron safeStorage); never echoed, logged or saved in the workspace. */
  'judge-key-set': { args: { key: string | null }; result: JudgeKeyStatus };
  'judge-estimate': { args: JudgeRunSpec; result: JudgeEstimate };
  'judge-pairwise-estimate': { args: JudgePairwiseSpec; result: JudgeEstimate };
  'judge-start': { args: JudgeRunSpec; result: { runId: string; jobId: string } };
  'judge-pairwise-start': { args: JudgePairwiseSpec; result: { runId: string; jobId: string } };
  'judge-runs': { args: void; result: JudgeRunSummary[] };
  'judge-run-get': { args: { runId: string; failuresLimit?: number }; result: JudgeRunDetail };
  'judge-pause': { args: { runId: string }; result: JudgeRunSummary };
  'judge-resume': { args: { runId: string; limits?: JudgeLimits }; result: { runId: string; jobId: string } };
  'judge-cancel': { args: { runId: string }; result: JudgeRunSummary };
  'judge-retry-failures': { args: { runId: string }; result: { runId: string; jobId: string } };
  'judge-run-delete': { args: { runId: string }; result: { deleted: boolean } };
  'judge-elo': { args: { runId: string }; result: JudgeElo };
  'prompt-templates-list': { args: { kind?: JudgeMode } | void; result: PromptTemplate[] };
  'prompt-template-save': {
    args: { templateId: string; kind: JudgeMode; name?: string; system: string; user: string; note?: string };
    result: PromptTemplate;
  };
  'price-table-get': { args: void; result: PriceRow[] };
  'price-table-set': { args: { rows: PriceRow[] }; result: PriceRow[] };
}
// --- end judge ---

// --- analysis --- (issue 2: the paper's analyses and figures; owned by main/handlers/analysis.ts, main/studydata/**,
// main/figures/**. Results are plain JSON; every one carries its provenance.)
/** Who computed what from which data: shown under every figure and table. */
export interface AnalysisProvenance {
  analysis: string;
  study: string;
  simulated: boolean;
  /** Score set(s) the analysis read, e.g. "simulated-judge" or "gemini vs median(expert1,expert2,expert3)". */
  scoreSet: string | null;
  /** Every parameter in effect, defaults filled in. */
  parameters: Record<string, unknown>;
  appVersion: string;
}
/** Inference for one model term (z statistics, two-sided normal p unless said otherwise; 95% CI). */
export interface AnalysisTerm { coef: number; se: number; z: number; p: number; ci: [number, number] }
/** Pre/post definition: baseline round (default 1) and the rounds counted as post (default every later round). */
export interface PrePostArgs { baselineRound?: number; postRounds?: number[] }
export interface EffectsArgs extends PrePostArgs {
  /** Score set id or rater name; default the study's first score set. */
  scoreSetId?: string;
  /** Condition labels in display order (default the study's, control first); rows of other conditions are left out. */
  conditions?: string[];
  /** Reference level; default 'control' when present, else the first condition. */
  reference?: string;
  /** Default every dimension of the score set (paper order first). */
  dimensions?: string[];
  /** Only conversations of this scenario type (e.g. 'personal'); default all. */
  scenarioType?: string | null;
}
export interface EffectsDimensionResult {
  n: number;
  clusters: number;
  /** sd(score, ddof = 1) over the rows used: the SD unit. */
  sd: number;
  rsquared: number;
  /** intercept, <treatment>..., post, <treatment>:post... */
  terms: Record<string, AnalysisTerm>;
}
export interface EffectsResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  reference: string;
  conditions: string[];
  treatments: string[];
  baselineRound: number;
  postRounds: number[];
  scenarioType: string | null;
  dimensions: Record<string, EffectsDimensionResult>;
  /** Dimensions that could not be fitted, with the reason. */
  skipped: { dimension: string; reason: string }[];
}
export interface ContrastsArgs extends EffectsArgs {
  /** [a, b] pairs of treatments, delta = b_a:post - b_b:post; default every later treatment against every earlier one. */
  pairs?: [string, string][];
}
export interface ContrastRow {
  dimension: string; a: string; b: string;
  estimate: number; se: number; z: number; p: number;
  /** Holm-adjusted over every dimension x pair test in this result. */
  pHolm: number;
  ci: [number, number];
}
export interface ContrastsResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  reference: string;
  treatments: string[];
  rows: ContrastRow[];
  tests: number;
}
export interface RciArgs extends PrePostArgs {
  scoreSetId?: string;
  /** Condition whose conversations estimate measurement error; default 'control'. */
  control?: string;
  /** |z| threshold; default 1.96. */
  threshold?: number;
  /** Conditions shown (default all); the control is always used for the error model. */
  conditions?: string[];
}
export interface RciParticipantRow {
  participant: string; condition: string; baseline: number; post: number; nPost: number;
  change: number; sDiff: number; z: number; category: 'improved' | 'declined' | 'unchanged';
}
export interface RciConditionRow {
  condition: string; n: number; nImproved: number; nDeclined: number; pctImproved: number; pctDeclined: number;
  meanChange: number; sdChange: number; ci: [number, number] | null;
  /** Mean baseline and mean post score with 95% t intervals (Extended Data Fig. 2). */
  meanBaseline: number; baselineCi: [number, number] | null; meanPost: number; postCi: [number, number] | null;
}
export interface RciResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  control: string;
  threshold: number;
  baselineRound: number;
  postRounds: number[];
  model: { n: number; groups: number; s2Between: number; s2Residual: number; reliability: number };
  /** S_diff for one baseline against the mean of the post rounds of the design. */
  sDiff: number;
  conditions: RciConditionRow[];
  participants: RciParticipantRow[];
}
export interface TraitArgs {
  scoreSetId?: string;
  conditions?: string[];
  /** Rounds whose conversations enter (default all). */
  rounds?: number[];
  /** Self-report level counted as "quite a bit"/"very much"; default 4. */
  threshold?: number;
  /** Participant points returned for the scatter (deterministic every-k-th sample); default 3000. */
  maxPoints?: number;
}
export interface TraitRegressionRow {
  predictor: string; outcome: string; level: 'participant' | 'conversation';
  n: number; slope: number; intercept: number; slopeSe: number; t: number; p: number; slopeCi: [number, number]; rsquared: number;
}
export interface TraitShareRow {
  item: string; dimension: string; threshold: number; nSelf: number; nJudge: number;
  shareSelf: number; shareJudge: number; diff: number; ciSelf: [number, number]; ciJudge: [number, number];
}
export interface TraitByScoreRow { trait: string; dimension: string; score: number; n: number; mean: number; ci: [number, number] | null }
export interface TraitPoint { participant: string; condition: string | null; traits: Record<string, number | null>; scores: Record<string, number | null> }
export interface SelfReportCell { item: string; outcome: string; self: number; judge: number; n: number }
export interface TraitResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  traits: string[];
  items: string[];
  /** Self-report item -> the judged outcome it is compared with ('overall' or a dimension). */
  itemOutcome: Record<string, string>;
  regressions: TraitRegressionRow[];
  shares: TraitShareRow[];
  traitByScore: TraitByScoreRow[];
  points: TraitPoint[];
  pointsSampled: boolean;
  selfReportCells: SelfReportCell[];
}
export type ShiftLevel = 'category' | 'level1' | 'level2' | 'level3';
export interface ShiftsArgs extends PrePostArgs {
  /** sentence_labels.labelling; default 'ground-truth' when present, else the first. */
  labelling?: string;
  /** 'category' (each label), or a taxonomy level: a node occurs when any of its categories does. Default 'category'. */
  level?: ShiftLevel;
  /** A label occurs in a sentence when its rank is <= topK; default 2. */
  topK?: number;
  /** Conditions whose baseline conversations are "pre"; default all. */
  preConditions?: string[];
  /** Conditions whose post conversations are "post"; default coach and combined when present, else every non-control. */
  postConditions?: string[];
  /** Default every scenario type present. */
  scenarioTypes?: string[];
}
export interface ShiftRow {
  scenarioType: string; label: string; name: string; level1: string | null;
  nPre: number; nPost: number; countPre: number; countPost: number; pre: number; post: number;
  diff: number; ci: [number, number]; z: number; p: number; q: number;
}
export interface ShiftsResult {
  provenance: AnalysisProvenance;
  labelling: string;
  labellings: string[];
  level: ShiftLevel;
  topK: number;
  preConditions: string[];
  postConditions: string[];
  baselineRound: number;
  postRounds: number[];
  rows: ShiftRow[];
}
export type AgreementStat = 'kappa_scale' | 'kappa_observed' | 'alpha' | 'rho' | 'exact';
export interface AgreementArgs {
  /** A score set id or rater name, or median(A,B,C) of several. */
  a: string;
  b: string;
  dimensions?: string[];
  /** Bootstrap replicates for alpha's CI (default 1000) and seed (default 20240521). */
  reps?: number;
  seed?: number;
  /** Statistic compared with the experts' own agreement when one side is a median of 2+ sets; default kappa_scale. */
  flagMetric?: AgreementStat;
}
export interface AgreementResultRow {
  dimension: string; n: number; kappa_scale: number; kappa_observed: number; alpha: number; alpha_ci: [number, number];
  rho: number; rho_ci: [number, number] | null; rho_p: number; exact: number;
  /** Mean pairwise agreement of the median's members on flagMetric, and whether this row is below it (null: no median side). */
  experts_mean: number | null;
  below_experts: boolean | null;
}
export interface AgreementResult {
  provenance: AnalysisProvenance;
  a: { spec: string; sets: string[] };
  b: { spec: string; sets: string[] };
  flagMetric: AgreementStat;
  rows: AgreementResultRow[];
}
export interface AgreementMatrixArgs {
  /** Score sets compared with the reference; default every set not in the reference. */
  raters?: string[];
  /** default median(<sets named expert*>) when 2+ exist; else every pair of sets is compared. */
  reference?: string;
  /** Also the reference's members pairwise (default true). */
  memberPairs?: boolean;
  dimensions?: string[];
  reps?: number;
  metric?: AgreementStat;
}
export interface AgreementMatrixResult {
  provenance: AnalysisProvenance;
  metric: AgreementStat;
  reference: string | null;
  pairs: { a: string; b: string; label: string; kind: 'vs-reference' | 'member-pair' | 'pair' }[];
  rows: (AgreementResultRow & { pair: string; a: string; b: string })[];
}
export interface PreferenceArgs {
  scoreSetId?: string;
  /** LLM pairwise judge whose choices define "the LLM's choice"; default the llm judge with most judgments. */
  llmJudgeId?: string;
  /** Reference scenario of the logit; default the first in sort order. */
  referenceScenario?: string;
  /** Bin edges for observed rates by |score difference|; default one bin per integer 1, 2, ... */
  binEdges?: number[];
}
export interface LogitTerm extends AnalysisTerm { oddsRatio: number; orCi: [number, number] }
export interface PreferenceModel {
  /** 'higher-score': chose the conversation with the higher overall score (ties dropped); 'llm-choice': chose the LLM's pick. */
  outcome: 'higher-score' | 'llm-choice';
  /** 'overall': |overall difference|; 'components': the six per-dimension differences (pick minus other). */
  predictors: 'overall' | 'components';
  n: number; clusters: number; reference: string; names: string[];
  terms: Record<string, LogitTerm>;
  pseudoR2: number | null;
  /** Set instead of terms when the model cannot be fitted (separation, too few raters). */
  error: string | null;
}
export interface PreferenceBin { lo: number; hi: number; n: number; k: number; rate: number; ci: [number, number]; conversationIds: string[] }
export interface PreferenceItem { conversationId: string; scenario: string; strength: number; logStrength: number; wins: number; games: number; elo: number | null; overall: number | null }
export interface SpearmanRow { label: string; n: number; rho: number; p: number; ci: [number, number] | null }
export interface PreferenceResult {
  provenance: AnalysisProvenance;
  scoreSetId: string;
  llmJudgeId: string | null;
  trials: { human: number; raters: number; used: number; ties: number; llmFromJudgment: number; llmFromElo: number; llmUnknown: number };
  models: PreferenceModel[];
  bins: PreferenceBin[];
  /** Fitted P(chose higher) against |difference|, averaged over the trials' scenarios (Fig. 6B's line). */
  curve: { x: number; p: number }[];
  items: PreferenceItem[];
  bradleyTerryRegularized: string[];
  spearman: SpearmanRow[];
}
export interface EloArgs {
  /** Pairwise judge id (default the llm judge with most judgments). */
  judgeId?: string;
  /** Score set for the overall score of each conversation (deciles, Spearman); default the first. */
  scoreSetId?: string;
  k?: number;
  initial?: number;
  /** Return every conversation's rating (large studies: many rows); default false. */
  ratings?: boolean;
}
export interface EloDecileRow {
  scenario: string; decile: number; n: number; meanElo: number; ci: [number, number] | null; meanOverall: number;
  /** The decile's conversations (at most 1000; truncated says when there are more). */
  conversationIds: string[]; truncated: boolean;
}
export interface EloResult {
  provenance: AnalysisProvenance;
  judgeId: string;
  judgments: number;
  conversations: number;
  deciles: EloDecileRow[];
  spearman: SpearmanRow[];
  ratings: { conversationId: string; scenario: string | null; rating: number; games: number; overall: number | null }[] | null;
}
/** What the analyses can run on in the open study. */
export interface AnalysisOptions {
  study: string;
  simulated: boolean;
  scoreSets: { id: string; rater: string; kind: string; dimensions: string[]; conversations: number }[];
  conditions: string[];
  rounds: number[];
  scenarioTypes: string[];
  scenarios: string[];
  labellings: string[];
  taxonomyLevels: ShiftLevel[];
  pairwiseJudges: { judgeId: string; kind: string; judgments: number }[];
  selfReportItems: string[];
  traits: string[];
  appVersion: string;
}
export interface ApiMethods {
  'analysis-options': { args: void; result: AnalysisOptions };
  'analysis-effects': { args: EffectsArgs | void; result: EffectsResult };
  'analysis-contrasts': { args: ContrastsArgs | void; result: ContrastsResult };
  'analysis-rci': { args: RciArgs | void; result: RciResult };
  'analysis-trait': { args: TraitArgs | void; result: TraitResult };
  'analysis-shifts': { args: ShiftsArgs | void; result: ShiftsResult };
  'analysis-agreement': { args: AgreementArgs; result: AgreementResult };
  'analysis-agreement-matrix': { args: AgreementMatrixArgs | void; result: AgreementMatrixResult };
  'analysis-preference': { args: PreferenceArgs | void; result: PreferenceResult };
  'analysis-elo': { args: EloArgs | void; result: EloResult };
}
// --- end analysis ---
