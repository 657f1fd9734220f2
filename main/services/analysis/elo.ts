// §7 Elo: sequential ratings over one judge's pairwise judgments, deciles of the overall score and Spearman rows.

import type { EloArgs, EloDecileRow, EloResult, SpearmanRow } from '../../api/contract/index.js';
import { elo as eloRatings, mean } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { conversationIds, requireTable, resolveScoreSet } from '../../studydata/common.js';
import { loadOverall } from '../../studydata/overall.js';
import { loadJudgments, pairwiseJudges, scenarioCodes } from '../../studydata/pairwise.js';
import { meanCi, overallLabels, SIX, spearmanRow } from './common.js';
import { provenance } from './provenance.js';

export async function defaultLlmJudge(db: Db, wanted?: string): Promise<string | null> {
  const judges = await pairwiseJudges(db);
  if (wanted) {
    if (!judges.some((j) => j.judgeId === wanted)) throw new UserError(`No pairwise judge "${wanted}" (have ${judges.map((j) => j.judgeId).join(', ') || 'none'})`, 'not-found');
    return wanted;
  }
  return judges.find((j) => j.kind === 'llm')?.judgeId ?? null;
}

/** Sequential Elo over one judge's judgments (trial order); ratings keyed by conversation code. */
export async function eloOf(db: Db, judgeId: string, k?: number, initial?: number) {
  const j = await loadJudgments(db, judgeId);
  const judgments = [];
  const names: string[] = [];
  const name = (c: number) => (names[c] ??= String(c));
  for (let i = 0; i < j.length; i++) {
    if (j.a[i] < 0 || j.b[i] < 0) continue;
    const a = name(j.a[i]);
    const b = name(j.b[i]);
    judgments.push({ a, b, winner: j.choice[i] === 0 ? a : j.choice[i] === 1 ? b : null });
  }
  return { data: j, result: { ...eloRatings(judgments, { k, initial }), judgments: j.length } };
}

/** Conversation ids listed per decile at most (click-through); larger deciles say so with `truncated`. */
const MAX_DECILE_IDS = 1000;

export async function computeElo(db: Db, args: EloArgs = {}): Promise<EloResult> {
  await requireTable(db, 'pairwise', 'Elo ratings');
  const judges = await pairwiseJudges(db);
  const judgeId = args.judgeId ?? (await defaultLlmJudge(db)) ?? judges[0]?.judgeId;
  if (!judges.some((j) => j.judgeId === judgeId)) throw new UserError(`No pairwise judge "${judgeId}" (have ${judges.map((j) => j.judgeId).join(', ')})`, 'not-found');
  const labels = await overallLabels(db);
  const { result } = await eloOf(db, judgeId, args.k, args.initial);
  const scenarioOfCode = await scenarioCodes(db, labels.scenarios);
  const set = args.scoreSetId ? await resolveScoreSet(db, args.scoreSetId) : await resolveScoreSet(db).catch(() => null);
  const hasOverall = !!set && SIX.every((d) => set.dimensions.includes(d));
  const ov = hasOverall ? await loadOverall(db, set!.id, labels) : null;
  const overallOf = new Map<number, number | null>();
  if (ov) for (let i = 0; i < ov.length; i++) overallOf.set(ov.conversation[i], ov.overall[i]);
  const codes = Object.keys(result.ratings).map(Number).sort((p, q) => p - q);
  const rows = codes.map((c) => ({ code: c, scenario: labels.scenarios[scenarioOfCode[c]] ?? null, rating: result.ratings[String(c)], games: result.games[String(c)], overall: overallOf.get(c) ?? null }));
  const deciles: (Omit<EloDecileRow, 'conversationIds' | 'truncated'> & { codes: number[] })[] = [];
  const spearmanRows: SpearmanRow[] = [];
  if (hasOverall) {
    spearmanRows.push(spearmanRow('Elo vs overall score (all)', rows.map((r) => r.rating), rows.map((r) => r.overall)));
    const scenarios = [...new Set(rows.map((r) => r.scenario ?? '(none)'))].sort();
    for (const sc of scenarios) {
      const rs = rows.filter((r) => (r.scenario ?? '(none)') === sc && r.overall != null);
      spearmanRows.push(spearmanRow(`Elo vs overall score (${sc})`, rs.map((r) => r.rating), rs.map((r) => r.overall)));
      // Deciles of the overall score within the scenario: rank by (score, conversation), decile = floor(10 rank / n) + 1.
      rs.sort((p, q) => p.overall! - q.overall! || p.code - q.code);
      const groups = new Map<number, typeof rs>();
      rs.forEach((r, k) => {
        const d = Math.floor((10 * k) / rs.length) + 1;
        (groups.get(d) ?? groups.set(d, []).get(d)!).push(r);
      });
      for (const [d, g] of groups) {
        const m = meanCi(g.map((r) => r.rating));
        deciles.push({ scenario: sc, decile: d, n: g.length, meanElo: m.mean, ci: m.ci, meanOverall: mean(g.map((r) => r.overall!)), codes: g.slice(0, MAX_DECILE_IDS).map((r) => r.code) });
      }
    }
  }
  const wantIds = args.ratings || codes.length <= 20000 ? null : deciles.flatMap((d) => d.codes);
  const ids = await conversationIds(db, wantIds);
  const parameters = { judgeId, k: args.k ?? 32, initial: args.initial ?? 1000, order: 'trial', deciles: 'overall score within scenario, ranked by (score, conversation)' };
  return {
    provenance: await provenance(db, 'elo', set?.id ?? null, parameters),
    judgeId,
    judgments: result.judgments,
    conversations: rows.length,
    deciles: deciles.map(({ codes: cs, ...d }) => ({ ...d, conversationIds: cs.map((c) => ids.get(c)!), truncated: d.n > cs.length })),
    spearman: spearmanRows,
    ratings: args.ratings ? rows.map((r) => ({ conversationId: ids.get(r.code)!, scenario: r.scenario, rating: r.rating, games: r.games, overall: r.overall })) : null,
  };
}
