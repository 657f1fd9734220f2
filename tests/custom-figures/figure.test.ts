// The custom figure's spec and figure function without a database: the schema's errors name the field, the figure
// function refuses what Plot would draw wrongly (a missing column, a log scale over zero, text where numbers are
// needed) naming the field, and the drawn SVG has one mark per datum or per group as the spec says.
import { describe, expect, it } from 'vitest';
import { markTarget } from '../../renderer/figures/mark-target.js';
import { CustomFigureSpecSchema, type CustomFigureData } from '../../main/api/contract/custom-figures.js';
import { customFigure } from '../../main/figures/custom.js';
import { renderSvg } from '../../main/figures/headless.js';

const source = { kind: 'sql' as const, sql: 'SELECT 1' };
const CONDS = ['control', 'video', 'coach'];
/** 30 rows: condition cycles through three values, v = 1.5 i, d is a DECIMAL (JSON text) = i / 10. */
const data: CustomFigureData = {
  columns: [{ name: 'condition', type: 'VARCHAR' }, { name: 'v', type: 'DOUBLE' }, { name: 'd', type: 'DECIMAL(4,2)' }, { name: 'round', type: 'INTEGER' }],
  rows: Array.from({ length: 30 }, (_, i) => ({ condition: CONDS[i % 3], v: 1.5 * i, d: (i / 10).toFixed(2), round: 1 + (i % 2) })),
  truncated: false, study: 'Fixture study', simulated: true, appVersion: '9.9.9', scoreSetId: null,
};

const issues = (raw: unknown) => {
  const r = CustomFigureSpecSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const spec = (raw: Record<string, unknown>) => CustomFigureSpecSchema.parse({ title: 'T', source, ...raw });
const count = (svg: string, tag: string) => (svg.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length;
/** Rects of the plot itself, without the white page background figureSvg draws first. */
const plotRects = (svg: string) => count(svg, 'rect') - 1;

describe('custom figure spec', () => {
  it('names the fields that are wrong', () => {
    expect(issues({ title: '', source, mark: 'pie' })).toEqual([
      'title: give the figure a title',
      expect.stringMatching(/^mark: Invalid option: expected one of "dot"\|"line"/),
    ]);
    expect(issues({ title: 'T', source: { kind: 'sql', sql: '  ' }, mark: 'dot', x: 'a', y: 'b' })).toEqual(['source.sql: type a query first']);
    expect(issues({ title: 'T', source, mark: 'barY', y: 'n' })).toEqual(['x: a barY mark needs a column for x']);
    expect(issues({ title: 'T', source, mark: 'dot', x: 'a', aggregate: 'mean' })).toEqual(['y: a dot mark with aggregate "mean" needs a column for y']);
    expect(issues({ title: 'T', source, mark: 'boxY', y: 'v', aggregate: 'count' })).toEqual(['aggregate: a boxY mark draws rows as they are: use aggregate "none"']);
    expect(issues({ title: 'T', source, mark: 'dot', x: 'a', y: 'b', colour: 'c' })).toEqual([expect.stringMatching(/^: Unrecognized key: "colour"/)]);
    expect(issues({ title: 'T', source, mark: 'rectY', x: 'v', bins: 1 })).toEqual([expect.stringMatching(/^bins: /)]);
  });

  it('refuses, by field, what the data cannot draw', () => {
    expect(() => customFigure(spec({ mark: 'dot', x: 'v', y: 'nope' }), data)).toThrow('y: no column "nope" in the data (columns: condition, v, d, round)');
    expect(() => customFigure(spec({ mark: 'dot', x: 'v', y: 'd', yScale: 'log' }), data)).toThrow('yScale: a log scale needs values above 0, and column "d" has 0 or less');
    expect(() => customFigure(spec({ mark: 'barY', x: 'condition', y: 'v', xScale: 'log' }), data)).toThrow(/^xScale: the x axis of a barY mark shows categories/);
    expect(() => customFigure(spec({ mark: 'barY', x: 'v', y: 'condition' }), data)).toThrow('y: a barY bar measures numbers, and column "condition" holds other values');
    expect(() => customFigure(spec({ mark: 'rectY', x: 'condition' }), data)).toThrow(/^x: a rectY histogram bins numbers/);
  });
});

describe('custom figure drawing', () => {
  it('draws one dot per row, DECIMAL text read as numbers, colour legend per category', () => {
    const fig = customFigure(spec({ mark: 'dot', x: 'v', y: 'd', fill: 'condition' }), data);
    const svg = renderSvg(fig);
    expect(count(svg, 'circle')).toBe(30);
    expect(fig.legend.map((l) => l.label)).toEqual(['condition: coach', 'condition: control', 'condition: video']);
    expect(fig.data).toHaveLength(30);
    // y is a linear scale from the DECIMALs: its ticks are numbers, not 30 category labels.
    expect(svg).toContain('>2.8</text>');
  });

  it('groups for an aggregate: one bar per category, heights the counts and means', () => {
    const counted = renderSvg(customFigure(spec({ mark: 'barY', x: 'condition', aggregate: 'count' }), data));
    expect(plotRects(counted)).toBe(3);
    const fig = customFigure(spec({ mark: 'barX', y: 'condition', x: 'v', aggregate: 'mean' }), data);
    expect(plotRects(renderSvg(fig))).toBe(3);
    expect(fig.plot.x?.label).toBe('mean of v');
  });

  it('bins a histogram into the asked number of bins, facets into panels, one cell per pair', () => {
    expect(plotRects(renderSvg(customFigure(spec({ mark: 'rectY', x: 'v', bins: 5 }), data)))).toBe(5);
    const faceted = renderSvg(customFigure(spec({ mark: 'barY', x: 'condition', aggregate: 'count', fx: 'round' }), data));
    expect(plotRects(faceted)).toBe(6);
    expect(plotRects(renderSvg(customFigure(spec({ mark: 'cell', x: 'condition', y: 'round', fill: 'v', aggregate: 'mean' }), data)))).toBe(6);
  });

  it('writes the query into the provenance line and stamps a simulated study inside the plot', () => {
    const fig = customFigure(spec({ mark: 'text', x: 'v', y: 'd', text: 'condition' }), data, { name: 'My labels' });
    expect(fig.provenance).toBe('Study: Fixture study [SIMULATED DATA] · custom figure "My labels": query=SELECT 1; rows=30 · Empathy Workbench 9.9.9');
    expect(fig.id).toBe('my-labels');
    expect(renderSvg(fig)).toContain('query=SELECT 1');
    // The paper figures' stamp inside the plot area, exported files included.
    expect(renderSvg(fig)).toMatch(/<text[^>]*>SIMULATED DATA<\/text>/);
    expect(renderSvg(customFigure(spec({ mark: 'dot', x: 'v', y: 'd' }), { ...data, simulated: false }))).not.toContain('SIMULATED DATA');
  });

  it('links a mark drawn per row to its conversation, and an aggregated mark to the conversations of its group', () => {
    const withIds: CustomFigureData = { ...data, columns: [{ name: 'conversation_id', type: 'VARCHAR' }, ...data.columns], rows: data.rows.map((r, i) => ({ conversation_id: `c${i}`, ...r })) };
    const fig = customFigure(spec({ mark: 'dot', x: 'v', y: 'd' }), withIds);
    const drawn = (fig.plot.marks!.at(-1) as unknown as { data: Record<string, unknown>[] }).data;
    expect(drawn[7]).toMatchObject({ conversation_id: 'c7', filter: { conversationIds: ['c7'] }, filterLabel: 'conversation c7' });
    expect(Object.keys(fig.data[7])).toEqual(['conversation_id', 'condition', 'v', 'd', 'round']);
    const bars = customFigure(spec({ mark: 'barY', x: 'condition', aggregate: 'count' }), withIds);
    const barRows = (bars.plot.marks!.at(-1) as unknown as { data: Record<string, unknown>[] }).data;
    // Plot hands a grouped mark's click the rows of its group; those rows name exactly the group's conversations.
    const group = barRows.filter((r) => r.condition === withIds.rows[0].condition);
    const expected = withIds.rows.filter((r) => r.condition === withIds.rows[0].condition).map((r) => r.conversation_id);
    expect(expected.length).toBeGreaterThan(1);
    expect(markTarget(group)?.filter).toEqual({ conversationIds: expected });
  });

  it('says so when there is nothing to draw', () => {
    const fig = customFigure(spec({ mark: 'dot', x: 'v', y: 'd' }), { ...data, rows: [] });
    expect(fig.empty).toBe('The data have no rows to draw.');
  });
});
