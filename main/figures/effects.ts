// Fig. 3B (standardised condition effects) with Extended Data Tables 1 (coefficients) and 2 (pairwise contrasts).

import * as Plot from '@observablehq/plot';
import type { ContrastsResult, EffectsResult } from '../api/contract/index.js';
import { PRESCRIPTIVE } from '../domain/study.js';
import { ci, conditionLabel, dimensionLabel, fixed, pExact, provenanceLine, pValue, stars, termLabel } from './format.js';
import { conditionColor, DEFAULT_WIDTH, FONT } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface EffectsFigureOptions {
  width?: number;
  height?: number;
  /** Also draw the round-1 condition differences (main effects); default false (Fig. 3B shows condition × post). */
  includeBaseline?: boolean;
}

interface EffectBar {
  dimension: string;
  dimensionLabel: string;
  condition: string;
  conditionLabel: string;
  term: string;
  coef: number;
  se: number;
  z: number;
  p: number;
  lo: number;
  hi: number;
  stars: string;
  n: number;
  color: string;
  filter: { conditions: string[]; rounds: number[]; scenarioTypes?: string[] };
  filterLabel: string;
}

export function effectBars(r: EffectsResult, opts: EffectsFigureOptions = {}): EffectBar[] {
  const out: EffectBar[] = [];
  for (const [dimension, d] of Object.entries(r.dimensions)) {
    r.treatments.forEach((c, i) => {
      for (const term of opts.includeBaseline ? [c, `${c}:post`] : [`${c}:post`]) {
        const t = d.terms[term];
        if (!t) continue;
        const post = term.endsWith(':post');
        out.push({
          dimension, dimensionLabel: dimensionLabel(dimension), condition: c, conditionLabel: conditionLabel(c) + (opts.includeBaseline && !post ? ' (round 1)' : ''),
          term, coef: t.coef, se: t.se, z: t.z, p: t.p, lo: t.ci[0], hi: t.ci[1], stars: stars(t.p), n: d.n, color: conditionColor(c, i + 1),
          filter: { conditions: [c], rounds: post ? r.postRounds : [r.baselineRound], ...(r.scenarioType ? { scenarioTypes: [r.scenarioType] } : {}) },
          filterLabel: `${conditionLabel(c)}, ${post ? 'post' : 'baseline'} conversations`,
        });
      }
    });
  }
  return out;
}

/** Long facet labels on two lines ("Encouraging\nelaboration"). */
export function twoLines(s: string): string {
  if (s.length <= 14) return s;
  const mid = s.lastIndexOf(' ', Math.ceil(s.length / 2) + 2);
  return mid > 0 ? `${s.slice(0, mid)}\n${s.slice(mid + 1)}` : s;
}

/** "Overall score: AI coach +2.90 points [1.48, 4.32] = 0.77 baseline SDs; …" (null without an overall fit). */
export function overallEffectsLine(r: EffectsResult): string | null {
  const o = r.dimensions.overall;
  if (!o) return null;
  const parts = r.treatments.map((c) => {
    const pt = o.points[`${c}:post`];
    const bs = o.baselineSds?.[`${c}:post`];
    if (!pt) return null;
    const sign = pt.coef >= 0 ? '+' : '';
    return `${conditionLabel(c)} ${sign}${fixed(pt.coef, 2)} points ${ci(pt.ci, 2)}${bs ? ` = ${fixed(bs.coef, 2)} baseline SDs` : ''}${stars(pt.p)}`;
  }).filter(Boolean);
  return `Overall score (EE + VE + DU − AG − SO − DE), condition × post: ${parts.join('; ')}${o.baselineSd ? ` (baseline SD ${fixed(o.baselineSd, 2)} points)` : ''}.`;
}

export function effectsFigure(r: EffectsResult, contrasts?: ContrastsResult | null, opts: EffectsFigureOptions = {}): FigureSpec {
  const bars = effectBars(r, opts);
  const dims = Object.keys(r.dimensions);
  const overallLine = overallEffectsLine(r);
  const width = opts.width ?? DEFAULT_WIDTH;
  const tip = (d: EffectBar) =>
    `${d.dimensionLabel}\n${termLabel(d.term, r.reference, r.baselineRound)}\nβ = ${fixed(d.coef)} SD (SE ${fixed(d.se)})\nz = ${fixed(d.z, 2)}, p = ${pExact(d.p)}\n95% CI [${fixed(d.lo)}, ${fixed(d.hi)}]\nn = ${d.n} conversations`;
  const plot: Plot.PlotOptions = {
    width,
    height: opts.height ?? 380,
    marginLeft: 52,
    marginTop: 48,
    marginBottom: 24,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: dims.map(dimensionLabel), label: null, padding: 0.12, axis: 'top', tickFormat: twoLines },
    x: { domain: bars.filter((b, i, all) => all.findIndex((x) => x.conditionLabel === b.conditionLabel) === i).map((b) => b.conditionLabel), axis: null, padding: 0.15 },
    y: { label: `Effect vs ${conditionLabel(r.reference)} (SD units)`, grid: true, nice: true, insetTop: 14, insetBottom: 14 },
    color: { type: 'identity' },
    marks: [
      Plot.ruleY([0], { stroke: '#444' }),
      Plot.barY(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y: 'coef', fill: 'color', title: tip, tip: { fontSize: 11 } }),
      Plot.ruleX(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y1: 'lo', y2: 'hi', stroke: '#222', strokeWidth: 1.2 }),
      Plot.tickY(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y: 'lo', stroke: '#222', inset: 6 }),
      Plot.tickY(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y: 'hi', stroke: '#222', inset: 6 }),
      Plot.text(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y: 'hi', text: 'stars', lineAnchor: 'bottom', dy: -2, fontSize: 12, fontWeight: 'bold', filter: (d: EffectBar) => d.coef >= 0 && !!d.stars }),
      Plot.text(bars, { fx: 'dimensionLabel', x: 'conditionLabel', y: 'lo', text: 'stars', lineAnchor: 'top', dy: 2, fontSize: 12, fontWeight: 'bold', filter: (d: EffectBar) => d.coef < 0 && !!d.stars }),
    ],
  };
  const legend = r.treatments.map((c, i) => ({ label: conditionLabel(c), color: conditionColor(c, i + 1) }));
  const data = bars.map(({ filter: _f, filterLabel: _l, color: _c, ...rest }) => rest);
  const tables = [effectsTable(r)];
  if (r.dimensions.overall) tables.push(overallEffectsTable(r));
  if (contrasts) tables.push(contrastsTable(contrasts));
  const skipped = r.skipped.length ? ` Not fitted: ${r.skipped.map((s) => `${dimensionLabel(s.dimension)} (${s.reason})`).join('; ')}.` : '';
  return {
    id: r.scenarioType ? `effects-${r.scenarioType}` : 'effects',
    paperRef: 'Fig. 3B',
    title: 'Standardised intervention effects' + (r.scenarioType ? ` (${r.scenarioType} scenarios)` : ''),
    subtitle: `OLS coefficients of condition × post (rounds ${r.postRounds.join(', ')} vs round ${r.baselineRound}) in SD units, 95% CIs clustered by participant; * p < 0.05, ** p < 0.01, *** p < 0.001`,
    caption: `Reference: ${conditionLabel(r.reference)}.${overallLine ? ` ${overallLine} Its bars are in the model's SD units like the six dimensions.` : ''}${skipped}`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend,
    data,
    tables,
  };
}

/** Extended Data Table 1: coefficient*** (SE) per term and dimension, plus observations (the six dimensions; the overall score has its own table). */
export function effectsTable(r: EffectsResult): TableSpec {
  const dims = Object.keys(r.dimensions).filter((d) => d !== 'overall' || Object.keys(r.dimensions).length === 1);
  const first = r.dimensions[dims[0]];
  const terms = first ? Object.keys(first.terms) : [];
  const rows = terms.map((t) => {
    const row: Record<string, string> = { term: termLabel(t, r.reference, r.baselineRound) };
    for (const d of dims) {
      const x = r.dimensions[d].terms[t];
      row[d] = x ? `${fixed(x.coef)}${stars(x.p)} (${fixed(x.se)})` : '';
    }
    return row;
  });
  rows.push({ term: 'Observations', ...Object.fromEntries(dims.map((d) => [d, String(r.dimensions[d].n)])) });
  return {
    id: 'ed-table-1',
    title: 'Extended Data Table 1: effects of training interventions (OLS, SD units)',
    columns: [{ key: 'term', label: '' }, ...dims.map((d) => ({ key: d, label: dimensionLabel(d), align: 'right' as const }))],
    rows,
    notes: ['Cluster-robust standard errors (clustered by participant, CR1) in parentheses. * p < 0.05; ** p < 0.01; *** p < 0.001.'],
  };
}

/** The overall score's condition × post effects in the model's SD units, in points and in baseline SDs. */
export function overallEffectsTable(r: EffectsResult): TableSpec {
  const o = r.dimensions.overall;
  const rows = o ? r.treatments.map((c) => {
    const t = `${c}:post`;
    const bs = o.baselineSds?.[t];
    return {
      term: termLabel(t, r.reference, r.baselineRound),
      sd: `${fixed(o.terms[t].coef)}${stars(o.terms[t].p)} ${ci(o.terms[t].ci)}`,
      points: `${fixed(o.points[t].coef, 2)} ${ci(o.points[t].ci, 2)}`,
      baseline: bs ? `${fixed(bs.coef)} ${ci(bs.ci)}` : '–',
      p: pValue(o.terms[t].p),
    };
  }) : [];
  return {
    id: 'overall-effects',
    title: 'Overall empathy score (EE + VE + DU − AG − SO − DE): effects of training, condition × post',
    columns: [
      { key: 'term', label: '' }, { key: 'sd', label: 'SD units [95% CI]', align: 'right' }, { key: 'points', label: 'Points [95% CI]', align: 'right' },
      { key: 'baseline', label: 'Baseline SDs [95% CI]', align: 'right' }, { key: 'p', label: 'p', align: 'right' },
    ],
    rows,
    notes: [
      `Same model as Extended Data Table 1 with the overall score as outcome (${o?.n ?? 0} conversations with all six dimensions scored), clustered by participant. `
      + `SD units: score / its SD over all those conversations (${fixed(o?.sd, 2)} points); baseline SDs: points / the SD of round-${r.baselineRound} scores (${fixed(o?.baselineSd, 2)} points).`,
    ],
  };
}

/** Extended Data Table 2: pairwise contrasts of the interaction terms, Holm-adjusted across all rows. */
export function contrastsTable(c: ContrastsResult): TableSpec {
  const dims = [...new Set(c.rows.map((r) => r.dimension))];
  const rows: Record<string, string>[] = [];
  const groups: Record<number, string> = {};
  let lastGroup = '';
  for (const d of dims) {
    const group = (PRESCRIPTIVE as readonly string[]).includes(d) ? 'Prescriptive behaviors' : 'Proscriptive behaviors';
    if (group !== lastGroup) {
      groups[rows.length] = group;
      lastGroup = group;
    }
    c.rows.filter((r) => r.dimension === d).forEach((r, k) => {
      rows.push({
        dimension: k === 0 ? dimensionLabel(d) : '',
        contrast: `${conditionLabel(r.a)} vs ${conditionLabel(r.b)}`,
        delta: `${fixed(r.estimate, 2)}${stars(r.pHolm)}`,
        z: fixed(r.z, 2),
        p: pValue(r.pHolm),
      });
    });
  }
  return {
    id: 'ed-table-2',
    title: 'Extended Data Table 2: pairwise comparisons between training conditions',
    columns: [
      { key: 'dimension', label: 'Dimension' }, { key: 'contrast', label: 'Contrast' }, { key: 'delta', label: 'Δ (SD)', align: 'right' },
      { key: 'z', label: 'z', align: 'right' }, { key: 'p', label: 'p (Holm)', align: 'right' },
    ],
    rows,
    groups,
    notes: [`Wald z tests on the condition × post coefficients with cluster-robust covariance; Holm correction over ${c.tests} comparisons. Δ = first minus second condition.`],
  };
}
