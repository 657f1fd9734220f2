// §1-2 condition effects and contrasts: one clustered OLS per dimension (fitEffects), reported as terms
// (computeEffects) or as Holm-adjusted Wald contrasts of the condition x post interactions (computeContrasts).

import type { ContrastRow, ContrastsArgs, ContrastsResult, EffectsArgs, EffectsDimensionResult, EffectsResult } from '../../api/contract/index.js';
import {
  AnalysisDataError, conditionEffects, type EffectsResult as EngineEffects, type EffectsRow, holmAdjust, interactionContrasts,
} from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { orderDimensions, requireTable, resolveScoreSet, type ScoreSetRef, studyConditions } from '../../studydata/common.js';
import { loadEffectsData } from '../../studydata/effects.js';
import { breathe, prePost, term } from './common.js';
import { provenance } from './provenance.js';

interface EffectsFits {
  set: ScoreSetRef;
  conditions: string[];
  reference: string;
  baselineRound: number;
  postRounds: number[];
  scenarioType: string | null;
  fits: Map<string, EngineEffects>;
  skipped: { dimension: string; reason: string }[];
}

async function fitEffects(db: Db, args: EffectsArgs): Promise<EffectsFits> {
  const set = await resolveScoreSet(db, args.scoreSetId);
  await requireTable(db, 'participants', 'Condition effects');
  const present = await studyConditions(db);
  const wanted = args.conditions?.length ? args.conditions : present;
  const unknown = wanted.filter((c) => !present.includes(c));
  if (unknown.length) throw new UserError(`No participants in condition(s) ${unknown.join(', ')} (have ${present.join(', ')})`, 'bad-request');
  const conditions = [...wanted];
  const reference = args.reference ?? (conditions.includes('control') ? 'control' : conditions[0]);
  if (!conditions.includes(reference)) throw new UserError(`Reference "${reference}" is not among the conditions (${conditions.join(', ')})`, 'bad-request');
  if (conditions.length < 1) throw new UserError('Condition effects need at least one condition', 'bad-request');
  const { baselineRound, postRounds } = await prePost(db, set.id, args);
  const dims = args.dimensions?.length ? args.dimensions : orderDimensions(set.dimensions);
  const missing = dims.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Score set ${set.id} has no dimension ${missing.join(', ')}`, 'bad-request');
  const scenarioType = args.scenarioType ?? null;
  const data = await loadEffectsData(db, { scoreSetId: set.id, dimensions: dims, conditions, rounds: [baselineRound, ...postRounds], scenarioType });
  // Said once, in the study's terms, instead of a singular design matrix for every dimension.
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i++) seen.add(data.condition[i]);
  const empty = conditions.filter((_, j) => !seen.has(j));
  if (empty.length) {
    throw new UserError(`No conversations of condition${empty.length > 1 ? 's' : ''} ${empty.join(', ')} in score set ${set.id}`
      + `${scenarioType ? ` (${scenarioType} scenarios)` : ''} at rounds ${[baselineRound, ...postRounds].join(', ')}: choose the conditions it covers`, 'analysis-failed');
  }
  const rows: EffectsRow[][] = dims.map(() => []);
  for (let i = 0; i < data.length; i++)
    rows[data.dimension[i]].push({ participant: data.participant[i], condition: conditions[data.condition[i]], round: data.round[i], score: data.score[i] });
  const fits = new Map<string, EngineEffects>();
  const skipped: { dimension: string; reason: string }[] = [];
  for (const [k, d] of dims.entries()) {
    if (k > 0) await breathe();
    try {
      fits.set(d, conditionEffects(rows[k], { conditions, reference, postFrom: postRounds[0] }));
    } catch (e) {
      // A dimension the data cannot support is skipped with the engine's reason; a bug still fails the request.
      if (!(e instanceof AnalysisDataError)) throw e;
      skipped.push({ dimension: d, reason: (e as Error).message });
    }
  }
  if (fits.size === 0) {
    const reasons = [...new Set(skipped.map((s) => s.reason))];
    const why = reasons.length === 1 ? reasons[0] : skipped.map((s) => `${s.dimension}: ${s.reason}`).join('; ');
    throw new UserError(`Condition effects could not be fitted: ${why}`, 'analysis-failed');
  }
  return { set, conditions, reference, baselineRound, postRounds, scenarioType, fits, skipped };
}

export async function computeEffects(db: Db, args: EffectsArgs = {}): Promise<EffectsResult> {
  const f = await fitEffects(db, args);
  const dimensions: Record<string, EffectsDimensionResult> = {};
  for (const [d, fit] of f.fits) {
    dimensions[d] = {
      n: fit.n,
      clusters: fit.nClusters ?? 0,
      sd: fit.sd,
      rsquared: fit.rsquared,
      terms: Object.fromEntries(fit.names.map((nm) => [nm, term(fit.terms[nm])])),
    };
  }
  const parameters = { conditions: f.conditions, reference: f.reference, baselineRound: f.baselineRound, postRounds: f.postRounds, scenarioType: f.scenarioType, dimensions: [...f.fits.keys()] };
  return {
    provenance: await provenance(db, 'effects', f.set.id, parameters),
    scoreSetId: f.set.id,
    reference: f.reference,
    conditions: f.conditions,
    treatments: f.conditions.filter((c) => c !== f.reference),
    baselineRound: f.baselineRound,
    postRounds: f.postRounds,
    scenarioType: f.scenarioType,
    dimensions,
    skipped: f.skipped,
  };
}

export async function computeContrasts(db: Db, args: ContrastsArgs = {}): Promise<ContrastsResult> {
  const f = await fitEffects(db, args);
  const tests: Omit<ContrastRow, 'pHolm'>[] = [];
  for (const [dimension, fit] of f.fits) {
    for (const c of interactionContrasts(fit, args.pairs)) tests.push({ dimension, a: c.a, b: c.b, estimate: c.estimate, se: c.se, z: c.z, p: c.p, ci: c.ci });
  }
  const rows = holmAdjust(tests);
  const parameters = { conditions: f.conditions, reference: f.reference, baselineRound: f.baselineRound, postRounds: f.postRounds, scenarioType: f.scenarioType, pairs: args.pairs ?? 'every later treatment vs every earlier', correction: 'Holm over all rows' };
  return {
    provenance: await provenance(db, 'contrasts', f.set.id, parameters),
    scoreSetId: f.set.id,
    reference: f.reference,
    treatments: f.conditions.filter((c) => c !== f.reference),
    rows,
    tests: rows.length,
  };
}
