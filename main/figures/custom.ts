// Your own figures (issue 11): a checked CustomFigureSpec and its data -> a FigureSpec, the same shape the paper's
// figures have, so the builder (live in the browser), the CLI (`workbench figure`, SVG through linkedom) and the
// exports (SVG/PNG/CSV with the provenance line) all draw one thing. Pure: no I/O, no DOM.

import * as Plot from '@observablehq/plot';
import type {
  CustomAggregate, CustomChannel, CustomFigureData, CustomFigureSpec, CustomScaleType,
} from '../api/contract/custom-figures.js';
import { CUSTOM_CHANNELS, CUSTOM_FIGURE_DEFAULTS, CUSTOM_FIGURE_MAX_ROWS } from '../api/contract/custom-figures.js';
import { UserError } from '../domain/errors.js';
import { provenanceLine } from './format.js';
import { FONT, SCENARIO_COLORS } from './theme.js';
import type { FigureSpec, LegendEntry } from './types.js';

/** Categories a colour legend lists at most; more than this and the colour is drawn without a legend. */
const MAX_LEGEND = 24;
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;
const DATE_TYPE = /^(DATE|TIMESTAMP)/i;

type Datum = Record<string, unknown>;

/**
 * Rows with their values as Plot should see them: DECIMALs (JSON text) as numbers, dates and timestamps as Dates.
 * Everything else is left as the query gave it.
 */
export function typedRows(data: CustomFigureData): Datum[] {
  const numeric = data.columns.filter((c) => NUMERIC_TYPE.test(c.type)).map((c) => c.name);
  const dates = data.columns.filter((c) => DATE_TYPE.test(c.type)).map((c) => c.name);
  if (!numeric.length && !dates.length) return data.rows;
  return data.rows.map((r) => {
    const o: Datum = { ...r };
    for (const c of numeric) if (typeof o[c] === 'string') o[c] = Number(o[c]);
    for (const c of dates) if (typeof o[c] === 'string') o[c] = new Date(o[c] as string);
    return o;
  });
}

/**
 * Each row carries its conversation (when the data have a conversation_id column): a click on a one-row mark opens
 * that conversation, a click on a mark that stands for a group (a bar of counts, a bin, a mean) opens the group's
 * conversations (renderer/figures/mark-target.ts collects them from the group Plot hands over).
 */
function linkRows(rows: Datum[]): Datum[] {
  if (!rows.length || !('conversation_id' in rows[0])) return rows;
  return rows.map((r) => {
    const id = r.conversation_id;
    return typeof id === 'string' ? { ...r, filter: { conversationIds: [id] }, filterLabel: `conversation ${id}` } : r;
  });
}

/** Every column the spec names exists in the data; the error names the field and lists the columns. */
export function checkSpecColumns(spec: CustomFigureSpec, data: Pick<CustomFigureData, 'columns'>): void {
  const names = data.columns.map((c) => c.name);
  for (const ch of CUSTOM_CHANNELS) {
    const col = spec[ch];
    if (col !== undefined && !names.includes(col)) {
      throw new UserError(`${ch}: no column "${col}" in the data (columns: ${names.join(', ') || 'none'})`, 'invalid-spec');
    }
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numericColumn = (rows: Datum[], col: string) => rows.some((r) => r[col] != null) && rows.every((r) => r[col] == null || isNumber(r[col]) || r[col] instanceof Date);

/** Which axis of a mark shows categories (band), which shows values; null when both are free. */
function bandAxis(mark: CustomFigureSpec['mark']): 'x' | 'y' | 'xy' | null {
  switch (mark) {
    case 'barY': case 'boxY': return 'x';
    case 'barX': return 'y';
    case 'cell': return 'xy';
    default: return null;
  }
}

/** Plot's scale type for a spec's choice: 'ordinal' on a position scale is Plot's 'point' (or 'band' for bars). */
function scaleType(axis: 'x' | 'y', t: CustomScaleType | undefined, spec: CustomFigureSpec, rows: Datum[], aggregated: boolean): string | undefined {
  const field = `${axis}Scale` as const;
  const band = bandAxis(spec.mark)?.includes(axis) ?? false;
  if (!t || t === 'auto') return band ? 'band' : undefined;
  if (band) {
    if (t === 'band' || t === 'ordinal') return 'band';
    throw new UserError(`${field}: the ${axis} axis of a ${spec.mark} mark shows categories; use "band" or "auto", not "${t}"`, 'invalid-spec');
  }
  const valueAxis = (spec.mark === 'barY' || spec.mark === 'rectY') ? axis === 'y' : spec.mark === 'barX' ? axis === 'x' : false;
  if ((t === 'band' || t === 'ordinal') && valueAxis) {
    throw new UserError(`${field}: the ${axis} axis of a ${spec.mark} mark shows amounts; use linear, log, sqrt or auto`, 'invalid-spec');
  }
  if (t === 'log' && !aggregated) {
    const col = spec[axis];
    if (col && rows.some((r) => isNumber(r[col]) && r[col] <= 0)) {
      throw new UserError(`${field}: a log scale needs values above 0, and column "${col}" has 0 or less`, 'invalid-spec');
    }
  }
  if (t === 'ordinal') return 'point';
  return t;
}

/** Fixed colours for a categorical colour column, so the legend, the app and the exported file agree. */
function colourScale(rows: Datum[], col: string | undefined): { scale: Plot.ScaleOptions | undefined; legend: LegendEntry[] } {
  if (!col) return { scale: undefined, legend: [] };
  if (numericColumn(rows, col)) return { scale: { type: 'linear', scheme: 'viridis', label: col }, legend: [] };
  const domain = [...new Set(rows.map((r) => String(r[col] ?? '(none)')))].sort();
  if (domain.length > MAX_LEGEND) return { scale: { type: 'categorical', scheme: 'tableau10', label: col }, legend: [] };
  const range = domain.map((_, i) => SCENARIO_COLORS[i % SCENARIO_COLORS.length]);
  return { scale: { type: 'ordinal', domain, range, label: col }, legend: domain.map((d, i) => ({ label: `${col}: ${d}`, color: range[i] })) };
}

const byColumn = (col: string) => (d: Datum) => {
  const v = d[col];
  return v == null ? '(none)' : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
};
const valueOf = (col: string) => (d: Datum) => d[col] as number | Date | null;

/** The one mark the spec asks for, with its transform. */
function buildMark(spec: CustomFigureSpec, rows: Datum[], agg: CustomAggregate): Plot.Markish {
  const ch = (c: CustomChannel) => spec[c];
  const channels: Record<string, unknown> = {};
  if (ch('fx')) channels.fx = byColumn(ch('fx')!);
  if (ch('fy')) channels.fy = byColumn(ch('fy')!);
  // fill/stroke go through accessors: a column called "red" must not be taken for the colour red.
  if (ch('fill') && !(spec.mark === 'cell' && agg !== 'none')) channels.fill = byColumn(ch('fill')!);
  if (ch('stroke')) channels.stroke = byColumn(ch('stroke')!);
  const x = ch('x') ? (numericColumn(rows, ch('x')!) && bandAxis(spec.mark) === null ? valueOf(ch('x')!) : byColumn(ch('x')!)) : undefined;
  const y = ch('y') ? (numericColumn(rows, ch('y')!) && !bandAxis(spec.mark)?.includes('y') ? valueOf(ch('y')!) : byColumn(ch('y')!)) : undefined;
  const reducer = agg === 'none' ? 'count' : agg;
  const tip = { tip: true } as const;
  switch (spec.mark) {
    case 'dot':
      return agg === 'none' ? Plot.dot(rows, { x, y, ...channels, ...tip }) : Plot.dot(rows, Plot.groupX({ y: reducer }, { x, y, ...channels, ...tip }));
    case 'line':
      return agg === 'none'
        ? Plot.line(rows, { x, y, ...channels, sort: { channel: 'x' }, ...tip })
        : Plot.line(rows, Plot.groupX({ y: reducer }, { x, y, ...channels, ...tip }));
    case 'text':
      return Plot.text(rows, { x, y, text: byColumn(ch('text')!), ...channels, ...tip });
    case 'barY':
      return agg === 'none' ? Plot.barY(rows, { x, y, ...channels, ...tip }) : Plot.barY(rows, Plot.groupX({ y: reducer }, { x, y, ...channels, ...tip }));
    case 'barX':
      return agg === 'none' ? Plot.barX(rows, { x, y, ...channels, ...tip }) : Plot.barX(rows, Plot.groupY({ x: reducer }, { x, y, ...channels, ...tip }));
    case 'rectY':
      return Plot.rectY(rows, Plot.binX({ y: reducer }, { x, y, ...channels, thresholds: spec.bins ?? CUSTOM_FIGURE_DEFAULTS.bins, ...tip } as Plot.BinXInputs<Plot.RectYOptions>));
    case 'cell':
      return agg === 'none'
        ? Plot.cell(rows, { x, y, fill: byColumn(ch('fill')!), ...channels, ...tip })
        : Plot.cell(rows, Plot.group({ fill: reducer }, { x, y, fill: agg === 'count' ? undefined : valueOf(ch('fill')!), ...channels, ...tip }));
    case 'boxY':
      return Plot.boxY(rows, { x, y, ...channels });
  }
}

/** The axis that shows the aggregate (a count, a mean) instead of a column; null when colour does (cell) or none does. */
function aggregateAxis(spec: CustomFigureSpec): 'x' | 'y' | null {
  return spec.mark === 'barX' ? 'x' : spec.mark === 'cell' || spec.mark === 'boxY' || spec.mark === 'text' ? null : 'y';
}

function axisLabel(spec: CustomFigureSpec, axis: 'x' | 'y', agg: CustomAggregate): string | undefined {
  if (axis === aggregateAxis(spec) && (agg !== 'none' || spec.mark === 'rectY')) {
    const r = agg === 'none' ? 'count' : agg;
    return r === 'count' ? 'count' : `${r} of ${spec[axis]}`;
  }
  return spec[axis];
}

/** Columns that must hold numbers: what bars measure, what a mean averages, what a histogram bins. */
function checkNumeric(spec: CustomFigureSpec, rows: Datum[], agg: CustomAggregate): void {
  const need: [CustomChannel, string][] = [];
  const reduces = agg === 'mean' || agg === 'median' || agg === 'sum';
  if (spec.mark === 'rectY') need.push(['x', 'a rectY histogram bins']);
  if (spec.mark === 'boxY') need.push(['y', 'a boxY summarises']);
  if (spec.mark === 'barY' && agg === 'none') need.push(['y', 'a barY bar measures']);
  if (spec.mark === 'barX' && agg === 'none') need.push(['x', 'a barX bar measures']);
  if (reduces) {
    const ch: CustomChannel = spec.mark === 'cell' ? 'fill' : spec.mark === 'barX' ? 'x' : 'y';
    need.push([ch, `the ${agg} of`]);
  }
  for (const [ch, what] of need) {
    const col = spec[ch];
    if (col && rows.length && !numericColumn(rows, col)) {
      throw new UserError(`${ch}: ${what} numbers, and column "${col}" holds other values`, 'invalid-spec');
    }
  }
}

/** A one-line account of the data source for the provenance line (the query itself, or the explorer filter). */
function sourceParameters(spec: CustomFigureSpec, data: CustomFigureData): Record<string, unknown> {
  const src = spec.source;
  const rows = `${data.rows.length}${data.truncated ? ` (cut at ${CUSTOM_FIGURE_MAX_ROWS})` : ''}`;
  return src.kind === 'sql'
    ? { query: src.sql.replace(/\s+/g, ' ').trim(), rows }
    : { explorer: JSON.stringify(src.filter), rows };
}

export interface CustomFigureOptions {
  /** The saved figure's name, when it has one: the file name and the provenance line say it. */
  name?: string;
}

/** The figure for a checked spec over its data. Throws UserError (code 'invalid-spec') naming the bad field. */
export function customFigure(spec: CustomFigureSpec, data: CustomFigureData, opts: CustomFigureOptions = {}): FigureSpec {
  checkSpecColumns(spec, data);
  const agg: CustomAggregate = spec.aggregate ?? 'none';
  const rows = linkRows(typedRows(data));
  const aggregated = agg !== 'none' || spec.mark === 'rectY';
  checkNumeric(spec, rows, agg);
  const xType = scaleType('x', spec.xScale, spec, rows, aggregated);
  const yType = scaleType('y', spec.yScale, spec, rows, aggregated);
  const colour = colourScale(rows, spec.mark === 'cell' && agg !== 'none' ? undefined : spec.fill ?? spec.stroke);
  const marks: Plot.Markish[] = [];
  if (spec.mark === 'barY' || spec.mark === 'rectY') marks.push(Plot.ruleY([0]));
  if (spec.mark === 'barX') marks.push(Plot.ruleX([0]));
  if (rows.length) marks.push(buildMark(spec, rows, agg));
  const facets = !!(spec.fx || spec.fy);
  const id = (opts.name ?? spec.title).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'custom-figure';
  const p = {
    analysis: opts.name ? `custom figure "${opts.name}"` : 'custom figure',
    study: data.study, simulated: data.simulated, scoreSet: data.scoreSetId, parameters: sourceParameters(spec, data), appVersion: data.appVersion,
  };
  const cellColour: Plot.ScaleOptions | undefined = spec.mark === 'cell' && agg !== 'none'
    ? { type: 'linear', scheme: 'blues', legend: false, label: agg === 'count' ? 'count' : `${agg} of ${spec.fill}` }
    : undefined;
  return {
    id,
    paperRef: 'Custom figure',
    title: spec.title,
    subtitle: cellColour ? `Colour: ${cellColour.label} (light = low, dark = high)` : colour.scale && !colour.legend.length ? `Colour: ${spec.fill ?? spec.stroke}` : undefined,
    caption: data.truncated ? `Only the first ${CUSTOM_FIGURE_MAX_ROWS.toLocaleString('en-US')} rows are drawn.` : undefined,
    provenance: provenanceLine(p),
    simulated: data.simulated,
    plot: {
      width: spec.width ?? CUSTOM_FIGURE_DEFAULTS.width,
      height: spec.height ?? CUSTOM_FIGURE_DEFAULTS.height,
      marginLeft: 60,
      marginBottom: 44,
      // Facet-down labels sit at the right; long category names need the room.
      marginRight: spec.fy ? 90 : undefined,
      style: { fontFamily: FONT, fontSize: '11px' },
      x: { type: xType as Plot.ScaleType | undefined, label: axisLabel(spec, 'x', agg), grid: !facets && xType !== 'band' },
      y: { type: yType as Plot.ScaleType | undefined, label: axisLabel(spec, 'y', agg), grid: yType !== 'band' },
      color: cellColour ?? colour.scale,
      fx: spec.fx ? { label: spec.fx } : undefined,
      fy: spec.fy ? { label: spec.fy } : undefined,
      marks,
    },
    legend: colour.legend,
    data: data.rows.map(flatRow),
    tables: [],
    empty: rows.length ? undefined : 'The data have no rows to draw.',
  };
}

/** A row for CSV: lists and structs as JSON text. */
function flatRow(r: Datum): Record<string, string | number | boolean | null> {
  const o: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(r)) o[k] = v == null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);
  return o;
}
