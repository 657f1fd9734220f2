// §5 incidence shifts: post vs pre share of each sentence label per scenario type, computed on counts from SQL; the
// tests run in the analysis worker (workers/analysis/shifts.ts) for large studies.

import type { ShiftLevel, ShiftRow, ShiftsArgs, ShiftsResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { LEVEL2_NAMES } from '../../domain/taxonomy.js';
import { studyConditions } from '../../studydata/common.js';
import { labelsPerSentence, labellings as listLabellings, loadClusteredShiftSums, loadShiftCounts, loadTaxonomy, type ShiftQuery } from '../../studydata/shifts.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { type ShiftsInput, shiftsRows, shiftTotals } from '../../../workers/analysis/shifts.js';
import { provenance } from './provenance.js';

/** The labelling the shifts analysis reads when none is asked for (the background build counts its cells first). */
export const defaultLabelling = (all: readonly string[]): string => (all.includes('ground-truth') ? 'ground-truth' : all[0]);

export async function computeShifts(db: Db, args: ShiftsArgs = {}): Promise<ShiftsResult> {
  const all = await listLabellings(db);
  if (all.length === 0) throw new UserError('Incidence shifts need sentence labels (ground-truth categories or kSAE themes); this study has none', 'missing-table');
  const labelling = args.labelling ?? defaultLabelling(all);
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
  const query: ShiftQuery = { labelling, level, topK, baselineRound, postRounds, preConditions, postConditions, scenarioTypes: args.scenarioTypes?.length ? args.scenarioTypes : null };
  const test = args.test ?? 'z';

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

  let input: ShiftsInput;
  if (test === 'clustered-logit') {
    const sums = await loadClusteredShiftSums(db, query);
    for (const { scenarioType: type, nPre, nPost } of [...sums].sort((a, b) => (a.scenarioType < b.scenarioType ? -1 : 1))) {
      if (nPre === 0 || nPost === 0) throw new UserError(`Scenario type "${type}" has ${nPre} pre and ${nPost} post sentences; both are needed`, 'analysis-failed');
    }
    input = { test, sums };
  } else {
    const counts = await loadShiftCounts(db, query);
    for (const type of [...new Set(counts.totals.scenario_type)].sort()) {
      const { nPre, nPost } = shiftTotals(counts, type);
      if (nPre === 0 || nPost === 0) throw new UserError(`Scenario type "${type}" has ${nPre} pre and ${nPost} post sentences; both are needed`, 'analysis-failed');
    }
    input = { test: 'z', counts };
  }
  const fit = await fitInWorker('shifts', [input], [], shiftsRows(input));
  const rows: ShiftRow[] = fit.rows.map(({ scenarioType, label, ...r }) => ({ scenarioType, label, ...nameOf(label), ...r }));
  const unfitted = fit.unfitted;
  const parameters = {
    labelling, level, topK, baselineRound, postRounds, preConditions: preConditions ?? 'all', postConditions, scenarioTypes: args.scenarioTypes ?? 'all', test,
    correction: 'Benjamini-Hochberg within scenario type',
    ...(test === 'clustered-logit' ? { model: 'logit(occurs) ~ post per label and scenario type, CR1 clustered by participant; CI of post - pre by the delta method' } : {}),
  };
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
    labelsPerSentence: await labelsPerSentence(db, labelling, topK, test === 'clustered-logit' ? 'participants' : 'cells'),
    test,
    rows,
    unfitted,
  };
}
