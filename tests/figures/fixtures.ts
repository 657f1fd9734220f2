// Fixed small analysis results (hand-written, no database) for the figure snapshot tests.

import type {
  AgreementMatrixResult, AnalysisProvenance, ContrastsResult, EffectsResult, EloResult, PreferenceResult, RciResult, ShiftsResult, TraitResult,
} from '../../main/api/contract/index.js';

const prov = (analysis: string, parameters: Record<string, unknown> = {}): AnalysisProvenance => ({
  analysis, study: 'Fixture study', simulated: true, scoreSet: 'judge-a', parameters, appVersion: '0.0.0-test',
});

const term = (coef: number, se: number) => {
  const z = coef / se;
  const p = Math.min(1, 2 * Math.exp(-0.717 * Math.abs(z) - 0.416 * z * z));
  return { coef, se, z, p, ci: [coef - 1.96 * se, coef + 1.96 * se] as [number, number] };
};

/** The SD-unit terms of a fixture dimension in points and in baseline SDs, as the service derives them. */
const scaled = (terms: Record<string, ReturnType<typeof term>>, f: number) =>
  Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, { ...t, coef: t.coef * f, se: t.se * f, ci: [t.ci[0] * f, t.ci[1] * f] as [number, number] }]));
const dimension = (n: number, sd: number, baselineSd: number, rsquared: number, terms: Record<string, ReturnType<typeof term>>) => ({
  n, clusters: 40, sd, rsquared, terms, baselineSd, points: scaled(terms, sd), baselineSds: scaled(terms, sd / baselineSd),
});

export const effects: EffectsResult = {
  provenance: prov('effects', { reference: 'control', postRounds: [2, 3] }),
  scoreSetId: 'judge-a', reference: 'control', conditions: ['control', 'video', 'coach'], treatments: ['video', 'coach'],
  baselineRound: 1, postRounds: [2, 3], scenarioType: null, skipped: [],
  dimensions: {
    encouraging_elaboration: dimension(120, 1.1, 1.05, 0.12,
      { intercept: term(2.1, 0.07), video: term(-0.05, 0.09), coach: term(0.04, 0.09), post: term(0.01, 0.06), 'video:post': term(0.22, 0.09), 'coach:post': term(0.65, 0.09) }),
    advice_giving: dimension(118, 1.2, 1.15, 0.2,
      { intercept: term(3.0, 0.07), video: term(0.2, 0.1), coach: term(0.03, 0.1), post: term(0.04, 0.07), 'video:post': term(-0.66, 0.1), 'coach:post': term(-0.02, 0.11) }),
    overall: dimension(110, 3.9, 3.76, 0.15,
      { intercept: term(0.3, 0.05), video: term(0.01, 0.08), coach: term(0.02, 0.08), post: term(0.02, 0.05), 'video:post': term(0.2, 0.09), 'coach:post': term(0.74, 0.1) }),
  },
};

export const contrasts: ContrastsResult = {
  provenance: prov('contrasts'), scoreSetId: 'judge-a', reference: 'control', treatments: ['video', 'coach'], tests: 2,
  rows: [
    { dimension: 'encouraging_elaboration', a: 'coach', b: 'video', estimate: 0.43, se: 0.09, z: 4.78, p: 1.8e-6, pHolm: 3.6e-6, ci: [0.25, 0.61] },
    { dimension: 'advice_giving', a: 'coach', b: 'video', estimate: 0.64, se: 0.11, z: 5.8, p: 6e-9, pHolm: 1.2e-8, ci: [0.42, 0.86] },
  ],
};

export const rci: RciResult = {
  provenance: prov('rci', { control: 'control' }), scoreSetId: 'judge-a', control: 'control', threshold: 1.96, baselineRound: 1, postRounds: [2, 3],
  model: { n: 12, groups: 4, s2Between: 4, s2Residual: 2, reliability: 2 / 3 }, sDiff: Math.sqrt(3),
  participants: [
    ...[-1, 0, 0.5, 1].map((c, i) => ({ participant: `p0${i}`, condition: 'control', baseline: 1 + i, post: 1 + i + c, nPost: 2, change: c, sDiff: Math.sqrt(3), z: c / Math.sqrt(3), category: 'unchanged' as const })),
    ...[-4, 1, 3.5, 5].map((c, i) => ({ participant: `p1${i}`, condition: 'coach', baseline: -2 + i, post: -2 + i + c, nPost: 2, change: c, sDiff: Math.sqrt(3), z: c / Math.sqrt(3), category: (c / Math.sqrt(3) >= 1.96 ? 'improved' : c / Math.sqrt(3) <= -1.96 ? 'declined' : 'unchanged') as 'improved' | 'declined' | 'unchanged' })),
  ],
  conditions: [
    { condition: 'control', n: 4, nImproved: 0, nDeclined: 0, pctImproved: 0, pctDeclined: 0, meanChange: 0.125, sdChange: 0.85, ci: [-1.23, 1.48], meanBaseline: 2.5, baselineCi: [0.45, 4.55], meanPost: 2.625, postCi: [0.1, 5.1] },
    { condition: 'coach', n: 4, nImproved: 2, nDeclined: 1, pctImproved: 50, pctDeclined: 25, meanChange: 1.375, sdChange: 3.97, ci: [-4.9, 7.7], meanBaseline: -0.5, baselineCi: [-2.55, 1.55], meanPost: 0.875, postCi: [-5, 6.7] },
  ],
};

export const trait: TraitResult = {
  provenance: prov('trait'), scoreSetId: 'judge-a', traits: ['jordan_empathy'], items: ['empathized', 'encouraged_elaboration', 'validated_feelings'],
  itemOutcome: { empathized: 'overall', encouraged_elaboration: 'encouraging_elaboration', validated_feelings: 'validating_emotions' },
  regressions: [
    { predictor: 'jordan_empathy', outcome: 'encouraging_elaboration', level: 'participant', n: 6, slope: 0.05, intercept: 2.5, slopeSe: 0.2, t: 0.25, p: 0.81, slopeCi: [-0.5, 0.6], rsquared: 0.015 },
    { predictor: 'self:encouraged_elaboration', outcome: 'encouraging_elaboration', level: 'conversation', n: 8, slope: 0.1, intercept: 2, slopeSe: 0.3, t: 0.33, p: 0.75, slopeCi: [-0.6, 0.8], rsquared: 0.02 },
    { predictor: 'self:empathized', outcome: 'overall', level: 'conversation', n: 8, slope: 0.4, intercept: 1, slopeSe: 1.2, t: 0.33, p: 0.75, slopeCi: [-2, 2.8], rsquared: 0.002 },
  ],
  shares: [{ item: 'encouraged_elaboration', dimension: 'encouraging_elaboration', threshold: 4, nSelf: 8, nJudge: 8, shareSelf: 0.75, shareJudge: 0.25, diff: 0.5, ciSelf: [0.41, 0.93], ciJudge: [0.07, 0.59] }],
  traitByScore: [
    { trait: 'jordan_empathy', dimension: 'encouraging_elaboration', score: 2, n: 3, mean: 3.9, ci: [3.2, 4.6] },
    { trait: 'jordan_empathy', dimension: 'encouraging_elaboration', score: 3, n: 3, mean: 3.7, ci: [3.1, 4.3] },
  ],
  points: [1.7, 2, 2.3, 2.7, 3, 3.3].map((s, i) => ({ participant: `p${i}`, condition: 'coach', traits: { jordan_empathy: 3 + (i % 3) * 0.4 }, scores: { encouraging_elaboration: s } })),
  pointsSampled: false,
  selfReportCells: [
    { item: 'encouraged_elaboration', outcome: 'encouraging_elaboration', self: 4, judge: 2, n: 3 },
    { item: 'encouraged_elaboration', outcome: 'encouraging_elaboration', self: 5, judge: 4, n: 2 },
    { item: 'encouraged_elaboration', outcome: 'encouraging_elaboration', self: 3, judge: 3, n: 3 },
    { item: 'empathized', outcome: 'overall', self: 5, judge: -2, n: 4 },
    { item: 'empathized', outcome: 'overall', self: 4, judge: 3, n: 3 },
    { item: 'empathized', outcome: 'overall', self: 5, judge: 7, n: 1 },
    { item: 'validated_feelings', outcome: 'validating_emotions', self: 4, judge: 2, n: 8 },
  ],
};

const shift = (scenarioType: string, label: string, name: string, level1: string, pre: number, post: number) => {
  const nPre = 400;
  const nPost = 300;
  const diff = post - pre;
  const se = Math.sqrt((pre * (1 - pre)) / nPre + (post * (1 - post)) / nPost);
  return {
    scenarioType, label, name, level1, nPre, nPost, countPre: Math.round(pre * nPre), countPost: Math.round(post * nPost), pre, post, diff,
    ci: [diff - 1.96 * se, diff + 1.96 * se] as [number, number], z: diff / se, p: diff > 0.05 ? 1e-4 : 0.3, q: diff > 0.05 ? 3e-4 : 0.4,
  };
};
export const shifts: ShiftsResult = {
  provenance: prov('shifts', { level: 'level2' }), labelling: 'ground-truth', labellings: ['ground-truth'], level: 'level2', topK: 2,
  preConditions: ['control', 'coach'], postConditions: ['coach'], baselineRound: 1, postRounds: [2, 3], labelsPerSentence: 2, test: 'z', unfitted: [],
  rows: [
    shift('personal', 'Affective/VE', 'Validating emotions', 'Affective', 0.1, 0.16),
    shift('personal', 'Misattuned/AG', 'Advice giving', 'Misattuned', 0.2, 0.12),
    shift('workplace', 'Affective/VE', 'Validating emotions', 'Affective', 0.08, 0.1),
    shift('workplace', 'Misattuned/AG', 'Advice giving', 'Misattuned', 0.3, 0.22),
  ],
};

export const elo: EloResult = {
  provenance: prov('elo', { judgeId: 'llm-1', k: 32 }), judgeId: 'llm-1', judgments: 60, conversations: 12,
  deciles: [1, 2, 3].flatMap((d) => ['job_loss', 'parent_death'].map((s, i) => ({
    scenario: s, decile: d, n: 2, meanElo: 940 + 40 * d + 5 * i, ci: [920 + 40 * d, 960 + 40 * d + 10 * i] as [number, number], meanOverall: -3 + 3 * d,
    conversationIds: [`c-${s}-${d}a`, `c-${s}-${d}b`], truncated: false,
  }))),
  spearman: [{ label: 'Elo vs overall score (all)', n: 12, rho: 0.8, p: 0.0018, ci: [0.42, 0.94] }],
  ratings: null,
};

export const preference: PreferenceResult = {
  provenance: prov('preference', { llmJudgeId: 'llm-1' }), scoreSetId: 'judge-a', llmJudgeId: 'llm-1',
  trials: { human: 40, raters: 8, used: 40, ties: 4, llmFromJudgment: 30, llmFromElo: 10, llmUnknown: 0 },
  models: [
    {
      outcome: 'higher-score', predictors: 'overall', n: 36, clusters: 8, reference: 'job_loss', names: ['intercept', 'abs_diff', 'scenario:parent_death'], pseudoR2: 0.1, error: null,
      terms: {
        intercept: { ...term(-0.1, 0.3), oddsRatio: Math.exp(-0.1), orCi: [Math.exp(-0.688), Math.exp(0.488)] },
        abs_diff: { ...term(0.14, 0.04), oddsRatio: Math.exp(0.14), orCi: [Math.exp(0.0616), Math.exp(0.2184)] },
        'scenario:parent_death': { ...term(0.4, 0.3), oddsRatio: Math.exp(0.4), orCi: [Math.exp(-0.188), Math.exp(0.988)] },
      },
    },
    { outcome: 'llm-choice', predictors: 'components', n: 40, clusters: 8, reference: 'job_loss', names: [], terms: {}, pseudoR2: null, error: "perfect separation (complete) on column 'advice_giving'" },
  ],
  bins: [1, 2, 3, 4].map((x) => ({ lo: x, hi: x + 1, n: 9, k: 4 + x, rate: (4 + x) / 9, ci: [Math.max(0, (4 + x) / 9 - 0.3), Math.min(1, (4 + x) / 9 + 0.25)] as [number, number], conversationIds: [`c${x}`] })),
  curve: [0, 1, 2, 3, 4, 5].map((x) => ({ x, p: 1 / (1 + Math.exp(-(-0.1 + 0.3 * x))) })),
  items: ['a', 'b', 'c', 'd'].map((id, i) => ({ conversationId: `c-${id}`, scenario: i < 2 ? 'job_loss' : 'parent_death', strength: Math.exp(i - 1.5), logStrength: i - 1.5, wins: i + 1, games: 6, elo: 950 + 30 * i, overall: -2 + 2 * i })),
  bradleyTerryRegularized: [],
  spearman: [
    { label: 'Bradley-Terry vs overall score', n: 4, rho: 1, p: 0, ci: null },
    { label: 'Bradley-Terry vs Elo', n: 4, rho: 1, p: 0, ci: null },
  ],
};

const agreementRow = (dimension: string, k: number, below: boolean | null) => ({
  dimension, n: 50, kappa_scale: k, kappa_observed: k, alpha: k - 0.02, alpha_ci: [k - 0.2, k + 0.1] as [number, number], rho: k + 0.05,
  rho_ci: [k - 0.1, k + 0.15] as [number, number], rho_p: 1e-5, exact: 0.5, experts_mean: below === null ? null : 0.5, candidate_loo: below === null ? null : k - 0.03, below_experts: below,
});
export const agreementMatrix: AgreementMatrixResult = {
  provenance: prov('agreement-matrix'), metric: 'kappa_scale', reference: 'median(e1,e2)',
  pairs: [{ a: 'judge-a', b: 'median(e1,e2)', label: 'judge-a vs median', kind: 'vs-reference' }, { a: 'e1', b: 'e2', label: 'e1 vs e2', kind: 'member-pair' }],
  rows: [
    { ...agreementRow('validating_emotions', 0.63, false), pair: 'judge-a vs median', a: 'judge-a', b: 'median(e1,e2)' },
    { ...agreementRow('dismissing_emotions', 0.17, true), pair: 'judge-a vs median', a: 'judge-a', b: 'median(e1,e2)' },
    { ...agreementRow('validating_emotions', 0.55, null), pair: 'e1 vs e2', a: 'e1', b: 'e2' },
    { ...agreementRow('dismissing_emotions', 0.45, null), pair: 'e1 vs e2', a: 'e1', b: 'e2' },
  ],
};
