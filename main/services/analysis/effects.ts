// §1-2 condition effects and contrasts: one clustered OLS per dimension (fitEffects), reported as terms
// (computeEffects) or as Holm-adjusted Wald contrasts of the condition x post interactions (computeContrasts).

import type { ContrastRow, ContrastsArgs, ContrastsResult, EffectsArgs, EffectsDimensionResult, EffectsResult } from '../../api/contract/index.js';
import { AnalysisDataError, conditionEffectsCells, type EffectsResult as EngineEffects, holmAdjust, interactionContrasts, scaledTerms } from '../../analysis/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { orderDimensions, requireTable, resolveScoreSet, type ScoreSetRef, studyConditions } from '../../studydata/common.js';
import { loadEffectsCells, OVERALL } from '../../studydata/effects.js';
import { prePost, SIX, term } from './common.js';
import { provenance } from './provenance.js';

interface EffectsFits {
  set: ScoreSetRef;
  conditions: string[];
  reference: string;
  baselineRound: number;
  postRounds: number[];
  scenarioType: string | null;
  fits: Map<string, EngineEffects>;
  /** SD of each fitted outcome over its baseline rows (null when fewer than two). */
  baselineSds: Map<string, number | null>;
  skipped: { dimension: string; reason: string }[];
}

async function fitEffects(db: Db, args: EffectsArgs | ContrastsArgs): Promise<EffectsFits> {
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
  const dims = args.dimensions?.length ? [...new Set(args.dimensions)] : orderDimensions(set.dimensions);
  if ('includeOverall' in args && args.includeOverall && SIX.every((d) => set.dimensions.includes(d)) && !dims.includes(OVERALL)) dims.push(OVERALL);
  const missing = dims.filter((d) => d !== OVERALL && !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Score set ${set.id} has no dimension ${missing.join(', ')}`, 'bad-request');
  const lacking = SIX.filter((d) => !set.dimensions.includes(d));
  if (dims.includes(OVERALL) && lacking.length)
    throw new UserError(`The overall score needs all six dimensions; score set ${set.id} has no ${lacking.join(', ')}`, 'bad-request');
  const scenarioType = args.scenarioType ?? null;
  // One aggregate query gives every outcome's cell statistics (a few rows per condition); the fits from them take
  // microseconds, so they run here rather than in the analysis worker.
  const plain = dims.filter((d) => d !== OVERALL);
  const cells = await loadEffectsCells(db, {
    scoreSetId: set.id, dimensions: plain, overall: dims.includes(OVERALL), conditions, rounds: [baselineRound, ...postRounds], postFrom: postRounds[0], scenarioType,
  });
  // Said once, in the study's terms, instead of a singular design matrix for every dimension.
  const empty = conditions.filter((_, j) => cells.every((o) => o[j].pre.n + o[j].post.n === 0));
  if (empty.length) {
    throw new UserError(`No conversations of condition${empty.length > 1 ? 's' : ''} ${empty.join(', ')} in score set ${set.id}`
      + `${scenarioType ? ` (${scenarioType} scenarios)` : ''} at rounds ${[baselineRound, ...postRounds].join(', ')}: choose the conditions it covers`, 'analysis-failed');
  }
  const fits = new Map<string, EngineEffects>();
  const baselineSds = new Map<string, number | null>();
  const skipped: { dimension: string; reason: string }[] = [];
  // The overall score's statistics come after the plain dimensions', whatever its place in `dims`.
  const names = [...plain, ...(dims.includes(OVERALL) ? [OVERALL] : [])];
  const byName = new Map(names.map((d, k) => [d, cells[k]]));
  for (const d of dims) {
    try {
      const o = conditionEffectsCells(byName.get(d)!, { conditions, reference, postFrom: postRounds[0] });
      fits.set(d, o.fit);
      baselineSds.set(d, o.baselineSd);
    } catch (e) {
      if (!(e instanceof AnalysisDataError)) throw e;
      skipped.push({ dimension: d, reason: e.message });
    }
  }
  if (fits.size === 0) {
    const reasons = [...new Set(skipped.map((s) => s.reason))];
    const why = reasons.length === 1 ? reasons[0] : skipped.map((s) => `${s.dimension}: ${s.reason}`).join('; ');
    throw new UserError(`Condition effects could not be fitted: ${why}`, 'analysis-failed');
  }
  return { set, conditions, reference, baselineRound, postRounds, scenarioType, fits, baselineSds, skipped };
}

export async function computeEffects(db: Db, args: EffectsArgs = {}): Promise<EffectsResult> {
  const f = await fitEffects(db, args);
  const dimensions: Record<string, EffectsDimensionResult> = {};
  for (const [d, fit] of f.fits) {
    const bsd = f.baselineSds.get(d) ?? null;
    const scaled = (factor: number) => Object.fromEntries(Object.entries(scaledTerms(fit, factor)).map(([nm, t]) => [nm, term(t)]));
    dimensions[d] = {
      n: fit.n,
      clusters: fit.nClusters ?? 0,
      sd: fit.sd,
      rsquared: fit.rsquared,
      terms: Object.fromEntries(fit.names.map((nm) => [nm, term(fit.terms[nm])])),
      baselineSd: bsd,
      points: scaled(fit.sd),
      baselineSds: bsd ? scaled(fit.sd / bsd) : null,
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
