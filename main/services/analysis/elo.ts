// §7 Elo: sequential ratings over one judge's pairwise judgments, deciles of the overall score and Spearman rows,
// fitted in the analysis worker (workers/analysis/elo.ts) for large studies.

import { derivedReadScope } from '../../db/derived-table.js';
import type { EloArgs, EloResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { conversationIds, requireTable, resolveScoreSet } from '../../studydata/common.js';
import { eloConversations } from '../../studydata/elo.js';
import { loadJudgments, pairwiseJudges } from '../../studydata/pairwise.js';
import { overallLabels, SIX } from './common.js';
import { type EloInput, eloRows } from '../../../workers/analysis/elo.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { provenance } from './provenance.js';

/** The judge asked for (checked against the pairwise table's judges, read here unless given), else the first LLM judge. */
export async function defaultLlmJudge(db: Db, wanted?: string, known?: { judgeId: string; kind: string }[]): Promise<string | null> {
  const judges = known ?? await pairwiseJudges(db);
  if (wanted) {
    if (!judges.some((j) => j.judgeId === wanted)) throw new UserError(`No pairwise judge "${wanted}" (have ${judges.map((j) => j.judgeId).join(', ') || 'none'})`, 'not-found');
    return wanted;
  }
  return judges.find((j) => j.kind === 'llm')?.judgeId ?? null;
}

/** Conversation ids listed per decile at most (click-through); larger deciles say so with `truncated`. */
const MAX_DECILE_IDS = 1000;

export function computeElo(db: Db, args: EloArgs = {}): Promise<EloResult> {
  // Each derived table's freshness is checked once for the call (conversation codes are read twice).
  return derivedReadScope(() => fitElo(db, args));
}

async function fitElo(db: Db, args: EloArgs): Promise<EloResult> {
  await requireTable(db, 'pairwise', 'Elo ratings');
  const judges = await pairwiseJudges(db);
  // The judges (pairwise_judges) are read once, not again for the default.
  const judgeId = args.judgeId ?? (await defaultLlmJudge(db, undefined, judges)) ?? judges[0]?.judgeId;
  if (!judges.some((j) => j.judgeId === judgeId)) throw new UserError(`No pairwise judge "${judgeId}" (have ${judges.map((j) => j.judgeId).join(', ')})`, 'not-found');
  const labels = await overallLabels(db);
  const judgments = await loadJudgments(db, judgeId);
  const set = args.scoreSetId ? await resolveScoreSet(db, args.scoreSetId) : await resolveScoreSet(db).catch(() => null);
  const hasOverall = !!set && SIX.every((d) => set.dimensions.includes(d));
  const conv = await eloConversations(db, labels.scenarios, hasOverall ? set!.id : null);
  // Every code listed with its overall score (NaN: none), typed, so the columns move to the worker without a copy.
  const codes = new Int32Array(conv.length);
  for (let c = 0; c < conv.length; c++) codes[c] = c;
  const input: EloInput = {
    judgments, k: args.k, initial: args.initial, scenarios: labels.scenarios, scenarioOfCode: conv.scenario,
    overall: hasOverall ? { conversation: codes, overall: conv.overall, length: conv.length } : null, maxDecileIds: MAX_DECILE_IDS, withRows: !!args.ratings,
  };
  const buffers = [conv.scenario.buffer, judgments.a.buffer, judgments.b.buffer, judgments.choice.buffer, ...(hasOverall ? [codes.buffer, conv.overall.buffer] : [])];
  const { judgments: count, conversations, rows, deciles, spearman } = await fitInWorker('elo', [input], buffers, eloRows(input));
  const wantIds = args.ratings || conversations <= 20000 ? null : deciles.flatMap((d) => d.codes);
  const ids = await conversationIds(db, wantIds);
  const parameters = { judgeId, k: args.k ?? 32, initial: args.initial ?? 1000, order: 'trial', deciles: 'overall score within scenario, ranked by (score, conversation)' };
  return {
    provenance: await provenance(db, 'elo', set?.id ?? null, parameters),
    judgeId,
    judgments: count,
    conversations,
    deciles: deciles.map(({ codes: cs, ...d }) => ({ ...d, conversationIds: cs.map((c) => ids.get(c)!), truncated: d.n > cs.length })),
    spearman,
    ratings: rows ? rows.map((r) => ({ conversationId: ids.get(r.code)!, scenario: r.scenario, rating: r.rating, games: r.games, overall: r.overall })) : null,
  };
}
