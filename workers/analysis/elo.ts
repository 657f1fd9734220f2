// §7 Elo in the analysis worker: sequential ratings over one judge's judgments (trial order), the deciles of the
// overall score within each scenario and the Spearman rows. Conversations travel as integer codes; the service
// turns the codes it shows into ids.

import type { EloDecileRow, SpearmanRow } from '../../main/api/contract/index.js';
import { elo as eloRatings, type EloJudgment, mean } from '../../main/analysis/index.js';
import { meanCi, spearmanRow } from './rows.js';

/** One judge's judgments as conversation codes (-1: not in the study) and 0 = a, 1 = b, -1 = anything else. */
export interface JudgmentColumns { a: ArrayLike<number>; b: ArrayLike<number>; choice: ArrayLike<number>; length: number }

/** Elo over the judgments between known conversations; ratings and games keyed by the conversation code's string. */
export function eloFromJudgments(j: JudgmentColumns, k?: number, initial?: number) {
  const judgments: EloJudgment[] = [];
  const names: string[] = [];
  const name = (c: number) => (names[c] ??= String(c));
  for (let i = 0; i < j.length; i++) {
    if (j.a[i] < 0 || j.b[i] < 0) continue;
    const a = name(j.a[i]);
    const b = name(j.b[i]);
    judgments.push({ a, b, winner: j.choice[i] === 0 ? a : j.choice[i] === 1 ? b : null });
  }
  return { ...eloRatings(judgments, { k, initial }), judgments: j.length };
}

export interface EloInput {
  judgments: JudgmentColumns;
  k?: number;
  initial?: number;
  scenarios: string[];
  /** Scenario (index into `scenarios`, -1 when none) by conversation code. */
  scenarioOfCode: Int32Array;
  /** The overall score of the conversations the score set scored; null without a score set of all six dimensions. */
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

export function eloFit(input: EloInput): EloFit {
  const result = eloFromJudgments(input.judgments, input.k, input.initial);
  const ov = input.overall;
  const overallOf = new Map<number, number | null>();
  if (ov) for (let i = 0; i < ov.length; i++) overallOf.set(ov.conversation[i], ov.overall[i]);
  const codes = Object.keys(result.ratings).map(Number).sort((p, q) => p - q);
  const rows = codes.map((c) => ({ code: c, scenario: input.scenarios[input.scenarioOfCode[c]] ?? null, rating: result.ratings[String(c)], games: result.games[String(c)], overall: overallOf.get(c) ?? null }));
  const deciles: EloFit['deciles'] = [];
  const spearman: SpearmanRow[] = [];
  if (ov) {
    spearman.push(spearmanRow('Elo vs overall score (all)', rows.map((r) => r.rating), rows.map((r) => r.overall)));
    const scenarios = [...new Set(rows.map((r) => r.scenario ?? '(none)'))].sort();
    for (const sc of scenarios) {
      const rs = rows.filter((r) => (r.scenario ?? '(none)') === sc && r.overall != null);
      spearman.push(spearmanRow(`Elo vs overall score (${sc})`, rs.map((r) => r.rating), rs.map((r) => r.overall)));
      // Deciles of the overall score within the scenario: rank by (score, conversation), decile = floor(10 rank / n) + 1.
      rs.sort((p, q) => p.overall! - q.overall! || p.code - q.code);
      const groups = new Map<number, typeof rs>();
      rs.forEach((r, k) => {
        const d = Math.floor((10 * k) / rs.length) + 1;
        (groups.get(d) ?? groups.set(d, []).get(d)!).push(r);
      });
      for (const [d, g] of groups) {
        const m = meanCi(g.map((r) => r.rating));
        deciles.push({ scenario: sc, decile: d, n: g.length, meanElo: m.mean, ci: m.ci, meanOverall: mean(g.map((r) => r.overall!)), codes: g.slice(0, input.maxDecileIds).map((r) => r.code) });
      }
    }
  }
  return { judgments: result.judgments, conversations: rows.length, rows: input.withRows ? rows : null, deciles, spearman };
}

/** Values an Elo input holds, for choosing where it runs. */
export function eloRows(input: EloInput): number {
  return input.judgments.length + (input.overall?.length ?? 0);
}
