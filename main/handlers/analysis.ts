// The analysis API (issue 2): each method reads the arrays it needs through main/studydata (SQL, parameters only),
// hands them to the statistics engine (main/analysis, pure functions) and returns plain JSON with its provenance.
// The CLI (`workbench analyze`), `workbench figures` / `report`, the bench and the app all call these functions.

import type { Backend } from '../backend.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type {
  AgreementArgs, AgreementMatrixArgs, AgreementMatrixResult, AgreementResult, AgreementResultRow, AgreementStat,
  AnalysisOptions, AnalysisProvenance, AnalysisTerm, ContrastRow, ContrastsArgs, ContrastsResult, EffectsArgs,
  EffectsDimensionResult, EffectsResult, EloArgs, EloDecileRow, EloResult, LogitTerm, PreferenceArgs, PreferenceBin,
  PreferenceItem, PreferenceModel, PreferenceResult, RciArgs, RciConditionRow, RciResult, ShiftLevel, ShiftRow,
  ShiftsArgs, ShiftsResult, SpearmanRow, TraitArgs, TraitByScoreRow, TraitPoint, TraitRegressionRow, TraitResult,
  TraitShareRow, SelfReportCell,
} from '../api/contract.js';
import {
  agreement as agreementStats, benjaminiHochberg, binnedRates, bradleyTerry, conditionEffects, elo as eloRatings,
  type EffectsResult as EngineEffects, type EffectsRow, flagBelowExperts, holmAdjust, interactionContrasts, mean,
  medianOfRaters, preferenceLogit, type PreferenceTrial, reliableChange, type RciRow, sd, shareComparison,
  simpleRegression, spearman, studentTQuantile, twoProportionTest,
} from '../analysis/index.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../domain/study.js';
import pkg from '../../package.json' with { type: 'json' };
import {
  conversationIds, distinctValues, orderConditions, orderDimensions, participantIds, requireTable, resolveScoreSet,
  type ScoreSetRef, scoreSets, studyConditions, studyName,
} from '../studydata/common.js';
import { loadEffectsData, roundsOf } from '../studydata/effects.js';
import { loadOverall, type OverallLabels } from '../studydata/overall.js';
import { loadSelfReports, loadTraits, selfReportItems, traitsPresent } from '../studydata/trait.js';
import { labellings as listLabellings, loadShiftCounts, loadTaxonomy } from '../studydata/shifts.js';
import { loadAlignedScores } from '../studydata/agreement.js';
import { loadJudgments, loadPairwise, pairwiseJudges, scenarioCodes } from '../studydata/pairwise.js';

export const APP_VERSION: string = pkg.version;

const SIX: readonly string[] = [...PRESCRIPTIVE, ...PROSCRIPTIVE];

// ---------------------------------------------------------------------------------------------------------------
// shared pieces

async function provenance(db: Db, analysis: string, scoreSet: string | null, parameters: Record<string, unknown>): Promise<AnalysisProvenance> {
  const s = await studyName(db);
  return { analysis, study: s.name, simulated: s.simulated, scoreSet, parameters, appVersion: APP_VERSION };
}

function term(t: { coef: number; se: number; z: number; p: number; ci: [number, number] }): AnalysisTerm {
  return { coef: t.coef, se: t.se, z: t.z, p: t.p, ci: [t.ci[0], t.ci[1]] };
}

/** Lets other requests run between the units of a long computation (large studies take seconds per dimension). */
const breathe = () => new Promise<void>((ok) => setImmediate(ok));

/** Largest value (no argument spreading: arrays here can hold millions of entries). */
function maxOf(values: ArrayLike<number>, start: number): number {
  let m = start;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Mean with a 95% t interval (null below 2 values). */
function meanCi(values: number[]): { mean: number; ci: [number, number] | null } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, ci: null };
  const half = (studentTQuantile(0.975, values.length - 1) * sd(values, 1)) / Math.sqrt(values.length);
  return { mean: m, ci: [m - half, m + half] };
}

async function prePost(db: Db, scoreSetId: string, args: { baselineRound?: number; postRounds?: number[] }): Promise<{ baselineRound: number; postRounds: number[] }> {
  const baselineRound = args.baselineRound ?? 1;
  const postRounds = args.postRounds?.length ? [...new Set(args.postRounds)].sort((a, b) => a - b) : (await roundsOf(db, scoreSetId)).filter((r) => r > baselineRound);
  if (postRounds.length === 0) throw new UserError(`No rounds after the baseline round ${baselineRound}: a pre/post comparison needs post rounds`, 'bad-request');
  if (postRounds.some((r) => r <= baselineRound)) throw new UserError(`Post rounds (${postRounds.join(', ')}) must come after the baseline round ${baselineRound}`, 'bad-request');
  return { baselineRound, postRounds };
}

/** Engine errors (singular design, one cluster, separation) are about the data: the user should read them. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof ReferenceError)) throw new UserError(e.message, 'analysis-failed');
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// §1-2 condition effects and contrasts

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
      skipped.push({ dimension: d, reason: (e as Error).message });
    }
  }
  if (fits.size === 0) throw new UserError(`Condition effects could not be fitted: ${skipped.map((s) => `${s.dimension}: ${s.reason}`).join('; ')}`, 'analysis-failed');
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

async function overallLabels(db: Db): Promise<OverallLabels> {
  return { conditions: await studyConditions(db), scenarios: await distinctValues(db, 'scenario'), scenarioTypes: await distinctValues(db, 'scenario_type') };
}

// ---------------------------------------------------------------------------------------------------------------
// §3 reliable change

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
  const rows: RciRow[] = [];
  for (let i = 0; i < data.length; i++) {
    const p = data.participant[i];
    const c = labels.conditions[data.condition[i]];
    const r = data.round[i];
    if (p < 0 || c === undefined || r == null || !rounds.has(r)) continue;
    if (c !== control && !shown.includes(c)) continue;
    rows.push({ participant: p, condition: c, round: r, overall: data.overall[i] });
  }
  const res = reliableChange(rows, { control, threshold, baselineRound });
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

// ---------------------------------------------------------------------------------------------------------------
// §4 trait and self-report versus expressed empathy

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
  const labels = await overallLabels(db);
  const data = await loadOverall(db, set.id, labels, { withDimensions: true });
  const condSet = args.conditions?.length ? new Set(args.conditions) : null;
  const roundSet = args.rounds?.length ? new Set(args.rounds) : null;
  const keep = (i: number) =>
    (!condSet || condSet.has(labels.conditions[data.condition[i]])) && (!roundSet || (data.round[i] != null && roundSet.has(data.round[i]!)));
  const outcomeCols: (number | null)[][] = outcomes.map((o) => (o === 'overall' ? data.overall : data.dims[o]));

  // Participant means of every outcome over the selected conversations (participant codes are dense).
  const P = maxOf(data.participant, 0) + 1;
  const sums = outcomes.map(() => new Float64Array(P));
  const cnts = outcomes.map(() => new Int32Array(P));
  const condOf = new Int32Array(P).fill(-1);
  const seen = new Uint8Array(P);
  for (let i = 0; i < data.length; i++) {
    const p = data.participant[i];
    if (p < 0 || !keep(i)) continue;
    seen[p] = 1;
    condOf[p] = data.condition[i];
    outcomeCols.forEach((col, k) => {
      const v = col[i];
      if (v == null) return;
      sums[k][p] += v;
      cnts[k][p]++;
    });
  }
  const pcodes: number[] = [];
  for (let p = 0; p < P; p++) if (seen[p]) pcodes.push(p);
  const pMean = (k: number, p: number) => (cnts[k][p] ? sums[k][p] / cnts[k][p] : null);
  const traitNames = await traitsPresent(db);
  const traits = await loadTraits(db);
  const traitCol: Record<string, (number | null)[]> = {};
  for (const t of traitNames) {
    const col = new Array<number | null>(P).fill(null);
    const src = traits[t as 'jordan_empathy' | 'sites'];
    for (let i = 0; i < traits.length; i++) if (traits.participant[i] < P) col[traits.participant[i]] = src[i];
    traitCol[t] = col;
  }

  const regressions: TraitRegressionRow[] = [];
  const reg = (predictor: string, outcome: string, level: 'participant' | 'conversation', x: (number | null)[], y: (number | null)[]) => {
    try {
      const r = simpleRegression(x, y);
      regressions.push({ predictor, outcome, level, n: r.n, slope: r.slope, intercept: r.intercept, slopeSe: r.slopeSe, t: r.t, p: r.p, slopeCi: r.slopeCi, rsquared: r.rsquared });
    } catch {
      // fewer than 3 complete pairs: nothing to report for this pair
    }
  };
  for (const t of traitNames) {
    const x = pcodes.map((p) => traitCol[t][p]);
    outcomes.forEach((o, k) => reg(t, o, 'participant', x, pcodes.map((p) => pMean(k, p))));
    if (hasOverall) {
      const xs: (number | null)[] = [];
      const ys: (number | null)[] = [];
      for (let i = 0; i < data.length; i++) {
        if (data.participant[i] < 0 || !keep(i)) continue;
        xs.push(traitCol[t][data.participant[i]]);
        ys.push(data.overall[i]);
      }
      reg(t, 'overall', 'conversation', xs, ys);
    }
  }

  // Trait means by (rounded half up) participant-mean score on each dimension: Fig. 5A's red dots.
  const traitByScore: TraitByScoreRow[] = [];
  for (const t of traitNames) {
    for (const d of dims) {
      const k = outcomes.indexOf(d);
      const groups = new Map<number, number[]>();
      for (const p of pcodes) {
        const s = pMean(k, p);
        const v = traitCol[t][p];
        if (s == null || v == null) continue;
        const key = Math.floor(s + 0.5);
        (groups.get(key) ?? groups.set(key, []).get(key)!).push(v);
      }
      for (const score of [...groups.keys()].sort((a, b) => a - b)) {
        const v = groups.get(score)!;
        const m = meanCi(v);
        traitByScore.push({ trait: t, dimension: d, score, n: v.length, mean: m.mean, ci: m.ci });
      }
    }
  }

  // Self-reports against the judged outcome of the same conversation.
  const allItems = await selfReportItems(db);
  const itemOutcome: Record<string, string> = {};
  for (const item of allItems) {
    const m = SELF_REPORT_OUTCOME[item];
    if (m && outcomes.includes(m)) itemOutcome[item] = m;
    else if (hasOverall) itemOutcome[item] = 'overall';
  }
  const items = Object.keys(itemOutcome);
  const sr = items.length ? await loadSelfReports(db, items) : null;
  const rowOf = new Int32Array(maxOf(data.conversation, 0) + 1).fill(-1);
  for (let i = 0; i < data.length; i++) rowOf[data.conversation[i]] = i;
  const shares: TraitShareRow[] = [];
  const cells = new Map<string, SelfReportCell>();
  items.forEach((item, itemIndex) => {
    const matched = itemOutcome[item];
    const selfV: number[] = [];
    const rows: number[] = [];
    for (let j = 0; j < (sr?.length ?? 0); j++) {
      if (sr!.item[j] !== itemIndex) continue;
      const i = sr!.conversation[j] < rowOf.length ? rowOf[sr!.conversation[j]] : -1;
      if (i < 0 || !keep(i)) continue;
      selfV.push(sr!.value[j]);
      rows.push(i);
    }
    const wanted = matched === 'overall' ? ['overall'] : [matched, ...(hasOverall ? ['overall'] : [])];
    for (const o of wanted) {
      const col = outcomeCols[outcomes.indexOf(o)];
      const ys = rows.map((i) => col[i]);
      reg(`self:${item}`, o, 'conversation', selfV, ys);
      ys.forEach((y, k) => {
        if (y == null) return;
        const key = `${item}\u0000${o}\u0000${selfV[k]}\u0000${y}`;
        const c = cells.get(key);
        if (c) c.n++;
        else cells.set(key, { item, outcome: o, self: selfV[k], judge: y, n: 1 });
      });
    }
    if (matched !== 'overall') {
      try {
        const col = outcomeCols[outcomes.indexOf(matched)];
        const sc = shareComparison(selfV, rows.map((i) => col[i]), threshold);
        shares.push({ item, dimension: matched, ...sc });
      } catch {
        // no values on one side
      }
    }
  });

  // Participant points for the scatter: every k-th participant (deterministic) above maxPoints.
  const step = Math.max(1, Math.ceil(pcodes.length / Math.max(1, maxPoints)));
  const sample = pcodes.filter((_, k) => k % step === 0);
  const ids = await participantIds(db, sample.length > 2000 ? null : sample);
  const points: TraitPoint[] = sample.map((p) => ({
    participant: ids.get(p)!,
    condition: labels.conditions[condOf[p]] ?? null,
    traits: Object.fromEntries(traitNames.map((t) => [t, traitCol[t][p]])),
    scores: Object.fromEntries(outcomes.map((o, k) => [o, pMean(k, p)])),
  }));
  const parameters = { conditions: args.conditions ?? 'all', rounds: args.rounds ?? 'all', threshold, participantOutcome: 'mean over the selected conversations', maxPoints };
  return {
    provenance: await provenance(db, 'trait', set.id, parameters),
    scoreSetId: set.id,
    traits: traitNames,
    items,
    itemOutcome,
    regressions,
    shares,
    traitByScore,
    points,
    pointsSampled: step > 1,
    selfReportCells: [...cells.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.outcome < b.outcome ? -1 : a.outcome > b.outcome ? 1 : a.self - b.self || a.judge - b.judge)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// §5 incidence shifts

/** Display names of the Lend an Ear taxonomy's level-2 codes (Fig. 2A); other codes show as they are. */
export const LEVEL2_NAMES: Record<string, string> = {
  'Affective/DA': 'Demonstrating availability',
  'Affective/ES': 'Expressing sympathy',
  'Affective/VE': 'Validating emotions',
  'Cognitive/DU': 'Demonstrating understanding',
  'Cognitive/EE': 'Encouraging elaboration',
  'Motivational/A': 'Affirming',
  'Motivational/PR': 'Providing reassurance',
  'Misattuned/AG': 'Advice giving',
  'Misattuned/DE': 'Dismissing emotions',
  'Misattuned/SO': 'Self-oriented',
};

export async function computeShifts(db: Db, args: ShiftsArgs = {}): Promise<ShiftsResult> {
  const all = await listLabellings(db);
  if (all.length === 0) throw new UserError('Incidence shifts need sentence labels (ground-truth categories or kSAE themes); this study has none', 'missing-table');
  const labelling = args.labelling ?? (all.includes('ground-truth') ? 'ground-truth' : all[0]);
  if (!all.includes(labelling)) throw new UserError(`No sentence labelling "${labelling}" (have ${all.join(', ')})`, 'not-found');
  const level: ShiftLevel = args.level ?? 'category';
  const taxonomy = await loadTaxonomy(db);
  if (level !== 'category' && taxonomy.length === 0) throw new UserError(`Taxonomy nodes (${level}) need the taxonomy table, which this study does not have`, 'missing-table');
  const topK = args.topK ?? 2;
  const conditions = await studyConditions(db);
  if (conditions.length === 0) throw new UserError('Incidence shifts compare post conversations of chosen conditions with baseline ones; this study has no participant conditions', 'missing-table');
  const postConditions = args.postConditions?.length
    ? args.postConditions
    : conditions.some((c) => c === 'coach' || c === 'combined')
      ? conditions.filter((c) => c === 'coach' || c === 'combined')
      : conditions.filter((c) => c !== 'control');
  const preConditions = args.preConditions?.length ? args.preConditions : null;
  const baselineRound = args.baselineRound ?? 1;
  const rounds = (await db.all<{ r: number }>(`SELECT DISTINCT round AS r FROM conversations WHERE round IS NOT NULL ORDER BY 1`)).map((r) => r.r);
  const postRounds = args.postRounds?.length ? args.postRounds : rounds.filter((r) => r > baselineRound);
  if (postRounds.length === 0) throw new UserError(`No rounds after the baseline round ${baselineRound}`, 'bad-request');
  const counts = await loadShiftCounts(db, { labelling, level, topK, baselineRound, postRounds, preConditions, postConditions, scenarioTypes: args.scenarioTypes?.length ? args.scenarioTypes : null });

  const byCategory = new Map(taxonomy.map((t) => [t.category, t]));
  const nameOf = (label: string): { name: string; level1: string | null } => {
    if (level === 'category') {
      const t = byCategory.get(label);
      return { name: t?.label ?? label, level1: t?.level1 ?? null };
    }
    const l1 = label === '(unmapped)' ? null : label.split('/')[0];
    if (level === 'level1') return { name: label, level1: l1 };
    if (level === 'level2') return { name: LEVEL2_NAMES[label] ?? label, level1: l1 };
    const t = taxonomy.find((x) => `${x.level1}/${x.level2 ?? ''}/${x.level3 ?? ''}` === label);
    return { name: t?.label ?? label, level1: l1 };
  };

  // Same computation as the engine's incidenceShifts(), on counts: pooled z test of post vs pre per label, unpooled
  // Wald CI of the difference, BH over the labels of each scenario type (tests/figures checks the two agree).
  const rows: ShiftRow[] = [];
  const types = [...new Set(counts.totals.scenario_type)].sort();
  for (const type of types) {
    let nPre = 0;
    let nPost = 0;
    for (let i = 0; i < counts.totals.length; i++) {
      if (counts.totals.scenario_type[i] !== type) continue;
      if (counts.totals.grp[i] === 'pre') nPre = counts.totals.n[i];
      else nPost = counts.totals.n[i];
    }
    if (nPre === 0 || nPost === 0) throw new UserError(`Scenario type "${type}" has ${nPre} pre and ${nPost} post sentences; both are needed`, 'analysis-failed');
    const pre = new Map<string, number>();
    const post = new Map<string, number>();
    for (let i = 0; i < counts.counts.length; i++) {
      if (counts.counts.scenario_type[i] !== type) continue;
      (counts.counts.grp[i] === 'pre' ? pre : post).set(counts.counts.label[i], counts.counts.n[i]);
    }
    const labels = [...new Set([...pre.keys(), ...post.keys()])].sort();
    const typeRows = labels.map((label) => {
      const cPre = pre.get(label) ?? 0;
      const cPost = post.get(label) ?? 0;
      const t = twoProportionTest(cPost, nPost, cPre, nPre);
      return { scenarioType: type, label, ...nameOf(label), nPre, nPost, countPre: cPre, countPost: cPost, pre: t.p2, post: t.p1, diff: t.diff, ci: t.ci, z: t.z, p: t.p, q: 0 };
    });
    const q = benjaminiHochberg(typeRows.map((r) => r.p));
    typeRows.forEach((r, i) => (r.q = q[i]));
    rows.push(...typeRows);
  }
  const parameters = { labelling, level, topK, baselineRound, postRounds, preConditions: preConditions ?? 'all', postConditions, scenarioTypes: args.scenarioTypes ?? 'all', correction: 'Benjamini-Hochberg within scenario type' };
  return {
    provenance: await provenance(db, 'shifts', null, parameters),
    labelling,
    labellings: all,
    level,
    topK,
    preConditions: preConditions ?? conditions,
    postConditions,
    baselineRound,
    postRounds,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// agreement

/** "median(A,B,C)" or one name; names are score set ids or rater names. */
export async function parseRaterSpec(db: Db, spec: string): Promise<{ spec: string; sets: string[] }> {
  const m = /^\s*median\s*\((.*)\)\s*$/i.exec(spec);
  const names = m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [spec.trim()];
  if (names.length === 0) throw new UserError(`"${spec}": median() needs at least one score set`, 'bad-request');
  const sets: string[] = [];
  for (const n of names) sets.push((await resolveScoreSet(db, n)).id);
  return { spec: m ? `median(${sets.join(',')})` : sets[0], sets };
}

function sideVector(aligned: { bySet: Record<string, Float64Array> }, sets: string[]): Float64Array {
  return sets.length === 1 ? aligned.bySet[sets[0]] : Float64Array.from(medianOfRaters(sets.map((s) => aligned.bySet[s])));
}

async function agreementRows(
  db: Db, a: { sets: string[] }, b: { sets: string[] }, dims: string[], opts: { reps?: number; seed?: number; flagMetric: AgreementStat },
): Promise<AgreementResultRow[]> {
  const aligned = await loadAlignedScores(db, [...new Set([...a.sets, ...b.sets])], dims);
  const medianSide = b.sets.length > 1 ? b : a.sets.length > 1 ? a : null;
  const otherSide = medianSide === b ? a : b;
  const rows: AgreementResultRow[] = [];
  for (const d of dims) {
    if (rows.length) await breathe();
    const x = sideVector(aligned[d], a.sets);
    const y = sideVector(aligned[d], b.sets);
    const r = agreementStats(x, y, { reps: opts.reps, seed: opts.seed });
    let expertsMean: number | null = null;
    let below: boolean | null = null;
    if (medianSide) {
      const [flag] = flagBelowExperts(
        [{ dimension: d, candidate: sideVector(aligned[d], otherSide.sets), reference: sideVector(aligned[d], medianSide.sets), experts: medianSide.sets.map((s) => aligned[d].bySet[s]) }],
        opts.flagMetric,
      );
      expertsMean = flag.expertMean;
      below = flag.flagged;
    }
    rows.push({ dimension: d, ...r, experts_mean: expertsMean, below_experts: below });
  }
  return rows;
}

async function commonDimensions(db: Db, sets: string[], wanted?: string[]): Promise<string[]> {
  const all = await scoreSets(db);
  const dimsOf = (id: string) => all.find((s) => s.id === id)!.dimensions;
  const common = orderDimensions(dimsOf(sets[0]).filter((d) => sets.every((s) => dimsOf(s).includes(d))));
  if (wanted?.length) {
    const bad = wanted.filter((d) => !common.includes(d));
    if (bad.length) throw new UserError(`Dimension(s) ${bad.join(', ')} are not scored by every compared set (${sets.join(', ')})`, 'bad-request');
    return wanted;
  }
  if (common.length === 0) throw new UserError(`Score sets ${sets.join(', ')} share no dimension`, 'bad-request');
  return common;
}

export async function computeAgreement(db: Db, args: AgreementArgs): Promise<AgreementResult> {
  if (!args?.a || !args?.b) throw new UserError('Agreement needs two sides: a and b (a score set, a rater, or median(A,B,C))', 'bad-request');
  const a = await parseRaterSpec(db, args.a);
  const b = await parseRaterSpec(db, args.b);
  const flagMetric = args.flagMetric ?? 'kappa_scale';
  const dims = await commonDimensions(db, [...a.sets, ...b.sets], args.dimensions);
  const rows = await agreementRows(db, a, b, dims, { reps: args.reps, seed: args.seed, flagMetric });
  const parameters = { a: a.spec, b: b.spec, dimensions: dims, reps: args.reps ?? 1000, seed: args.seed ?? 20240521, flagMetric, scale: [1, 5] };
  return { provenance: await provenance(db, 'agreement', `${a.spec} vs ${b.spec}`, parameters), a, b, flagMetric, rows };
}

export async function computeAgreementMatrix(db: Db, args: AgreementMatrixArgs = {}): Promise<AgreementMatrixResult> {
  const sets = await scoreSets(db);
  if (sets.length < 2) throw new UserError(`A rater agreement matrix needs at least two score sets; this study has ${sets.length}`, 'missing-table');
  const metric = args.metric ?? 'kappa_scale';
  const experts = sets.filter((s) => /^expert/i.test(s.id) || /^expert/i.test(s.rater)).map((s) => s.id);
  const refSpec = args.reference ?? (experts.length >= 2 ? `median(${experts.join(',')})` : null);
  const ref = refSpec ? await parseRaterSpec(db, refSpec) : null;
  const pairs: AgreementMatrixResult['pairs'] = [];
  if (ref) {
    const raters = args.raters?.length ? await Promise.all(args.raters.map(async (r) => (await resolveScoreSet(db, r)).id)) : sets.map((s) => s.id).filter((id) => !ref.sets.includes(id));
    for (const r of raters) pairs.push({ a: r, b: ref.spec, label: `${r} vs ${ref.sets.length > 1 ? 'median' : ref.spec}`, kind: 'vs-reference' });
    if (args.memberPairs !== false && ref.sets.length > 1)
      for (let i = 0; i < ref.sets.length; i++) for (let j = i + 1; j < ref.sets.length; j++) pairs.push({ a: ref.sets[i], b: ref.sets[j], label: `${ref.sets[i]} vs ${ref.sets[j]}`, kind: 'member-pair' });
  } else {
    const ids = args.raters?.length ? await Promise.all(args.raters.map(async (r) => (await resolveScoreSet(db, r)).id)) : sets.map((s) => s.id);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push({ a: ids[i], b: ids[j], label: `${ids[i]} vs ${ids[j]}`, kind: 'pair' });
  }
  const rows: AgreementMatrixResult['rows'] = [];
  for (const p of pairs) {
    const a = await parseRaterSpec(db, p.a);
    const b = await parseRaterSpec(db, p.b);
    const dims = await commonDimensions(db, [...a.sets, ...b.sets], args.dimensions);
    for (const r of await agreementRows(db, a, b, dims, { reps: args.reps, flagMetric: metric })) rows.push({ ...r, pair: p.label, a: p.a, b: p.b });
  }
  const parameters = { reference: ref?.spec ?? null, pairs: pairs.map((p) => p.label), metric, reps: args.reps ?? 1000 };
  return { provenance: await provenance(db, 'agreement-matrix', ref ? `raters vs ${ref.spec}` : 'all pairs', parameters), metric, reference: ref?.spec ?? null, pairs, rows };
}

// ---------------------------------------------------------------------------------------------------------------
// §6-7 preference and Elo

function spearmanRow(label: string, x: (number | null)[], y: (number | null)[]): SpearmanRow {
  const s = spearman(x, y);
  return { label, n: s.n, rho: s.rho, p: s.p, ci: s.ci };
}

async function defaultLlmJudge(db: Db, wanted?: string): Promise<string | null> {
  const judges = await pairwiseJudges(db);
  if (wanted) {
    if (!judges.some((j) => j.judgeId === wanted)) throw new UserError(`No pairwise judge "${wanted}" (have ${judges.map((j) => j.judgeId).join(', ') || 'none'})`, 'not-found');
    return wanted;
  }
  return judges.find((j) => j.kind === 'llm')?.judgeId ?? null;
}

/** Sequential Elo over one judge's judgments (trial order); ratings keyed by conversation code. */
async function eloOf(db: Db, judgeId: string, k?: number, initial?: number) {
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

export async function computePreference(db: Db, args: PreferenceArgs = {}): Promise<PreferenceResult> {
  await requireTable(db, 'pairwise', 'Human-LLM preference');
  const set = await resolveScoreSet(db, args.scoreSetId);
  const missing = SIX.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Preference analyses use the overall score; score set ${set.id} lacks ${missing.join(', ')}`, 'bad-request');
  const judges = await pairwiseJudges(db);
  const humanJudges = judges.filter((j) => j.kind === 'human').map((j) => j.judgeId);
  if (humanJudges.length === 0) throw new UserError('Human-LLM preference needs human forced-choice trials (pairwise rows with judge_kind = human)', 'missing-table');
  const labels = await overallLabels(db);
  const human = await loadPairwise(db, humanJudges, labels.scenarios);
  const data = await loadOverall(db, set.id, labels, { withDimensions: true });
  const rowOf = new Map<number, number>();
  for (let i = 0; i < data.length; i++) rowOf.set(data.conversation[i], i);
  const overall = (c: number) => {
    const i = rowOf.get(c);
    return i === undefined ? null : data.overall[i];
  };
  const dim = (c: number, d: string) => {
    const i = rowOf.get(c);
    return i === undefined ? null : data.dims[d][i];
  };

  // The LLM's pick for a pair: its majority choice when it judged that pair, else the higher Elo rating.
  const llmJudgeId = await defaultLlmJudge(db, args.llmJudgeId);
  const pairKey = (x: number, y: number) => (x < y ? x * 4294967296 + y : y * 4294967296 + x);
  // Votes of the LLM on the pairs humans compared: [wins of the lower code, wins of the higher code].
  const llmVotes = new Map<number, [number, number]>();
  for (let i = 0; i < human.length; i++) llmVotes.set(pairKey(human.a[i], human.b[i]), [0, 0]);
  let ratings: Record<string, number> = {};
  if (llmJudgeId) {
    const { data: j, result } = await eloOf(db, llmJudgeId);
    ratings = result.ratings;
    for (let i = 0; i < j.length; i++) {
      const votes = llmVotes.get(pairKey(j.a[i], j.b[i]));
      if (!votes) continue;
      const w = j.choice[i] === 0 ? j.a[i] : j.choice[i] === 1 ? j.b[i] : -1;
      if (w < 0) continue;
      votes[w === Math.min(j.a[i], j.b[i]) ? 0 : 1]++;
    }
  }
  const counts = { human: human.length, raters: new Set(human.judge).size, used: 0, ties: 0, llmFromJudgment: 0, llmFromElo: 0, llmUnknown: 0 };
  const llmPick = (a: number, b: number): number | null => {
    const v = llmVotes.get(pairKey(a, b));
    const va = v ? v[a < b ? 0 : 1] : 0;
    const vb = v ? v[a < b ? 1 : 0] : 0;
    if (va !== vb) {
      counts.llmFromJudgment++;
      return va > vb ? a : b;
    }
    const ra = ratings[String(a)];
    const rb = ratings[String(b)];
    if (ra !== undefined && rb !== undefined && ra !== rb) {
      counts.llmFromElo++;
      return ra > rb ? a : b;
    }
    counts.llmUnknown++;
    return null;
  };

  const higher: (PreferenceTrial & { a: number; b: number })[] = [];
  const higherComp: PreferenceTrial[] = [];
  const llm: PreferenceTrial[] = [];
  const llmComp: PreferenceTrial[] = [];
  const components = (pick: number, other: number) => Object.fromEntries(SIX.map((d) => [d, (dim(pick, d) ?? NaN) - (dim(other, d) ?? NaN)]));
  for (let i = 0; i < human.length; i++) {
    const a = human.a[i];
    const b = human.b[i];
    const winner = human.choice[i] === 0 ? a : human.choice[i] === 1 ? b : -1;
    const oa = overall(a);
    const ob = overall(b);
    if (winner < 0 || oa == null || ob == null) continue;
    counts.used++;
    const rater = humanJudges[human.judge[i]];
    const scenario = labels.scenarios[human.scenario[i]] ?? '(none)';
    if (oa === ob) counts.ties++;
    else {
      const hi = oa > ob ? a : b;
      const lo = hi === a ? b : a;
      higher.push({ rater, scenario, y: winner === hi ? 1 : 0, predictors: { abs_diff: Math.abs(oa - ob) }, a, b });
      higherComp.push({ rater, scenario, y: winner === hi ? 1 : 0, predictors: components(hi, lo) });
    }
    const pick = llmPick(a, b);
    if (pick !== null) {
      const other = pick === a ? b : a;
      llm.push({ rater, scenario, y: winner === pick ? 1 : 0, predictors: { abs_diff: Math.abs(oa - ob) } });
      llmComp.push({ rater, scenario, y: winner === pick ? 1 : 0, predictors: components(pick, other) });
    }
  }
  const fit = (outcome: PreferenceModel['outcome'], predictors: PreferenceModel['predictors'], trials: PreferenceTrial[]): PreferenceModel => {
    const base = { outcome, predictors, n: trials.length, clusters: new Set(trials.map((t) => t.rater)).size, reference: args.referenceScenario ?? '', names: [] as string[], terms: {} as Record<string, LogitTerm>, pseudoR2: null };
    try {
      const f = preferenceLogit(trials, { reference: args.referenceScenario });
      const terms = Object.fromEntries(f.names.map((nm) => {
        const t = f.terms[nm];
        return [nm, { ...term(t), oddsRatio: t.oddsRatio, orCi: [t.orCi[0], t.orCi[1]] as [number, number] }];
      }));
      return { ...base, reference: f.reference, names: f.names, terms, pseudoR2: f.pseudoR2, error: null };
    } catch (e) {
      return { ...base, error: (e as Error).message };
    }
  };
  const models = [
    fit('higher-score', 'overall', higher),
    fit('llm-choice', 'overall', llm),
    fit('higher-score', 'components', higherComp),
    fit('llm-choice', 'components', llmComp),
  ];

  // Observed rates by |difference| (Wilson intervals) and the fitted curve of the first model.
  const x = higher.map((t) => t.predictors.abs_diff);
  const y = higher.map((t) => Number(t.y));
  const maxDiff = x.length ? maxOf(x, -Infinity) : 1;
  const edges = args.binEdges?.length ? [...args.binEdges] : Array.from({ length: Math.ceil(maxDiff) + 1 }, (_, k) => k + 1).filter((_, k, arr) => k === 0 || arr[k - 1] <= maxDiff);
  const rawBins = edges.length >= 2 ? binnedRates(x, y, { edges }) : binnedRates(x, y);
  const pairIds = await conversationIds(db, [...new Set(human.a.concat(human.b))].filter((c) => c >= 0));
  const bins: PreferenceBin[] = rawBins.map((bin) => {
    const last = bin.hi === edges[edges.length - 1];
    const ids = new Set<string>();
    for (const t of higher) {
      const v = t.predictors.abs_diff;
      if (v >= bin.lo && (v < bin.hi || (last && v === bin.hi) || bin.lo === bin.hi)) {
        ids.add(pairIds.get(t.a)!);
        ids.add(pairIds.get(t.b)!);
      }
    }
    return { ...bin, conversationIds: [...ids].sort() };
  });
  const curve: { x: number; p: number }[] = [];
  const m0 = models[0];
  if (!m0.error && higher.length) {
    const b0 = m0.terms.intercept.coef;
    const b1 = m0.terms.abs_diff.coef;
    const offsets = higher.map((t) => m0.terms[`scenario:${t.scenario}`]?.coef ?? 0);
    for (let k = 0; k <= 40; k++) {
      const xv = (maxDiff * k) / 40;
      let sum = 0;
      for (const o of offsets) sum += 1 / (1 + Math.exp(-(b0 + b1 * xv + o)));
      curve.push({ x: xv, p: sum / offsets.length });
    }
  }

  // Bradley-Terry per scenario from the human choices; Spearman with the overall score and with Elo.
  const items: PreferenceItem[] = [];
  const regularized: string[] = [];
  const scenarioCodes = [...new Set(human.scenario)].sort((p, q) => p - q);
  for (const sc of scenarioCodes) {
    const name = labels.scenarios[sc] ?? '(none)';
    const choices = [];
    for (let i = 0; i < human.length; i++) {
      if (human.scenario[i] !== sc || human.a[i] < 0 || human.b[i] < 0) continue;
      const a = String(human.a[i]);
      const b = String(human.b[i]);
      if (human.choice[i] === 0) choices.push({ winner: a, loser: b });
      else if (human.choice[i] === 1) choices.push({ winner: b, loser: a });
    }
    if (choices.length === 0) continue;
    const bt = bradleyTerry(choices);
    if (bt.regularized) regularized.push(name);
    bt.items.forEach((code, k) =>
      items.push({
        conversationId: pairIds.get(Number(code))!, scenario: name, strength: bt.strength[k], logStrength: bt.logStrength[k],
        wins: bt.wins[k], games: bt.games[k], elo: ratings[code] ?? null, overall: overall(Number(code)),
      }),
    );
  }
  const scenarioNames = [...new Set(items.map((i) => i.scenario))];
  const spearmanRows: SpearmanRow[] = [
    spearmanRow('Bradley-Terry vs overall score', items.map((i) => i.logStrength), items.map((i) => i.overall)),
    ...(llmJudgeId ? [spearmanRow('Bradley-Terry vs Elo', items.map((i) => i.logStrength), items.map((i) => i.elo))] : []),
    ...scenarioNames.flatMap((sc) => {
      const its = items.filter((i) => i.scenario === sc);
      return [
        spearmanRow(`${sc}: Bradley-Terry vs overall score`, its.map((i) => i.logStrength), its.map((i) => i.overall)),
        ...(llmJudgeId ? [spearmanRow(`${sc}: Bradley-Terry vs Elo`, its.map((i) => i.logStrength), its.map((i) => i.elo))] : []),
      ];
    }),
  ];
  const parameters = {
    llmJudgeId, referenceScenario: models[0].reference || args.referenceScenario || null, binEdges: edges,
    llmChoice: "the LLM judge's majority choice for that pair, else the higher Elo rating",
    components: 'per-dimension score of the pick (higher overall / LLM choice) minus the other',
  };
  return {
    provenance: await provenance(db, 'preference', set.id, parameters),
    scoreSetId: set.id,
    llmJudgeId,
    trials: counts,
    models,
    bins,
    curve,
    items,
    bradleyTerryRegularized: regularized,
    spearman: spearmanRows,
  };
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

// ---------------------------------------------------------------------------------------------------------------

export async function analysisOptions(db: Db): Promise<AnalysisOptions> {
  const s = await studyName(db);
  const sets = await db.all<AnalysisOptions['scoreSets'][number]>(`
    SELECT s.score_set_id AS id, s.rater, s.kind,
      coalesce((SELECT list(DISTINCT dimension ORDER BY dimension) FROM scores x WHERE x.score_set_id = s.score_set_id), []) AS dimensions,
      (SELECT count(DISTINCT conversation_id) FROM scores x WHERE x.score_set_id = s.score_set_id) AS conversations
    FROM score_sets s ORDER BY s.created_at, s.score_set_id`);
  const list = async (sql: string) => (await db.all<{ v: string | number }>(sql)).map((r) => r.v);
  const taxonomyCount = Number(await db.value('SELECT count(*) FROM taxonomy'));
  return {
    study: s.name,
    simulated: s.simulated,
    scoreSets: sets.map((x) => ({ ...x, dimensions: orderDimensions(x.dimensions) })),
    conditions: await studyConditions(db),
    rounds: (await list(`SELECT DISTINCT round AS v FROM conversations WHERE round IS NOT NULL ORDER BY 1`)) as number[],
    scenarioTypes: (await list(`SELECT DISTINCT scenario_type AS v FROM conversations WHERE scenario_type IS NOT NULL ORDER BY 1`)) as string[],
    scenarios: (await list(`SELECT DISTINCT scenario AS v FROM conversations WHERE scenario IS NOT NULL ORDER BY 1`)) as string[],
    labellings: await listLabellings(db),
    taxonomyLevels: taxonomyCount ? ['category', 'level1', 'level2', 'level3'] : ['category'],
    pairwiseJudges: await pairwiseJudges(db),
    selfReportItems: await selfReportItems(db),
    traits: await traitsPresent(db),
    appVersion: APP_VERSION,
  };
}

export function registerAnalysisHandlers(b: Backend): void {
  const db = () => b.workspace.db;
  b.app.method('analysis-options', () => guard(() => analysisOptions(db())));
  b.app.method('analysis-effects', (args) => guard(() => computeEffects(db(), args ?? {})));
  b.app.method('analysis-contrasts', (args) => guard(() => computeContrasts(db(), args ?? {})));
  b.app.method('analysis-rci', (args) => guard(() => computeRci(db(), args ?? {})));
  b.app.method('analysis-trait', (args) => guard(() => computeTrait(db(), args ?? {})));
  b.app.method('analysis-shifts', (args) => guard(() => computeShifts(db(), args ?? {})));
  b.app.method('analysis-agreement', (args) => guard(() => computeAgreement(db(), args)));
  b.app.method('analysis-agreement-matrix', (args) => guard(() => computeAgreementMatrix(db(), args ?? {})));
  b.app.method('analysis-preference', (args) => guard(() => computePreference(db(), args ?? {})));
  b.app.method('analysis-elo', (args) => guard(() => computeElo(db(), args ?? {})));
}
