// §6 human-LLM preference in the analysis worker: logistic models of the human choice (higher score, LLM choice),
// observed rates by score difference, and Bradley-Terry strengths per scenario, on the trials and scores the
// service read. Conversations travel as integer codes; the service turns the ones it shows into ids. Trials, raters
// and scenarios stay typed columns of codes throughout (preference-trials.ts): the models are fitted from columns and
// Bradley-Terry from code columns, with the same estimates as the trial objects gave (tests/analysis/preference-fit).
// The service runs the parts in two workers, each as soon as its inputs are read (main/services/analysis/preference.ts):
// Bradley-Terry (scenarioStrengths, then strengthItems), the higher-score models (preferenceHigherModels) and the
// LLM-choice models (preferenceLlmModels); preferenceFit is all of them in one thread, in the same functions.

import type { LogitTerm, PreferenceBin, PreferenceItem, PreferenceModel, SpearmanRow } from '../../main/api/contract/index.js';
import { AnalysisDataError, binnedRates, bradleyTerryCodes, preferenceLogitColumns, type RateBin } from '../../main/analysis/index.js';
import { maxOf, SIX, spearmanRow, term } from './rows.js';
import { eloFromJudgments, type JudgmentColumns } from './elo.js';
import { type HumanTrials, PairVotes, preferenceTrials, type ScoreLookup, type TrialColumns } from './preference-trials.js';

export interface PreferenceInput {
  /** Human trials (judge indexes into humanJudges, scenario indexes into scenarios), typed or not. */
  human: HumanTrials;
  humanJudges: string[];
  scenarios: string[];
  /**
   * The score set's overall and per-dimension scores of conversations by code (loadPivotRows: typed, NaN where a score
   * is missing; null marks one as well).
   */
  data: { conversation: ArrayLike<number>; overall: ArrayLike<number | null>; dims: Record<string, ArrayLike<number | null>>; length: number };
  /** The LLM judge's judgments in trial order, or null without an LLM judge. */
  llm: JudgmentColumns | null;
  referenceScenario?: string;
  binEdges?: number[];
}

export interface PreferenceFit {
  trials: { human: number; raters: number; used: number; ties: number; llmFromJudgment: number; llmFromElo: number; llmUnknown: number };
  models: PreferenceModel[];
  edges: number[];
  /** Observed rates with the codes of the conversations of each bin's pairs, ascending. */
  bins: (Omit<PreferenceBin, 'conversationIds'> & { codes: number[] })[];
  curve: { x: number; p: number }[];
  items: (Omit<PreferenceItem, 'conversationId'> & { code: number })[];
  regularized: string[];
  spearman: SpearmanRow[];
}

/** The part of the fit from Bradley-Terry: items, the scenarios it regularized, and the Spearman rows. */
export type PreferenceStrengths = Pick<PreferenceFit, 'items' | 'regularized' | 'spearman'>;

/** What preferenceStrengths reads: each scenario's choices (scenarioChoices), the scores and the LLM's judgments. */
export interface StrengthsInput {
  choices: ScenarioChoices;
  scenarios: string[];
  data: PreferenceInput['data'];
  llm: JudgmentColumns | null;
}

/** The whole fit in one thread: the models (preferenceModels) and Bradley-Terry (preferenceStrengths) of the same input. */
export function preferenceFit(input: PreferenceInput): PreferenceFit {
  const strengths = preferenceStrengths({ choices: scenarioChoices(input.human), scenarios: input.scenarios, data: input.data, llm: input.llm });
  return { ...preferenceModels(input), ...strengths };
}

/** The LLM judge's Elo rating of a conversation, undefined when it never compared it (or without an LLM judge). */
function eloRatings(llm: JudgmentColumns | null): (c: number) => number | undefined {
  const elo = llm ? eloFromJudgments(llm) : null;
  return (c) => (elo && c >= 0 && c < elo.games.length && elo.games[c] > 0 ? elo.ratings[c] : undefined);
}

/** The logits, rates and curve: everything but Bradley-Terry (preferenceHigherModels and preferenceLlmModels in one thread). */
export function preferenceModels(input: PreferenceInput): Omit<PreferenceFit, keyof PreferenceStrengths> {
  const higher = preferenceHigherModels(input);
  const llm = preferenceLlmModels(input);
  return { trials: llm.trials, models: modelsInOrder(higher.models, llm.models), edges: higher.edges, bins: higher.bins, curve: higher.curve };
}

/** The four models in the order the result lists them: per predictor set, the higher score's model, then the LLM choice's. */
export function modelsInOrder(higher: PreferenceModel[], llm: PreferenceModel[]): PreferenceModel[] {
  return [higher[0], llm[0], higher[1], llm[1]];
}

/**
 * The two models of choosing the higher score (on the overall difference, then on the components), the first one's
 * fitted curve and the observed rates by score difference. Their trials need neither the LLM's votes nor its Elo
 * ratings, so the service fits them in the second worker as soon as the scores are read, while it reads the LLM's
 * judgments (at 100x the four logits took twice as long as Bradley-Terry, and the reads as long as one lane).
 */
export function preferenceHigherModels(input: PreferenceInput): Pick<PreferenceFit, 'edges' | 'bins' | 'curve' | 'models'> {
  const scenarioLabels = [...input.scenarios, '(none)'];
  const { higher } = preferenceTrials(input.human, input.scenarios.length, scoreLookup(input.data), null, () => undefined);
  const model = fitModel(input, scenarioLabels, 'higher-score', 'overall', higher);
  // Observed rates by |difference| (Wilson intervals).
  const x = higher.absDiff;
  const maxDiff = x.length ? maxOf(x, -Infinity) : 1;
  const edges = input.binEdges?.length ? [...input.binEdges] : Array.from({ length: Math.ceil(maxDiff) + 1 }, (_, k) => k + 1).filter((_, k, arr) => k === 0 || arr[k - 1] <= maxDiff);
  const rawBins = edges.length >= 2 ? binnedRates(x, higher.y, { edges }) : binnedRates(x, higher.y);
  const curve = model.error || !higher.length ? [] : fittedCurve(model, scenarioLabels, higher);
  const bins = binCodes(rawBins, edges, higher);
  return { models: [model, fitModel(input, scenarioLabels, 'higher-score', 'components', higher)], edges, bins, curve };
}

/**
 * The two models of agreeing with the LLM judge's choice (on the overall difference, then on the components), with
 * the trial counts. Both this and the strengths need the LLM's Elo ratings (for pairs it did not judge), so each
 * computes them rather than wait on the other.
 */
export function preferenceLlmModels(input: PreferenceInput): Pick<PreferenceFit, 'trials' | 'models'> {
  const { human, humanJudges, data } = input;
  const scenarioLabels = [...input.scenarios, '(none)'];
  const scores = scoreLookup(data);
  let votes: PairVotes | null = null;
  const ratingOf = eloRatings(input.llm);
  if (input.llm) {
    votes = new PairVotes(human);
    votes.tally(input.llm);
  }
  const { llm, counts: used } = preferenceTrials(human, input.scenarios.length, scores, votes, ratingOf, false);
  const counts = { human: human.length, raters: distinct(human.judge, humanJudges.length), ...used };
  const models = [
    fitModel(input, scenarioLabels, 'llm-choice', 'overall', llm),
    fitModel(input, scenarioLabels, 'llm-choice', 'components', llm),
  ];
  return { trials: counts, models };
}

/** One model: the clustered logit of its trials, or its data error (separation, too few trials) as the reason. */
function fitModel(
  input: PreferenceInput, scenarioLabels: string[], outcome: PreferenceModel['outcome'], predictors: PreferenceModel['predictors'], t: TrialColumns,
): PreferenceModel {
  const base = { outcome, predictors, n: t.length, clusters: distinct(t.rater, input.humanJudges.length), reference: input.referenceScenario ?? '', names: [] as string[], terms: {} as Record<string, LogitTerm>, pseudoR2: null };
  try {
    const columns = predictors === 'overall' ? { names: ['abs_diff'], columns: [t.absDiff] } : { names: SIX, columns: t.components };
    const f = preferenceLogitColumns({ y: t.y, predictors: columns, scenario: t.scenario, scenarioLabels, rater: t.rater }, { reference: input.referenceScenario });
    const terms = Object.fromEntries(f.names.map((nm) => {
      const x = f.terms[nm];
      return [nm, { ...term(x), oddsRatio: x.oddsRatio, orCi: [x.orCi[0], x.orCi[1]] as [number, number] }];
    }));
    return { ...base, reference: f.reference, names: f.names, terms, pseudoR2: f.pseudoR2, error: null };
  } catch (e) {
    // A model the data cannot support (separation, too few trials) is reported with its reason; a bug is not.
    if (!(e instanceof AnalysisDataError)) throw e;
    return { ...base, error: e.message };
  }
}

/** The first model's mean fitted probability over the trials at 41 differences from 0 to the largest. */
function fittedCurve(m0: PreferenceModel, scenarioLabels: string[], higher: TrialColumns): { x: number; p: number }[] {
  const maxDiff = maxOf(higher.absDiff, -Infinity);
  const b0 = m0.terms.intercept.coef;
  const b1 = m0.terms.abs_diff.coef;
  // Each scenario's offset, and at each x its probability, once: the sum over trials adds the same values in the
  // same order as one exp per trial did.
  const offset = scenarioLabels.map((label) => m0.terms[`scenario:${label}`]?.coef ?? 0);
  const p = new Float64Array(offset.length);
  const curve: { x: number; p: number }[] = [];
  for (let k = 0; k <= 40; k++) {
    const xv = (maxDiff * k) / 40;
    for (let s = 0; s < offset.length; s++) p[s] = 1 / (1 + Math.exp(-(b0 + b1 * xv + offset[s])));
    curve.push({ x: xv, p: meanOf(p, higher.scenario) });
  }
  return curve;
}

/** The mean over trials of their scenario's value, summed in trial order. */
function meanOf(bySlot: Float64Array, slot: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < slot.length; i++) sum += bySlot[slot[i]];
  return sum / slot.length;
}

/** Bradley-Terry per scenario from the human choices, with each item's Elo rating and overall score; Spearman rows. */
export function preferenceStrengths(input: StrengthsInput): PreferenceStrengths {
  return strengthItems({ fits: scenarioStrengths(input.choices), scenarios: input.scenarios, data: input.data, llm: input.llm });
}

/** One scenario's Bradley-Terry fit, as typed columns by item (conversation code). */
export interface ScenarioStrengths {
  scenario: number;
  items: Int32Array;
  strength: Float64Array;
  logStrength: Float64Array;
  wins: Float64Array;
  games: Float64Array;
  regularized: boolean;
}

/**
 * Bradley-Terry per scenario from the human choices alone: the service starts it in the second worker as soon as the
 * trials are read, before the scores and the LLM's judgments that the items' rows need (strengthItems).
 */
export function scenarioStrengths(choices: ScenarioChoices): ScenarioStrengths[] {
  return choices.map(([scenario, c]) => {
    const bt = bradleyTerryCodes(c.winner, c.loser);
    return {
      scenario, items: Int32Array.from(bt.items), strength: Float64Array.from(bt.strength), logStrength: Float64Array.from(bt.logStrength),
      wins: Float64Array.from(bt.wins), games: Float64Array.from(bt.games), regularized: bt.regularized,
    };
  });
}

/** The buffers of scenario fits (copied back from the worker that fitted them, then moved to the one that uses them). */
export function strengthBuffers(fits: ScenarioStrengths[]): ArrayBufferLike[] {
  return fits.flatMap((f) => [f.items.buffer, f.strength.buffer, f.logStrength.buffer, f.wins.buffer, f.games.buffer]);
}

/** What strengthItems reads: the scenario fits, and the scores and LLM judgments for each item's overall score and Elo. */
export interface StrengthItemsInput {
  fits: ScenarioStrengths[];
  scenarios: string[];
  data: PreferenceInput['data'];
  llm: JudgmentColumns | null;
}

/** Each scenario fit's items with their Elo rating and overall score; the scenarios regularized; the Spearman rows. */
export function strengthItems(input: StrengthItemsInput): PreferenceStrengths {
  const nameOf = (sc: number) => input.scenarios[sc] ?? '(none)';
  const scores = scoreLookup(input.data);
  const overall = (c: number) => {
    const i = scores.rowOf(c);
    const v = i < 0 ? null : input.data.overall[i];
    return v == null || Number.isNaN(v) ? null : v;
  };
  const ratingOf = eloRatings(input.llm);
  // Spearman with the overall score and with Elo.
  const items: (Omit<PreferenceItem, 'conversationId'> & { code: number })[] = [];
  const regularized: string[] = [];
  for (const bt of input.fits) {
    const name = nameOf(bt.scenario);
    if (bt.regularized) regularized.push(name);
    bt.items.forEach((code, k) =>
      items.push({
        code, scenario: name, strength: bt.strength[k], logStrength: bt.logStrength[k],
        wins: bt.wins[k], games: bt.games[k], elo: ratingOf(code) ?? null, overall: overall(code),
      }),
    );
  }
  const scenarioNames = [...new Set(items.map((i) => i.scenario))];
  const spearmanRows: SpearmanRow[] = [
    spearmanRow('Bradley-Terry vs overall score', items.map((i) => i.logStrength), items.map((i) => i.overall)),
    ...(input.llm ? [spearmanRow('Bradley-Terry vs Elo', items.map((i) => i.logStrength), items.map((i) => i.elo))] : []),
    ...scenarioNames.flatMap((sc) => {
      const its = items.filter((i) => i.scenario === sc);
      return [
        spearmanRow(`${sc}: Bradley-Terry vs overall score`, its.map((i) => i.logStrength), its.map((i) => i.overall)),
        ...(input.llm ? [spearmanRow(`${sc}: Bradley-Terry vs Elo`, its.map((i) => i.logStrength), its.map((i) => i.elo))] : []),
      ];
    }),
  ];
  return { items, regularized, spearman: spearmanRows };
}

/** The score set's row of each conversation code (-1: not scored), typed: a Map of 290,400 entries at 100x cost more than the models. */
function scoreLookup(data: PreferenceInput['data']): ScoreLookup {
  let size = 0;
  for (let i = 0; i < data.length; i++) size = Math.max(size, data.conversation[i] + 1);
  const rows = new Int32Array(size).fill(-1);
  for (let i = 0; i < data.length; i++) if (data.conversation[i] >= 0) rows[data.conversation[i]] = i;
  return { rowOf: (c) => (c >= 0 && c < size ? rows[c] : -1), overall: data.overall, dims: SIX.map((d) => data.dims[d]) };
}

/** How many distinct codes (0 <= code < size; anything else counts once per value) a column holds. */
function distinct(codes: ArrayLike<number>, size: number): number {
  const seen = new Uint8Array(size);
  const others = new Set<number>();
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0 && c < size && Number.isInteger(c)) {
      if (!seen[c]) (seen[c] = 1), n++;
    } else others.add(c);
  }
  return n + others.size;
}

/**
 * Each rate bin with the codes of its trials' pairs, ascending (so their ids come out sorted, as codes follow the ids'
 * order), in one pass over the trials: a trial is in a bin when lo <= |diff| < hi, hi included for the last edge; a bin
 * of one value (no edges apply) takes the trials of that value only, as binnedRates counts them (it used to take every
 * trial from its value up).
 */
function binCodes(rawBins: RateBin[], edges: number[], t: TrialColumns): PreferenceFit['bins'] {
  // A mark per code and bin (trial codes are never negative), read back in code order: a Set per bin cost more than the
  // rest of the pass, and sorting 300,000 ids as strings afterwards cost the serving thread ~40 ms at 100x.
  let size = 0;
  for (let i = 0; i < t.length; i++) size = Math.max(size, t.a[i] + 1, t.b[i] + 1);
  const seen = rawBins.map(() => new Uint8Array(size));
  const lastEdge = edges[edges.length - 1];
  // Bins are disjoint and ascending (binnedRates), so a trial can only be in the last bin that starts at or below it.
  const lo = Float64Array.from(rawBins, (bin) => bin.lo);
  for (let i = 0; i < t.length; i++) {
    const v = t.absDiff[i];
    const k = lastAtOrBelow(lo, v);
    if (k < 0) continue;
    const bin = rawBins[k];
    if (!(bin.lo === bin.hi ? v === bin.lo : v >= bin.lo && (v < bin.hi || (bin.hi === lastEdge && v === bin.hi)))) continue;
    seen[k][t.a[i]] = 1;
    seen[k][t.b[i]] = 1;
  }
  return rawBins.map((bin, k) => ({ ...bin, codes: marked(seen[k]) }));
}

/** The last index of ascending `xs` whose value is at most v (-1: none; NaN is below nothing). */
function lastAtOrBelow(xs: Float64Array, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The indexes of the marked entries, ascending. */
function marked(marks: Uint8Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < marks.length; c++) if (marks[c]) out.push(c);
  return out;
}

/** Each scenario's human choices between known conversations as winner and loser code columns, by scenario code. */
export type ScenarioChoices = [number, { winner: Int32Array; loser: Int32Array }][];

/** The human choices Bradley-Terry fits, by scenario, in trial order (a copy: the trials' own columns may move to a worker). */
export function scenarioChoices(human: HumanTrials): ScenarioChoices {
  // Scenario codes are small integers (indexes into the scenarios, -1 for none): a slot per code from the least, not a
  // Set and a Map (which cost ~40 ms of the serving thread for 150,000 trials at 100x).
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < human.length; i++) {
    const sc = human.scenario[i];
    if (sc < lo) lo = sc;
    if (sc > hi) hi = sc;
  }
  const count = new Int32Array(Math.max(0, hi - lo + 1));
  for (let i = 0; i < human.length; i++) count[human.scenario[i] - lo]++;
  const present = Array.from(count.keys(), (k) => k + lo).filter((sc) => count[sc - lo] > 0);
  const slotOf = new Int32Array(count.length).fill(-1);
  present.forEach((sc, k) => (slotOf[sc - lo] = k));
  const size = new Int32Array(present.length);
  const kept = (i: number) => human.a[i] >= 0 && human.b[i] >= 0 && (human.choice[i] === 0 || human.choice[i] === 1);
  for (let i = 0; i < human.length; i++) if (kept(i)) size[slotOf[human.scenario[i] - lo]]++;
  const out = present.map((_, k) => ({ winner: new Int32Array(size[k]), loser: new Int32Array(size[k]), n: 0 }));
  for (let i = 0; i < human.length; i++) {
    if (!kept(i)) continue;
    const o = out[slotOf[human.scenario[i] - lo]];
    const aWon = human.choice[i] === 0;
    o.winner[o.n] = aWon ? human.a[i] : human.b[i];
    o.loser[o.n++] = aWon ? human.b[i] : human.a[i];
  }
  return present.flatMap((sc, k) => (size[k] ? [[sc, { winner: out[k].winner, loser: out[k].loser }] as ScenarioChoices[number]] : []));
}

export function preferenceRows(input: PreferenceInput): number {
  return input.human.length + input.data.length + (input.llm?.length ?? 0);
}

/** The buffers of the choices' columns (moved to the worker that fits Bradley-Terry). */
export function choiceBuffers(choices: ScenarioChoices): ArrayBufferLike[] {
  return choices.flatMap(([, c]) => [c.winner.buffer, c.loser.buffer]);
}
