import type { StudyInfo, StudyOverview } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';

/** Which study tables hold rows; for missing ones, the views that need them. */
export function TablesPresent({ tables, missing }: { tables: StudyInfo['tables']; missing: StudyOverview['missingTables'] }) {
  const needed = new Map(missing.map((m) => [m.table, m.neededBy]));
  return (
    <section className="card" data-testid="overview-tables">
      <h2>Tables</h2>
      <table className="table">
        <thead><tr><th>Table</th><th className="num">Rows</th><th>Status</th></tr></thead>
        <tbody>
          {Object.entries(tables).map(([t, n]) => (
            <tr key={t} data-table={t} data-present={n > 0}>
              <td className="mono">{t}</td>
              <td className="num">{fmtInt(n)}</td>
              <td>
                {n > 0 ? <span className="ok">present</span> : needed.has(t as never)
                  ? <span className="warn">missing</span>
                  : <span className="muted">empty</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && (
        <div className="alert alert-warn top-gap" data-testid="missing-tables">
          <strong>Some views need tables this study does not have:</strong>
          <ul>
            {missing.map((m) => (
              <li key={m.table}><code>{m.table}</code> is missing — needed by {m.neededBy}.</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
