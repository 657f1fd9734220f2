// §3 reliable change: the engine's REML error model on control conversations, with participant ids and per-condition
// means for the figures.

import type { RciArgs, RciConditionRow, RciResult } from '../../api/contract/index.js';
import { AnalysisDataError, type RciPeople, reliableChangeFromStats } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { orderConditions, participantIds, requireTable, resolveScoreSet, studyConditions } from '../../studydata/common.js';
import { loadRciParticipants } from '../../studydata/overall.js';
import { meanCi, prePost, SIX } from './common.js';
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
  // Summed per participant in DuckDB (a row per participant, not per conversation); the REML error model and the
  // classification then take milliseconds, here.
  const entered = [...new Set([control, ...shown])];
  const rows = await loadRciParticipants(db, { scoreSetId: set.id, conditions: entered, rounds: [baselineRound, ...postRounds], baselineRound });
  const people: RciPeople[] = [];
  const ctrl = { n: [] as number[], sum: [] as number[], ssw: 0 };
  for (let i = 0; i < rows.length; i++) {
    const condition = entered[rows.condition[i]];
    if (rows.nBaseline[i] > 1) throw new AnalysisDataError(`reliable change: participant ${rows.participant[i]} has two baseline conversations`);
    people.push({
      participant: rows.participant[i], condition, baseline: rows.nBaseline[i] === 1 ? rows.baseline[i] : NaN,
      post: rows.nPost[i] > 0 ? rows.postSum[i] / rows.nPost[i] : NaN, nPost: rows.nPost[i],
    });
    if (condition === control) {
      ctrl.n.push(rows.n[i]);
      ctrl.sum.push(rows.sum[i]);
      ctrl.ssw += rows.m2[i];
    }
  }
  const res = reliableChangeFromStats(ctrl, people, { control, threshold, baselineRound });
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
