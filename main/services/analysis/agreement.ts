// Rater agreement: one side against another (a score set, a rater, or the median of several), and the matrix of
// every rater against the expert median.

import type {
  AgreementArgs, AgreementMatrixArgs, AgreementMatrixResult, AgreementResult, AgreementResultRow, AgreementStat,
} from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { loadPairCounts } from '../../studydata/agreement.js';
import { orderDimensions, resolveScoreSet, scoreSets } from '../../studydata/common.js';
import { scoreSetDimensions } from '../../studydata/score-summary.js';
import { agreementComparisons } from '../../../workers/analysis/agreement.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { provenance } from './provenance.js';

/** "median(A,B,C)" or one name; names are score set ids or rater names. */
export async function parseRaterSpec(db: Db, spec: string): Promise<{ spec: string; sets: string[] }> {
  const m = /^\s*median\s*\((.*)\)\s*$/i.exec(spec);
  const names = m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [spec.trim()];
  if (names.length === 0) throw new UserError(`"${spec}": median() needs at least one score set`, 'bad-request');
  const sets: string[] = [];
  for (const n of names) sets.push((await resolveScoreSet(db, n)).id);
  return { spec: m ? `median(${sets.join(',')})` : sets[0], sets };
}

/**
 * Every dimension's statistics from the pairs of values the database counted (a few dozen rows per comparison at any
 * study size; the alpha bootstrap draws per unit type). Fitted in the analysis worker for large studies like the
 * other analyses, so the serving thread only waits on the database.
 */
async function agreementRows(
  db: Db, a: { sets: string[] }, b: { sets: string[] }, dims: string[], opts: { reps?: number; seed?: number; flagMetric: AgreementStat },
): Promise<AgreementResultRow[]> {
  const sets = [...new Set([...a.sets, ...b.sets])];
  const comparisons = agreementComparisons(sets, a.sets, b.sets);
  const counts = await loadPairCounts(db, sets, dims, comparisons);
  const input = { dimensions: dims, comparisons: comparisons.length, counts, ...opts };
  let units = 0;
  for (let i = 0; i < counts.length; i++) units += counts.count[i];
  return fitInWorker('agreementTable', [input], [], units);
}

async function commonDimensions(db: Db, sets: string[], wanted?: string[]): Promise<string[]> {
  // From the score-set summary: scoreSets() would scan every score of every set for its dimensions (≈ 0.8 s at 100x).
  const dimsOf = new Map<string, string[]>();
  for (const id of new Set(sets)) dimsOf.set(id, await scoreSetDimensions(db, id));
  const common = orderDimensions(dimsOf.get(sets[0])!.filter((d) => sets.every((s) => dimsOf.get(s)!.includes(d))));
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
