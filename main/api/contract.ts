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
