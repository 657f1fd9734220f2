import { fmtInt, fmtScore } from '../api/format.js';
import type { Encoding } from './encoding.js';

/**
 * The colour legend: categories as toggles (a hidden category's points leave the map), scrolling past ten; a
 * continuous encoding as a ramp with its range.
 */
export function Legend({ encoding, hidden, onToggle, onShowAll }: {
  encoding: Encoding; hidden: ReadonlySet<number>; onToggle: (index: number) => void; onShowAll: () => void;
}) {
  if (encoding.colorBy === 'none') return null;
  return (
    <div className="map-legend" data-testid="map-legend" data-kind={encoding.kind}>
      <div className="row gap">
        <span className="section-title">Colour: {encoding.range ? `score (${encoding.range.title})` : encoding.colorBy}</span>
        {hidden.size > 0 && <button className="link small" onClick={onShowAll} data-testid="legend-show-all">show all</button>}
      </div>
      {encoding.range && (
        <div className="map-ramp" data-testid="legend-ramp">
          <div className="map-ramp-bar" style={{ background: `linear-gradient(to right, ${encoding.range.ramp.join(', ')})` }} />
          <div className="row small muted"><span>{fmtScore(encoding.range.min)}</span><span className="grow" /><span>{fmtScore(encoding.range.max)}</span></div>
        </div>
      )}
      {encoding.legend.length > 0 && (
        <ul className={'map-legend-list' + (encoding.legend.length > 10 ? ' scrolls' : '')} data-testid="legend-list">
          {encoding.legend.map((item) => {
            const off = hidden.has(item.index);
            return (
              <li key={item.index}>
                <button className={'map-legend-item' + (off ? ' off' : '')} aria-pressed={!off} onClick={() => onToggle(item.index)}
                  title={`${item.label}: ${fmtInt(item.count)} points (click to ${off ? 'show' : 'hide'})`}
                  data-testid="legend-item" data-value={item.value ?? ''} data-index={item.index} data-count={item.count}>
                  <span className="swatch" style={{ background: item.color }} />
                  <span className="label">{item.label}</span>
                  <span className="count muted">{fmtInt(item.count)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
