// Qualitative coding (issue 9): a codebook tree, coders, assignments at three grains (a kSAE theme, a sentence
// unit, a span of a message), memos, an append-only event log with undo/redo per coder, agreement, rubric
// ratings, imports and exports. Every edit names the coder who makes it; the log records it as one event.
import { z } from 'zod';
import { count, method, noArgs, optionalArgs, text } from './define.js';

/** The coder name that resolve records consensus under; it cannot be created or chosen for ordinary edits. */
export const CONSENSUS_CODER = 'consensus';
/** Colours are #rrggbb. */
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f77b4');
const coder = text.max(80);
const codeId = text.max(80);
const note = z.string().max(20_000);

export const SentenceKeySchema = z.strictObject({ conversationId: text, turn: count, sentenceIndex: count });
/** A sentence unit's stable key, as stored in `sentences`. */
export type SentenceKey = z.infer<typeof SentenceKeySchema>;

export const CodingUnitSchema = z.discriminatedUnion('grain', [
  /** A kSAE latent as a whole: its sentences whose top-`topK` latents include it (default 1). */
  z.strictObject({ grain: z.literal('theme'), modelId: text, latent: count, topK: z.number().int().min(1).max(64).optional() }),
  /** One sentence unit. `exclude: true` says the code does NOT apply here although a coded theme brings it. */
  z.strictObject({ grain: z.literal('sentence'), conversationId: text, turn: count, sentenceIndex: count, exclude: z.boolean().optional() }),
  /** Characters [start, end) of one message's text (UTF-16 offsets, as JavaScript strings index). */
  z.strictObject({ grain: z.literal('span'), conversationId: text, turn: count, start: count, end: count }),
]);
export type CodingUnit = z.infer<typeof CodingUnitSchema>;
export type CodingGrain = CodingUnit['grain'];

export const MemoTargetSchema = z.strictObject({
  kind: z.enum(['code', 'theme', 'conversation']),
  /** A code id; `<modelId>:<latent>` for a theme; a conversation id. */
  id: text,
});
export type MemoTarget = z.infer<typeof MemoTargetSchema>;

/** One node of the codebook tree. */
export interface CodeNode {
  codeId: string;
  parentId: string | null;
  name: string;
  /** Names from the root, joined by '/': `Affective/Validating emotions`. */
  path: string;
  depth: number;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  examples: string[];
  /** Order among siblings. */
  position: number;
  /** Sentence units carrying the code (any coder, theme assignments expanded). */
  sentences: number;
  assignments: number;
}

export interface Coder { name: string; createdAt: string; assignments: number }

export interface CodingAssignment {
  assignmentId: string;
  codeId: string;
  codePath: string;
  coder: string;
  grain: CodingGrain;
  conversationId: string | null;
  turn: number | null;
  sentenceIndex: number | null;
  start: number | null;
  end: number | null;
  modelId: string | null;
  latent: number | null;
  topK: number | null;
  exclude: boolean;
  /** The sentence's (or span's) text when coded; for a theme its description when known. */
  text: string | null;
  at: string;
}

export interface CodingMemo { memoId: string; target: MemoTarget; coder: string; text: string; at: string }

/** One event of the append-only log. Undo and redo are events too (`targetSeq` = the event they undo or redo). */
export interface CodingEvent {
  seq: number;
  at: string;
  coder: string;
  kind: string;
  /** What the user asked for (the command's arguments), for the history view. */
  summary: string;
  targetSeq: number | null;
  /** Undone by a later undo that no redo has reversed. */
  undone: boolean;
}

/** One sentence of a conversation with the codes that apply to it (theme codes expanded, overrides applied). */
export interface CodedSentence extends SentenceKey {
  role: string;
  text: string;
  codes: { codeId: string; coder: string; grain: 'theme' | 'sentence'; assignmentId: string }[];
}

export interface CodedConversation {
  conversationId: string;
  sentences: CodedSentence[];
  spans: CodingAssignment[];
  memos: CodingMemo[];
}

export interface AgreementStats {
  /** Mean share of agreeing coder pairs per unit. */
  percent: number;
  /** Cohen's κ for two coders, Fleiss' κ for more (units coded by every chosen coder); null when undefined. */
  kappa: number | null;
  /** Krippendorff's nominal α over units coded by ≥ 2 coders; null when undefined. */
  alpha: number | null;
}

/** The `workbench coding agreement --json` shape, and more. */
export interface CodingAgreementResult {
  coders: string[];
  /** Sentence units coded by at least two of the coders. */
  units: number;
  /** Units coded by every chosen coder (what κ uses). */
  completeUnits: number;
  overall: AgreementStats;
  codes: { code: string; codeId: string; n: number; percent: number; kappa: number | null }[];
  kappaKind: 'cohen' | 'fleiss';
}

export interface Disagreement extends SentenceKey {
  text: string;
  /** Coder → code ids (leaf codes as assigned), for each chosen coder with codes here. */
  byCoder: Record<string, string[]>;
  /** The consensus code ids; [] = resolved as "no code"; null = not resolved. */
  resolved: string[] | null;
}

export interface CooccurrenceResult {
  codes: { codeId: string; path: string; sentences: number }[];
  /** matrix[i][j] = sentence units carrying both codes i and j (diagonal: units carrying code i). */
  matrix: number[][];
}

export interface FrequencyRow { codeId: string; path: string; condition: string | null; round: number | null; sentences: number; units: number; share: number }

/** One rubric dimension: the judge's definition and the scale's anchors ('1' → 'not at all', …). */
export interface RubricDimension { dimension: string; label: string; kind: 'prescriptive' | 'proscriptive'; definition: string; anchors: Record<string, string> }

export interface RatingQueueItem { position: number; conversationId: string; condition: string | null; round: number | null; scenario: string | null; rated: boolean }

export interface ConversationRating { rater: string; conversationId: string; scores: Record<string, number | null>; note: string; at: string }

export const CODEBOOK_FORMATS = ['csv', 'json', 'md', 'tex', 'qdc', 'qdpx'] as const;
export type CodebookFormat = (typeof CODEBOOK_FORMATS)[number];

export interface CodebookExportResult {
  format: CodebookFormat | 'segments-csv';
  filename: string;
  /** Text formats inline (when no path was given); qdpx as base64. */
  content: string | null;
  encoding: 'utf8' | 'base64';
  path: string | null;
  bytes: number;
}

export interface ReplayReport {
  fromModelId: string;
  toModelId: string;
  /** Theme assignments moved, each with the new latent and the decoder cosine similarity. */
  themes: { assignmentId: string; codePath: string; fromLatent: number; toLatent: number; similarity: number }[];
  /** Sentence assignments whose key now holds other text and that were found again in their conversation. */
  rekeyed: number;
  /** What could not be carried over, with why. */
  lost: { assignmentId: string; codePath: string; reason: string }[];
}

const coderArg = { coder };
const codeFields = {
  name: text.max(200).optional(),
  color: color.optional(),
  definition: note.optional(),
  inclusion: note.optional(),
  exclusion: note.optional(),
  examples: z.array(z.string().max(2000)).max(100).optional(),
};
const coderFilter = {
  /** Only these coders (default all, consensus included). */
  coders: z.array(coder).optional(),
  /** Blind mode: the viewer sees only their own codes (default false). */
  blind: z.boolean().optional(),
  viewer: coder.optional(),
};

export const codingMethods = {
  // Codebook tree
  'coding-codebook': method(noArgs).returns<{ codes: CodeNode[] }>(),
  /** 'lend-an-ear' adds the paper's four categories with their level-2 codes; 'empty' adds nothing. Refused when codes exist. */
  'coding-codebook-start': method(z.strictObject({ ...coderArg, template: z.enum(['empty', 'lend-an-ear']) })).returns<{ codes: CodeNode[] }>(),
  'coding-code-create': method(z.strictObject({ ...coderArg, parentId: codeId.nullable().optional(), ...codeFields, name: text.max(200) })).returns<CodeNode>(),
  /** Rename, recolour, definition, criteria, examples: only the fields given change. */
  'coding-code-update': method(z.strictObject({ ...coderArg, codeId, ...codeFields })).returns<CodeNode>(),
  /** Reparent (null = top level) and/or reorder among the new siblings (default last). */
  'coding-code-move': method(z.strictObject({ ...coderArg, codeId, parentId: codeId.nullable(), position: count.optional() })).returns<CodeNode>(),
  /** Children and assignments move to the parent; a top-level code's assignments are removed. */
  'coding-code-delete': method(z.strictObject({ ...coderArg, codeId })).returns<{ movedAssignments: number; removedAssignments: number }>(),
  /** `sourceId` into `targetId`: assignments combine, memos move, definitions and criteria are kept side by side. */
  'coding-code-merge': method(z.strictObject({ ...coderArg, sourceId: codeId, targetId: codeId })).returns<CodeNode>(),
  /** A new sibling code named `name` takes the chosen sentences' or themes' assignments of `codeId`. */
  'coding-code-split': method(z.strictObject({
    ...coderArg, codeId, name: text.max(200),
    by: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('sentences'), sentences: z.array(SentenceKeySchema).min(1).max(100_000) }),
      z.strictObject({ kind: z.literal('themes'), themes: z.array(z.strictObject({ modelId: text, latent: count })).min(1) }),
    ]),
  })).returns<CodeNode>(),

  // Memos
  /** Sets (or with empty text, removes) this coder's memo on the target. */
  'coding-memo-set': method(z.strictObject({ ...coderArg, target: MemoTargetSchema, text: note })).returns<{ memo: CodingMemo | null }>(),
  'coding-memos': method(optionalArgs(z.strictObject({ target: MemoTargetSchema.optional(), ...coderFilter }))).returns<{ memos: CodingMemo[] }>(),

  // Coders
  'coding-coders': method(noArgs).returns<{ coders: Coder[] }>(),
  'coding-coder-create': method(z.strictObject({ name: coder })).returns<Coder>(),

  // Assignments
  'coding-assign': method(z.strictObject({ ...coderArg, codeId, unit: CodingUnitSchema })).returns<CodingAssignment>(),
  /** Several units to one code in one event (one undo step). */
  'coding-assign-many': method(z.strictObject({ ...coderArg, codeId, units: z.array(CodingUnitSchema).min(1).max(100_000) })).returns<{ assignments: number }>(),
  'coding-unassign': method(z.strictObject({ ...coderArg, assignmentId: text })).returns<{ removed: boolean }>(),
  /** Assignments as stored (theme ones not expanded), filtered; newest first. */
  'coding-assignments': method(optionalArgs(z.strictObject({
    codeId: codeId.optional(),
    /** Include assignments of the code's descendants (default false). */
    descendants: z.boolean().optional(),
    conversationId: text.optional(),
    sentence: SentenceKeySchema.optional(),
    grain: z.enum(['theme', 'sentence', 'span']).optional(),
    ...coderFilter,
    offset: count.optional(),
    /** Default 200, at most 5000. */
    limit: z.number().int().min(1).max(5000).optional(),
  }))).returns<{ total: number; rows: CodingAssignment[] }>(),
  /** A conversation's sentences with their effective codes, its spans and its memos. */
  'coding-conversation': method(z.strictObject({ conversationId: text, ...coderFilter })).returns<CodedConversation>(),
  /** Sentence units carrying a code (effective: theme codes expanded), with their text. */
  'coding-code-sentences': method(z.strictObject({ codeId, descendants: z.boolean().optional(), ...coderFilter, offset: count.optional(), limit: z.number().int().min(1).max(5000).optional() }))
    .returns<{ total: number; rows: (SentenceKey & { text: string; coder: string })[] }>(),

  // Undo / redo / history
  'coding-undo': method(z.strictObject(coderArg)).returns<{ event: CodingEvent | null }>(),
  'coding-redo': method(z.strictObject(coderArg)).returns<{ event: CodingEvent | null }>(),
  'coding-history': method(optionalArgs(z.strictObject({ coder: coder.optional(), before: count.optional(), limit: z.number().int().min(1).max(1000).optional() })))
    .returns<{ events: CodingEvent[]; canUndo: boolean | null; canRedo: boolean | null }>(),

  // Agreement
  /** Default coders: every coder but consensus that has codes. */
  'coding-agreement': method(optionalArgs(z.strictObject({ coders: z.array(coder).min(2).optional() }))).returns<CodingAgreementResult>(),
  'coding-disagreements': method(optionalArgs(z.strictObject({ coders: z.array(coder).min(2).optional(), codeId: codeId.optional(), offset: count.optional(), limit: z.number().int().min(1).max(5000).optional() })))
    .returns<{ total: number; rows: Disagreement[] }>(),
  /**
   * Records the agreed codes of a sentence as coder 'consensus' (replacing its earlier consensus there); `resolvedBy` is
   * logged. No codes = resolved as "no code": the labellings then give the sentence no code instead of the coders'.
   */
  'coding-resolve': method(z.strictObject({ resolvedBy: coder, sentence: SentenceKeySchema, codeIds: z.array(codeId).max(100) })).returns<{ codeIds: string[] }>(),

  // Co-occurrence, frequencies
  'coding-cooccurrence': method(optionalArgs(z.strictObject({ coders: z.array(coder).optional(), /** Roll codes up to this depth (1 = top level); default leaves. */ depth: z.number().int().min(1).max(20).optional() })))
    .returns<CooccurrenceResult>(),
  'coding-cooccurrence-cell': method(z.strictObject({ a: codeId, b: codeId, coders: z.array(coder).optional(), limit: z.number().int().min(1).max(5000).optional() }))
    .returns<{ total: number; rows: (SentenceKey & { text: string })[] }>(),
  'coding-frequencies': method(optionalArgs(z.strictObject({ coders: z.array(coder).optional(), depth: z.number().int().min(1).max(20).optional() }))).returns<{ rows: FrequencyRow[] }>(),

  // Rubric ratings
  'coding-rubric': method(noArgs).returns<{ dimensions: RubricDimension[]; scale: [number, number] }>(),
  /** Draws (or redraws) the rater's queue: stratified by condition × round × scenario, seeded (default seed 1). */
  'coding-rating-queue-create': method(z.strictObject({ rater: coder, size: z.number().int().min(1).max(100_000), seed: z.number().int().optional() }))
    .returns<{ items: RatingQueueItem[] }>(),
  'coding-rating-queue': method(z.strictObject({ rater: coder })).returns<{ items: RatingQueueItem[] }>(),
  /** The rater's ratings form score set `rater:<name>` (kind 'human-rater') that the agreement analysis compares. */
  'coding-rate': method(z.strictObject({
    rater: coder, conversationId: text,
    scores: z.record(z.string(), z.number().int().min(1).max(5).nullable()),
    note: z.string().max(20_000).optional(),
  })).returns<ConversationRating>(),
  /** Blind: only this rater's own ratings. */
  'coding-ratings': method(z.strictObject({ rater: coder, conversationId: text.optional() })).returns<{ ratings: ConversationRating[]; scoreSetId: string }>(),

  // Imports, exports, replay, labellings
  /** Without `path` the content comes back inline. */
  'coding-codebook-export': method(z.strictObject({ format: z.enum(CODEBOOK_FORMATS), path: text.optional(), coders: z.array(coder).optional() })).returns<CodebookExportResult>(),
  /** A .qdc (REFI-QDA) or .json codebook: codes not present (by path) are added. */
  'coding-codebook-import': method(z.strictObject({ ...coderArg, format: z.enum(['qdc', 'json']), content: z.string().max(50_000_000) }))
    .returns<{ created: number; existing: number }>(),
  /** Coded segments as CSV: sentence key, text, code path, coder, timestamp. */
  'coding-segments-export': method(optionalArgs(z.strictObject({ path: text.optional(), coders: z.array(coder).optional() }))).returns<CodebookExportResult>(),
  /** CSV with columns conversation_id, turn, sentence_index, code (a path); codes are created as needed; all or nothing. */
  'coding-segments-import': method(z.strictObject({ ...coderArg, csv: z.string().max(200_000_000), source: text.max(500).optional() }))
    .returns<{ assignments: number; codesCreated: number }>(),
  /** An export as a job (progress, cancel) written to `path`; the finished job's result is a CodebookExportResult. */
  'coding-export-start': method(z.strictObject({ what: z.enum([...CODEBOOK_FORMATS, 'segments-csv']), path: text, coders: z.array(coder).optional() }))
    .returns<{ jobId: string }>(),
  /**
   * An import as a job (progress, cancel) from a file path or from its content: a codebook (.qdc, .json) or coded
   * segments (CSV, as coding-segments-import). All or nothing: a cancelled or failed import leaves nothing.
   */
  'coding-import-start': method(z.strictObject({
    ...coderArg, what: z.enum(['qdc', 'json', 'segments-csv']), path: text.optional(), content: z.string().max(200_000_000).optional(), source: text.max(500).optional(),
  })).returns<{ jobId: string }>(),
  /** Moves theme assignments of one model to the closest latents of another (decoder cosine) and re-keys moved sentences. */
  'coding-replay': method(z.strictObject({ ...coderArg, fromModelId: text, toModelId: text, minSimilarity: z.number().min(-1).max(1).optional() })).returns<ReplayReport>(),
  /** The sentence_labels labellings the codes feed (`coding:level1`, `coding:level2`, `coding:leaf`), kept current on each edit. */
  'coding-labellings': method(noArgs).returns<{ labellings: { labelling: string; sentences: number }[] }>(),
};
