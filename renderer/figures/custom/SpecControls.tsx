// The builder's options: mark, the columns of each channel, aggregate, scale types, bins and title. Every change
// redraws the figure at once (the data stay; only a new query or selection fetches again).
import {
  CUSTOM_AGGREGATES, CUSTOM_MARKS, CUSTOM_SCALE_TYPES, type CustomChannel, type CustomFigureData,
} from '../../../main/api/contract/index.js';
import type { DraftSpec } from './builder-link.js';

const MARK_LABELS: Record<(typeof CUSTOM_MARKS)[number], string> = {
  dot: 'Dots', line: 'Line', barY: 'Bars (vertical)', barX: 'Bars (horizontal)', rectY: 'Histogram (bins of x)',
  cell: 'Cells (heatmap)', boxY: 'Box plot', text: 'Text labels',
};
const CHANNEL_LABELS: Record<CustomChannel, string> = {
  x: 'x', y: 'y', fill: 'Colour (fill)', stroke: 'Colour (stroke)', fx: 'Facet across', fy: 'Facet down', text: 'Label',
};
/** Which channels a mark offers, in the order shown. */
function channelsOf(mark: DraftSpec['mark']): CustomChannel[] {
  switch (mark) {
    case 'line': return ['x', 'y', 'stroke', 'fx', 'fy'];
    case 'text': return ['x', 'y', 'text', 'fill', 'fx', 'fy'];
    case 'boxY': return ['x', 'y', 'fx', 'fy'];
    default: return ['x', 'y', 'fill', 'fx', 'fy'];
  }
}

export function SpecControls({ draft, data, onChange }: {
  draft: DraftSpec; data: CustomFigureData | null; onChange: (patch: Partial<DraftSpec>) => void;
}) {
  const columns = data?.columns ?? [];
  const noAggregate = draft.mark === 'boxY' || draft.mark === 'text';
  return (
    <div className="fig-controls cf-controls" data-testid="cf-controls">
      <label className="fig-control cf-title">
        <span>Title</span>
        <input className="input" value={draft.title ?? ''} placeholder="Untitled figure" onChange={(e) => onChange({ title: e.target.value })} data-testid="cf-title" />
      </label>
      <label className="fig-control">
        <span>Mark</span>
        <select className="input" value={draft.mark ?? ''} onChange={(e) => {
          const mark = e.target.value as DraftSpec['mark'];
          onChange({ mark, ...(mark === 'boxY' || mark === 'text' ? { aggregate: 'none' as const } : {}) });
        }} data-testid="cf-mark">
          {!draft.mark && <option value="">choose…</option>}
          {CUSTOM_MARKS.map((m) => <option key={m} value={m}>{MARK_LABELS[m]}</option>)}
        </select>
      </label>
      {channelsOf(draft.mark).map((ch) => (
        <label key={ch} className="fig-control">
          <span>{CHANNEL_LABELS[ch]}</span>
          <select className="input" value={draft[ch] ?? ''} onChange={(e) => onChange({ [ch]: e.target.value || undefined })} data-testid={`cf-${ch}`}>
            <option value="">(none)</option>
            {columns.map((c) => <option key={c.name} value={c.name}>{c.name} · {c.type.toLowerCase()}</option>)}
          </select>
        </label>
      ))}
      <label className="fig-control">
        <span>Aggregate</span>
        <select className="input" value={draft.aggregate ?? 'none'} disabled={noAggregate} onChange={(e) => onChange({ aggregate: e.target.value as DraftSpec['aggregate'] })} data-testid="cf-aggregate">
          {CUSTOM_AGGREGATES.map((a) => <option key={a} value={a}>{a === 'none' ? (draft.mark === 'rectY' ? 'count per bin' : 'none (each row)') : a}</option>)}
        </select>
      </label>
      {(['xScale', 'yScale'] as const).map((k) => (
        <label key={k} className="fig-control">
          <span>{k === 'xScale' ? 'x scale' : 'y scale'}</span>
          <select className="input" value={draft[k] ?? 'auto'} onChange={(e) => onChange({ [k]: e.target.value as DraftSpec['xScale'] })} data-testid={`cf-${k}`}>
            {CUSTOM_SCALE_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
      ))}
      {draft.mark === 'rectY' && (
        <label className="fig-control">
          <span>Bins</span>
          <input className="input cf-num" type="number" min={2} max={200} value={draft.bins ?? 20} onChange={(e) => onChange({ bins: Math.max(2, Math.min(200, Number(e.target.value) || 20)) })} data-testid="cf-bins" />
        </label>
      )}
    </div>
  );
}
