import { z } from 'zod';
import { method, noArgs, optionalArgs } from './define.js';
import { ScenarioTypesArgsSchema, type ScenarioTypesResult } from './analysis-scenario.js';

export * from './analysis-scenario.js';

/** Pre/post definition: baseline round (default 1) and the rounds counted as post (default every later round). */
const prePost = {
  baselineRound: z.number().int().optional(),
  postRounds: z.array(z.number().int()).optional(),
};
export type PrePostArgs = { baselineRound?: number; postRounds?: number[] };

const effectsFields = {
  ...prePost,
  /** Score set id or rater name; default the study's first score set. */
  scoreSetId: z.string().optional(),
  /** Condition labels in display order (default the study's, control first); rows of other conditions are left out. */
  conditions: z.array(z.string()).optional(),
  /** Reference level; default 'control' when present, else the first condition. */
  reference: z.string().optional(),
  /** Default every dimension of the score set (paper order first); 'overall' = EE + VE + DU - AG - SO - DE as its own outcome. */
  dimensions: z.array(z.string()).optional(),
  /** Only conversations of this scenario type (e.g. 'personal'); default all. */
  scenarioType: z.string().nullish(),
};
export const EffectsArgsSchema = z.strictObject({
  ...effectsFields,
  /** Also fit the overall score after the dimensions when the score set has all six (default false; Fig. 3B sets it). */
  includeOverall: z.boolean().optional(),
});
export type EffectsArgs = z.infer<typeof EffectsArgsSchema>;

export const ContrastsArgsSchema = z.strictObject({
  ...effectsFields,
  /** [a, b] pairs of treatments, delta = b_a:post - b_b:post; default every later treatment against every earlier one. */
  pairs: z.array(z.tuple([z.string(), z.string()])).optional(),
});
export type ContrastsArgs = z.infer<typeof ContrastsArgsSchema>;

export const RciArgsSchema = z.strictObject({
  ...prePost,
  scoreSetId: z.string().optional(),
  /** Condition whose conversations estimate measurement error; default 'control'. */
  control: z.string().optional(),
  /** |z| threshold; default 1.96. */
  threshold: z.number().positive().optional(),
  /** Conditions shown (default all); the control is always used for the error model. */
  conditions: z.array(z.string()).optional(),
});
export type RciArgs = z.infer<typeof RciArgsSchema>;

export const TraitArgsSchema = z.strictObject({
  scoreSetId: z.string().optional(),
  conditions: z.array(z.string()).optional(),
  /** Rounds whose conversations enter (default all). */
  rounds: z.array(z.number().int()).optional(),
  /** Self-report level counted as "quite a bit"/"very much"; default 4. */
  threshold: z.number().finite().optional(),
  /** Participant points returned for the scatter (deterministic every-k-th sample); default 3000. */
  maxPoints: z.number().int().nonnegative().optional(),
});
export type TraitArgs = z.infer<typeof TraitArgsSchema>;

export const SHIFT_LEVELS = ['category', 'level1', 'level2', 'level3'] as const;
export const SHIFT_TESTS = ['z', 'clustered-logit'] as const;
export const ShiftsArgsSchema = z.strictObject({
  ...prePost,
  /** sentence_labels.labelling; default 'ground-truth' when present, else the first. */
  labelling: z.string().optional(),
  /** 'category' (each label), or a taxonomy level: a node occurs when any of its categories does. Default 'category'. */
  level: z.enum(SHIFT_LEVELS).optional(),
  /** A label occurs in a sentence when its rank is <= topK; default 2. */
  topK: z.number().int().positive().optional(),
  /** Conditions whose baseline conversations are "pre"; default all. */
  preConditions: z.array(z.string()).optional(),
  /** Conditions whose post conversations are "post"; default coach and combined when present, else every non-control. */
  postConditions: z.array(z.string()).optional(),
  /** Default every scenario type present. */
  scenarioTypes: z.array(z.string()).optional(),
  /**
   * 'z': the paper's pooled two-proportion z tests (default); 'clustered-logit': logit of occurrence on post with
   * standard errors clustered by participant (sentences are nested in conversations and participants).
   */
  test: z.enum(SHIFT_TESTS).optional(),
});
export type ShiftsArgs = z.infer<typeof ShiftsArgsSchema>;

export const AGREEMENT_STATS = ['kappa_scale', 'kappa_observed', 'alpha', 'rho', 'exact'] as const;
const reps = z.number().int().nonnegative().max(100_000);
export const AgreementArgsSchema = z.strictObject({
  /** A score set id or rater name, or median(A,B,C) of several. */
  a: z.string().min(1),
  b: z.string().min(1),
  dimensions: z.array(z.string()).optional(),
  /** Bootstrap replicates for alpha's CI (default 1000) and seed (default 20240521). */
  reps: reps.optional(),
  seed: z.number().int().optional(),
  /** Statistic of the leave-one-out expert benchmark when one side is a median of 2+ sets; default kappa_scale. */
  flagMetric: z.enum(AGREEMENT_STATS).optional(),
});
export type AgreementArgs = z.infer<typeof AgreementArgsSchema>;

export const AgreementMatrixArgsSchema = z.strictObject({
  /** Score sets compared with the reference; default every set not in the reference. */
  raters: z.array(z.string()).optional(),
  /** default median(<sets named expert*>) when 2+ exist; else every pair of sets is compared. */
  reference: z.string().optional(),
  /** Also the reference's members pairwise (default true). */
  memberPairs: z.boolean().optional(),
  dimensions: z.array(z.string()).optional(),
  reps: reps.optional(),
  metric: z.enum(AGREEMENT_STATS).optional(),
});
export type AgreementMatrixArgs = z.infer<typeof AgreementMatrixArgsSchema>;

export const PreferenceArgsSchema = z.strictObject({
  scoreSetId: z.string().optional(),
  /** LLM pairwise judge whose choices define "the LLM's choice"; default the llm judge with most judgments. */
  llmJudgeId: z.string().optional(),
  /** Reference scenario of the logit; default the first in sort order. */
  referenceScenario: z.string().optional(),
  /** Bin edges for observed rates by |score difference|; default one bin per integer 1, 2, ... */
  binEdges: z.array(z.number().finite()).optional(),
});
export type PreferenceArgs = z.infer<typeof PreferenceArgsSchema>;

export const EloArgsSchema = z.strictObject({
  /** Pairwise judge id (default the llm judge with most judgments). */
  judgeId: z.string().optional(),
  /** Score set for the overall score of each conversation (deciles, Spearman); default the first. */
  scoreSetId: z.string().optional(),
  k: z.number().positive().optional(),
  initial: z.number().finite().optional(),
  /** Return every conversation's rating (large studies: many rows); default false. */
  ratings: z.boolean().optional(),
});
export type EloArgs = z.infer<typeof EloArgsSchema>;

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
export interface EffectsDimensionResult {
  n: number;
  clusters: number;
  /** sd(score, ddof = 1) over the rows used: the SD unit. */
  sd: number;
  rsquared: number;
  /** intercept, <treatment>..., post, <treatment>:post... in SD units (score / sd). */
  terms: Record<string, AnalysisTerm>;
  /** sd(score, ddof = 1) over the baseline-round rows used; null with fewer than two. */
  baselineSd: number | null;
  /** The same terms in the score's own points (the clustered OLS on the unscaled score). */
  points: Record<string, AnalysisTerm>;
  /** The same terms in baseline SDs (points / baselineSd): the paper's "0.98 SD / 2.9 points" for the overall score. */
  baselineSds: Record<string, AnalysisTerm> | null;
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
export type ShiftLevel = (typeof SHIFT_LEVELS)[number];
export interface ShiftRow {
  scenarioType: string; label: string; name: string; level1: string | null;
  nPre: number; nPost: number; countPre: number; countPost: number; pre: number; post: number;
  diff: number; ci: [number, number]; z: number; p: number; q: number;
  /** clustered-logit only: the post coefficient (log odds ratio) with its clustered SE, the delta-method SE of diff, clusters. */
  logOdds?: number; logOddsSe?: number; seDiff?: number; clusters?: number;
}
export type ShiftTest = (typeof SHIFT_TESTS)[number];
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
  /** The most labels a sentence carries among its top-k (2 for a kSAE model's top-2 themes, 1 for one category each). */
  labelsPerSentence: number;
  /** Which test the rows' z, p, q and CIs come from. */
  test: ShiftTest;
  rows: ShiftRow[];
  /** clustered-logit: labels left out because they never (or always) occur in one group, with the reason. */
  unfitted: { scenarioType: string; label: string; reason: string }[];
}
export type AgreementStat = (typeof AGREEMENT_STATS)[number];
export interface AgreementResultRow {
  dimension: string; n: number; kappa_scale: number; kappa_observed: number; alpha: number; alpha_ci: [number, number];
  rho: number; rho_ci: [number, number] | null; rho_p: number; exact: number;
  /**
   * Leave-one-out benchmark on flagMetric (null: no median side): experts_mean = mean over experts i of expert i
   * against the median of the other experts; candidate_loo = mean of the other side against those same medians;
   * below_experts = candidate_loo < experts_mean. The row's own statistics stay against the median of all experts.
   */
  experts_mean: number | null;
  candidate_loo: number | null;
  below_experts: boolean | null;
}
export interface AgreementResult {
  provenance: AnalysisProvenance;
  a: { spec: string; sets: string[] };
  b: { spec: string; sets: string[] };
  flagMetric: AgreementStat;
  rows: AgreementResultRow[];
}
export interface AgreementMatrixResult {
  provenance: AnalysisProvenance;
  metric: AgreementStat;
  reference: string | null;
  pairs: { a: string; b: string; label: string; kind: 'vs-reference' | 'member-pair' | 'pair' }[];
  rows: (AgreementResultRow & { pair: string; a: string; b: string })[];
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

export const analysisMethods = {
  'analysis-options': method(noArgs).returns<AnalysisOptions>(),
  'analysis-effects': method(optionalArgs(EffectsArgsSchema)).returns<EffectsResult>(),
  'analysis-contrasts': method(optionalArgs(ContrastsArgsSchema)).returns<ContrastsResult>(),
  'analysis-rci': method(optionalArgs(RciArgsSchema)).returns<RciResult>(),
  'analysis-trait': method(optionalArgs(TraitArgsSchema)).returns<TraitResult>(),
  'analysis-shifts': method(optionalArgs(ShiftsArgsSchema)).returns<ShiftsResult>(),
  'analysis-agreement': method(AgreementArgsSchema).returns<AgreementResult>(),
  'analysis-agreement-matrix': method(optionalArgs(AgreementMatrixArgsSchema)).returns<AgreementMatrixResult>(),
  'analysis-preference': method(optionalArgs(PreferenceArgsSchema)).returns<PreferenceResult>(),
  'analysis-elo': method(optionalArgs(EloArgsSchema)).returns<EloResult>(),
  'analysis-scenario-types': method(optionalArgs(ScenarioTypesArgsSchema)).returns<ScenarioTypesResult>(),
};
