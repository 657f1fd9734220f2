// Fig. 2B (incidence shifts of taxonomy nodes) and Fig. 2C (shifts of every theme / category, ranked), by scenario
// type, with the table of all shifts.

import * as Plot from '@observablehq/plot';
import type { ShiftRow, ShiftsResult } from '../api/contract/index.js';
import { conditionLabel, fixed, pExact, provenanceLine, pValue, stars } from './format.js';
import { DEFAULT_WIDTH, FONT, LEVEL1_COLORS, level1Color } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface ShiftsFigureOptions {
  width?: number;
  height?: number;
}

const LEVEL1_ORDER = ['Affective', 'Cognitive', 'Motivational', 'Misattuned'];

interface ShiftMark extends ShiftRow {
  pp: number;
  lo: number;
  hi: number;
  color: string;
  stars: string;
  filter: { scenarioTypes: string[]; conditions: string[]; rounds: number[] };
  filterLabel: string;
}

function marksOf(r: ShiftsResult): ShiftMark[] {
  return r.rows.map((row) => ({
    ...row, pp: 100 * row.diff, lo: 100 * row.ci[0], hi: 100 * row.ci[1], color: level1Color(row.level1), stars: stars(row.q),
    filter: { scenarioTypes: [row.scenarioType], conditions: r.postConditions, rounds: r.postRounds },
    filterLabel: `post conversations (${r.postConditions.map(conditionLabel).join(', ')}), ${row.scenarioType}`,
  }));
}

function tip(d: ShiftMark): string {
  return `${d.name} (${d.scenarioType})\npre ${fixed(100 * d.pre, 1)}% of ${d.nPre} → post ${fixed(100 * d.post, 1)}% of ${d.nPost}\nΔ = ${d.pp >= 0 ? '+' : ''}${fixed(d.pp, 2)} pp [${fixed(d.lo, 2)}, ${fixed(d.hi, 2)}]\nz = ${fixed(d.z, 2)}, p = ${pExact(d.p)}, q (BH) = ${pExact(d.q)}`;
}

function byLevel(a: ShiftMark, b: ShiftMark): number {
  const la = LEVEL1_ORDER.indexOf(a.level1 ?? '');
  const lb = LEVEL1_ORDER.indexOf(b.level1 ?? '');
  return (la < 0 ? 99 : la) - (lb < 0 ? 99 : lb) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function legendOf(marks: ShiftMark[]) {
  const present = new Set(marks.map((m) => m.level1));
  return [...Object.entries(LEVEL1_COLORS).filter(([l]) => present.has(l)).map(([label, color]) => ({ label, color })), ...(present.has(null) ? [{ label: 'Unmapped', color: level1Color(null) }] : [])];
}

/** What the labels are: the simulated study's planted categories, a kSAE model's themes, or a named labelling. */
export function labellingDescription(r: ShiftsResult): string {
  if (r.labelling.startsWith('theme:')) return `themes of kSAE model ${r.labelling.slice('theme:'.length)}`;
  if (r.labelling === 'ground-truth' && r.provenance.simulated) return 'planted categories of the simulated study (its generator’s ground truth)';
  return `categories of labelling "${r.labelling}"`;
}

/** Which test the z, p, q and CIs are from, in words. */
export function shiftTestDescription(r: ShiftsResult): string {
  return r.test === 'clustered-logit'
    ? 'Test: logit of occurrence on post, SEs clustered by participant (CI of the difference by the delta method)'
    : "Test: pooled two-proportion z test, unpooled 95% CI (the paper's; ignores that sentences are nested in participants)";
}

function describe(r: ShiftsResult): string {
  const per = r.labelsPerSentence >= 2 ? `top-${Math.min(r.topK, r.labelsPerSentence)} labels per sentence` : 'one label per sentence';
  const unfitted = r.unfitted.length ? ` Not fitted (never or always present in one group): ${r.unfitted.map((u) => `${u.label} (${u.scenarioType})`).join(', ')}.` : '';
  return `Post: rounds ${r.postRounds.join(', ')} of ${r.postConditions.map(conditionLabel).join(' + ')}; pre: round ${r.baselineRound} of ${r.preConditions.length ? r.preConditions.map(conditionLabel).join(', ') : 'all conditions'}. Labelling "${r.labelling}", ${per}.${unfitted}`;
}

/** Fig. 2B: one dot per node and scenario type, 95% CI; nodes grouped by level 1. */
export function shiftsFigure(r: ShiftsResult, opts: ShiftsFigureOptions = {}): FigureSpec {
  const marks = marksOf(r).sort(byLevel);
  const names = [...new Set(marks.map((m) => m.name))];
  const types = [...new Set(marks.map((m) => m.scenarioType))];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? Math.max(200, 22 * names.length + 70),
    marginLeft: 210,
    marginTop: 44,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: types, label: null, axis: 'top', tickFormat: (t: string) => `${t[0].toUpperCase()}${t.slice(1)}` },
    y: { domain: names, label: null },
    x: { label: 'Change in incidence (percentage points, post − pre)', grid: true, nice: true },
    color: { type: 'identity' },
    marks: [
      Plot.ruleX([0], { stroke: '#444' }),
      Plot.ruleY(marks, { fx: 'scenarioType', y: 'name', x1: 'lo', x2: 'hi', stroke: 'color', strokeWidth: 1.5 }),
      Plot.dot(marks, { fx: 'scenarioType', y: 'name', x: 'pp', r: 4, fill: 'color', title: tip, tip: { fontSize: 11 } }),
      Plot.text(marks, { fx: 'scenarioType', y: 'name', x: 'hi', text: 'stars', textAnchor: 'start', dx: 4, fontSize: 10 }),
    ],
  };
  return {
    id: `shifts-${r.level}`,
    paperRef: r.level === 'category' ? 'Fig. 2B (categories)' : 'Fig. 2B',
    title: `Change in incidence of ${r.level === 'category' ? 'categories' : `${r.level.replace('level', 'level-')} taxonomy nodes`} after training`,
    subtitle: `Share of supporter sentences carrying each ${r.level === 'category' ? 'label' : 'node'}; dots: post − pre with 95% CI; stars: Benjamini-Hochberg q within scenario type. ${shiftTestDescription(r)}.`,
    caption: describe(r),
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: legendOf(marks),
    data: marks.map(({ filter: _f, filterLabel: _l, color: _c, ci: _ci, ...rest }) => rest),
    tables: [shiftsTable(r)],
  };
}

/** Fig. 2C: every label ranked by its change within scenario type. */
export function themeShiftsFigure(r: ShiftsResult, opts: ShiftsFigureOptions = {}): FigureSpec {
  const types = [...new Set(r.rows.map((m) => m.scenarioType))];
  const marks = types.flatMap((t) =>
    marksOf(r).filter((m) => m.scenarioType === t).sort((a, b) => b.diff - a.diff || (a.label < b.label ? -1 : 1)).map((m, k) => ({ ...m, rank: k + 1 })),
  );
  type RM = (typeof marks)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 340,
    marginLeft: 56,
    marginTop: 44,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: types, label: null, axis: 'top', tickFormat: (t: string) => `${t[0].toUpperCase()}${t.slice(1)}` },
    x: { label: 'Rank of change', grid: false },
    y: { label: 'Change in incidence (pp)', grid: true, nice: true },
    color: { type: 'identity' },
    marks: [
      Plot.ruleY([0], { stroke: '#444' }),
      Plot.ruleX(marks, { fx: 'scenarioType', x: 'rank', y1: 'lo', y2: 'hi', stroke: 'color', strokeOpacity: 0.6 }),
      Plot.dot(marks, { fx: 'scenarioType', x: 'rank', y: 'pp', r: 3, fill: 'color', title: (d: RM) => `#${d.rank} ${tip(d)}`, tip: { fontSize: 11 } }),
    ],
  };
  return {
    id: `theme-shifts-${r.level}`,
    paperRef: 'Fig. 2C',
    title: r.level === 'category' ? `Frequency change of the ${labellingDescription(r)}, ranked` : `Frequency change of every ${r.level} node, ranked`,
    subtitle: `Post − pre incidence with 95% CI, ranked by change within scenario type; colour: level-1 category. ${shiftTestDescription(r)}.`,
    caption: describe(r),
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: legendOf(marks),
    data: marks.map(({ filter: _f, filterLabel: _l, color: _c, ci: _ci, ...rest }) => rest),
    tables: [shiftsTable(r)],
  };
}

export function shiftsTable(r: ShiftsResult): TableSpec {
  const rows = [...marksOf(r)].sort((a, b) => (a.scenarioType < b.scenarioType ? -1 : a.scenarioType > b.scenarioType ? 1 : byLevel(a, b)));
  return {
    id: `shifts-${r.level}-table`,
    title: `Incidence shifts (${r.level === 'category' ? 'categories' : r.level}), post − pre`,
    columns: [
      { key: 'scenarioType', label: 'Scenario type' }, { key: 'level1', label: 'Level 1' }, { key: 'name', label: 'Label' },
      { key: 'pre', label: 'Pre', align: 'right' }, { key: 'post', label: 'Post', align: 'right' }, { key: 'diff', label: 'Δ pp [95% CI]', align: 'right' },
      { key: 'z', label: 'z', align: 'right' }, { key: 'p', label: 'p', align: 'right' }, { key: 'q', label: 'q (BH)', align: 'right' },
    ],
    rows: rows.map((m) => ({
      scenarioType: m.scenarioType, level1: m.level1 ?? '', name: m.name, pre: `${fixed(100 * m.pre, 1)}%`, post: `${fixed(100 * m.post, 1)}%`,
      diff: `${fixed(m.pp, 2)}${m.stars} [${fixed(m.lo, 2)}, ${fixed(m.hi, 2)}]`, z: fixed(m.z, 2), p: pValue(m.p), q: pValue(m.q),
    })),
    notes: [`${shiftTestDescription(r)}; Benjamini-Hochberg within scenario type. ${describe(r)}`],
  };
}
