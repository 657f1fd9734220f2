// §4 trait and self-report versus expressed empathy: regressions at participant and conversation level, trait means
// by score, self-report shares and the scatter points, fitted in the analysis worker (workers/analysis/trait.ts) for
// large studies.

import type { TraitArgs, TraitPoint, TraitResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { orderDimensions, participantIds, requireTable, resolveScoreSet, studyConditions } from '../../studydata/common.js';
import { loadTraitSummaries, selfReportItems, traitsPresent, type TraitSelection } from '../../studydata/trait.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { type TraitInput, traitRows } from '../../../workers/analysis/trait.js';
import { SIX } from './common.js';
import { provenance } from './provenance.js';

/** Self-report items of Lend an Ear and the judged outcome each one is compared with. */
export const SELF_REPORT_OUTCOME: Record<string, string> = {
  empathized: 'overall',
  showed_understanding: 'demonstrating_understanding',
  encouraged_elaboration: 'encouraging_elaboration',
  validated_feelings: 'validating_emotions',
};

export async function computeTrait(db: Db, args: TraitArgs = {}): Promise<TraitResult> {
  const set = await resolveScoreSet(db, args.scoreSetId);
  await requireTable(db, 'participants', 'Trait analyses');
  const threshold = args.threshold ?? 4;
  const maxPoints = args.maxPoints ?? 3000;
  const dims = orderDimensions(set.dimensions).filter((d) => SIX.includes(d));
  const hasOverall = SIX.every((d) => set.dimensions.includes(d));
  const outcomes = [...(hasOverall ? ['overall'] : []), ...dims];
  const conditions = await studyConditions(db);
  const sel: TraitSelection = { conditions: args.conditions?.length ? args.conditions : null, rounds: args.rounds?.length ? args.rounds : null };
  const traitNames = await traitsPresent(db);
  // Self-reports against the judged outcome of the same conversation.
  const itemOutcome: Record<string, string> = {};
  for (const item of await selfReportItems(db)) {
    const m = SELF_REPORT_OUTCOME[item];
    if (m && outcomes.includes(m)) itemOutcome[item] = m;
    else if (hasOverall) itemOutcome[item] = 'overall';
  }
  const items = Object.keys(itemOutcome);
  const column = (o: string) => (o === 'overall' ? 0 : 1 + SIX.indexOf(o));
  const compare = items.flatMap((item, i) => {
    const m = itemOutcome[item];
    return (m === 'overall' ? ['overall'] : [m, ...(hasOverall ? ['overall'] : [])]).map((o) => ({ item: i, outcome: column(o) }));
  });
  const { participants, pairs } = await loadTraitSummaries(db, set.id, conditions, sel, items, compare);
  const input: TraitInput = {
    participants, conditions, outcomes, outcomeColumns: outcomes.map(column), dims, hasOverall, threshold, maxPoints, traitNames, itemOutcome, pairs,
  };
  const columns = Object.values(participants).filter((v): v is Int32Array | Float64Array => ArrayBuffer.isView(v));
  const fit = await fitInWorker('trait', [input], [...new Set(columns.map((v) => v.buffer))], traitRows(input));
  const sample = fit.points.map((p) => p.participant);
  const ids = await participantIds(db, sample);
  const points: TraitPoint[] = fit.points.map((p) => ({ ...p, participant: ids.get(p.participant)! }));
  const parameters = { conditions: args.conditions ?? 'all', rounds: args.rounds ?? 'all', threshold, participantOutcome: 'mean over the selected conversations', maxPoints };
  return {
    provenance: await provenance(db, 'trait', set.id, parameters),
    scoreSetId: set.id,
    traits: traitNames,
    items,
    itemOutcome,
    regressions: fit.regressions,
    shares: fit.shares,
    traitByScore: fit.traitByScore,
    points,
    pointsSampled: fit.pointsSampled,
    selfReportCells: fit.selfReportCells,
  };
}
