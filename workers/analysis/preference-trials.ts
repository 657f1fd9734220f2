// The §6 preference models' trials as typed columns: for each human trial with a winner between two scored
// conversations, the outcome "chose the higher score" (ties left out) and "chose the LLM's pick", the overall score
// difference and the six per-dimension differences. At 100x that is 150,000 trials by 15,000 raters: an object per
// trial with a Record of predictors and strings for rater and scenario cost more than the four fits.

import { PairTable } from '../../main/analysis/pair-table.js';
import { scratchF64, scratchI32, scratchU8 } from '../../main/analysis/scratch.js';
import type { JudgmentColumns } from './elo.js';
import { SIX } from './rows.js';

/** Human trials as code columns (PairwiseData's, typed or not). */
export interface HumanTrials {
  /** Rater: an index into the human judges. */
  judge: ArrayLike<number>;
  /** Conversation codes; -1 for a conversation the study does not have. */
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  /** 0 = a chosen, 1 = b chosen, -1 = anything else. */
  choice: ArrayLike<number>;
  /** Index into the scenarios, -1 when none. */
  scenario: ArrayLike<number>;
  length: number;
}

/** The score set's rows of the conversations, typed by code. */
export interface ScoreLookup {
  /** Row of each conversation code in the score columns, -1 when not scored. */
  rowOf(code: number): number;
  overall: ArrayLike<number | null>;
  /** The six dimensions in SIX order. */
  dims: ArrayLike<number | null>[];
}

/** One model's trials: outcome, predictors (abs_diff, or the six differences in SIX order), rater, scenario, pair. */
export interface TrialColumns {
  y: Uint8Array;
  absDiff: Float64Array;
  components: Float64Array[];
  rater: Int32Array;
  scenario: Int32Array;
  a: Int32Array;
  b: Int32Array;
  length: number;
}

/** Columns for up to `capacity` trials in the scratch slots of `name` (main/analysis/scratch.ts): ~11 MB each at 100x. */
function trialColumns(name: string, capacity: number): TrialColumns {
  const f64 = (c: string) => scratchF64(`${name}.${c}`, capacity);
  const i32 = (c: string) => scratchI32(`${name}.${c}`, capacity);
  return {
    y: scratchU8(`${name}.y`, capacity), absDiff: f64('absDiff'), components: SIX.map((d) => f64(d)),
    rater: i32('rater'), scenario: i32('scenario'), a: i32('a'), b: i32('b'), length: 0,
  };
}

function trimmed(t: TrialColumns): TrialColumns {
  const n = t.length;
  return {
    y: t.y.subarray(0, n), absDiff: t.absDiff.subarray(0, n), components: t.components.map((c) => c.subarray(0, n)),
    rater: t.rater.subarray(0, n), scenario: t.scenario.subarray(0, n), a: t.a.subarray(0, n), b: t.b.subarray(0, n), length: n,
  };
}

/**
 * The LLM judge's votes on the pairs the humans compared, by unordered pair (a PairTable over the two codes).
 * `votes[2p]` counts wins of pair p's lower code, `votes[2p + 1]` of its higher one. Pairs with an unknown
 * conversation (-1) are left out: their trials are never fitted.
 */
export class PairVotes {
  readonly pairs: PairTable;
  readonly votes: Int32Array;
  /** Each human trial's pair (-1: an unknown conversation), kept from the build: a second lookup per trial cost 20 ms at 100x. */
  readonly pairOf: Int32Array;

  /** The table of the trials' pairs; its arrays are scratch slots (main/analysis/scratch.ts), valid until the next table. */
  constructor(human: Pick<HumanTrials, 'a' | 'b' | 'length'>) {
    this.pairs = new PairTable(human.length, (part, n) => scratchI32(`pairVotes.${part}`, n));
    this.pairOf = scratchI32('pairVotes.pairOf', human.length);
    addPairs(this, human);
    this.votes = scratchI32('pairVotes.votes', 2 * this.pairs.size).fill(0);
  }

  /** Counts each of the LLM's judgments with a winner on a pair the humans compared. */
  tally(j: JudgmentColumns): void {
    for (let i = 0; i < j.length; i++) {
      const a = j.a[i];
      const b = j.b[i];
      if (a < 0 || b < 0) continue;
      const p = this.pairs.find(Math.min(a, b), Math.max(a, b));
      if (p < 0) continue;
      const w = j.choice[i] === 0 ? a : j.choice[i] === 1 ? b : -1;
      if (w < 0) continue;
      this.votes[2 * p + (w === Math.min(a, b) ? 0 : 1)]++;
    }
  }
}

function addPairs(votes: PairVotes, human: Pick<HumanTrials, 'a' | 'b' | 'length'>): void {
  for (let i = 0; i < human.length; i++) {
    const a = human.a[i];
    const b = human.b[i];
    votes.pairOf[i] = a >= 0 && b >= 0 ? votes.pairs.find(Math.min(a, b), Math.max(a, b), true) : -1;
  }
}

export interface PreferenceTrials {
  higher: TrialColumns;
  llm: TrialColumns;
  counts: { used: number; ties: number; llmFromJudgment: number; llmFromElo: number; llmUnknown: number };
}

/**
 * The trials of the four models, in human trial order: scratch slots, valid until the next call in this thread (each
 * caller, preferenceHigherModels and preferenceLlmModels, fits and bins its trials before it returns). The LLM's pick for a pair is its majority choice when it
 * judged that pair (`votes`: the table of these trials' pairs), else the higher Elo rating (`ratingOf`: undefined when
 * unrated), else none. A trial's scenario is
 * its index into the `scenarios` scenarios, or `scenarios` itself for none. Without `withHigher` the higher-score
 * trials are counted (used, ties) but not written: the LLM-choice models' worker does not fit them.
 */
export function preferenceTrials(
  human: HumanTrials, scenarios: number, scores: ScoreLookup, votes: PairVotes | null, ratingOf: (c: number) => number | undefined,
  withHigher = true,
): PreferenceTrials {
  const counts = { used: 0, ties: 0, llmFromJudgment: 0, llmFromElo: 0, llmUnknown: 0 };
  const llmPick = (i: number, a: number, b: number): number => {
    const p = votes ? votes.pairOf[i] : -1;
    const v = votes?.votes;
    const va = p >= 0 ? v![2 * p + (a < b ? 0 : 1)] : 0;
    const vb = p >= 0 ? v![2 * p + (a < b ? 1 : 0)] : 0;
    if (va !== vb) {
      counts.llmFromJudgment++;
      return va > vb ? a : b;
    }
    const ra = ratingOf(a);
    const rb = ratingOf(b);
    if (ra !== undefined && rb !== undefined && ra !== rb) {
      counts.llmFromElo++;
      return ra > rb ? a : b;
    }
    counts.llmUnknown++;
    return -1;
  };
  const higher = trialColumns('preference.higher', human.length);
  const llm = trialColumns('preference.llm', human.length);
  const sc = scoreColumns(scores);
  const { overall, known } = sc;
  const ra = scratchI32('preference.rowA', human.length);
  const rb = scratchI32('preference.rowB', human.length);
  scoreRows(human, scores, ra, rb);
  for (let i = 0; i < human.length; i++) {
    const a = human.a[i];
    const b = human.b[i];
    const winner = human.choice[i] === 0 ? a : human.choice[i] === 1 ? b : -1;
    const rowA = ra[i];
    const rowB = rb[i];
    if (winner < 0 || rowA < 0 || rowB < 0 || !known[rowA] || !known[rowB]) continue;
    const oa = overall[rowA];
    const ob = overall[rowB];
    counts.used++;
    const s = human.scenario[i];
    const scenario = s >= 0 && s < scenarios ? s : scenarios;
    if (oa === ob) counts.ties++;
    else if (withHigher && oa > ob) push(higher, sc, winner === a ? 1 : 0, Math.abs(oa - ob), rowA, rowB, human.judge[i], scenario, a, b);
    else if (withHigher) push(higher, sc, winner === b ? 1 : 0, Math.abs(oa - ob), rowB, rowA, human.judge[i], scenario, a, b);
    const pick = llmPick(i, a, b);
    if (pick === a) push(llm, sc, winner === a ? 1 : 0, Math.abs(oa - ob), rowA, rowB, human.judge[i], scenario, a, b);
    else if (pick >= 0) push(llm, sc, winner === b ? 1 : 0, Math.abs(oa - ob), rowB, rowA, human.judge[i], scenario, a, b);
  }
  return { higher: trimmed(higher), llm: trimmed(llm), counts };
}

/**
 * The score columns by row as typed arrays (scratch slots): the overall score, whether it is known (not null or NaN), and the
 * six dimensions with NaN for a missing score, the difference a missing dimension gave. Read from arrays of numbers
 * and nulls once per row instead of once per trial.
 */
function scoreColumns(scores: ScoreLookup): { overall: Float64Array; known: Uint8Array; dims: Float64Array[] } {
  const rows = scores.overall.length;
  const overall = scratchF64('preference.overall', rows);
  const known = scratchU8('preference.known', rows);
  for (let r = 0; r < rows; r++) {
    const v = scores.overall[r];
    known[r] = v == null || Number.isNaN(v) ? 0 : 1;
    overall[r] = v ?? NaN;
  }
  const dims = scores.dims.map((col, d) => {
    const out = scratchF64(`preference.dim${d}`, rows);
    for (let r = 0; r < rows; r++) out[r] = col[r] ?? NaN;
    return out;
  });
  return { overall, known, dims };
}

/** Each trial's rows of its two conversations in the score columns (-1: not scored). */
function scoreRows(human: HumanTrials, scores: ScoreLookup, ra: Int32Array, rb: Int32Array): void {
  for (let i = 0; i < human.length; i++) {
    ra[i] = scores.rowOf(human.a[i]);
    rb[i] = scores.rowOf(human.b[i]);
  }
}

/** One trial: the pick (higher overall or the LLM's, at score row rp) against the other (row ro). */
function push(
  t: TrialColumns, sc: { dims: Float64Array[] }, y: number, absDiff: number, rp: number, ro: number, rater: number, scenario: number, a: number, b: number,
): void {
  const m = t.length++;
  t.y[m] = y;
  t.absDiff[m] = absDiff;
  for (let d = 0; d < sc.dims.length; d++) t.components[d][m] = sc.dims[d][rp] - sc.dims[d][ro];
  t.rater[m] = rater;
  t.scenario[m] = scenario;
  t.a[m] = a;
  t.b[m] = b;
}
