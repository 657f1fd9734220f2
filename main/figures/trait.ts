// Fig. 5: trait empathy (A) and self-reports (B) against judged empathic communication, with regression and share
// tables.

import * as Plot from '@observablehq/plot';
import type { TraitResult } from '../api/contract/index.js';
import { ci, dimensionLabel, fixed, pct, pExact, provenanceLine, pValue, selfItemLabel, traitLabel } from './format.js';
import { DEFAULT_WIDTH, FONT } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface TraitFigureOptions {
  width?: number;
  height?: number;
  /** Participant dots drawn per panel at most (every k-th of the result's points); default 800. */
  maxPoints?: number;
}

export function traitFigure(r: TraitResult, opts: TraitFigureOptions = {}): FigureSpec {
  const dims = [...new Set(r.traitByScore.map((t) => t.dimension))];
  const maxPoints = opts.maxPoints ?? 800;
  const step = Math.max(1, Math.ceil(r.points.length / maxPoints));
  const dots: { trait: string; dimension: string; score: number; value: number; participant: string; filter: { participant: string } }[] = [];
  r.points.forEach((p, k) => {
    if (k % step !== 0) return;
    for (const t of r.traits) for (const d of dims) {
      const v = p.traits[t];
      const s = p.scores[d];
      if (v != null && s != null) dots.push({ trait: traitLabel(t), dimension: dimensionLabel(d), score: s, value: v, participant: p.participant, filter: { participant: p.participant } });
    }
  });
  const means = r.traitByScore.map((t) => ({ ...t, traitLabel: traitLabel(t.trait), dimensionLabel: dimensionLabel(t.dimension), lo: t.ci?.[0] ?? t.mean, hi: t.ci?.[1] ?? t.mean }));
  const r2 = r.regressions
    .filter((g) => g.level === 'participant' && r.traits.includes(g.predictor) && dims.includes(g.outcome))
    .map((g) => ({ trait: traitLabel(g.predictor), dimension: dimensionLabel(g.outcome), label: `R² = ${fixed(g.rsquared, 3)}` }));
  type M = (typeof means)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 170 * Math.max(1, r.traits.length) + 60,
    marginLeft: 56,
    marginRight: 100,
    marginTop: 56,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: dims.map(dimensionLabel), label: null, axis: 'top', tickFormat: (s: string) => s.replace(/ (\S+)$/, '\n$1') },
    fy: { domain: r.traits.map(traitLabel), label: null, axis: 'right' },
    x: { label: 'Judged score (participant mean)', domain: [1, 5], ticks: [1, 3, 5], tickFormat: 'd' },
    y: { label: 'Trait empathy', grid: true },
    marks: [
      Plot.dot(dots, { fx: 'dimension', fy: 'trait', x: 'score', y: 'value', r: 1.5, fill: '#999', fillOpacity: 0.25 }),
      Plot.ruleX(means, { fx: 'dimensionLabel', fy: 'traitLabel', x: 'score', y1: 'lo', y2: 'hi', stroke: '#c92a2a', strokeWidth: 1.5 }),
      Plot.dot(means, {
        fx: 'dimensionLabel', fy: 'traitLabel', x: 'score', y: 'mean', r: 3.5, fill: '#c92a2a',
        title: (d: M) => `${d.traitLabel} at ${d.dimensionLabel} ≈ ${d.score}\nmean ${fixed(d.mean, 2)} ${ci(d.ci, 2)}\nn = ${d.n} participants`, tip: { fontSize: 11 },
      }),
      Plot.text(r2, { fx: 'dimension', fy: 'trait', text: 'label', frameAnchor: 'top-left', dx: 4, dy: 4, fontSize: 10, fill: '#333' }),
    ],
  };
  return {
    id: 'trait',
    paperRef: 'Fig. 5A',
    title: 'Trait empathy versus judged empathic communication',
    subtitle: 'Grey: one participant (mean judged score over the selected conversations). Red: mean trait score at each rounded score level, 95% CI.',
    caption: step > 1 || r.pointsSampled ? 'Participant dots are a deterministic sample (every k-th participant); means and R² use everyone.' : undefined,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [{ label: 'Participant', color: '#bbb' }, { label: 'Mean trait score (95% CI)', color: '#c92a2a' }],
    data: means.map(({ traitLabel: _t, dimensionLabel: _d, ci: _c, ...rest }) => rest),
    tables: [traitTable(r)],
  };
}

/** The self-report items Fig. 5B plots: empathy (against the overall score), understanding and elaboration. */
export const SELF_REPORT_FIGURE_ITEMS: readonly string[] = ['empathized', 'showed_understanding', 'encouraged_elaboration'];

export interface SelfReportFigureOptions extends TraitFigureOptions {
  /** Items drawn; default the paper's three (SELF_REPORT_FIGURE_ITEMS) among those present, else every item. */
  items?: string[];
}

/** Each outcome's own scale: the overall score spans −12…12, a dimension 1…5. */
function outcomeScale(outcome: string): { lo: number; hi: number; ticks: number[] } {
  return outcome === 'overall' ? { lo: -12, hi: 12, ticks: [-12, -6, 0, 6, 12] } : { lo: 1, hi: 5, ticks: [1, 2, 3, 4, 5] };
}

export function selfReportFigure(r: TraitResult, opts: SelfReportFigureOptions = {}): FigureSpec {
  const paper = SELF_REPORT_FIGURE_ITEMS.filter((i) => r.items.includes(i));
  const items = opts.items ?? (paper.length ? paper : r.items);
  // Facets share one y scale in Plot, so every panel maps its outcome's own range onto 0…1 and draws its own axis.
  const pos = (outcome: string, v: number) => {
    const s = outcomeScale(outcome);
    return (v - s.lo) / (s.hi - s.lo);
  };
  const cells = r.selfReportCells.filter((c) => items.includes(c.item) && c.outcome === r.itemOutcome[c.item]);
  const rows = cells.map((c) => ({ ...c, itemLabel: selfItemLabel(c.item), outcomeLabel: dimensionLabel(c.outcome), y: pos(c.outcome, c.judge) }));
  const ticks = items.flatMap((i) => {
    const o = r.itemOutcome[i];
    return outcomeScale(o).ticks.map((t) => ({ itemLabel: selfItemLabel(i), y: pos(o, t), label: String(t).replace('-', '−') }));
  });
  // The facet header names the item and, on a second line, the outcome and scale its panel's y axis shows.
  const header = new Map(items.map((i) => [selfItemLabel(i), `${selfItemLabel(i)}\nJudged ${dimensionLabel(r.itemOutcome[i]).toLowerCase()}${r.itemOutcome[i] === 'overall' ? ' score (−12…12)' : ' (1–5)'}`]));
  const r2 = r.regressions
    .filter((g) => g.predictor.startsWith('self:') && items.includes(g.predictor.slice(5)) && r.itemOutcome[g.predictor.slice(5)] === g.outcome)
    .map((g) => ({ itemLabel: selfItemLabel(g.predictor.slice(5)), label: `R² = ${fixed(g.rsquared, 3)}, n = ${g.n}` }));
  type C = (typeof rows)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 340,
    marginLeft: 40,
    marginTop: 60,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: items.map(selfItemLabel), label: null, axis: 'top', padding: 0.22, tickFormat: (l: string) => header.get(l) ?? l },
    x: { label: 'Self-report (1 = not at all … 5 = very much)', ticks: [1, 2, 3, 4, 5], tickFormat: 'd', domain: [0.5, 5.5] },
    y: { domain: [-0.04, 1.04], axis: null },
    r: { range: [0.5, 9] },
    marks: [
      Plot.ruleY(ticks, { fx: 'itemLabel', y: 'y', stroke: '#e9ecef' }),
      Plot.text(ticks, { fx: 'itemLabel', y: 'y', text: 'label', frameAnchor: 'left', textAnchor: 'end', dx: -5, fontSize: 10, fill: '#555' }),
      Plot.dot(rows, {
        fx: 'itemLabel', x: 'self', y: 'y', r: 'n', fill: '#3a78c9', fillOpacity: 0.55,
        title: (d: C) => `${d.itemLabel}: self ${d.self}, judged ${d.outcomeLabel} ${d.judge}\n${d.n} conversations`, tip: { fontSize: 11 },
      }),
      Plot.text(r2, { fx: 'itemLabel', text: 'label', frameAnchor: 'top-right', dx: -4, dy: 4, fontSize: 10, fill: '#333' }),
    ],
  };
  return {
    id: 'self-report',
    paperRef: 'Fig. 5B',
    title: 'Self-reported versus judged empathic communication',
    subtitle: `Each dot: conversations with that self-report and judged score (area ∝ count); each panel on its outcome's own scale. Outcomes: ${items.map((i) => `${selfItemLabel(i)} → ${dimensionLabel(r.itemOutcome[i])}`).join('; ')}.`,
    caption: items.length < r.items.length ? `Items as in the paper; also available: ${r.items.filter((i) => !items.includes(i)).map(selfItemLabel).join(', ')}.` : undefined,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [],
    data: cells.map((c) => ({ ...c })),
    tables: [sharesTable(r), traitTable(r)],
  };
}

export function traitTable(r: TraitResult): TableSpec {
  const label = (p: string) => (p.startsWith('self:') ? `Self-report: ${selfItemLabel(p.slice(5))}` : traitLabel(p));
  return {
    id: 'trait-regressions',
    title: 'Trait and self-report regressions (OLS)',
    columns: [
      { key: 'predictor', label: 'Predictor' }, { key: 'outcome', label: 'Outcome' }, { key: 'level', label: 'Level' },
      { key: 'n', label: 'n', align: 'right' }, { key: 'slope', label: 'Slope [95% CI]', align: 'right' },
      { key: 'p', label: 'p', align: 'right' }, { key: 'r2', label: 'R²', align: 'right' },
    ],
    rows: r.regressions.map((g) => ({
      predictor: label(g.predictor), outcome: dimensionLabel(g.outcome), level: g.level, n: String(g.n),
      slope: `${fixed(g.slope)} ${ci(g.slopeCi)}`, p: pValue(g.p), r2: fixed(g.rsquared, 3),
    })),
    notes: ['Classical OLS with intercept (t on n − 2 df). Participant level: mean judged score over the selected conversations.'],
  };
}

export function sharesTable(r: TraitResult): TableSpec {
  return {
    id: 'self-report-shares',
    title: `Share "quite a bit" or "very much" (≥ ${r.shares[0]?.threshold ?? 4}): self-report versus judge`,
    columns: [
      { key: 'item', label: 'Self-report item' }, { key: 'dimension', label: 'Judged dimension' },
      { key: 'self', label: 'Self ≥ threshold [95% CI]', align: 'right' }, { key: 'judge', label: 'Judge ≥ threshold [95% CI]', align: 'right' },
      { key: 'n', label: 'n (self / judge)', align: 'right' },
    ],
    rows: r.shares.map((s) => ({
      item: selfItemLabel(s.item), dimension: dimensionLabel(s.dimension),
      self: `${pct(s.shareSelf)} [${pct(s.ciSelf[0])}, ${pct(s.ciSelf[1])}]`, judge: `${pct(s.shareJudge)} [${pct(s.ciJudge[0])}, ${pct(s.ciJudge[1])}]`,
      n: `${s.nSelf} / ${s.nJudge}`,
    })),
    notes: ['Wilson 95% intervals; both shares over the conversations with that self-report.'],
  };
}
