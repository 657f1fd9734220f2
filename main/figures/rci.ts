// Fig. 3A (change per participant with reliable-change classification), Extended Data Fig. 2 (trajectories) and
// Extended Data Fig. 1 (distributions of change), with the per-condition summary table.

import * as Plot from '@observablehq/plot';
import type { RciParticipantRow, RciResult } from '../api/contract/index.js';
import { ci, conditionLabel, fixed, provenanceLine } from './format.js';
import { conditionColor, DEFAULT_WIDTH, FONT } from './theme.js';
import type { FigureSpec, TableSpec } from './types.js';

export interface RciFigureOptions {
  width?: number;
  height?: number;
  /** Participants drawn at most (every k-th within condition, in change order); default 4000. */
  maxParticipants?: number;
}

interface RciMark extends RciParticipantRow {
  conditionLabel: string;
  rank: number;
  percentile: number;
  color: string;
  filter: { participant: string };
  filterLabel: string;
}

function conditionsOf(r: RciResult): string[] {
  return r.conditions.map((c) => c.condition);
}

/** Participants ranked by change within condition, with their percentile (0-100). */
export function rankedParticipants(r: RciResult, maxParticipants = 4000): { marks: RciMark[]; sampled: boolean } {
  const conds = conditionsOf(r);
  const total = r.participants.length;
  const step = Math.max(1, Math.ceil(total / maxParticipants));
  const marks: RciMark[] = [];
  conds.forEach((c, ci) => {
    const ps = r.participants.filter((p) => p.condition === c).sort((a, b) => a.change - b.change || (a.participant < b.participant ? -1 : 1));
    ps.forEach((p, k) => {
      if (k % step !== 0) return;
      const color = p.category === 'improved' ? conditionColor(c, ci) : p.category === 'declined' ? '#c92a2a' : '#c8c8c8';
      marks.push({ ...p, conditionLabel: conditionLabel(c), rank: k + 1, percentile: ps.length > 1 ? (100 * k) / (ps.length - 1) : 50, color, filter: { participant: p.participant }, filterLabel: `participant ${p.participant}` });
    });
  });
  return { marks, sampled: step > 1 };
}

function participantTip(d: RciMark): string {
  const sign = d.change >= 0 ? '+' : '';
  return `Participant ${d.participant} (${d.conditionLabel})\nbaseline ${fixed(d.baseline, 2)} → post ${fixed(d.post, 2)} (mean of ${d.nPost})\nchange ${sign}${fixed(d.change, 2)}, z = ${fixed(d.z, 2)}\n${d.category === 'unchanged' ? 'no reliable change' : `reliable ${d.category === 'improved' ? 'improvement' : 'decline'}`}`;
}

export function rciFigure(r: RciResult, opts: RciFigureOptions = {}): FigureSpec {
  const { marks, sampled } = rankedParticipants(r, opts.maxParticipants);
  const conds = conditionsOf(r).map(conditionLabel);
  const bound = r.threshold * r.sDiff;
  // The paper's bar for the RCI threshold: in every panel, an I-shaped bar as tall as a reliable change
  // (threshold × S_diff points), rising from the condition's mean baseline at the panel's left edge.
  const thresholdBars = r.conditions.map((c) => ({
    conditionLabel: conditionLabel(c.condition), x: 3, y1: c.meanBaseline, y2: c.meanBaseline + bound, label: `RCI ${fixed(bound, 1)} pts`,
  }));
  type ThresholdBar = (typeof thresholdBars)[number];
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 380,
    marginLeft: 48,
    marginTop: 44,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: conds, label: null, axis: 'top', padding: 0.08 },
    x: { domain: [0, 100], label: 'Participants ranked by change (percentile)', ticks: [0, 50, 100] },
    y: { label: 'Overall empathy score', grid: true },
    color: { type: 'identity' },
    marks: [
      Plot.ruleX(marks, { fx: 'conditionLabel', x: 'percentile', y1: 'baseline', y2: 'post', stroke: 'color', strokeWidth: 1, strokeDasharray: '2,1.5', filter: (d: RciMark) => d.category === 'unchanged' }),
      Plot.ruleX(marks, { fx: 'conditionLabel', x: 'percentile', y1: 'baseline', y2: 'post', stroke: 'color', strokeWidth: 1.2, filter: (d: RciMark) => d.category !== 'unchanged' }),
      Plot.dot(marks, { fx: 'conditionLabel', x: 'percentile', y: 'post', r: 1.3, fill: '#111', title: participantTip, tip: { fontSize: 11 } }),
      Plot.ruleX(thresholdBars, { fx: 'conditionLabel', x: 'x', y1: 'y1', y2: 'y2', stroke: '#111', strokeWidth: 2 }),
      Plot.ruleY(thresholdBars, { fx: 'conditionLabel', x1: (d: ThresholdBar) => d.x - 2, x2: (d: ThresholdBar) => d.x + 2, y: 'y1', stroke: '#111', strokeWidth: 2 }),
      Plot.ruleY(thresholdBars, { fx: 'conditionLabel', x1: (d: ThresholdBar) => d.x - 2, x2: (d: ThresholdBar) => d.x + 2, y: 'y2', stroke: '#111', strokeWidth: 2 }),
      Plot.text(thresholdBars, { fx: 'conditionLabel', x: 'x', y: 'y2', text: 'label', textAnchor: 'start', dx: 6, dy: -6, fontSize: 10, fill: '#111' }),
    ],
  };
  const data = marks.map(({ filter: _f, filterLabel: _l, color: _c, conditionLabel: _cl, ...rest }) => rest);
  return {
    id: 'rci',
    paperRef: 'Fig. 3A',
    title: 'Change in overall empathic communication per participant',
    subtitle: `Each line: a participant's baseline (round ${r.baselineRound}) to post score (mean of rounds ${r.postRounds.join(', ')}); dot = post. Coloured: reliable improvement; red: reliable decline; grey dotted: within measurement error. Black bar: the RCI threshold (a change this large is reliable).`,
    caption: `Reliable change: |post − baseline| ≥ ${r.threshold} × S_diff = ${fixed(bound, 2)} points (S_diff = ${fixed(r.sDiff, 3)}; reliability ${fixed(r.model.reliability, 3)} from a REML random-intercept model on ${r.model.n} ${conditionLabel(r.control).toLowerCase()} conversations).${sampled ? ` Every ${Math.ceil(r.participants.length / (opts.maxParticipants ?? 4000))}th participant drawn.` : ''}`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: [
      ...conditionsOf(r).map((c, i) => ({ label: `${conditionLabel(c)}: reliable improvement`, color: conditionColor(c, i) })),
      { label: 'Reliable decline', color: '#c92a2a' },
      { label: 'No reliable change', color: '#c8c8c8', dashed: true },
      { label: `RCI threshold (${fixed(bound, 2)} points)`, color: '#111' },
    ],
    data,
    tables: [rciTable(r)],
  };
}

export function rciTable(r: RciResult): TableSpec {
  return {
    id: 'rci-summary',
    title: 'Reliable change by condition',
    columns: [
      { key: 'condition', label: 'Condition' }, { key: 'n', label: 'n', align: 'right' },
      { key: 'improved', label: '% improved', align: 'right' }, { key: 'declined', label: '% declined', align: 'right' },
      { key: 'change', label: 'Mean change [95% CI]', align: 'right' },
      { key: 'baseline', label: 'Baseline mean', align: 'right' }, { key: 'post', label: 'Post mean', align: 'right' },
    ],
    rows: r.conditions.map((c) => ({
      condition: conditionLabel(c.condition),
      n: String(c.n),
      improved: `${c.pctImproved.toFixed(1)}%`,
      declined: `${c.pctDeclined.toFixed(1)}%`,
      change: `${fixed(c.meanChange, 2)} ${ci(c.ci, 2)}`,
      baseline: fixed(c.meanBaseline, 2),
      post: fixed(c.meanPost, 2),
    })),
    notes: [
      `Reliability r = ${fixed(r.model.reliability, 3)} (s²_between = ${fixed(r.model.s2Between, 3)}, s²_residual = ${fixed(r.model.s2Residual, 3)}; REML on ${r.model.n} conversations of ${r.model.groups} ${conditionLabel(r.control).toLowerCase()} participants). S_diff = ${fixed(r.sDiff, 3)}; threshold |z| ≥ ${r.threshold}.`,
    ],
  };
}

interface TrajectoryLine { participant: string; conditionLabel: string; baseline: number; post: number; filter: { participant: string } }

export function trajectoriesFigure(r: RciResult, opts: RciFigureOptions = {}): FigureSpec {
  const { marks, sampled } = rankedParticipants(r, opts.maxParticipants);
  const lines: TrajectoryLine[] = marks.map((m) => ({ participant: m.participant, conditionLabel: m.conditionLabel, baseline: m.baseline, post: m.post, filter: m.filter }));
  const means = r.conditions.map((c, i) => ({
    condition: c.condition, conditionLabel: conditionLabel(c.condition), color: conditionColor(c.condition, i), n: c.n,
    baseline: c.meanBaseline, post: c.meanPost, baselineLo: c.baselineCi?.[0] ?? c.meanBaseline, baselineHi: c.baselineCi?.[1] ?? c.meanBaseline,
    postLo: c.postCi?.[0] ?? c.meanPost, postHi: c.postCi?.[1] ?? c.meanPost, change: c.meanChange,
    filter: { conditions: [c.condition] }, filterLabel: `${conditionLabel(c.condition)} conversations`,
  }));
  type Mean = (typeof means)[number];
  const tip = (d: Mean) => `${d.conditionLabel} (n = ${d.n})\npre ${fixed(d.baseline, 2)} [${fixed(d.baselineLo, 2)}, ${fixed(d.baselineHi, 2)}]\npost ${fixed(d.post, 2)} [${fixed(d.postLo, 2)}, ${fixed(d.postHi, 2)}]\nmean change ${fixed(d.change, 2)}`;
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? 360,
    marginLeft: 48,
    marginTop: 44,
    style: { fontFamily: FONT, fontSize: '11px' },
    fx: { domain: means.map((m) => m.conditionLabel), label: null, axis: 'top', padding: 0.1 },
    x: { type: 'point', domain: ['Pre', 'Post'], label: null, padding: 0.6 },
    y: { label: 'Overall empathy score', grid: true },
    color: { type: 'identity' },
    marks: [
      Plot.link(lines, { fx: 'conditionLabel', x1: () => 'Pre', x2: () => 'Post', y1: 'baseline', y2: 'post', stroke: '#bbb', strokeOpacity: 0.35, strokeWidth: 0.8 }),
      Plot.link(means, { fx: 'conditionLabel', x1: () => 'Pre', x2: () => 'Post', y1: 'baseline', y2: 'post', stroke: 'color', strokeWidth: 3.5 }),
      Plot.ruleX(means, { fx: 'conditionLabel', x: () => 'Pre', y1: 'baselineLo', y2: 'baselineHi', stroke: 'color', strokeWidth: 2 }),
      Plot.ruleX(means, { fx: 'conditionLabel', x: () => 'Post', y1: 'postLo', y2: 'postHi', stroke: 'color', strokeWidth: 2 }),
      Plot.dot(means, { fx: 'conditionLabel', x: () => 'Post', y: 'post', r: 4, fill: 'color', title: tip, tip: { fontSize: 11 } }),
      Plot.dot(means, { fx: 'conditionLabel', x: () => 'Pre', y: 'baseline', r: 4, fill: 'color', title: tip }),
    ],
  };
  return {
    id: 'trajectories',
    paperRef: 'Extended Data Fig. 2',
    title: 'Individual trajectories from baseline to post',
    subtitle: 'Grey: one participant (baseline → mean of post rounds); coloured: condition mean with 95% CI.',
    caption: sampled ? `Every ${Math.ceil(r.participants.length / (opts.maxParticipants ?? 4000))}th participant drawn; means use all.` : undefined,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: means.map((m) => ({ label: conditionLabel(m.condition), color: m.color })),
    data: means.map(({ filter: _f, filterLabel: _l, color: _c, ...rest }) => rest),
    tables: [rciTable(r)],
  };
}

export function changeDistributionFigure(r: RciResult, opts: RciFigureOptions = {}): FigureSpec {
  const conds = r.conditions.map((c) => c.condition);
  const rows = r.participants.map((p) => ({ conditionLabel: conditionLabel(p.condition), change: p.change, color: conditionColor(p.condition, conds.indexOf(p.condition)) }));
  const means = r.conditions.map((c, i) => ({ conditionLabel: conditionLabel(c.condition), meanChange: c.meanChange, n: c.n, color: conditionColor(c.condition, i), filter: { conditions: [c.condition] }, filterLabel: `${conditionLabel(c.condition)} conversations` }));
  const plot: Plot.PlotOptions = {
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? Math.max(240, 110 * conds.length),
    marginLeft: 130,
    marginRight: 44,
    style: { fontFamily: FONT, fontSize: '11px' },
    fy: { domain: means.map((m) => m.conditionLabel), label: null, padding: 0.15 },
    x: { label: 'Change in overall score (post − baseline)' },
    y: { label: 'Participants', grid: true, axis: 'right' },
    color: { type: 'identity' },
    marks: [
      Plot.rectY(rows, Plot.binX({ y: 'count', title: (v: { change: number }[]) => `${v.length} participants` }, { fy: 'conditionLabel', x: 'change', fill: 'color', fillOpacity: 0.8, interval: 0.5, tip: { fontSize: 11 } } as Plot.BinXInputs<Plot.RectYOptions>)),
      Plot.ruleX(means, { fy: 'conditionLabel', x: 'meanChange', stroke: '#111', strokeDasharray: '4,3', strokeWidth: 1.5, title: (d: (typeof means)[number]) => `${d.conditionLabel}: mean change ${fixed(d.meanChange, 2)} (n = ${d.n})`, tip: { fontSize: 11 } }),
      Plot.ruleX([0], { stroke: '#666' }),
    ],
  };
  return {
    id: 'change-distribution',
    paperRef: 'Extended Data Fig. 1',
    title: 'Distribution of change in overall empathy score',
    subtitle: `Change from baseline (round ${r.baselineRound}) to post (mean of rounds ${r.postRounds.join(', ')}), bins of 0.5 points; dashed: condition mean.`,
    provenance: provenanceLine(r.provenance),
    simulated: r.provenance.simulated,
    plot,
    legend: means.map((m) => ({ label: m.conditionLabel, color: m.color })),
    data: r.participants.map((p) => ({ participant: p.participant, condition: p.condition, change: p.change })),
    tables: [rciTable(r)],
  };
}
