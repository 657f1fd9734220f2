// Fig. 6: Elo by score decile (A), human selection rate by score difference with the logistic fit (B), human
// Bradley-Terry strengths against Elo (C); Supplementary Tables 9-12 (the four preference logits).

import * as Plot from '@observablehq/plot';
import type { EloResult, PreferenceModel, PreferenceResult } from '../api/contract/index.js';
import { ci, dimensionLabel, fixed, pExact, provenanceLine, pValue, scenarioLabel, stars } from './format.js';
import { DEFAULT_WIDTH, FONT, SCENARIO_COLORS } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface PreferenceFigureOptions { width?: number; height?: number }

function scenarioColors(scenarios: string[]): Map<string, string> {
  return new Map([...scenarios].sort().map((s, i) => [s, SCENARIO_COLORS[i % SCENARIO_COLORS.length]]));
}

export function eloDecilesFigure(r: EloResult, opts: PreferenceFigureOptions = {}): FigureSpec {
  const colors = scenarioColors([...new Set(r.deciles.map((d) => d.scenario))]);
  const rows = r.deciles.map((d) => ({
    ...d, scenarioLabel: scenarioLabel(d.scenario), color: colors.get(d.scenario)!, lo: d.ci?.[0] ?? d.meanElo, hi: d.ci?.[1] ?? d.meanElo,
    filter: { conversationIds: d.conversationIds }, filterLabel: `${scenarioLabel(d.scenario)}, score decile ${d.decile}${d.truncated ? ` (first ${d.conversationIds.length})` : ''}`,
  }));
  type R = (typeof rows)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 360,
    marginLeft: 56,
    style: { fontFamily: FONT, fontSize: '11px' },
    x: { label: 'Overall score decile (within scenario)', ticks: 10, domain: [0.5, 10.5] },
    y: { label: 'Mean Elo rating', grid: true },
    color: { type: 'identity' },
    marks: [
      Plot.ruleY([1000], { stroke: '#aaa', strokeDasharray: '3,3' }),
      Plot.line(rows, { x: 'decile', y: 'meanElo', z: 'scenario', stroke: 'color', strokeWidth: 1.8 }),
      Plot.ruleX(rows, { x: 'decile', y1: 'lo', y2: 'hi', stroke: 'color', strokeOpacity: 0.7 }),
      Plot.dot(rows, {
        x: 'decile', y: 'meanElo', fill: 'color', r: 3.5,
        title: (d: R) => `${d.scenarioLabel}, decile ${d.decile}\nmean Elo ${fixed(d.meanElo, 1)} ${ci(d.ci, 1)}\nmean overall score ${fixed(d.meanOverall, 2)}\nn = ${d.n} conversations`, tip: { fontSize: 11 },
      }),
    ],
  };
  return {
    id: 'elo-deciles',
    paperRef: 'Fig. 6A',
    title: 'Elo ratings from pairwise LLM judgments by overall score decile',
    subtitle: `Judge ${r.judgeId}: ${r.judgments} judgments over ${r.conversations} conversations (start 1000, K = ${String(r.provenance.parameters.k ?? 32)}); mean with 95% CI.`,
    caption: r.spearman.map((s) => `${s.label}: ρ = ${fixed(s.rho, 3)} (n = ${s.n})`).join('; '),
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [...colors].map(([s, color]) => ({ label: scenarioLabel(s), color })),
    data: rows.map(({ filter: _f, filterLabel: _l, color: _c, conversationIds: _i, ci: _ci, ...rest }) => rest),
    tables: [spearmanTable('elo-spearman', 'Spearman correlations of Elo with the overall score', r.spearman)],
    empty: r.deciles.length ? undefined : 'No overall scores for the rated conversations: deciles need a score set with all six dimensions.',
  };
}

export function preferenceRatesFigure(r: PreferenceResult, opts: PreferenceFigureOptions = {}): FigureSpec {
  const m = r.models.find((x) => x.outcome === 'higher-score' && x.predictors === 'overall');
  const bins = r.bins.map((b) => ({
    ...b, x: b.lo === b.hi ? b.lo : b.hi - b.lo === 1 ? b.lo : (b.lo + b.hi) / 2, lo95: b.ci[0], hi95: b.ci[1],
    filter: { conversationIds: b.conversationIds }, filterLabel: `pairs with |difference| in [${b.lo}, ${b.hi})`,
  }));
  type B = (typeof bins)[number];
  const t = m && !m.error ? m.terms.abs_diff : null;
  const plot: Plot.PlotOptions = {
    width: opts.width ?? Math.min(DEFAULT_WIDTH, 720),
    height: opts.height ?? 360,
    marginLeft: 56,
    style: { fontFamily: FONT, fontSize: '11px' },
    x: { label: '|Overall score difference| between the two conversations', nice: true },
    y: { label: 'Chose the higher-scored conversation', domain: [0, 1], tickFormat: '.0%', grid: true },
    marks: [
      Plot.ruleY([0.5], { stroke: '#aaa', strokeDasharray: '3,3' }),
      Plot.line(r.curve, { x: 'x', y: 'p', stroke: '#888', strokeWidth: 2 }),
      Plot.ruleX(bins, { x: 'x', y1: 'lo95', y2: 'hi95', stroke: '#3a78c9' }),
      Plot.dot(bins, {
        x: 'x', y: 'rate', r: 4, fill: '#3a78c9',
        title: (d: B) => `|difference| ${d.lo === d.hi ? d.lo : `in [${d.lo}, ${d.hi})`}\n${d.k} of ${d.n} chose the higher-scored (${fixed(100 * d.rate, 1)}%)\n95% Wilson CI [${fixed(100 * d.lo95, 1)}%, ${fixed(100 * d.hi95, 1)}%]`, tip: { fontSize: 11 },
      }),
    ],
  };
  return {
    id: 'preference-rates',
    paperRef: 'Fig. 6B',
    title: 'Human choices follow the judged score difference',
    subtitle: t ? `Logistic regression (clustered by rater): OR = ${fixed(t.oddsRatio, 3)} per point, 95% CI [${fixed(t.orCi[0], 2)}, ${fixed(t.orCi[1], 2)}], p = ${pExact(t.p)}; grey line: fitted probability averaged over scenarios.` : `Logistic fit unavailable: ${m?.error ?? 'no model'}`,
    caption: `${r.trials.used} of ${r.trials.human} human trials by ${r.trials.raters} raters used; ${r.trials.ties} ties in the overall score dropped from this outcome. Dots: observed rate per bin with 95% Wilson intervals.`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [{ label: 'Observed rate (95% Wilson CI)', color: '#3a78c9' }, { label: 'Logistic fit', color: '#888' }],
    data: bins.map(({ filter: _f, filterLabel: _l, conversationIds: _i, ci: _c, ...rest }) => rest),
    tables: preferenceTables(r),
  };
}

export function bradleyTerryFigure(r: PreferenceResult, opts: PreferenceFigureOptions = {}): FigureSpec {
  const colors = scenarioColors([...new Set(r.items.map((i) => i.scenario))]);
  const items = r.items.filter((i) => i.elo != null).map((i) => ({ ...i, color: colors.get(i.scenario)!, scenarioLabel: scenarioLabel(i.scenario), filter: { conversationIds: [i.conversationId] }, filterLabel: i.conversationId }));
  type I = (typeof items)[number];
  const rho = r.spearman.find((s) => s.label === 'Bradley-Terry vs Elo');
  const rhoScore = r.spearman.find((s) => s.label === 'Bradley-Terry vs overall score');
  const plot: Plot.PlotOptions = {
    width: opts.width ?? Math.min(DEFAULT_WIDTH, 720),
    height: opts.height ?? 380,
    marginLeft: 56,
    style: { fontFamily: FONT, fontSize: '11px' },
    x: { label: 'Elo rating (LLM pairwise judgments)', grid: true },
    y: { label: 'Human Bradley-Terry strength (log)', grid: true },
    color: { type: 'identity' },
    marks: [
      Plot.dot(items, {
        x: 'elo', y: 'logStrength', fill: 'color', r: 3.5, fillOpacity: 0.8,
        title: (d: I) => `${d.conversationId} (${d.scenarioLabel})\nElo ${fixed(d.elo, 1)}, overall score ${fixed(d.overall, 0)}\nBT strength ${fixed(d.strength, 3)} (log ${fixed(d.logStrength, 3)})\n${d.wins} wins in ${d.games} comparisons`, tip: { fontSize: 11 },
      }),
    ],
  };
  return {
    id: 'bradley-terry',
    paperRef: 'Fig. 6C',
    title: 'Human preference rankings against LLM Elo ratings',
    subtitle: `Bradley-Terry (MM, per scenario, geometric mean 1) from human choices. Spearman ρ with Elo = ${rho ? `${fixed(rho.rho, 3)} (p = ${pExact(rho.p)}, N = ${rho.n})` : '–'}; with the overall score = ${rhoScore ? `${fixed(rhoScore.rho, 3)} (p = ${pExact(rhoScore.p)})` : '–'}.`,
    caption: r.bradleyTerryRegularized.length ? `The plain Bradley-Terry MLE does not exist in ${r.bradleyTerryRegularized.join(', ')} (an item with no wins or no losses); those strengths use 0.5 virtual wins and losses per item.` : undefined,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [...colors].map(([s, color]) => ({ label: scenarioLabel(s), color })),
    data: items.map(({ filter: _f, filterLabel: _l, color: _c, ...rest }) => rest),
    tables: [spearmanTable('preference-spearman', 'Spearman correlations of human Bradley-Terry strengths', r.spearman)],
    empty: items.length ? undefined : 'No LLM Elo ratings for the conversations humans compared.',
  };
}

function predictorLabel(name: string): string {
  if (name === 'intercept') return 'Intercept';
  if (name === 'abs_diff') return 'Abs. score difference';
  if (name.startsWith('scenario:')) return `Scenario: ${scenarioLabel(name.slice(9))}`;
  return dimensionLabel(name);
}

const MODEL_TITLES: Record<string, string> = {
  'higher-score/overall': 'Supplementary Table 9: choosing the higher-scored conversation, by |overall score difference|',
  'llm-choice/overall': "Supplementary Table 10: agreeing with the LLM's choice, by |overall score difference|",
  'higher-score/components': 'Supplementary Table 11: choosing the higher-scored conversation, by the six sub-component differences',
  'llm-choice/components': "Supplementary Table 12: agreeing with the LLM's choice, by the six sub-component differences",
};

export function preferenceModelTable(m: PreferenceModel, id: string): TableSpec {
  return {
    id,
    title: MODEL_TITLES[`${m.outcome}/${m.predictors}`] ?? `${m.outcome} ~ ${m.predictors}`,
    columns: [
      { key: 'predictor', label: 'Predictor' }, { key: 'coef', label: 'Coef.', align: 'right' }, { key: 'se', label: 'Std. Err.', align: 'right' },
      { key: 'z', label: 'z', align: 'right' }, { key: 'p', label: 'p-value', align: 'right' }, { key: 'ci', label: '95% CI', align: 'right' },
      { key: 'or', label: 'OR [95% CI]', align: 'right' },
    ],
    rows: m.error ? [] : m.names.map((nm) => {
      const t = m.terms[nm];
      return { predictor: predictorLabel(nm), coef: `${fixed(t.coef, 4)}${stars(t.p)}`, se: fixed(t.se, 4), z: fixed(t.z, 4), p: pValue(t.p), ci: ci(t.ci, 4), or: `${fixed(t.oddsRatio, 3)} ${ci(t.orCi, 3)}` };
    }),
    notes: [
      m.error
        ? `Not estimable: ${m.error}`
        : `Logistic regression (MLE), covariance clustered by rater (${m.clusters} raters, ${m.n} trials); scenario coefficients relative to ${scenarioLabel(m.reference)}. * p < 0.05; ** p < 0.01; *** p < 0.001.`,
    ],
  };
}

export function preferenceTables(r: PreferenceResult): TableSpec[] {
  return r.models.map((m, i) => preferenceModelTable(m, `supp-table-${9 + i}`));
}

export function spearmanTable(id: string, title: string, rows: EloResult['spearman']): TableSpec {
  return {
    id,
    title,
    columns: [{ key: 'label', label: 'Comparison' }, { key: 'n', label: 'n', align: 'right' }, { key: 'rho', label: 'ρ [95% CI]', align: 'right' }, { key: 'p', label: 'p', align: 'right' }],
    rows: rows.map((s) => ({ label: s.label, n: String(s.n), rho: `${fixed(s.rho, 3)} ${ci(s.ci, 3)}`, p: pValue(s.p) })),
    notes: ['Spearman rank correlation; Fisher-z 95% interval.'],
  };
}
