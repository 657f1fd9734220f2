// Your own figures (issue 11): a declared figure spec over Observable Plot (mark, channels, aggregate, scale types)
// whose data come from a read-only SQL query (the SQL console's sandbox) or an explorer selection. Saved figures
// keep the spec, never the data, so they re-run on the workspace as it is now.
import { z } from 'zod';
import { method, noArgs, text } from './define.js';
import { ConversationFilterSchema } from './explorer.js';

/** Marks a custom figure can use (Plot's names). */
export const CUSTOM_MARKS = ['dot', 'line', 'barY', 'barX', 'rectY', 'cell', 'boxY', 'text'] as const;
export type CustomMark = (typeof CUSTOM_MARKS)[number];
/** How rows are summarised per group (Plot.groupX / groupY / group, or binX for rectY). */
export const CUSTOM_AGGREGATES = ['none', 'count', 'mean', 'median', 'sum'] as const;
export type CustomAggregate = (typeof CUSTOM_AGGREGATES)[number];
/** Scale types; `auto` lets Plot choose from the data. */
export const CUSTOM_SCALE_TYPES = ['auto', 'linear', 'log', 'sqrt', 'band', 'ordinal'] as const;
export type CustomScaleType = (typeof CUSTOM_SCALE_TYPES)[number];
/** Channels that name a column of the data. */
export const CUSTOM_CHANNELS = ['x', 'y', 'fill', 'stroke', 'fx', 'fy', 'text'] as const;
export type CustomChannel = (typeof CUSTOM_CHANNELS)[number];

/** The most rows a figure draws; a larger result is cut there and the figure says so. */
export const CUSTOM_FIGURE_MAX_ROWS = 50_000;
/** Width and height when the spec gives none (px). */
export const CUSTOM_FIGURE_DEFAULTS = { width: 800, height: 420, bins: 20 } as const;

export const CustomFigureSourceSchema = z.discriminatedUnion('kind', [
  /** A read-only query, run in the SQL console's sandbox. */
  z.strictObject({ kind: z.literal('sql'), sql: z.string().trim().min(1, 'type a query first').max(100_000) }),
  /** The explorer's conversations for a filter (conversation_stats rows), with the scores of `scoreSetId` as columns. */
  z.strictObject({ kind: z.literal('explorer'), filter: ConversationFilterSchema, scoreSetId: z.string().min(1).nullish() }),
]);
export type CustomFigureSource = z.infer<typeof CustomFigureSourceSchema>;

const column = z.string().trim().min(1, 'must name a column').max(200);
const scale = z.enum(CUSTOM_SCALE_TYPES);

/** Value channels each mark needs, by aggregate ('count' needs no value column). */
function required(mark: CustomMark, agg: CustomAggregate): CustomChannel[] {
  switch (mark) {
    case 'dot': case 'line': return agg === 'count' ? ['x'] : ['x', 'y'];
    case 'barY': return agg === 'count' ? ['x'] : ['x', 'y'];
    case 'barX': return agg === 'count' ? ['y'] : ['x', 'y'];
    case 'rectY': return agg === 'none' || agg === 'count' ? ['x'] : ['x', 'y'];
    case 'cell': return agg === 'count' ? ['x', 'y'] : ['x', 'y', 'fill'];
    case 'boxY': return ['y'];
    case 'text': return ['x', 'y', 'text'];
  }
}

export const CustomFigureSpecSchema = z.strictObject({
  title: z.string().trim().min(1, 'give the figure a title').max(200),
  source: CustomFigureSourceSchema,
  mark: z.enum(CUSTOM_MARKS),
  /** Column names; which ones a mark needs depends on the mark and the aggregate (checked below). */
  x: column.optional(),
  y: column.optional(),
  /** Colour by a column (fill for areas and dots, stroke for lines). For `cell` with an aggregate, the value summarised. */
  fill: column.optional(),
  stroke: column.optional(),
  /** Facets: one panel per value, across (fx) and down (fy). */
  fx: column.optional(),
  fy: column.optional(),
  /** The label of a `text` mark. */
  text: column.optional(),
  /** Default 'none'. rectY always bins x: 'none' counts rows per bin. boxY and text draw rows, so only 'none'. */
  aggregate: z.enum(CUSTOM_AGGREGATES).optional(),
  /** Default 'auto'. */
  xScale: scale.optional(),
  yScale: scale.optional(),
  /** Bins of a rectY histogram; default CUSTOM_FIGURE_DEFAULTS.bins. */
  bins: z.number().int().min(2).max(200).optional(),
  width: z.number().int().min(200).max(3000).optional(),
  height: z.number().int().min(120).max(3000).optional(),
}).superRefine((s, ctx) => {
  const agg = s.aggregate ?? 'none';
  if ((s.mark === 'boxY' || s.mark === 'text') && agg !== 'none') {
    ctx.addIssue({ code: 'custom', path: ['aggregate'], message: `a ${s.mark} mark draws rows as they are: use aggregate "none"` });
  }
  for (const ch of required(s.mark, agg)) {
    if (!s[ch]) ctx.addIssue({ code: 'custom', path: [ch], message: `a ${s.mark} mark${agg !== 'none' ? ` with aggregate "${agg}"` : ''} needs a column for ${ch}` });
  }
});
export type CustomFigureSpec = z.infer<typeof CustomFigureSpecSchema>;

/** A figure's data: columns with their SQL types and one object per row. */
export interface CustomFigureData {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  /** More rows existed than CUSTOM_FIGURE_MAX_ROWS. */
  truncated: boolean;
  /** For the provenance line. */
  study: string;
  simulated: boolean;
  appVersion: string;
  /** The score set an explorer selection showed, if any. */
  scoreSetId: string | null;
}

export interface SavedCustomFigure { name: string; spec: CustomFigureSpec; createdAt: string; updatedAt: string }

export const customFigureMethods = {
  /** Runs a figure's source and returns its rows (at most CUSTOM_FIGURE_MAX_ROWS). */
  'custom-figure-data': method(z.strictObject({ source: CustomFigureSourceSchema })).returns<CustomFigureData>(),
  'custom-figures-list': method(noArgs).returns<{ figures: SavedCustomFigure[] }>(),
  /** Saves the spec under a name; an existing name is refused unless `replace` (default false). */
  'custom-figure-save': method(z.strictObject({ name: text.max(120), spec: CustomFigureSpecSchema, replace: z.boolean().optional() })).returns<SavedCustomFigure>(),
  'custom-figure-delete': method(z.strictObject({ name: text })).returns<{ deleted: boolean }>(),
};
