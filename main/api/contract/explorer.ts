import { z } from 'zod';
import { count, finite, method, text } from './define.js';

export const ScoreRangeSchema = z.strictObject({
  scoreSetId: text,
  dimension: text,
  min: finite.optional(),
  max: finite.optional(),
});
export type ScoreRange = z.infer<typeof ScoreRangeSchema>;

/** The only roles a search can be restricted to; the explorer maps each to a fixed column. */
export const SEARCH_ROLES = ['seeker', 'supporter'] as const;
export const TextSearchSchema = z.strictObject({
  text: z.string().max(10_000),
  mode: z.enum(['contains', 'regex']),
  role: z.enum(SEARCH_ROLES).optional(),
});
export type TextSearch = z.infer<typeof TextSearchSchema>;

/**
 * Conversations with at least one sentence unit carrying one of these codes or a descendant of one. Without
 * `coder`, the codes the study uses (the `coding:*` labellings: consensus where resolved, else every coder's);
 * with one, that coder's codes only (`consensus` for the resolved ones).
 */
export const CodeFilterSchema = z.strictObject({
  codeIds: z.array(text.max(80)).min(1).max(100),
  coder: text.max(80).optional(),
});
export type CodeFilter = z.infer<typeof CodeFilterSchema>;

/** In a filter's scenario list, stands for "no scenario" (conversations an importer could not assign). */
export const NO_SCENARIO = '(none)';

export const ConversationFilterSchema = z.strictObject({
  conditions: z.array(z.string()).optional(),
  scenarios: z.array(z.string()).optional(),
  scenarioTypes: z.array(z.string()).optional(),
  rounds: z.array(z.number().int()).optional(),
  participant: z.string().optional(),
  conversationIds: z.array(z.string()).optional(),
  search: TextSearchSchema.optional(),
  scoreRanges: z.array(ScoreRangeSchema).optional(),
  /** Only conversations with at least one score in this score set (e.g. the ones a judge run scored). */
  scoredIn: z.string().min(1).optional(),
  codes: CodeFilterSchema.optional(),
});
export type ConversationFilter = z.infer<typeof ConversationFilterSchema>;

export const BASE_SORT_KEYS = ['conversation_id', 'participant_id', 'condition', 'round', 'scenario', 'messages', 'supporter_words', 'overall'] as const;
/** A column of the list, `overall`, or `score:<dimension>` of the shown score set. */
export type SortKey = (typeof BASE_SORT_KEYS)[number] | `score:${string}`;
const SortKeySchema = z.union([
  z.enum(BASE_SORT_KEYS),
  z.custom<`score:${string}`>((v) => typeof v === 'string' && /^score:.{1,100}$/.test(v), 'expected a column name or score:<dimension>'),
]);

export const ConversationQuerySchema = z.strictObject({
  filter: ConversationFilterSchema,
  /** Scores shown as columns and used by `score:<dimension>` / `overall` sorting. */
  scoreSetId: z.string().nullish(),
  sort: z.strictObject({ key: SortKeySchema, dir: z.enum(['asc', 'desc']) }).optional(),
  /** Default 0. */
  offset: count.optional(),
  /** Default 100, at most 1000. */
  limit: count.optional(),
});
export type ConversationQuery = z.infer<typeof ConversationQuerySchema>;

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
  /**
   * How a text search ran: `index` narrowed the conversations with the word index before the scan's own
   * check; `scan` checked every conversation (no usable word, or the index is still being built). Null
   * without a text search.
   */
  searchMode: 'index' | 'scan' | null;
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
export interface CsvExport { filename: string; csv: string; rows: number }

export const explorerMethods = {
  'conversations-list': method(ConversationQuerySchema).returns<ConversationPage>(),
  'conversation-get': method(z.strictObject({ id: text })).returns<ConversationDetail>(),
  'conversations-export': method(z.strictObject({ filter: ConversationFilterSchema, scoreSetId: z.string().nullish() })).returns<CsvExport>(),
};
