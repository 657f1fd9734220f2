import type { ScoreSetInfo } from '../../main/api/contract/index.js';
import { dimensionLabel, dimensionMedium, orderDimensions } from '../api/dimensions.js';
import { rangeProblem, type Range } from './explorer-state.js';

function parseBound(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A score set as people know it: a judge run's label first, then who rated, and the id to tell runs apart. */
export function scoreSetName(s: Pick<ScoreSetInfo, 'id' | 'rater' | 'label'>): string {
  if (s.label) return `${s.label} — ${s.rater} (${s.id})`;
  return s.rater !== s.id ? `${s.rater} (${s.id})` : s.id;
}

/** Choose the score set shown as columns, and filter by a min..max range per dimension of it. */
export function ScoreFilter({ sets, scoreSetId, ranges, onScoreSet, onRange }: {
  sets: ScoreSetInfo[];
  scoreSetId: string | null;
  ranges: Record<string, Range>;
  onScoreSet: (id: string | null) => void;
  onRange: (dimension: string, r: Range) => void;
}) {
  if (sets.length === 0) {
    return (
      <fieldset className="facet">
        <legend>Scores</legend>
        <p className="muted small" data-testid="no-score-sets-filter">No score sets in this study. Score columns and score filters need the <code>scores</code> table.</p>
      </fieldset>
    );
  }
  const set = sets.find((s) => s.id === scoreSetId) ?? null;
  return (
    <fieldset className="facet">
      <legend>Scores</legend>
      <select className="input full" value={scoreSetId ?? ''} onChange={(e) => onScoreSet(e.target.value || null)} data-testid="score-set-select" aria-label="Score set"
        title={set ? scoreSetName(set) : undefined}>
        <option value="">(no score columns)</option>
        {sets.map((s) => <option key={s.id} value={s.id}>{scoreSetName(s)}</option>)}
      </select>
      {set && (
        <table className="range-table" data-testid="score-ranges">
          <thead><tr><th /><th>min</th><th>max</th></tr></thead>
          <tbody>
            {orderDimensions(set.dimensions).map((d) => {
              const r = ranges[d] ?? {};
              const problem = rangeProblem(r, set.scaleMin, set.scaleMax);
              return (
                <tr key={d} className={problem ? 'invalid' : r.min != null || r.max != null ? 'active' : ''} title={problem ?? undefined} aria-invalid={problem ? true : undefined}>
                  <td title={dimensionLabel(d)}>{dimensionMedium(d)}</td>
                  <td>
                    <input className="input num-input" type="number" step="any" min={set.scaleMin} max={set.scaleMax} placeholder={String(set.scaleMin)}
                      value={r.min ?? ''} onChange={(e) => onRange(d, { ...r, min: parseBound(e.target.value) })} data-testid={`range-min-${d}`} aria-label={`${d} minimum`} />
                  </td>
                  <td>
                    <input className="input num-input" type="number" step="any" min={set.scaleMin} max={set.scaleMax} placeholder={String(set.scaleMax)}
                      value={r.max ?? ''} onChange={(e) => onRange(d, { ...r, max: parseBound(e.target.value) })} data-testid={`range-max-${d}`} aria-label={`${d} maximum`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {set && orderDimensions(set.dimensions).map((d) => {
        const problem = rangeProblem(ranges[d] ?? {}, set.scaleMin, set.scaleMax);
        return problem ? <p key={d} className="alert alert-error small" data-testid={`range-problem-${d}`}>{dimensionMedium(d)}: {problem}</p> : null;
      })}
    </fieldset>
  );
}
