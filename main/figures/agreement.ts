// Rater agreement: matrix of dimensions x rater pairs (cells: the chosen statistic, outlined when below the experts'
// own agreement), and the agreement table (the `analyze agreement` rows).

import * as Plot from '@observablehq/plot';
import type { AgreementMatrixResult, AgreementResult, AgreementResultRow, AgreementStat } from '../api/contract/index.js';
import { ci, dimensionLabel, fixed, provenanceLine } from './format.js';
import { DEFAULT_WIDTH, FONT } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export const STAT_LABELS: Record<AgreementStat, string> = {
  kappa_scale: 'Quadratic-weighted κ (scale 1-5)',
  kappa_observed: 'Quadratic-weighted κ (observed values, published method)',
  alpha: "Krippendorff's α (interval)",
  rho: "Spearman's ρ",
  exact: 'Exact agreement',
};

export interface AgreementFigureOptions { width?: number; height?: number; metric?: AgreementStat }

export function agreementMatrixFigure(r: AgreementMatrixResult, opts: AgreementFigureOptions = {}): FigureSpec {
  const metric = opts.metric ?? r.metric;
  const pairs = r.pairs.map((p) => p.label);
  const dims = [...new Set(r.rows.map((x) => x.dimension))];
  const cells = r.rows.map((x) => ({ ...x, value: x[metric] as number, dimensionLabel: dimensionLabel(x.dimension), text: fixed(x[metric] as number, 2), flagged: x.below_experts === true && metric === r.metric }));
  type C = (typeof cells)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? Math.min(DEFAULT_WIDTH, 160 + 92 * pairs.length),
    height: opts.height ?? 60 + 34 * dims.length + 60,
    marginLeft: 190,
    marginBottom: 70,
    style: { fontFamily: FONT, fontSize: '11px' },
    x: { domain: pairs, label: null, tickRotate: -25 },
    y: { domain: dims.map(dimensionLabel), label: null },
    color: { type: 'linear', domain: [0, 1], range: ['#f1f3f5', '#1c5fad'], clamp: true },
    marks: [
      Plot.cell(cells, {
        x: 'pair', y: 'dimensionLabel', fill: 'value', inset: 1,
        title: (d: C) => `${d.pair} · ${d.dimensionLabel} (n = ${d.n})\nκ scale ${fixed(d.kappa_scale, 3)}, κ observed ${fixed(d.kappa_observed, 3)}\nα ${fixed(d.alpha, 3)} ${ci(d.alpha_ci, 3)}\nρ ${fixed(d.rho, 3)} ${ci(d.rho_ci, 3)}\nexact ${fixed(100 * d.exact, 1)}%${d.experts_mean != null && d.candidate_loo != null ? `\nleave-one-out: this rater ${fixed(d.candidate_loo, 3)}, experts ${fixed(d.experts_mean, 3)}${d.below_experts ? ' (below)' : ''}` : ''}`,
        tip: { fontSize: 11 },
      }),
      Plot.cell(cells.filter((c) => c.flagged), { x: 'pair', y: 'dimensionLabel', fill: 'none', stroke: '#e03131', strokeWidth: 2.5, inset: 2 }),
      Plot.text(cells, { x: 'pair', y: 'dimensionLabel', text: 'text', fill: (d: C) => (d.value > 0.6 ? 'white' : 'black'), fontSize: 11 }),
    ],
  };
  return {
    id: 'agreement-matrix',
    paperRef: 'Rater agreement',
    title: `${STAT_LABELS[metric]} by rater pair and dimension`,
    subtitle: r.reference ? `Each rater against ${r.reference}, and the reference's members pairwise. Red outline: below the experts on this statistic, like with like (each expert, and this rater, against the median of the other experts, averaged over the left-out expert).` : 'Every pair of score sets.',
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: r.reference ? [{ label: 'Below the experts’ own agreement', color: '#e03131' }] : [],
    data: cells.map(({ dimensionLabel: _d, text: _t, alpha_ci, rho_ci, ...rest }) => ({ ...rest, alpha_lo: alpha_ci[0], alpha_hi: alpha_ci[1], rho_lo: rho_ci?.[0] ?? null, rho_hi: rho_ci?.[1] ?? null })),
    tables: [agreementTable('agreement-table', 'Agreement by rater pair and dimension', r.rows, r.metric)],
  };
}

/**
 * "below (0.424)" beside a κ of 0.424 reads as a contradiction: the comparison shows as many digits as it
 * takes for the two numbers to differ (up to 6).
 */
export function flagText(value: number, expertsMean: number, below: boolean): string {
  let digits = 3;
  while (digits < 6 && fixed(value, digits) === fixed(expertsMean, digits)) digits++;
  return `${below ? 'below' : 'at/above'} (${fixed(value, digits)} vs ${fixed(expertsMean, digits)})`;
}

/** `metric`: the statistic of the leave-one-out benchmark (the result's flagMetric or the matrix's metric). */
export function agreementTable(id: string, title: string, rows: (AgreementResultRow & { pair?: string })[], metric: AgreementStat = 'kappa_scale'): TableSpec {
  const withPair = rows.some((r) => r.pair);
  return {
    id,
    title,
    columns: [
      ...(withPair ? [{ key: 'pair', label: 'Raters' }] : []), { key: 'dimension', label: 'Dimension' }, { key: 'n', label: 'n', align: 'right' as const },
      { key: 'kappa_scale', label: 'κ (1-5)', align: 'right' as const }, { key: 'kappa_observed', label: 'κ (observed)', align: 'right' as const },
      { key: 'alpha', label: 'α [95% CI]', align: 'right' as const }, { key: 'rho', label: 'ρ [95% CI]', align: 'right' as const },
      { key: 'exact', label: 'Exact', align: 'right' as const }, { key: 'flag', label: 'vs experts', align: 'right' as const },
    ],
    rows: rows.map((r) => ({
      ...(withPair ? { pair: r.pair ?? '' } : {}),
      dimension: dimensionLabel(r.dimension), n: String(r.n), kappa_scale: fixed(r.kappa_scale, 3), kappa_observed: fixed(r.kappa_observed, 3),
      alpha: `${fixed(r.alpha, 3)} ${ci(r.alpha_ci, 3)}`, rho: `${fixed(r.rho, 3)} ${ci(r.rho_ci, 3)}`, exact: `${fixed(100 * r.exact, 1)}%`,
      flag: r.experts_mean == null || r.candidate_loo == null ? '' : flagText(r.candidate_loo, r.experts_mean, r.below_experts === true),
    })),
    notes: [
      "κ (1-5): quadratic weights over the scale; κ (observed): statsmodels cohens_kappa on the observed values (×100, rounded), as the published Lend an Ear analysis; α: Krippendorff's interval alpha, bootstrap over conversations; ρ: Spearman with a Fisher CI.",
      `vs experts (${STAT_LABELS[metric]}): this rater vs the experts, leave-one-out — for each expert, the expert and this rater each against the median of the other experts, averaged over the left-out expert.`,
    ],
  };
}

export function agreementResultTable(r: AgreementResult): TableSpec {
  return agreementTable('agreement', `Agreement of ${r.a.spec} with ${r.b.spec}`, r.rows, r.flagMetric);
}
