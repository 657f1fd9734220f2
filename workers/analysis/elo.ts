// §7 Elo in the analysis worker: sequential ratings over one judge's judgments (trial order), the deciles of the
// overall score within each scenario and the Spearman rows. Conversations travel as integer codes; the service
// turns the codes it shows into ids.

import type { EloDecileRow, SpearmanRow } from '../../main/api/contract/index.js';
import { eloCodes, type EloCodesResult, mean, orderBy, runRanks, spearmanOfRanks } from '../../main/analysis/index.js';
import { meanCi } from './rows.js';

/** One judge's judgments as conversation codes (-1: not in the study) and 0 = a, 1 = b, -1 = anything else. */
export interface JudgmentColumns { a: ArrayLike<number>; b: ArrayLike<number>; choice: ArrayLike<number>; length: number }

/**
 * Elo over the judgments between known conversations, by conversation code: `ratings[c]` is conversation c's rating
 * when `games[c] > 0` (a conversation never compared is not rated).
 */
export function eloFromJudgments(j: JudgmentColumns, k?: number, initial?: number): EloCodesResult & { judgments: number } {
  let n = 0;
  let items = 0;
  for (let i = 0; i < j.length; i++) {
    if (j.a[i] < 0 || j.b[i] < 0) continue;
    n++;
    items = Math.max(items, j.a[i] + 1, j.b[i] + 1);
  }
  // Every judgment between known conversations (the usual case): eloCodes reads the columns as they came (its choice
  // codes are these: 0 a won, 1 b won, anything else a tie).
  if (n === j.length) return { ...eloCodes(j.a, j.b, j.choice, n, items, { k, initial }), judgments: j.length };
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const choice = new Int8Array(n);
  for (let i = 0, m = 0; i < j.length; i++) {
    if (j.a[i] < 0 || j.b[i] < 0) continue;
    a[m] = j.a[i];
    b[m] = j.b[i];
    choice[m++] = j.choice[i] === 0 ? 0 : j.choice[i] === 1 ? 1 : -1;
  }
  return { ...eloCodes(a, b, choice, n, items, { k, initial }), judgments: j.length };
}

export interface EloInput {
  judgments: JudgmentColumns;
  k?: number;
  initial?: number;
  scenarios: string[];
  /** Scenario (index into `scenarios`, -1 when none) by conversation code. */
  scenarioOfCode: Int32Array;
  /** The overall score of the conversations the score set scored (null or NaN: none); null without a score set of all six dimensions. */
  overall: { conversation: ArrayLike<number>; overall: ArrayLike<number | null>; length: number } | null;
  /** Conversation codes kept per decile (click-through). */
  maxDecileIds: number;
  /** Whether the fit returns every conversation's rating (else only its count, sparing the copy back). */
  withRows: boolean;
}

export interface EloFitRow { code: number; scenario: string | null; rating: number; games: number; overall: number | null }
export interface EloFit {
  judgments: number;
  conversations: number;
  /** Every rated conversation in code order when asked for (withRows), else null. */
  rows: EloFitRow[] | null;
  deciles: (Omit<EloDecileRow, 'conversationIds' | 'truncated'> & { codes: number[] })[];
  spearman: SpearmanRow[];
}

/** The entries of `items` (in their order) that `inSet` marks. Plain indexed loops: these run over 290,400 codes. */
function marked(items: Int32Array, inSet: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < items.length; i++) n += inSet[items[i]];
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < items.length; i++) if (inSet[items[i]]) out[k++] = items[i];
  return out;
}

/** Marks (only) the `codes` whose group is g. */
function markGroup(codes: Int32Array, group: Int32Array, g: number, inSet: Uint8Array): void {
  inSet.fill(0);
  for (let i = 0; i < codes.length; i++) if (group[codes[i]] === g) inSet[codes[i]] = 1;
}

/**
 * Elo vs overall score over the conversations `inSet` marks (each with a finite rating and overall score), in code
 * order: both sides ranked within them from the study-wide orders (orderBy over every paired conversation, filtered),
 * so a scenario's correlation costs a walk rather than two sorts. The same ranks, in the same order, as spearman() gives.
 */
function spearmanOver(label: string, paired: Int32Array, inSet: Uint8Array, orders: [Int32Array, Float64Array][], rank: Float64Array): SpearmanRow {
  const members = marked(paired, inSet);
  const [rx, ry] = orders.map(([order, values]) => {
    runRanks(marked(order, inSet), values, rank);
    const out = new Float64Array(members.length);
    for (let i = 0; i < members.length; i++) out[i] = rank[members[i]];
    return out;
  });
  const s = spearmanOfRanks(rx, ry);
  return { label, n: s.n, rho: s.rho, p: s.p, ci: s.ci };
}

/** Deciles of the overall score within one scenario, from its conversations in (score, code) order. */
function decilesOf(scenario: string, rs: Int32Array, ratings: Float64Array, overall: Float64Array, maxIds: number): EloFit['deciles'] {
  const out: EloFit['deciles'] = [];
  const n = rs.length;
  // Rank by (score, conversation), decile = floor(10 rank / n) + 1.
  for (let k = 0; k < n;) {
    const d = Math.floor((10 * k) / n) + 1;
    let end = k;
    while (end < n && Math.floor((10 * end) / n) + 1 === d) end++;
    const g = rs.subarray(k, end);
    const r = new Float64Array(g.length);
    const o = new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) {
      r[i] = ratings[g[i]];
      o[i] = overall[g[i]];
    }
    const m = meanCi(r);
    out.push({ scenario, decile: d, n: g.length, meanElo: m.mean, ci: m.ci, meanOverall: mean(o), codes: Array.from(g.subarray(0, maxIds)) });
    k = end;
  }
  return out;
}

export function eloFit(input: EloInput): EloFit {
  const { ratings, games, judgments } = eloFromJudgments(input.judgments, input.k, input.initial);
  const ov = input.overall;
  const size = games.length;
  // The overall score by conversation code, typed (`has` tells a score from none): a Map and an object per rated
  // conversation cost more than the ratings themselves at 100x.
  const overall = new Float64Array(size).fill(NaN);
  const has = new Uint8Array(size);
  if (ov) {
    for (let i = 0; i < ov.length; i++) {
      const c = ov.conversation[i];
      const v = ov.overall[i];
      if (c >= 0 && c < size) {
        // NaN reads as none too: a code without a score in a typed column.
        has[c] = v == null || Number.isNaN(v) ? 0 : 1;
        overall[c] = v ?? NaN;
      }
    }
  }
  // Scenario slot of each code: 1 + its index into `scenarios`, 0 when it has none.
  const slot = new Int32Array(size);
  const rated = new Uint8Array(size);
  for (let c = 0; c < size; c++) {
    rated[c] = games[c] > 0 ? 1 : 0;
    const s = c < input.scenarioOfCode.length ? input.scenarioOfCode[c] : -1;
    slot[c] = s >= 0 && s < input.scenarios.length ? s + 1 : 0;
  }
  const codes = marked(identity(size), rated);
  const nameOf = (k: number) => (k ? input.scenarios[k - 1] : null);
  const rows = input.withRows
    ? Array.from(codes, (c): EloFitRow => ({ code: c, scenario: nameOf(slot[c]), rating: ratings[c], games: games[c], overall: has[c] ? overall[c] : null }))
    : null;
  const deciles: EloFit['deciles'] = [];
  const spearman: SpearmanRow[] = [];
  if (ov) {
    // The conversations a correlation can use (rated, with a finite overall score; no overall score reads as NaN,
    // which the rank correlation leaves out as it leaves out a missing one), ordered once by rating and once by
    // overall score then code (orderBy keeps code order among ties): every subset's ranks and deciles walk these.
    const inSet = new Uint8Array(size);
    for (let c = 0; c < size; c++) inSet[c] = rated[c] && has[c] && Number.isFinite(overall[c]) && Number.isFinite(ratings[c]) ? 1 : 0;
    const paired = marked(codes, inSet);
    const orders: [Int32Array, Float64Array][] = [[orderBy(ratings, paired), ratings], [orderBy(overall, paired), overall]];
    const rank = new Float64Array(size);
    spearman.push(spearmanOver('Elo vs overall score (all)', paired, inSet, orders, rank));
    // The rated conversations' scenario names (sorted; '(none)' for none), each conversation's as a group index.
    const seen = new Uint8Array(input.scenarios.length + 1);
    for (let i = 0; i < codes.length; i++) seen[slot[codes[i]]] = 1;
    const names = [...new Set([...seen.keys()].filter((k) => seen[k]).map((k) => nameOf(k) ?? '(none)'))].sort();
    const groupOfSlot = Int32Array.from(seen.keys(), (k) => names.indexOf(nameOf(k) ?? '(none)'));
    const group = new Int32Array(size);
    for (let c = 0; c < size; c++) group[c] = groupOfSlot[slot[c]];
    names.forEach((sc, g) => {
      markGroup(paired, group, g, inSet);
      spearman.push(spearmanOver(`Elo vs overall score (${sc})`, paired, inSet, orders, rank));
      deciles.push(...decilesOf(sc, marked(orders[1][0], inSet), ratings, overall, input.maxDecileIds));
    });
  }
  return { judgments, conversations: codes.length, rows, deciles, spearman };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Values an Elo input holds, for choosing where it runs. */
export function eloRows(input: EloInput): number {
  return input.judgments.length + (input.overall?.length ?? 0);
}
