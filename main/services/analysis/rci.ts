// §3 reliable change: the engine's REML error model on control conversations, with participant ids and per-condition
// means for the figures.

import type { RciArgs, RciConditionRow, RciResult } from '../../api/contract/index.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { orderConditions, participantIds, requireTable, resolveScoreSet, studyConditions } from '../../studydata/common.js';
import { loadOverall } from '../../studydata/overall.js';
import { meanCi, overallLabels, prePost, SIX } from './common.js';
import { provenance } from './provenance.js';

export async function computeRci(db: Db, args: RciArgs = {}): Promise<RciResult> {
  const set = await resolveScoreSet(db, args.scoreSetId);
  await requireTable(db, 'participants', 'Reliable change');
  const missing = SIX.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Reliable change uses the overall score, which needs all six dimensions; score set ${set.id} lacks ${missing.join(', ')}`, 'bad-request');
  const control = args.control ?? 'control';
  const threshold = args.threshold ?? 1.96;
  const present = await studyConditions(db);
  if (!present.includes(control)) throw new UserError(`No participants in the control condition "${control}" (have ${present.join(', ')})`, 'bad-request');
  const shown = args.conditions?.length ? args.conditions : present;
  const { baselineRound, postRounds } = await prePost(db, set.id, args);
  const rounds = new Set([baselineRound, ...postRounds]);
  const labels = await overallLabels(db);
  const data = await loadOverall(db, set.id, labels);
  // Typed columns of the conversations that enter, moved to the analysis worker for the REML fit.
  const keep: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = labels.conditions[data.condition[i]];
    const r = data.round[i];
    if (data.participant[i] < 0 || c === undefined || r == null || !rounds.has(r)) continue;
    if (c !== control && !shown.includes(c)) continue;
    keep.push(i);
  }
  const columns = {
    participant: Int32Array.from(keep, (i) => data.participant[i]),
    condition: Int32Array.from(keep, (i) => data.condition[i]),
    conditions: labels.conditions,
    round: Int32Array.from(keep, (i) => data.round[i]!),
    overall: Float64Array.from(keep, (i) => data.overall[i] ?? NaN),
  };
  const buffers = [columns.participant.buffer, columns.condition.buffer, columns.round.buffer, columns.overall.buffer];
  const res = await fitInWorker('rci', [columns, { control, threshold, baselineRound }], buffers, keep.length);
  const kept = res.participants.filter((p) => shown.includes(p.condition));
  const ids = await participantIds(db, kept.length > 2000 ? null : kept.map((p) => p.participant as number));
  const participants = kept.map((p) => ({ ...p, participant: ids.get(p.participant as number)! }));
  const byCondition = new Map(res.conditions.map((c) => [c.condition, c]));
  const conditions: RciConditionRow[] = orderConditions(participants.map((p) => p.condition)).map((c) => {
    const ps = participants.filter((p) => p.condition === c);
    const base = meanCi(ps.map((p) => p.baseline));
    const post = meanCi(ps.map((p) => p.post));
    return { ...byCondition.get(c)!, meanBaseline: base.mean, baselineCi: base.ci, meanPost: post.mean, postCi: post.ci };
  });
  const m = res.model;
  const parameters = { control, threshold, baselineRound, postRounds, conditions: shown, errorModel: 'REML random intercept on all control conversations' };
  return {
    provenance: await provenance(db, 'rci', set.id, parameters),
    scoreSetId: set.id,
    control,
    threshold,
    baselineRound,
    postRounds,
    model: { n: m.n, groups: m.nGroups, s2Between: m.s2Between, s2Residual: m.s2Residual, reliability: m.reliability },
    sDiff: Math.sqrt(m.s2Residual + m.s2Residual / postRounds.length),
    conditions,
    participants,
  };
}
