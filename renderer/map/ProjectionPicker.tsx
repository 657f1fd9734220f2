import type { ProjectionSummary } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { ENGINE_LABELS } from './project-form.js';

export function paramsText(p: ProjectionSummary['params']): string {
  return `PCA ${p.pca || 'none'} · ${p.neighbors} neighbours · min_dist ${p.minDist} · ${p.metric} · ${p.epochs} epochs · seed ${p.seed}`;
}

/** The workspace's projections: pick one to show; its parameters, engine ("which engine drew it") and quality. */
export function ProjectionPicker({ projections, selected, busy, onSelect, onDelete }: {
  projections: ProjectionSummary[]; selected: string | null; busy: boolean;
  onSelect: (id: string) => void; onDelete: (p: ProjectionSummary) => void;
}) {
  if (projections.length === 0) return <p className="muted small" data-testid="map-no-projections">No projections yet.</p>;
  return (
    <table className="table map-projections" data-testid="map-projections">
      <thead>
        <tr><th>Projection</th><th>Engine</th><th>Parameters</th><th className="num">Points</th><th className="num">Time</th>
          <th className="num" title="Mean share of each point's 15 nearest neighbours (input space) kept among its 15 nearest on the map; 5,000-point sample">Preservation</th><th>State</th><th /></tr>
      </thead>
      <tbody>
        {projections.map((p) => (
          <tr key={p.id} className={'clickable' + (p.id === selected ? ' selected' : '')} onClick={() => p.state === 'done' && onSelect(p.id)}
            data-testid="map-projection-row" data-projection-id={p.id} data-state={p.state} data-engine={p.engine} aria-selected={p.id === selected}>
            <td className="mono small">{p.label ?? p.id}</td>
            <td className="small" data-testid="map-projection-engine" title={ENGINE_LABELS[p.engine]}>{p.engine}</td>
            <td className="small">{paramsText(p.params)}</td>
            <td className="num">{fmtInt(p.points)}</td>
            <td className="num">{p.seconds == null ? '—' : `${p.seconds.toFixed(1)} s`}</td>
            <td className="num">{p.neighborhoodPreservation == null ? '—' : p.neighborhoodPreservation.toFixed(3)}</td>
            <td title={p.message ?? undefined}>{p.state}</td>
            <td className="nowrap">
              <button className="btn btn-small" disabled={busy || p.state === 'running'} data-testid="map-projection-delete"
                onClick={(e) => {
                  e.stopPropagation();
                  onDelete(p);
                }}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
