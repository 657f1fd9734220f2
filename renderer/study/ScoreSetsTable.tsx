import type { ScoreSetInfo } from '../../main/api/contract/index.js';
import { dimensionShort, orderDimensions } from '../api/dimensions.js';
import { fmtInt } from '../api/format.js';

export function ScoreSetsTable({ sets }: { sets: ScoreSetInfo[] }) {
  return (
    <section className="card" data-testid="overview-score-sets">
      <h2>Score sets</h2>
      {sets.length === 0 ? (
        <p className="muted" data-testid="no-score-sets">This study has no score sets: score columns, score filters and every figure need the <code>scores</code> table.</p>
      ) : (
        <table className="table">
          <thead><tr><th>Score set</th><th>Rater</th><th>Kind</th><th className="num">Conversations</th><th>Scale</th><th>Dimensions</th></tr></thead>
          <tbody>
            {sets.map((s) => (
              <tr key={s.id}>
                <td className="mono">{s.id}</td>
                <td className="nowrap">{s.rater}</td>
                <td>{s.kind}</td>
                <td className="num">{fmtInt(s.conversations)}</td>
                <td>{s.scaleMin}–{s.scaleMax}</td>
                <td className="muted" title={s.dimensions.join(', ')}>{orderDimensions(s.dimensions).map(dimensionShort).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
