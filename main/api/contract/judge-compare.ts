// Judge runs side by side (issue 11): several score sets (judge runs, imported raters) in one matrix: per-dimension
// means, pairwise agreement, agreement with a reference (the expert median where the study has experts), cost and
// latency of the runs, and the conversations they disagree on most.
import { z } from 'zod';
import { method, text } from './define.js';
import type { JudgeCost } from './judge.js';

/** Score sets one comparison takes at most. */
export const JUDGE_COMPARE_MAX_SETS = 12;
/** Conversations listed as the largest disagreements, unless `top` says otherwise. */
export const JUDGE_COMPARE_DEFAULT_TOP = 20;

export const JudgeCompareArgsSchema = z.strictObject({
  /** Score set ids (a judge run's set, or any imported one), at least two. */
  scoreSetIds: z.array(text).min(2, 'pick at least two score sets').max(JUDGE_COMPARE_MAX_SETS),
  /** Default every dimension all the picked sets score. */
  dimensions: z.array(text).optional(),
  /**
   * A score set, a rater, or median(A,B,C); default the median of the study's expert sets (id or rater starting
   * with "expert") when there are at least two, else none. `null` asks for no reference.
   */
  reference: text.nullish(),
  /** The dimension whose spread ranks the disagreements; 'overall' (the paper's composite) or a dimension. Default 'overall' when every set scores its dimensions, else the first dimension. */
  disagreementDimension: text.optional(),
  /** Default JUDGE_COMPARE_DEFAULT_TOP. */
  top: z.number().int().min(1).max(500).optional(),
});
export type JudgeCompareArgs = z.infer<typeof JudgeCompareArgsSchema>;

export interface JudgeCompareSet {
  scoreSetId: string;
  /** The run's label, else the rater. */
  label: string;
  rater: string;
  /** The judge run that made the set, if one did. */
  runId: string | null;
  model: string | null;
  /** Conversations with at least one score. */
  conversations: number;
  /** What the run cost (non-cached answers at the price table's rates); null for sets no run made. */
  cost: JudgeCost | null;
  /** Latency of the run's requested (not cached) answers, ms; null when it has none. */
  latency: { n: number; meanMs: number; medianMs: number; p95Ms: number } | null;
}

/** Mean score of one set on one dimension, over the conversations it scored. */
export interface JudgeCompareMean { scoreSetId: string; dimension: string; mean: number | null; n: number }

/** Agreement of two sides on one dimension (quadratic-weighted κ on the scale, as the agreement card's default). */
export interface JudgeCompareAgreement {
  a: string;
  /** A score set id, or the reference's spec. */
  b: string;
  dimension: string;
  /** Conversations both sides scored. */
  n: number;
  /** null when there is nothing to compare (n = 0) or it is undefined (both constant). */
  kappa: number | null;
  /** Share of conversations with equal scores. */
  exact: number | null;
}

export interface JudgeCompareDisagreement {
  conversationId: string;
  /** Each set's score (null where the set has none). */
  scores: Record<string, number | null>;
  /** Highest minus lowest score among the sets that scored it. */
  spread: number;
}

export interface JudgeCompareResult {
  sets: JudgeCompareSet[];
  dimensions: string[];
  means: JudgeCompareMean[];
  pairs: JudgeCompareAgreement[];
  reference: { spec: string; sets: string[] } | null;
  vsReference: JudgeCompareAgreement[];
  metric: 'kappa_scale';
  disagreementDimension: string;
  disagreements: JudgeCompareDisagreement[];
}

export const judgeCompareMethods = {
  'judge-compare': method(JudgeCompareArgsSchema).returns<JudgeCompareResult>(),
};
