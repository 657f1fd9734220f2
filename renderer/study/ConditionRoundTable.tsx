import type { StudyOverview } from '../../main/api/contract/index.js';
import { fmtInt, humanize } from '../api/format.js';

/** Conversations per condition x round, as a matrix with row and column totals. */
export function ConditionRoundTable({ cells }: { cells: StudyOverview['byConditionRound'] }) {
  const conditions = [...new Set(cells.map((c) => c.condition))];
  const rounds = [...new Set(cells.map((c) => c.round))].sort((a, b) => (a ?? 99) - (b ?? 99));
  const at = (cond: string, r: number) => cells.find((c) => c.condition === cond && c.round === r)?.conversations ?? 0;
  const max = Math.max(1, ...cells.map((c) => c.conversations));
  return (
    <section className="card" data-testid="overview-condition-round">
      <h2>Condition × round</h2>
      {cells.length === 0 ? (
        <p className="muted">No data.</p>
      ) : (
        <table className="table matrix">
          <thead>
            <tr>
              <th>Condition</th>
              {rounds.map((r) => <th key={String(r)} className="num">{r == null ? 'No round' : `Round ${r}`}</th>)}
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {conditions.map((c) => (
              <tr key={c}>
                <td>{humanize(c)}</td>
                {rounds.map((r) => {
                  const n = at(c, r);
                  return (
                    <td key={String(r)} className="num heat" style={{ ['--heat' as string]: String(n / max) }}>{fmtInt(n)}</td>
                  );
                })}
                <td className="num strong">{fmtInt(rounds.reduce((s, r) => s + at(c, r), 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
