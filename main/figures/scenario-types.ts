// Extended Data Fig. 3 (communication behaviours in the first conversation, workplace vs personal troubles, 95% CIs)
// and Extended Data Fig. 4 (their trajectories across the rounds in the trained conditions, ± SE), with their tables.

import * as Plot from '@observablehq/plot';
import type { ScenarioTypeCell, ScenarioTypesResult } from '../api/contract/index.js';
import { twoLines } from './effects.js';
import { ci, conditionLabel, dimensionLabel, fixed, pExact, provenanceLine, pValue, scenarioLabel, stars } from './format.js';
import { DEFAULT_WIDTH, FONT, SCENARIO_COLORS } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface ScenarioFigureOptions {
  /** Default DEFAULT_WIDTH. */
  width?: number;
  /** Default 340 (Extended Data Fig. 3) and 320 (Extended Data Fig. 4). */
  height?: number;
}

const DEFAULTS = { baselineHeight: 340, trajectoryHeight: 320 };

/** The paper's two types in fixed colours (so both figures agree); other labels take the scenario palette. */
const TYPE_COLORS: Record<string, string> = { personal: '#7048e8', workplace: '#e8590c' };
export function scenarioTypeColor(t: string, index = 0): string {
  return TYPE_COLORS[t] ?? SCENARIO_COLORS[index % SCENARIO_COLORS.length];
}

const typeLabel = (t: string) => `${scenarioLabel(t)} troubles`;
const conditionList = (cs: string[]) => {
  const ls = cs.map(conditionLabel);
  return ls.length > 1 ? `${ls.slice(0, -1).join(', ')} and ${ls[ls.length - 1]}` : (ls[0] ?? 'no condition');
};

interface CellMark extends ScenarioTypeCell {
  dimensionLabel: string;
  typeLabel: string;
  roundLabel: string;
  lo: number;
  hi: number;
  color: string;
  filter: { conditions: string[]; rounds: number[]; scenarioTypes: string[] };
  filterLabel: string;
}

function cellMarks(r: ScenarioTypesResult, cells: ScenarioTypeCell[], conditions: string[], spread: 'ci' | 'se'): CellMark[] {
  return cells.map((c) => {
    const [lo, hi] = spread === 'ci' ? (c.ci ?? [c.mean, c.mean]) : Number.isFinite(c.se) ? [c.mean - c.se, c.mean + c.se] : [c.mean, c.mean];
    return {
      ...c, dimensionLabel: dimensionLabel(c.dimension), typeLabel: typeLabel(c.scenarioType), roundLabel: `Conversation ${c.round}`, lo, hi,
      color: scenarioTypeColor(c.scenarioType, r.scenarioTypes.indexOf(c.scenarioType)),
      filter: { conditions, rounds: [c.round], scenarioTypes: [c.scenarioType] },
      filterLabel: `${typeLabel(c.scenarioType)}, conversation ${c.round}, ${conditionList(conditions)}`,
    };
  });
}

const cellTip = (spread: 'ci' | 'se') => (d: CellMark) =>
  `${d.dimensionLabel}: ${d.typeLabel}, conversation ${d.round}\nmean ${fixed(d.mean)} SD (${fixed(d.rawMean, 2)} points)\n`
  + `${spread === 'ci' ? `95% CI ${ci(d.ci)}` : `± SE ${fixed(d.se)}`}\nn = ${d.n} conversations`;

/** "Workplace troubles: Job loss, …; Personal troubles: …" from the study's own scenario types. */
function scenariosLine(r: ScenarioTypesResult): string {
  return r.scenarioTypes.map((t) => `${typeLabel(t)}: ${(r.scenariosByType[t] ?? []).map(scenarioLabel).join(', ') || '–'}`).join('; ');
}

const standardizedNote = (r: ScenarioTypesResult) =>
  `Standardized: z = (score − mean) / SD per dimension over all ${Object.values(r.scales)[0]?.n ?? 0} conversations that score set ${r.scoreSetId} scored (0 = the study's average conversation).`;

const skippedNote = (r: ScenarioTypesResult) => (r.skipped.length ? ` Not shown: ${r.skipped.map((s) => `${dimensionLabel(s.dimension)} (${s.reason})`).join('; ')}.` : '');

function legendOf(r: ScenarioTypesResult) {
  return r.scenarioTypes.map((t, i) => ({ label: typeLabel(t), color: scenarioTypeColor(t, i) }));
}

export function scenarioBaselineFigure(r: ScenarioTypesResult, opts: ScenarioFigureOptions = {}): FigureSpec {
  const marks = cellMarks(r, r.baseline, r.conditions, 'ci');
  const dims = r.dimensions.filter((d) => marks.some((m) => m.dimension === d)).map(dimensionLabel);
  const diffs = r.differences.map((d) => ({ ...d, dimensionLabel: dimensionLabel(d.dimension), label: `Δ ${fixed(d.diff, 2)}${stars(d.p)}` }));
  type Diff = (typeof diffs)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? DEFAULTS.baselineHeight,
    marginLeft: 52,
    marginTop: 48,
    marginBottom: 24,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: dims, label: null, padding: 0.12, axis: 'top', tickFormat: twoLines },
    x: { domain: r.scenarioTypes.map(typeLabel), axis: null, padding: 0.2 },
    y: { label: 'Mean standardized score (SD)', grid: true, nice: true, insetTop: 16 },
    color: { type: 'identity' },
    marks: [
      Plot.ruleY([0], { stroke: '#444' }),
      Plot.barY(marks, { fx: 'dimensionLabel', x: 'typeLabel', y: 'mean', fill: 'color', title: cellTip('ci'), tip: { fontSize: 11 } }),
      Plot.ruleX(marks, { fx: 'dimensionLabel', x: 'typeLabel', y1: 'lo', y2: 'hi', stroke: '#222', strokeWidth: 1.2 }),
      Plot.tickY(marks, { fx: 'dimensionLabel', x: 'typeLabel', y: 'lo', stroke: '#222', inset: 8 }),
      Plot.tickY(marks, { fx: 'dimensionLabel', x: 'typeLabel', y: 'hi', stroke: '#222', inset: 8 }),
      Plot.text(diffs, { fx: 'dimensionLabel', frameAnchor: 'top', text: 'label', dy: 2, fontSize: 10, fill: '#333',
        title: (d: Diff) => `${scenarioLabel(d.a)} − ${scenarioLabel(d.b)}: ${fixed(d.diff)} SD ${ci(d.ci)}\nWelch t = ${fixed(d.t, 2)}, df = ${fixed(d.df, 1)}, p = ${pExact(d.p)}` }),
    ],
  };
  const [first, ...rest] = r.scenarioTypes;
  return {
    id: 'scenario-baseline',
    paperRef: 'Extended Data Fig. 3',
    title: 'Communication behaviours by trouble type in the first conversation',
    subtitle: `Mean standardized score per dimension in conversation ${r.baselineRound} (${conditionList(r.conditions)} pooled), ${r.scenarioTypes.map(typeLabel).join(' vs ')}; error bars: 95% CIs (t).`
      + (rest.length ? ` Δ: ${rest.map(scenarioLabel).join(', ')} − ${scenarioLabel(first)} (Welch t test; * p < 0.05, ** p < 0.01, *** p < 0.001).` : ''),
    caption: `${standardizedNote(r)} ${scenariosLine(r)}.${skippedNote(r)}`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: legendOf(r),
    data: marks.map(({ filter: _f, filterLabel: _l, color: _c, dimensionLabel: _d, typeLabel: _t, roundLabel: _r, ci: c, ...rest }) => ({ ...rest, ciLo: c?.[0] ?? null, ciHi: c?.[1] ?? null })),
    tables: [scenarioBaselineTable(r)],
    empty: marks.length ? undefined : `No conversation ${r.baselineRound} of ${conditionList(r.conditions)} has a scenario type.`,
  };
}

export function scenarioTrajectoriesFigure(r: ScenarioTypesResult, opts: ScenarioFigureOptions = {}): FigureSpec {
  const marks = cellMarks(r, r.trajectories, r.trajectoryConditions, 'se');
  const dims = r.dimensions.filter((d) => marks.some((m) => m.dimension === d)).map(dimensionLabel);
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? DEFAULTS.trajectoryHeight,
    marginLeft: 52,
    marginTop: 48,
    marginBottom: 36,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: dims, label: null, padding: 0.1, axis: 'top', tickFormat: twoLines },
    x: { type: 'point', domain: r.rounds, label: 'Conversation', padding: 0.4 },
    y: { label: 'Mean standardized score (SD)', grid: true, nice: true },
    color: { type: 'identity' },
    marks: [
      Plot.ruleY([0], { stroke: '#999' }),
      Plot.line(marks, { fx: 'dimensionLabel', x: 'round', y: 'mean', z: 'scenarioType', stroke: 'color', strokeWidth: 2 }),
      Plot.ruleX(marks, { fx: 'dimensionLabel', x: 'round', y1: 'lo', y2: 'hi', stroke: 'color', strokeWidth: 1.5 }),
      Plot.dot(marks, { fx: 'dimensionLabel', x: 'round', y: 'mean', r: 3.5, fill: 'color', title: cellTip('se'), tip: { fontSize: 11 } }),
    ],
  };
  return {
    id: 'scenario-trajectories',
    paperRef: 'Extended Data Fig. 4',
    title: 'Trajectories of communication behaviours across conversations by trouble type',
    subtitle: `Mean standardized score (± SE) per dimension in conversations ${r.rounds.join(', ')} of ${conditionList(r.trajectoryConditions)} participants (pooled), by trouble type.`,
    caption: `${standardizedNote(r)} ${scenariosLine(r)}.${skippedNote(r)}`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: legendOf(r),
    data: marks.map(({ filter: _f, filterLabel: _l, color: _c, dimensionLabel: _d, typeLabel: _t, roundLabel: _r, ci: c, lo: _lo, hi: _hi, ...rest }) => ({ ...rest, ciLo: c?.[0] ?? null, ciHi: c?.[1] ?? null })),
    tables: [scenarioTrajectoryTable(r)],
    empty: marks.length ? undefined : `No conversations of ${conditionList(r.trajectoryConditions)} in rounds ${r.rounds.join(', ')} have a scenario type.`,
  };
}

/** Extended Data Fig. 3 as numbers: each type's mean [95% CI] and the Welch difference, per dimension. */
export function scenarioBaselineTable(r: ScenarioTypesResult): TableSpec {
  const [first, ...rest] = r.scenarioTypes;
  const rows = r.dimensions.filter((d) => r.scales[d]).map((d) => {
    const row: Record<string, string> = { dimension: dimensionLabel(d) };
    for (const t of r.scenarioTypes) {
      const c = r.baseline.find((x) => x.dimension === d && x.scenarioType === t);
      row[t] = c ? `${fixed(c.mean)} ${ci(c.ci)}` : '–';
      row[`${t}_n`] = c ? String(c.n) : '0';
    }
    for (const t of rest) {
      const x = r.differences.find((y) => y.dimension === d && y.a === t);
      row[`diff_${t}`] = x ? `${fixed(x.diff)}${stars(x.p)} ${ci(x.ci)}` : '–';
      row[`p_${t}`] = x ? pValue(x.p) : '–';
    }
    return row;
  });
  return {
    id: 'ed-fig-3',
    title: `Extended Data Fig. 3: mean standardized scores in conversation ${r.baselineRound} by trouble type`,
    columns: [
      { key: 'dimension', label: 'Dimension' },
      ...r.scenarioTypes.flatMap((t) => [{ key: t, label: `${typeLabel(t)} [95% CI]`, align: 'right' as const }, { key: `${t}_n`, label: 'n', align: 'right' as const }]),
      ...rest.flatMap((t) => [{ key: `diff_${t}`, label: `${scenarioLabel(t)} − ${scenarioLabel(first)} [95% CI]`, align: 'right' as const }, { key: `p_${t}`, label: 'p', align: 'right' as const }]),
    ],
    rows,
    notes: [`${standardizedNote(r)} Conditions pooled: ${conditionList(r.conditions)}. Differences: Welch's unequal-variance t test.`],
  };
}

/** Extended Data Fig. 4 as numbers: mean ± SE per dimension, trouble type and conversation. */
export function scenarioTrajectoryTable(r: ScenarioTypesResult): TableSpec {
  const rows: Record<string, string>[] = [];
  for (const d of r.dimensions.filter((x) => r.scales[x])) {
    for (const t of r.scenarioTypes) {
      const row: Record<string, string> = { dimension: dimensionLabel(d), type: typeLabel(t) };
      for (const round of r.rounds) {
        const c = r.trajectories.find((x) => x.dimension === d && x.scenarioType === t && x.round === round);
        row[`r${round}`] = c ? `${fixed(c.mean)} ± ${fixed(c.se)} (${c.n})` : '–';
      }
      rows.push(row);
    }
  }
  return {
    id: 'ed-fig-4',
    title: `Extended Data Fig. 4: mean standardized scores ± SE (n) by conversation, ${conditionList(r.trajectoryConditions)}`,
    columns: [{ key: 'dimension', label: 'Dimension' }, { key: 'type', label: 'Trouble type' }, ...r.rounds.map((x) => ({ key: `r${x}`, label: `Conversation ${x}`, align: 'right' as const }))],
    rows,
    notes: [standardizedNote(r)],
  };
}
