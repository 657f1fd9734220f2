// §5 incidence shifts in the analysis worker: the pooled z test per label on the counts SQL gave, or the clustered
// logit per label on the sums over participants SQL gave. Rows come back without the label's display name (the service has the
// taxonomy and adds it).

import type { ShiftRow } from '../../main/api/contract/index.js';
import { clusteredIncidenceShiftsFromSums, type ClusteredShiftSums, incidenceShiftsFromCounts, type UnfittedShift } from '../../main/analysis/index.js';
import type { ShiftCounts } from '../../main/studydata/shifts.js';

export type ShiftFitRow = Omit<ShiftRow, 'name' | 'level1'>;

export type ShiftsInput = { test: 'z'; counts: ShiftCounts } | { test: 'clustered-logit'; sums: ClusteredShiftSums[] };

export function shiftsFit(input: ShiftsInput): { rows: ShiftFitRow[]; unfitted: UnfittedShift[] } {
  if (input.test === 'z') return { rows: zTestRows(input.counts), unfitted: [] };
  const fit = clusteredIncidenceShiftsFromSums(input.sums);
  const rows = fit.rows.map((r): ShiftFitRow => ({
    scenarioType: r.scenarioType, label: r.label, nPre: r.nPre, nPost: r.nPost, countPre: r.countPre, countPost: r.countPost,
    pre: r.pre, post: r.post, diff: r.diff, ci: r.ci, z: r.z, p: r.p, q: r.q, logOdds: r.logOdds, logOddsSe: r.logOddsSe, seDiff: r.seDiff, clusters: r.clusters,
  }));
  return { rows, unfitted: fit.unfitted };
}

/** The rows SQL gave: per cell (or scenario type) its total and each label's count (or sums). */
export function shiftsRows(input: ShiftsInput): number {
  if (input.test === 'z') return input.counts.totals.length + input.counts.counts.length;
  let n = 0;
  for (const t of input.sums) n += 1 + t.labels.length;
  return n;
}

/** Pre and post sentences (the denominators) of one scenario type. */
export function shiftTotals(counts: ShiftCounts, type: string): { nPre: number; nPost: number } {
  let nPre = 0;
  let nPost = 0;
  for (let i = 0; i < counts.totals.length; i++) {
    if (counts.totals.scenario_type[i] !== type) continue;
    if (counts.totals.grp[i] === 'pre') nPre = counts.totals.n[i];
    else nPost = counts.totals.n[i];
  }
  return { nPre, nPost };
}

function zTestRows(counts: ShiftCounts): ShiftFitRow[] {
  // The engine's incidenceShifts() on counts: pooled z test of post vs pre per label, unpooled Wald CI of the
  // difference, BH over the labels of each scenario type (tests/figures checks the two agree).
  const rows: ShiftFitRow[] = [];
  const types = [...new Set(counts.totals.scenario_type)].sort();
  for (const type of types) {
    const { nPre, nPost } = shiftTotals(counts, type);
    const pre = new Map<string, number>();
    const post = new Map<string, number>();
    for (let i = 0; i < counts.counts.length; i++) {
      if (counts.counts.scenario_type[i] !== type) continue;
      (counts.counts.grp[i] === 'pre' ? pre : post).set(counts.counts.label[i], counts.counts.n[i]);
    }
    rows.push(...incidenceShiftsFromCounts(type, nPre, nPost, pre, post));
  }
  return rows;
}
